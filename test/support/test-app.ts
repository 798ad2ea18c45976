import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { createApp } from '../../http/app.js';
import type { Clock } from '../../runtime/clock.js';
import type { StorageHandle } from '../../storage/open-database.js';
import { repositories } from '../../storage/repositories.js';
import { FakeClock } from './fake-clock.js';
import { TestHttp } from './http-client.js';

export const TEST_ADMIN_TOKEN = 'adm_test-admin-token-0123456789';

export interface TestAppOptions {
  storage: StorageHandle;
  redis?: Redis;
  redisStatus?: () => import('../../storage/redis-link.js').RedisStatus;
  clock?: Clock;
  actorCount?: () => number;
  failedOrgs?: import('../../http/health.routes.js').HealthDeps['failedOrgs'];
  rateLimit?: import('../../http/rate-limit.js').RateLimitOptions;
  isShuttingDown?: () => boolean;
  authThrottle?: import('../../http/auth-throttle.js').AuthThrottle;
  metrics?: Registry;
  metricsToken?: string;
}

/** The real express app over a real database, listening on a loopback port. */
export async function startTestApp(options: TestAppOptions): Promise<TestHttp> {
  const clock = options.clock ?? new FakeClock(Date.UTC(2026, 11, 1, 12));
  const logger = pino({ level: 'silent' });
  const app = createApp({
    logger,
    metrics: options.metrics ?? new Registry(),
    authThrottle: options.authThrottle,
    metricsToken: options.metricsToken,
    storage: options.storage,
    redis: options.redis,
    redisStatus: options.redisStatus,
    clock,
    startedAt: clock.now(),
    actorCount: options.actorCount ?? (() => 0),
    failedOrgs: options.failedOrgs,
    rateLimit: options.rateLimit,
    isShuttingDown: options.isShuttingDown,
    api: {
      db: options.storage.db,
      repos: repositories(options.storage.db),
      clock,
      logger,
      adminToken: TEST_ADMIN_TOKEN,
      defaultTimezone: 'America/Sao_Paulo',
      defaultTransport: 'simulator',
    },
  });
  return TestHttp.start(app);
}
