/**
 * A small string cache. Redis backs it when `REDIS_URL` is set (shared by all
 * nodes); otherwise an in-process map stands in with the same behaviour.
 */
export interface Cache {
  readonly kind: 'memory' | 'redis';
  get(key: string): Promise<string | undefined>;
  /** `ttlMs` omitted means the entry never expires. */
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  del(...keys: string[]): Promise<void>;
  /** Deletes every key that starts with `prefix` (a session's keys on logout). */
  delPrefix(prefix: string): Promise<number>;
  close(): Promise<void>;
}
