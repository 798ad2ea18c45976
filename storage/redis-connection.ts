import { Redis } from 'ioredis';

/**
 * Opens a Redis connection that fails fast instead of queueing commands
 * forever while the server is away: callers see an error and fall back.
 */
export async function connectRedis(url: string, options: { connectTimeoutMs?: number } = {}): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: options.connectTimeoutMs ?? 2000,
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  // Without a listener ioredis reports connection errors as unhandled 'error' events.
  redis.on('error', () => undefined);
  await redis.connect();
  return redis;
}

/** Round-trip time of a PING in ms; throws when Redis does not answer. */
export async function pingRedis(redis: Redis): Promise<number> {
  const started = performance.now();
  await redis.ping();
  return performance.now() - started;
}
