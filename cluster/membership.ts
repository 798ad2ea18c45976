import type { Redis } from 'ioredis';
import { systemClock, type Clock, type TimerHandle } from '../runtime/clock.js';
import { silentLogger, type Logger } from '../runtime/logger.js';
import { liveKey, seenKey } from './keys.js';

export const DEFAULT_MEMBERSHIP = Object.freeze({
  /** A node that has not beaten for this long is not live (Redis expires its key, on Redis's own time). */
  ttlMs: 15_000,
  /** Three beats per TTL: one lost beat (a slow command, a blip) does not make a node look dead. */
  renewMs: 5_000,
  /** How long a node that stopped beating is still listed, as gone. */
  knownForMs: 24 * 60 * 60 * 1000,
});

/** A node seen within `knownForMs`, live or not. */
export interface NodeSighting {
  nodeId: string;
  /** Its last heartbeat, by its own clock (ms since the epoch). */
  lastSeenAt: number;
  live: boolean;
}

export interface MembershipOptions {
  /** A fail-fast connection (the RedisLink's `commands`): a beat never queues while Redis is away. */
  redis: Redis;
  nodeId: string;
  clock?: Clock;
  logger?: Logger;
  prefix?: string;
  ttlMs?: number;
  renewMs?: number;
  knownForMs?: number;
}

/**
 * Who is in the cluster, by heartbeat: each node sets `patinha:nodes:live:<nodeId>` with a
 * TTL, renewed on a timer, and stamps itself in the hash `patinha:nodes:seen`. Live = the key
 * exists; known = stamped within a day, so a node that died is listed as gone, not forgotten.
 * A node that stops cleanly deletes its key at once; one that dies lapses after the TTL.
 */
export class Membership {
  readonly nodeId: string;
  readonly #redis: Redis;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #prefix: string | undefined;
  readonly #ttlMs: number;
  readonly #renewMs: number;
  readonly #knownForMs: number;
  #timer: TimerHandle | undefined;
  #inflight: Promise<boolean> | undefined;
  #running = false;
  #stopped = false;

  constructor(options: MembershipOptions) {
    this.nodeId = options.nodeId;
    this.#redis = options.redis;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    this.#prefix = options.prefix;
    this.#ttlMs = options.ttlMs ?? DEFAULT_MEMBERSHIP.ttlMs;
    this.#renewMs = options.renewMs ?? DEFAULT_MEMBERSHIP.renewMs;
    this.#knownForMs = options.knownForMs ?? DEFAULT_MEMBERSHIP.knownForMs;
    if (this.#renewMs >= this.#ttlMs) throw new Error(`membership: renewMs (${this.#renewMs}) must be below ttlMs (${this.#ttlMs})`);
  }

  /** Beats now and every `renewMs` until `stop()`. Resolves after the first beat (true when Redis took it). */
  start(): Promise<boolean> {
    if (this.#running || this.#stopped) return Promise.resolve(false);
    this.#running = true;
    return this.#tick();
  }

  readonly #tick = (): Promise<boolean> => {
    // The next beat is scheduled before this one runs: a fixed rate, whatever Redis's latency.
    this.#timer = this.#clock.setTimeout(() => void this.#tick(), this.#renewMs);
    return this.beat();
  };

  /** One heartbeat (also when Redis comes back, so the node reappears at once). Never throws. */
  beat(): Promise<boolean> {
    if (this.#stopped) return Promise.resolve(false);
    const now = this.#clock.now();
    const beat = (async () => {
      const results = await this.#redis
        .multi()
        .set(liveKey(this.nodeId, this.#prefix), String(now), 'PX', this.#ttlMs)
        .hset(seenKey(this.#prefix), this.nodeId, String(now))
        .exec();
      const failed = results?.find(([error]) => error)?.[0];
      if (failed) throw failed;
      return true;
    })().catch((error: unknown) => {
      this.#logger.debug({ err: error, nodeId: this.nodeId }, 'membership: heartbeat not recorded');
      return false;
    });
    this.#inflight = beat;
    return beat;
  }

  /** Every node seen within `knownForMs` (this one included), by node id; older entries are pruned. */
  async knownNodes(): Promise<NodeSighting[]> {
    const seen = await this.#redis.hgetall(seenKey(this.#prefix));
    const now = this.#clock.now();
    const recent: Array<[string, number]> = [];
    const stale: string[] = [];
    for (const [nodeId, stamp] of Object.entries(seen)) {
      const at = Number(stamp);
      if (Number.isFinite(at) && now - at <= this.#knownForMs) recent.push([nodeId, at]);
      else stale.push(nodeId);
    }
    if (stale.length) await this.#redis.hdel(seenKey(this.#prefix), ...stale).catch(() => undefined);
    if (recent.length === 0) return [];
    recent.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const live = await this.#redis.mget(recent.map(([nodeId]) => liveKey(nodeId, this.#prefix)));
    return recent.map(([nodeId, lastSeenAt], i) => ({ nodeId, lastSeenAt, live: live[i] !== null }));
  }

  /** The ids of the nodes beating now. */
  async liveNodes(): Promise<string[]> {
    return (await this.knownNodes()).filter((n) => n.live).map((n) => n.nodeId);
  }

  /**
   * Stops beating. `leave` (the default) deletes the live key and stamps the time, so other nodes
   * see this one gone at once; without it the key lapses after the TTL, as when a node dies.
   */
  async stop({ leave = true }: { leave?: boolean } = {}): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#clock.clearTimeout(this.#timer);
    // A beat still on its way would recreate the key after the delete: let it land first.
    await this.#inflight;
    if (!leave) return;
    try {
      await this.#redis
        .multi()
        .del(liveKey(this.nodeId, this.#prefix))
        .hset(seenKey(this.#prefix), this.nodeId, String(this.#clock.now()))
        .exec();
    } catch (error) {
      this.#logger.debug({ err: error, nodeId: this.nodeId }, 'membership: could not leave; the heartbeat lapses on its own');
    }
  }
}
