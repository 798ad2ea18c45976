import type { Clock } from '../runtime/clock.js';
import type { Cache } from './cache.js';

interface Entry {
  value: string;
  expiresAt: number;
}

export const DEFAULT_MEMORY_CACHE_ENTRIES = 50_000;

/**
 * In-process stand-in for Redis. Expiry is checked on read against the
 * injected clock (no timers to clean up); the oldest entries are evicted past
 * `maxEntries` so a long-running process cannot grow without bound.
 */
export class MemoryCache implements Cache {
  readonly kind = 'memory' as const;
  readonly #entries = new Map<string, Entry>();

  constructor(
    readonly clock: Clock,
    readonly maxEntries: number = DEFAULT_MEMORY_CACHE_ENTRIES,
  ) {}

  async get(key: string): Promise<string | undefined> {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.clock.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    this.#entries.delete(key); // re-insert so Map order stays "least recently written first"
    this.#entries.set(key, { value, expiresAt: ttlMs === undefined ? Infinity : this.clock.now() + ttlMs });
    while (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }

  async del(...keys: string[]): Promise<void> {
    for (const key of keys) this.#entries.delete(key);
  }

  async delPrefix(prefix: string): Promise<number> {
    let removed = 0;
    for (const key of [...this.#entries.keys()]) {
      if (key.startsWith(prefix)) {
        this.#entries.delete(key);
        removed++;
      }
    }
    return removed;
  }

  async close(): Promise<void> {
    this.#entries.clear();
  }
}
