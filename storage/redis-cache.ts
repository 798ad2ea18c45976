import { Redis } from 'ioredis';
import type { Cache } from './cache.js';

export interface RedisCacheOptions {
  /** Prepended to every key so several deployments can share one Redis. */
  keyPrefix?: string;
}

export const DEFAULT_REDIS_KEY_PREFIX = 'patinha:';
const SCAN_BATCH = 500;

export class RedisCache implements Cache {
  readonly kind = 'redis' as const;
  readonly #prefix: string;

  constructor(
    readonly redis: Redis,
    options: RedisCacheOptions = {},
  ) {
    this.#prefix = options.keyPrefix ?? DEFAULT_REDIS_KEY_PREFIX;
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.redis.get(this.#prefix + key)) ?? undefined;
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    if (ttlMs === undefined) await this.redis.set(this.#prefix + key, value);
    else await this.redis.set(this.#prefix + key, value, 'PX', Math.max(1, Math.round(ttlMs)));
  }

  async del(...keys: string[]): Promise<void> {
    if (keys.length) await this.redis.del(...keys.map((k) => this.#prefix + k));
  }

  /** SCAN rather than KEYS: it does not block Redis for other clients on a large keyspace. */
  async delPrefix(prefix: string): Promise<number> {
    let cursor = '0';
    let removed = 0;
    const pattern = `${escapeGlob(this.#prefix + prefix)}*`;
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_BATCH);
      cursor = next;
      if (keys.length) removed += await this.redis.del(...keys);
    } while (cursor !== '0');
    return removed;
  }

  async close(): Promise<void> {
    // The connection is owned by whoever created it (shared with the Socket.IO adapter).
  }
}

function escapeGlob(value: string): string {
  return value.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}
