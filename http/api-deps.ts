import type { Logger } from 'pino';
import type { Clock } from '../runtime/clock.js';
import type { Executor } from '../storage/executor.js';
import type { Repositories } from '../storage/repositories.js';
import type { ActorsPort } from './actors-port.js';
import type { ClusterPort } from './cluster-port.js';
import type { TokenRevocations } from './token-revocations.js';

/** What the org and admin routes need; built once by the composition root. */
export interface ApiDeps {
  db: Executor;
  repos: Repositories;
  clock: Clock;
  logger: Logger;
  adminToken: string;
  defaultTimezone: string;
  defaultTransport: 'simulator' | 'baileys';
  /** The running actors; absent in tests of routes that need none. */
  actors?: ActorsPort;
  /** The other nodes (membership and node link); absent without Redis, where this node is alone. */
  cluster?: ClusterPort;
  /** Told when an org token is rotated, so live sockets opened with the old one are dropped. */
  tokenRevocations?: TokenRevocations;
}
