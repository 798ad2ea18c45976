import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';

/** `absent`: not configured; `up`: connected and ready; `down`: configured but unreachable right now. */
export type RedisStatus = 'absent' | 'up' | 'down';

export interface RedisLinkOptions {
  logger?: Logger;
  /** How long one connection attempt may take. */
  connectTimeoutMs?: number;
  /** How long one command may wait for its answer before it fails (a hung server, a black-holed route). */
  commandTimeoutMs?: number;
  /** The ceiling of the reconnect backoff; attempts never stop. */
  maxBackoffMs?: number;
}

export const DEFAULT_REDIS_LINK = Object.freeze({ connectTimeoutMs: 2_000, commandTimeoutMs: 1_000, maxBackoffMs: 2_000 });

/** 100 ms, 200 ms, 400 ms … capped: quick to notice a restart, cheap while Redis stays away. */
export function reconnectDelayMs(attempt: number, maxBackoffMs: number): number {
  return Math.min(100 * 2 ** Math.min(Math.max(attempt - 1, 0), 16), maxBackoffMs);
}

/**
 * This node's line to Redis. Redis is optional at run time: the link never
 * throws on start, connects in the background, reconnects forever with
 * backoff, and tells whether it is up so each user can fall back while it is
 * not (the rate limiter to memory, the auth cache to PostgreSQL, Socket.IO to
 * local delivery).
 *
 * `commands` fails fast while Redis is away (no offline queue, a command
 * timeout) so a request never waits on it. `subscriber()` is the opposite:
 * its (un)subscribe commands wait for the connection, and ioredis subscribes
 * again on every reconnect, so cross-node events resume on their own.
 */
export class RedisLink {
  readonly commands: Redis;
  readonly #options: Required<Omit<RedisLinkOptions, 'logger'>>;
  readonly #logger: Logger | undefined;
  readonly #listeners = new Set<(status: RedisStatus) => void>();
  readonly #extras: Redis[] = [];
  #status: 'up' | 'down' = 'down';
  #closed = false;

  constructor(
    readonly url: string,
    options: RedisLinkOptions = {},
  ) {
    this.#logger = options.logger;
    this.#options = {
      connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_REDIS_LINK.connectTimeoutMs,
      commandTimeoutMs: options.commandTimeoutMs ?? DEFAULT_REDIS_LINK.commandTimeoutMs,
      maxBackoffMs: options.maxBackoffMs ?? DEFAULT_REDIS_LINK.maxBackoffMs,
    };
    this.commands = new Redis(url, {
      ...this.#connectionOptions(),
      enableOfflineQueue: false,
      // A command caught by a dropped connection fails at the first failed reconnect instead of waiting for Redis.
      maxRetriesPerRequest: 1,
      commandTimeout: this.#options.commandTimeoutMs,
    });
    this.commands.on('ready', () => this.#set('up'));
    this.commands.on('close', () => this.#set('down'));
    // Without a listener ioredis reports each failed attempt as an unhandled 'error' event; the transition is logged once in #set.
    this.commands.on('error', (error: Error) => this.#logger?.debug({ err: error, role: 'commands' }, 'redis connection error'));
  }

  #connectionOptions() {
    return {
      lazyConnect: true,
      connectTimeout: this.#options.connectTimeoutMs,
      retryStrategy: (attempt: number) => reconnectDelayMs(attempt, this.#options.maxBackoffMs),
    };
  }

  /** Starts connecting in the background; never throws, never waits. */
  start(): this {
    this.commands.connect().catch(() => undefined); // the first failure is reported by 'close'; ioredis keeps retrying
    return this;
  }

  status(): RedisStatus {
    return this.#status;
  }

  /** Calls `listener` on every change between up and down; returns the unsubscribe. */
  onChange(listener: (status: RedisStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** A dedicated connection that fails fast like `commands` (for a user that adds listeners per namespace). */
  publisher(): Redis {
    return this.#extra('publisher', { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: this.#options.commandTimeoutMs });
  }

  /** A dedicated connection for pub/sub (a subscribed connection can run no other command). */
  subscriber(): Redis {
    return this.#extra('subscriber', { enableOfflineQueue: true, maxRetriesPerRequest: null });
  }

  #extra(role: string, options: RedisOptions): Redis {
    const client = new Redis(this.url, { ...this.#connectionOptions(), ...options });
    client.on('error', (error: Error) => this.#logger?.debug({ err: error, role }, 'redis connection error'));
    client.connect().catch(() => undefined);
    this.#extras.push(client);
    return client;
  }

  #set(status: 'up' | 'down'): void {
    if (this.#closed || status === this.#status) return;
    this.#status = status;
    if (status === 'down') this.#logger?.warn('redis is down: falling back to local delivery, in-memory rate limits and the database; reconnecting in the background');
    else this.#logger?.info('redis is up');
    for (const listener of this.#listeners) listener(status);
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const client of [...this.#extras, this.commands]) {
      // quit() waits for Redis to answer; when it is away, drop the socket instead.
      if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
      else client.disconnect();
    }
  }
}
