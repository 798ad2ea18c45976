import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { systemClock, type Clock, type TimerHandle } from '../runtime/clock.js';
import { silentLogger, type Logger } from '../runtime/logger.js';
import { ClusterError, unreachable } from './cluster-error.js';
import { nodeChannel } from './keys.js';
import { decode, DEFAULT_MAX_MESSAGE_BYTES, encode, WIRE_VERSION, type WireMessage } from './wire.js';

/** Answers another node's `ask` (its return value is the reply) or handles its `tell` (return value dropped). */
export type NodeRequestHandler = (payload: unknown, from: string) => unknown;

export interface NodeLinkOptions {
  nodeId: string;
  /** Publishes; a fail-fast connection (the RedisLink's `commands`) so a send never waits for Redis. */
  publisher: Redis;
  /** A connection of this link's own to subscribe on (`RedisLink.subscriber()`); disconnected by `close()`. */
  subscriber: Redis;
  clock?: Clock;
  logger?: Logger;
  prefix?: string;
  maxMessageBytes?: number;
}

interface Pending {
  nodeId: string;
  timer: TimerHandle;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** Codes another node may answer with; anything else arrives as INTERNAL. */
const ERROR_CODE = /^[A-Z][A-Z_]{1,59}$/;

/**
 * Node-to-node messages over Redis pub/sub. Each node subscribes to its own channel
 * (`patinha:node:<nodeId>`); `tell` publishes to another node's channel, `ask` too and
 * waits for the reply on its own channel, matched by a correlation id.
 *
 * Delivery is at most once: a message published while the other node is not subscribed,
 * or lost with a connection, is gone. `tell` and `ask` reject `NODE_UNREACHABLE` when Redis
 * is down or no node listens on that channel, and `ask` also when the reply does not come in
 * time; callers retry or give up, and PostgreSQL stays the truth.
 */
export class NodeLink {
  readonly nodeId: string;
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #prefix: string | undefined;
  readonly #channel: string;
  readonly #maxBytes: number;
  readonly #pending = new Map<string, Pending>();
  #handler: NodeRequestHandler | undefined;
  #subscribed: Promise<void> | undefined;
  #closed = false;

  constructor(options: NodeLinkOptions) {
    this.nodeId = options.nodeId;
    this.#publisher = options.publisher;
    this.#subscriber = options.subscriber;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    this.#prefix = options.prefix;
    this.#channel = nodeChannel(this.nodeId, this.#prefix);
    this.#maxBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  }

  /**
   * Subscribes to this node's channel in the background (ioredis subscribes again after every
   * reconnect). The promise resolves once subscribed, which may be when Redis comes back.
   */
  start(): Promise<void> {
    if (this.#subscribed) return this.#subscribed;
    this.#subscriber.on('message', this.#onMessage);
    this.#subscribed = this.#subscriber.subscribe(this.#channel).then(
      () => undefined,
      (error: unknown) => {
        if (!this.#closed) this.#logger.warn({ err: error, channel: this.#channel }, 'node link: could not subscribe');
      },
    );
    return this.#subscribed;
  }

  /** The one handler of other nodes' tells and asks (set before they can arrive, or they are refused). */
  onRequest(handler: NodeRequestHandler): void {
    this.#handler = handler;
  }

  /** Hands `payload` to `nodeId`'s subscription; no answer, no retry. */
  async tell(nodeId: string, payload: unknown): Promise<void> {
    await this.#publish(nodeId, { v: WIRE_VERSION, kind: 'tell', from: this.nodeId, payload });
  }

  /** `nodeId`'s answer to `payload`, or NODE_UNREACHABLE after `timeoutMs`, or the error code it answered with. */
  ask<T = unknown>(nodeId: string, payload: unknown, timeoutMs: number): Promise<T> {
    if (this.#closed) return Promise.reject(unreachable(nodeId, 'the link is closed'));
    const id = randomUUID();
    return new Promise<T>((resolve, reject) => {
      // The timer starts before the publish: a reply lost on the way ends the same way as no reply.
      const timer = this.#clock.setTimeout(() => this.#settle(id, unreachable(nodeId, `no answer within ${timeoutMs} ms`)), timeoutMs);
      this.#pending.set(id, { nodeId, timer, resolve: resolve as (value: unknown) => void, reject });
      this.#publish(nodeId, { v: WIRE_VERSION, kind: 'ask', from: this.nodeId, id, payload }).catch((error: Error) => this.#settle(id, error));
    });
  }

  /** Asks in flight (for tests and metrics). */
  get pendingAsks(): number {
    return this.#pending.size;
  }

  async #publish(nodeId: string, message: WireMessage): Promise<void> {
    const text = encode(message, this.#maxBytes);
    if (text === undefined) throw new ClusterError('PAYLOAD_TOO_LARGE', `A message to node ${nodeId} is over ${this.#maxBytes} bytes`, nodeId);
    let receivers: number;
    try {
      receivers = await this.#publisher.publish(nodeChannel(nodeId, this.#prefix), text);
    } catch (error) {
      throw unreachable(nodeId, `redis: ${(error as Error).message}`);
    }
    // Nobody subscribed: the node is gone (or has not subscribed yet); waiting for a reply would only time out.
    if (receivers === 0) throw unreachable(nodeId, 'no node listens on its channel');
  }

  #settle(id: string, error: Error | undefined, value?: unknown): void {
    const pending = this.#pending.get(id);
    if (!pending) return;
    this.#pending.delete(id);
    this.#clock.clearTimeout(pending.timer);
    if (error) pending.reject(error);
    else pending.resolve(value);
  }

  readonly #onMessage = (channel: string, raw: string): void => {
    if (channel !== this.#channel || this.#closed) return;
    const decoded = decode(raw, this.#maxBytes);
    if ('dropped' in decoded) {
      this.#logger.debug({ channel, bytes: Buffer.byteLength(raw), why: decoded.dropped }, 'node link: message ignored');
      return;
    }
    const message = decoded.message;
    if (message.kind === 'reply') return this.#onReply(message);
    void this.#answer(message);
  };

  #onReply(message: Extract<WireMessage, { kind: 'reply' }>): void {
    const pending = this.#pending.get(message.id);
    // Unknown or expired (answered after the timeout), or from another node than the one asked: dropped.
    if (!pending || pending.nodeId !== message.from) {
      this.#logger.debug({ from: message.from, id: message.id }, 'node link: reply to no pending ask ignored');
      return;
    }
    if (message.error) this.#settle(message.id, new ClusterError(message.error.code, message.error.message, message.from, message.error.details));
    else this.#settle(message.id, undefined, message.payload);
  }

  async #answer(message: Extract<WireMessage, { kind: 'tell' | 'ask' }>): Promise<void> {
    let payload: unknown;
    let error: { code: string; message: string } | undefined;
    try {
      if (!this.#handler) throw new ClusterError('NOT_READY', `Node ${this.nodeId} answers no requests yet`);
      payload = await this.#handler(message.payload, message.from);
    } catch (thrown) {
      error = toWireError(thrown);
      if (error.code === 'INTERNAL') this.#logger.warn({ err: thrown, from: message.from }, 'node link: a request failed');
    }
    if (message.kind === 'tell') return;
    const reply: WireMessage = { v: WIRE_VERSION, kind: 'reply', from: this.nodeId, id: message.id, payload: payload ?? null, ...(error && { error }) };
    try {
      await this.#publish(message.from, reply);
    } catch (thrown) {
      if ((thrown as ClusterError).code !== 'PAYLOAD_TOO_LARGE') {
        this.#logger.debug({ err: thrown, to: message.from }, 'node link: reply not delivered');
        return;
      }
      // Tell the asker at once rather than letting it wait for its timeout.
      const tooLarge = toWireError(thrown);
      await this.#publish(message.from, { v: WIRE_VERSION, kind: 'reply', from: this.nodeId, id: message.id, payload: null, error: tooLarge }).catch(() => undefined);
    }
  }

  /** Unsubscribes (drops this link's connection) and fails the asks still waiting. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#subscriber.off('message', this.#onMessage);
    this.#subscriber.disconnect();
    for (const [id, pending] of this.#pending) this.#settle(id, unreachable(pending.nodeId, 'the link closed'));
  }
}

/** A thrown value as a reply's error: its own code when it has a catalog-like one, else INTERNAL with no detail. */
function toWireError(thrown: unknown): { code: string; message: string; details?: unknown } {
  const { code, details } = (thrown ?? {}) as { code?: unknown; details?: unknown };
  if (typeof code !== 'string' || !ERROR_CODE.test(code)) return { code: 'INTERNAL', message: 'Internal error' };
  // A refusal's details (the next free slots of SLOT_TAKEN…) are part of the answer, as they are on one node.
  return { code, message: String((thrown as Error).message ?? code).slice(0, 2000), ...(details !== undefined && { details }) };
}
