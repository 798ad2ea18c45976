import { DEFAULT_ACTOR_TUNING } from '../actors/actor-tuning.js';
import { auroraAddress } from '../actors/addresses.js';
import { tokenBudgetAlert } from '../actors/aurora/budget-alert.js';
import type { NodeContext } from '../actors/node-context.js';
import type { NodeHostApi } from '../runtime/comedy-pool-host.js';
import { systemClock } from '../runtime/clock.js';
import { systemRandom } from '../runtime/random.js';
import type { Cache } from '../storage/cache.js';
import { MemoryCache } from '../storage/memory-cache.js';
import { openDatabase } from '../storage/open-database.js';
import { OrgLeasesRepository } from '../storage/org-leases.repository.js';
import { RedisCache } from '../storage/redis-cache.js';
import { RedisLink } from '../storage/redis-link.js';
import { transportOfKind } from '../whatsapp/transport.js';
import { createAgentFactory, createAuroraAgentFactory, createTranscriber } from './agent-factory.js';
import { loadConfig } from './config.js';
import { loadEncryptionKey } from './local-secrets.js';
import { createLogger } from './logger.js';
import { createTransports } from './transports.js';

/** A host process's database pool is small: it only runs the actors placed on it. */
const HOST_POOL_SIZE = 4;
/** How long a hosted actor waits for an answer from an actor of the node (the shop's snapshot). */
const HOST_ASK_TIMEOUT_MS = 30_000;

/**
 * The manifest's `context` factory: what actors running in a host process (a forked comedy child,
 * see runtime/comedy-pool-host.ts) are built from — this process's own database pool, Redis cache,
 * WhatsApp transports, agents and logger, opened from the environment the node was started with,
 * and the node's channel for notices, tells and asks. Called once per host process.
 *
 * The node places an org's actors on its hosts only while it holds the org, and stops them before
 * its lease could lapse; a turn's commit still checks the lease the node holds now, read here.
 */
export async function createNodeContext(api: NodeHostApi): Promise<NodeContext> {
  const config = loadConfig(process.env);
  if (!config.databaseUrl) throw new Error('actors in host processes need DATABASE_URL: the embedded database (PGlite) belongs to one process');
  const logger = createLogger({ level: config.logLevel, base: { host: process.pid } });
  const nodeId = api.nodeId ?? config.nodeId ?? 'local';
  const storage = await openDatabase({ databaseUrl: config.databaseUrl, poolSize: HOST_POOL_SIZE });
  const cache: Cache = config.redisUrl
    ? new RedisCache(new RedisLink(config.redisUrl, { logger: logger.child({ component: 'redis' }) }).start().commands)
    : new MemoryCache(systemClock);
  const encryptionKey = config.sessionEncryptionKey ?? loadEncryptionKey(config.dataDir).value;
  const transports = createTransports({ config, db: storage.db, cache, clock: systemClock, logger, encryptionKey });
  const leases = new OrgLeasesRepository(storage.db);
  const node: NodeContext = {
    nodeId,
    db: storage.db,
    random: systemRandom,
    logger,
    tuning: DEFAULT_ACTOR_TUNING,
    placement: {
      holds: () => true,
      fenceOf: async (orgId: string) => {
        const lease = await leases.holderOf(orgId, new Date(systemClock.now()));
        return lease?.holder === nodeId ? { orgId, ...lease } : undefined;
      },
    },
    transportFor: (kind: 'simulator' | 'baileys') => transportOfKind(transports, kind),
    notify: (notice) => api.emit(notice),
    customerAgentFor: createAgentFactory({
      config, db: storage.db, clock: systemClock, logger,
      onBudgetExceeded: (orgId) => api.tell(auroraAddress(orgId), tokenBudgetAlert()),
    }),
    auroraAgentFor: createAuroraAgentFactory({ config, clock: systemClock }),
    transcriber: createTranscriber({ config, clock: systemClock }),
    ask: (address, message, timeoutMs = HOST_ASK_TIMEOUT_MS) => api.ask(address, message, timeoutMs),
  };
  return Object.freeze(node);
}
