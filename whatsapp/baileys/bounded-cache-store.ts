import type { CacheStore } from '@whiskeysockets/baileys';

/**
 * Per session. A contact costs about five entries (session, identity key,
 * device list, LID mapping, tctoken) of a few hundred bytes to a few KB, so
 * this keeps the recent few hundred contacts hot in ~1–4 MB; the rest is one
 * shared-cache or database read away.
 */
export const DEFAULT_CACHE_STORE_ENTRIES = 2_000;

/**
 * A Map behind Baileys' `CacheStore` interface, for the caches Baileys lets us
 * supply (the cacheable key store, the message-retry counters). Unlike the
 * default `@cacheable/node-cache` it starts no interval timer — the one that
 * leaks ~6.5 KB per reconnect when a key store is recreated (notes §4) — and it
 * cannot grow without bound: past `maxEntries` the least recently used entry
 * goes. It is a read cache over the database, so evicting is always safe.
 */
export class BoundedCacheStore implements CacheStore {
  readonly #entries = new Map<string, unknown>();

  constructor(readonly maxEntries: number = DEFAULT_CACHE_STORE_ENTRIES) {}

  get size(): number {
    return this.#entries.size;
  }

  get<T>(key: string): T | undefined {
    if (!this.#entries.has(key)) return undefined;
    const value = this.#entries.get(key);
    // Re-insert: Map order is the eviction order, least recently used first.
    this.#entries.delete(key);
    this.#entries.set(key, value);
    return value as T;
  }

  set<T>(key: string, value: T): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    while (this.#entries.size > this.maxEntries) this.#entries.delete(this.#entries.keys().next().value as string);
  }

  del(key: string): void {
    this.#entries.delete(key);
  }

  flushAll(): void {
    this.#entries.clear();
  }
}
