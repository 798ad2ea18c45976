import type { proto, WABrowserDescription, WAMessageKey, WAVersion } from '@whiskeysockets/baileys';
import type { Clock } from '../../runtime/clock.js';
import type { Cache } from '../../storage/cache.js';
import type { Executor } from '../../storage/executor.js';
import { SecretBox } from '../../storage/secret-box.js';
import { WaAuthRepository } from '../../storage/wa-auth.repository.js';
import type { ConnectOptions, Transport, TransportConnection } from '../transport.js';
import { openCreds } from './auth-codec.js';
import { AuthStateStore, authCachePrefix, type BaileysLogger } from './auth-state-store.js';
import { BaileysConnection, type BaileysSession } from './baileys-connection.js';
import { BoundedCacheStore } from './bounded-cache-store.js';

/**
 * Real WhatsApp numbers through Baileys 7. The transport holds, per number, one
 * session (the auth store: one creds object and one cacheable key store for
 * as long as the SessionActor keeps the number) and at most one live socket.
 * It reports what happens and decides nothing: reconnecting is the actor's
 * call (`domain/reconnect-policy.ts`).
 */
export const DEFAULT_CONNECT_TIMEOUT_MS = 20_000;
/** The retry-counter cache is keyed per message; a few thousand covers any retry window. */
const RETRY_COUNTER_ENTRIES = 5_000;

export interface BaileysTransportOptions {
  db: Executor;
  cache: Cache;
  /** 64 hex characters: SESSION_ENCRYPTION_KEY or the generated key file. */
  encryptionKey: string;
  logger: BaileysLogger;
  clock: Clock;
  /** Default: WhatsApp's own. Tests point it at a loopback server. */
  waWebSocketUrl?: string | URL;
  /** Baileys' handshake/query timeout, and the watchdog for a socket stuck in `connecting`. */
  connectTimeoutMs?: number;
  keepAliveIntervalMs?: number;
  version?: WAVersion;
  browser?: WABrowserDescription;
  /** Group messages are dropped unless this is set. */
  includeGroups?: boolean;
  /** End a socket at once when its WebSocket upgrade gets an HTTP answer (default true); false leaves it to the watchdog. */
  failFastOnHttpError?: boolean;
  /** Lets Baileys re-encrypt a message a peer failed to decrypt; resolve undefined when unknown. */
  getMessage?: (instanceId: string, key: WAMessageKey) => Promise<proto.IMessage | undefined>;
  /** TTL of the shared auth cache (default 1 h). */
  authCacheTtlMs?: number;
}

export class BaileysTransport implements Transport {
  readonly kind = 'baileys' as const;
  readonly #options: Readonly<BaileysTransportOptions>;
  readonly #box: SecretBox;
  readonly #repository: WaAuthRepository;
  readonly #sessions = new Map<string, Promise<BaileysSession>>();
  readonly #live = new Map<string, BaileysConnection>();
  /** connect / logout / release of one number run one at a time. */
  readonly #lanes = new Map<string, Promise<unknown>>();

  constructor(options: BaileysTransportOptions) {
    this.#options = Object.freeze({ ...options });
    this.#box = new SecretBox(options.encryptionKey);
    this.#repository = new WaAuthRepository(options.db);
  }

  /** Ends the number's previous socket (if any), then opens a new one on the session's auth state. */
  connect(options: ConnectOptions): Promise<TransportConnection> {
    return this.#lane(options.instanceId, async () => {
      await this.#live.get(options.instanceId)?.end();
      const session = await this.#session(options.orgId, options.instanceId);
      const settings = this.#options;
      const connection = new BaileysConnection({
        options,
        session,
        clock: settings.clock,
        logger: settings.logger.child({ orgId: options.orgId, instanceId: options.instanceId, generation: options.generation }),
        settings: {
          waWebSocketUrl: settings.waWebSocketUrl,
          connectTimeoutMs: settings.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
          keepAliveIntervalMs: settings.keepAliveIntervalMs,
          version: settings.version,
          browser: settings.browser,
          includeGroups: settings.includeGroups ?? false,
          failFastOnHttpError: settings.failFastOnHttpError ?? true,
          getMessage: settings.getMessage,
        },
        onGone: (gone) => {
          if (this.#live.get(options.instanceId) === gone) this.#live.delete(options.instanceId);
        },
      });
      // A socket that failed within the constructor's turn has already called onGone.
      if (connection.phase !== 'closed') this.#live.set(options.instanceId, connection);
      return connection;
    });
  }

  /** True when the saved creds are of a linked device (a pairing completed, or an import). */
  async hasCredentials(instanceId: string): Promise<boolean> {
    const session = this.#sessions.get(instanceId);
    if (session) return (await session).auth.isPaired;
    const sealed = await this.#repository.getCreds(instanceId);
    return sealed !== undefined && Boolean(openCreds(this.#box, instanceId, sealed).account);
  }

  /**
   * Unlinks the device when a socket is open (WhatsApp then drops it from the
   * phone's linked devices), ends the socket, and always deletes the number's
   * creds, keys and cached copies.
   */
  logout(instanceId: string): Promise<void> {
    return this.#lane(instanceId, async () => {
      await this.#live.get(instanceId)?.logout();
      const session = this.#sessions.get(instanceId);
      this.#sessions.delete(instanceId);
      const auth = session ? (await session.catch(() => undefined))?.auth : undefined;
      if (auth) await auth.clear();
      else {
        await this.#repository.deleteAll(instanceId);
        await this.#options.cache.delPrefix(authCachePrefix(instanceId));
      }
    });
  }

  /**
   * Drops what the transport holds for the number. A live socket is ended
   * first: its auth state must not be reloaded by a new session while the old
   * socket still writes to it.
   */
  release(instanceId: string): Promise<void> {
    return this.#lane(instanceId, async () => {
      await this.#live.get(instanceId)?.end();
      const session = this.#sessions.get(instanceId);
      this.#sessions.delete(instanceId);
      const auth = session ? (await session.catch(() => undefined))?.auth : undefined;
      await auth?.flush().catch((error: unknown) => this.#options.logger.error({ err: error, instanceId }, 'auth state not saved on release'));
    });
  }

  isConnected(instanceId: string): boolean {
    return this.#live.get(instanceId)?.phase === 'open';
  }

  /** Sockets not yet closed (tests and metrics). */
  get liveSockets(): number {
    return this.#live.size;
  }

  #session(orgId: string, instanceId: string): Promise<BaileysSession> {
    let session = this.#sessions.get(instanceId);
    if (!session) {
      session = AuthStateStore.open({
        db: this.#options.db,
        secretBox: this.#box,
        cache: this.#options.cache,
        clock: this.#options.clock,
        orgId,
        instanceId,
        logger: this.#options.logger,
        cacheTtlMs: this.#options.authCacheTtlMs,
      }).then((auth) => ({ auth, msgRetryCounterCache: new BoundedCacheStore(RETRY_COUNTER_ENTRIES), pendingAuthMethod: null }));
      this.#sessions.set(instanceId, session);
      // A failed load (database down, wrong key) is not cached: the next connect tries again.
      session.catch(() => {
        if (this.#sessions.get(instanceId) === session) this.#sessions.delete(instanceId);
      });
    }
    return session;
  }

  #lane<T>(instanceId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#lanes.get(instanceId) ?? Promise.resolve();
    const run = previous.then(work, work);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.#lanes.set(instanceId, settled);
    void settled.then(() => {
      if (this.#lanes.get(instanceId) === settled) this.#lanes.delete(instanceId);
    });
    return run;
  }
}
