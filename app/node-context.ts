import type { Logger } from 'pino';
import type { NodeHostApi } from '../runtime/comedy-pool-host.js';
import { systemClock } from '../runtime/clock.js';
import { systemRandom } from '../runtime/random.js';
import type { Cache } from '../storage/cache.js';
import type { Executor } from '../storage/executor.js';
import { MemoryCache } from '../storage/memory-cache.js';
import { openDatabase } from '../storage/open-database.js';
import { RedisCache } from '../storage/redis-cache.js';
import { RedisLink } from '../storage/redis-link.js';
import { transportOfKind, type Transport } from '../whatsapp/transport.js';
import { loadConfig } from './config.js';
import { loadEncryptionKey } from './local-secrets.js';
import { createLogger } from './logger.js';
import { createTransports } from './transports.js';

/** A host process's database pool is small: it only runs the sessions placed on it. */
const HOST_POOL_SIZE = 4;

/**
 * What actors running in a host process (a forked comedy child, see runtime/comedy-pool-host.ts)
 * are built from: this process's own database pool, Redis cache, WhatsApp transports and logger,
 * opened from the same environment the node was started with, and a way to tell the node.
 */
export interface NodeContext {
  readonly nodeId: string;
  readonly db: Executor;
  readonly logger: Logger;
  readonly random: () => number;
  transportFor(kind: 'simulator' | 'baileys'): Transport;
  /** A notice for the node's bus (Socket.IO, metrics, Aurora's alerts), sent over the host's channel. */
  notify(notice: unknown): void;
}

/** The manifest's `context` factory: called once per host process, on its first actor. */
export async function createNodeContext(api: NodeHostApi): Promise<NodeContext> {
  const config = loadConfig(process.env);
  if (!config.databaseUrl) throw new Error('actors in host processes need DATABASE_URL: the embedded database (PGlite) belongs to one process');
  const logger = createLogger({ level: config.logLevel, base: { host: process.pid } });
  const storage = await openDatabase({ databaseUrl: config.databaseUrl, poolSize: HOST_POOL_SIZE });
  const cache: Cache = config.redisUrl
    ? new RedisCache(new RedisLink(config.redisUrl, { logger: logger.child({ component: 'redis' }) }).start().commands)
    : new MemoryCache(systemClock);
  const encryptionKey = config.sessionEncryptionKey ?? loadEncryptionKey(config.dataDir).value;
  const transports = createTransports({ config, db: storage.db, cache, clock: systemClock, logger, encryptionKey });
  return {
    nodeId: config.nodeId ?? 'local',
    db: storage.db,
    logger,
    random: systemRandom,
    transportFor: (kind) => transportOfKind(transports, kind),
    notify: (notice) => api.emit(notice),
  };
}
