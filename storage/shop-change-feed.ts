import { sql } from 'kysely';
import pg from 'pg';
import type { Executor } from './executor.js';

/**
 * Cross-node invalidation of shop snapshots: a node that changed a shop's settings, hours or
 * services says so on a PostgreSQL channel; every other node's listener has its own shop actor
 * reload. Notifications are delivered only on commit and only to live listeners, so a listener
 * that reconnects reports it (`onResync`) and the caller reloads every shop.
 */
export const SHOP_CHANGED_CHANNEL = 'patinha_shop_changed';

export interface ShopChange {
  orgId: string;
  /** The node that made the change (it already reloaded its own snapshot). */
  nodeId: string;
}

export async function announceShopChange(db: Executor, change: ShopChange): Promise<void> {
  await sql`select pg_notify(${SHOP_CHANGED_CHANNEL}, ${JSON.stringify(change)})`.execute(db);
}

export interface ShopChangeListenerOptions {
  connectionString: string;
  onChange(change: ShopChange): void;
  /** The listener (re)connected after missing notifications: every snapshot may be stale. */
  onResync(): void;
  onError?(error: Error): void;
  /** Delay before reconnecting after the connection dropped (default 1 s, doubling up to 30 s). */
  retryMs?: number;
}

export class ShopChangeListener {
  #client: pg.Client | undefined;
  #closed = false;
  #retryTimer: NodeJS.Timeout | undefined;
  #retryMs: number;
  #everConnected = false;

  private constructor(private readonly options: ShopChangeListenerOptions) {
    this.#retryMs = options.retryMs ?? 1_000;
  }

  /** Starts listening; a database that does not answer now is retried in the background. */
  static start(options: ShopChangeListenerOptions): ShopChangeListener {
    const listener = new ShopChangeListener(options);
    void listener.#connect();
    return listener;
  }

  /** Resolves once the first LISTEN is in place (tests and boot order). */
  async ready(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.#everConnected) {
      if (Date.now() > deadline) throw new Error('the shop change listener did not connect in time');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async #connect(): Promise<void> {
    if (this.#closed) return;
    const client = new pg.Client({ connectionString: this.options.connectionString });
    client.on('error', (error) => this.#lost(client, error));
    client.on('end', () => this.#lost(client, new Error('connection ended')));
    client.on('notification', (message) => {
      if (message.channel !== SHOP_CHANGED_CHANNEL || !message.payload) return;
      try {
        const change = JSON.parse(message.payload) as ShopChange;
        if (typeof change.orgId === 'string' && typeof change.nodeId === 'string') this.options.onChange(change);
      } catch {
        // Not ours: ignored.
      }
    });
    try {
      await client.connect();
      await client.query(`listen ${SHOP_CHANGED_CHANNEL}`);
    } catch (error) {
      this.#lost(client, error as Error);
      return;
    }
    if (this.#closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.#client = client;
    const reconnected = this.#everConnected;
    this.#everConnected = true;
    this.#retryMs = this.options.retryMs ?? 1_000;
    if (reconnected) this.options.onResync();
  }

  #lost(client: pg.Client, error: Error): void {
    if (this.#closed || (this.#client && this.#client !== client)) return;
    this.#client = undefined;
    this.options.onError?.(error);
    client.removeAllListeners('end');
    void client.end().catch(() => undefined);
    if (this.#retryTimer) return;
    const wait = this.#retryMs;
    this.#retryMs = Math.min(this.#retryMs * 2, 30_000);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      void this.#connect();
    }, wait);
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    const client = this.#client;
    this.#client = undefined;
    if (client) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
    }
  }
}
