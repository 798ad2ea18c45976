import type { Redis } from 'ioredis';
import { connectRedis } from '../../storage/redis-connection.js';
import { skipOrFail } from './services.js';

/** The Redis the suites use: TEST_REDIS_URL, REDIS_URL, or the usual local port. */
export const testRedisUrl = process.env.TEST_REDIS_URL || process.env.REDIS_URL || 'redis://127.0.0.1:6379';

/** Connects to the test Redis, or skips the suite with a notice (fails under REQUIRE_SERVICES=1). */
export async function connectTestRedis(context: Mocha.Context): Promise<Redis> {
  try {
    return await connectRedis(testRedisUrl, { connectTimeoutMs: 1000 });
  } catch (error) {
    return skipOrFail(context, 'Redis', `no redis-server answers at ${testRedisUrl} (${(error as Error).message})`);
  }
}
