import {
  initAuthCreds,
  makeCacheableSignalKeyStore,
  type AuthenticationCreds,
  type AuthenticationState,
  type SignalDataSet,
  type SignalDataTypeMap,
  type SignalKeyStore,
  type SocketConfig,
} from '@whiskeysockets/baileys';
import { systemClock, type Clock } from '../../runtime/clock.js';
import type { Cache } from '../../storage/cache.js';
import type { Executor } from '../../storage/executor.js';
import type { SecretBox } from '../../storage/secret-box.js';
import { CREDS_KEY_ID, CREDS_TYPE, WaAuthRepository, type WaAuthChange } from '../../storage/wa-auth.repository.js';
import { isSignalKeyType, openCreds, openKey, sealCreds, sealKey, type SignalKeyType } from './auth-codec.js';
import { BoundedCacheStore, DEFAULT_CACHE_STORE_ENTRIES } from './bounded-cache-store.js';

/**
 * One WhatsApp number's Baileys auth state, backed by `wa_auth`.
 *
 * Open it once per session and keep it for the session's whole life: one
 * creds object (Baileys mutates it in place and every socket of the session
 * must see the same one) and one cacheable key store (recreating it per
 * reconnect leaks, notes §4). Three layers answer a key read:
 *   1. the in-process `BoundedCacheStore` under `makeCacheableSignalKeyStore`;
 *   2. the shared `Cache` (Redis when configured), read-through, TTL 1 h,
 *      keys `wa-auth:<instance>:<registrationId>:<type>:<id>`, holding the
 *      *sealed* value — Redis never sees a plaintext key either — or a
 *      tombstone for "no row". The registration id is new with every fresh
 *      set of creds, so entries an old pairing left behind (a logout whose
 *      cache purge failed) can never be read by the next one;
 *   3. the database.
 * Every write (key batches and creds) goes through one promise chain per
 * session, so writes never interleave and creds land in the order Baileys
 * changed them. A key batch is one transaction and throws on failure: Baileys
 * retries the commit, and a lost write it believed in is how Bad MAC starts.
 */
export type BaileysLogger = SocketConfig['logger'];

export const DEFAULT_AUTH_CACHE_TTL_MS = 60 * 60 * 1000;
/** After the shared cache failed, how long to read around it before trying to trust it again. */
export const CACHE_RETRY_AFTER_MS = 30_000;
/** Stands for "no such row" in the shared cache; never a sealed value (those start with `v1:`). */
const CACHE_TOMBSTONE = '-';

export interface AuthStateStoreOptions {
  db: Executor;
  secretBox: SecretBox;
  cache: Cache;
  orgId: string;
  instanceId: string;
  clock?: Clock;
  logger?: BaileysLogger;
  cacheTtlMs?: number;
  /** Entries of the in-process key cache. */
  memoryEntries?: number;
}

export function authCachePrefix(instanceId: string): string {
  return `wa-auth:${instanceId}:`;
}

type KeyValues<T extends SignalKeyType> = { [id: string]: SignalDataTypeMap[T] };

export class AuthStateStore {
  readonly orgId: string;
  readonly instanceId: string;
  /** The one creds object of this session; Baileys mutates it, `saveCreds()` persists it whole. */
  readonly creds: AuthenticationCreds;
  /** Database + shared cache; `set()` is one transaction and throws on failure. */
  readonly keys: SignalKeyStore;
  /** What every socket of the session gets: the creds and the cacheable key store over `keys`. */
  readonly state: AuthenticationState;
  /** Whether creds came from the database (false: fresh `initAuthCreds()`, never saved yet). */
  readonly restored: boolean;

  readonly #repository: WaAuthRepository;
  readonly #box: SecretBox;
  readonly #cache: Cache;
  readonly #clock: Clock;
  readonly #logger: BaileysLogger | undefined;
  readonly #ttlMs: number;
  readonly #memory: BoundedCacheStore;
  #tail: Promise<void> = Promise.resolve();
  /** The creds save at the end of the queue, not started yet: a newer save can take its place. */
  #queuedCreds: { value: string; done: Promise<void> } | undefined;
  #credsDirty = false;
  #disposed = false;
  /** Bumped when a write starts and ends: a read that saw it change must not fill the cache with what it read. */
  #writeVersion = 0;
  #writesInFlight = 0;
  #cacheDistrustedAt: number | undefined;

  static async open(options: AuthStateStoreOptions): Promise<AuthStateStore> {
    const repository = new WaAuthRepository(options.db);
    const sealed = await repository.getCreds(options.instanceId);
    const creds = sealed === undefined ? initAuthCreds() : openCreds(options.secretBox, options.instanceId, sealed);
    return new AuthStateStore(options, repository, creds, sealed !== undefined);
  }

  private constructor(options: AuthStateStoreOptions, repository: WaAuthRepository, creds: AuthenticationCreds, restored: boolean) {
    this.orgId = options.orgId;
    this.instanceId = options.instanceId;
    this.creds = creds;
    this.restored = restored;
    this.#repository = repository;
    this.#box = options.secretBox;
    this.#cache = options.cache;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger;
    this.#ttlMs = options.cacheTtlMs ?? DEFAULT_AUTH_CACHE_TTL_MS;
    this.#memory = new BoundedCacheStore(options.memoryEntries ?? DEFAULT_CACHE_STORE_ENTRIES);
    this.keys = {
      get: <T extends SignalKeyType>(type: T, ids: string[]) => this.#readKeys(type, ids),
      set: (data: SignalDataSet) => this.#enqueue(() => this.#writeKeys(data)),
      clear: () => this.clear(),
    };
    this.state = { creds, keys: makeCacheableSignalKeyStore(this.keys, this.#logger, this.#memory) };
  }

  /** Linked to a WhatsApp account (pair-success seen, or imported creds of a linked device). */
  get isPaired(): boolean {
    return Boolean(this.creds.account);
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  /**
   * Persists the creds object as it is now: the snapshot is taken at the call
   * (Baileys emits `creds.update` right after changing it), written in its
   * place in the queue — never before key writes asked for earlier, never
   * after ones asked for later. A save asked for while the previous one is
   * still the last thing queued replaces that one's snapshot.
   */
  saveCreds(): Promise<void> {
    if (this.#disposed) return Promise.resolve();
    const value = sealCreds(this.#box, this.instanceId, this.creds);
    const queued = this.#queuedCreds;
    if (queued) {
      queued.value = value;
      return queued.done;
    }
    const pending: { value: string; done: Promise<void> } = { value, done: Promise.resolve() };
    pending.done = this.#enqueue(async () => {
      if (this.#queuedCreds === pending) this.#queuedCreds = undefined;
      if (this.#disposed) return;
      try {
        await this.#repository.writeBatch(this.orgId, this.instanceId, [{ type: CREDS_TYPE, id: CREDS_KEY_ID, value: pending.value }]);
        this.#credsDirty = false;
      } catch (error) {
        this.#credsDirty = true;
        throw error;
      }
    });
    this.#queuedCreds = pending;
    return pending.done;
  }

  /**
   * Resolves once every write queued so far has settled; if the last creds
   * save failed, tries it once more and throws if that fails too. The
   * transport awaits this before it reports a close (a 515 after pairing must
   * find the new creds saved).
   */
  async flush(): Promise<void> {
    await this.#tail;
    if (this.#credsDirty && !this.#disposed) await this.saveCreds();
  }

  /**
   * Deletes the creds and every key of the number (logout), after the writes
   * already queued. The store is disposed afterwards: later writes from a
   * socket still winding down are dropped instead of resurrecting rows.
   */
  clear(): Promise<void> {
    return this.#enqueue(async () => {
      this.#disposed = true;
      this.#memory.flushAll();
      await this.#repository.deleteAll(this.instanceId);
      await this.#cache.delPrefix(authCachePrefix(this.instanceId)).catch((error: unknown) => this.#distrustCache(error));
    });
  }

  #enqueue<T>(work: () => Promise<T>): Promise<T> {
    // Whatever is queued now comes after the queued creds save, which must keep its snapshot.
    this.#queuedCreds = undefined;
    const run = this.#tail.then(work);
    this.#tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  #cacheKey(type: string, id: string): string {
    return `${authCachePrefix(this.instanceId)}${this.creds.registrationId}:${type}:${id}`;
  }

  async #writeKeys(data: SignalDataSet): Promise<void> {
    if (this.#disposed) {
      this.#logger?.debug({ instanceId: this.instanceId }, 'auth store disposed: key write dropped');
      return;
    }
    const changes: WaAuthChange[] = [];
    for (const type of Object.keys(data)) {
      if (!isSignalKeyType(type)) throw new Error(`Unknown Signal key type: ${type}`);
      const values = data[type] ?? {};
      for (const [id, value] of Object.entries(values)) {
        changes.push({ type, id, value: value === null || value === undefined ? null : sealKey(this.#box, this.instanceId, type, id, value) });
      }
    }
    if (!changes.length) return;
    const cacheKeys = changes.map((c) => this.#cacheKey(c.type, c.id));
    this.#writesInFlight++;
    this.#writeVersion++;
    try {
      // Invalidate first: if the write then fails, the next read goes to the database, not to a stale copy.
      if (this.#cacheTrusted()) await this.#cache.del(...cacheKeys).catch((error: unknown) => this.#distrustCache(error));
      try {
        await this.#repository.writeBatch(this.orgId, this.instanceId, changes);
      } catch (error) {
        // makeCacheableSignalKeyStore already put these values in its cache; they never reached the database.
        for (const c of changes) this.#memory.del(`${c.type}.${c.id}`);
        throw error;
      }
      if (this.#cacheTrusted()) {
        await Promise.all(changes.map((c, i) => this.#cache.set(cacheKeys[i]!, c.value ?? CACHE_TOMBSTONE, this.#ttlMs))).catch(
          (error: unknown) => this.#distrustCache(error),
        );
      }
    } finally {
      this.#writesInFlight--;
      this.#writeVersion++;
    }
  }

  async #readKeys<T extends SignalKeyType>(type: T, ids: string[]): Promise<KeyValues<T>> {
    const found: KeyValues<T> = {};
    let misses = [...new Set(ids)];
    if (!misses.length) return found;
    if (await this.#cacheUsable()) {
      const cached = await Promise.all(misses.map((id) => this.#cache.get(this.#cacheKey(type, id)))).catch((error: unknown) => {
        this.#distrustCache(error);
        return undefined;
      });
      if (cached) {
        const stillMissing: string[] = [];
        misses.forEach((id, i) => {
          const hit = cached[i];
          if (hit === undefined) stillMissing.push(id);
          else if (hit !== CACHE_TOMBSTONE) {
            try {
              found[id] = openKey(this.#box, this.instanceId, type, id, hit);
            } catch {
              stillMissing.push(id); // a cache entry that does not open is ignored, the database decides
            }
          }
        });
        misses = stillMissing;
      }
    }
    if (!misses.length) return found;
    const versionBefore = this.#writeVersion;
    const rows = await this.#repository.get(this.instanceId, type, misses);
    for (const [id, sealed] of rows) found[id] = openKey(this.#box, this.instanceId, type, id, sealed);
    if (this.#writesInFlight === 0 && this.#writeVersion === versionBefore && this.#cacheTrusted()) {
      await Promise.all(misses.map((id) => this.#cache.set(this.#cacheKey(type, id), rows.get(id) ?? CACHE_TOMBSTONE, this.#ttlMs))).catch(
        (error: unknown) => this.#distrustCache(error),
      );
    }
    return found;
  }

  #cacheTrusted(): boolean {
    return this.#cacheDistrustedAt === undefined;
  }

  /**
   * A shared-cache failure may have left a stale entry behind (an update whose
   * invalidation did not go through). Until the whole session prefix has been
   * dropped again, reads go to the database.
   */
  #distrustCache(error: unknown): void {
    if (this.#cacheDistrustedAt === undefined) {
      this.#logger?.warn({ instanceId: this.instanceId, err: error }, 'auth cache failed: reading the database until it recovers');
    }
    this.#cacheDistrustedAt = this.#clock.now();
  }

  async #cacheUsable(): Promise<boolean> {
    if (this.#cacheDistrustedAt === undefined) return true;
    if (this.#clock.now() - this.#cacheDistrustedAt < CACHE_RETRY_AFTER_MS || this.#writesInFlight > 0) return false;
    try {
      await this.#cache.delPrefix(authCachePrefix(this.instanceId));
      this.#cacheDistrustedAt = undefined;
      return true;
    } catch (error) {
      this.#distrustCache(error);
      return false;
    }
  }
}
