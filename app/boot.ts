import type { Redis } from 'ioredis';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Logger } from 'pino';
import { createApp } from '../http/app.js';
import { listen, type RunningServer } from '../http/server.js';
import { systemClock, type Clock } from '../runtime/clock.js';
import type { Cache } from '../storage/cache.js';
import { MemoryCache } from '../storage/memory-cache.js';
import { migrateToLatest } from '../storage/migrate.js';
import { openDatabase, type StorageHandle } from '../storage/open-database.js';
import { RedisCache } from '../storage/redis-cache.js';
import { repositories } from '../storage/repositories.js';
import { connectRedis } from '../storage/redis-connection.js';
import type { Config } from './config.js';
import { loadAdminToken, loadEncryptionKey } from './local-secrets.js';
import { seedDemoOnce, type DemoSeed } from './seed-demo.js';

export interface Patinha {
  readonly config: Config;
  readonly storage: StorageHandle;
  readonly redis: Redis | undefined;
  readonly cache: Cache;
  readonly server: RunningServer;
  readonly adminToken: { value: string; generated: boolean; file?: string };
  readonly demo: DemoSeed | undefined;
  /** Ordered shutdown: stop accepting, drain, stop actors, close pools. */
  stop(): Promise<void>;
}

export interface BootOptions {
  config: Config;
  logger: Logger;
  clock?: Clock;
}

/** The composition root: opens resources, builds the tree and the edge, in that order. */
export async function boot({ config, logger, clock = systemClock }: BootOptions): Promise<Patinha> {
  const startedAt = clock.now();
  const cleanups: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        logger.error({ err: error }, 'shutdown step failed');
      }
    }
  };

  try {
    const storage = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    cleanups.push(() => storage.close());
    const applied = await migrateToLatest(storage.db);
    logger.info({ storage: storage.engine, applied: applied.length }, 'database ready');

    let redis: Redis | undefined;
    if (config.redisUrl) {
      redis = await connectRedis(config.redisUrl);
      const connection = redis;
      cleanups.push(async () => void (await connection.quit()));
    }
    const cache: Cache = redis ? new RedisCache(redis) : new MemoryCache(clock);

    const adminToken = config.adminToken
      ? { value: config.adminToken, generated: false }
      : loadAdminToken(config.dataDir);
    // Loaded now so a missing key is created on first start, not on first pairing.
    if (!config.sessionEncryptionKey) loadEncryptionKey(config.dataDir);

    const demo = config.seedDemo ? await seedDemoOnce(storage.db, config.defaultTimezone) : undefined;

    const metrics = new Registry();
    collectDefaultMetrics({ register: metrics, prefix: 'patinha_' });

    const api = {
      db: storage.db,
      repos: repositories(storage.db),
      clock,
      logger,
      adminToken: adminToken.value,
      defaultTimezone: config.defaultTimezone,
      defaultTransport: config.waTransport,
    };
    const app = createApp({ logger, metrics, storage, redis, clock, startedAt, actorCount: () => 0, api });
    const server = await listen(app, config.port, config.host);
    cleanups.push(() => server.close());
    logger.info({ port: server.port }, 'http listening');

    let stopping: Promise<void> | undefined;
    return {
      config,
      storage,
      redis,
      cache,
      server,
      adminToken,
      demo,
      stop: () => (stopping ??= stopAll()),
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
