import { FifoQueue } from './fifo-queue.js';
import type { Clock, TimerHandle } from './clock.js';
import { MailboxFullError, MessageTimeoutError } from './errors.js';

export const DEFAULT_MAILBOX_CAPACITY = 1_024;
export const DEFAULT_MESSAGE_TIMEOUT_MS = 30_000;

export interface MailboxOptions<Item> {
  /** For error messages. */
  readonly address: string;
  /** Queued items beyond this are refused with `MailboxFullError` (the in-flight one excluded). */
  readonly capacity: number;
  /** A turn running longer than this is abandoned and reported through `onTimeout`. 0 = none. */
  readonly messageTimeoutMs: number;
  readonly clock: Clock;
  /** Processes one item. Must not throw; errors are the owner's business. */
  readonly turn: (item: Item) => Promise<void>;
  /** The turn of `item` exceeded `messageTimeoutMs`. The owner usually treats it as a crash. */
  readonly onTimeout: (item: Item, error: MessageTimeoutError) => void;
}

export interface MailboxStats {
  readonly depth: number;
  readonly capacity: number;
  readonly processed: number;
  readonly overflows: number;
  readonly busy: boolean;
}

interface CurrentTurn<Item> {
  readonly item: Item;
  timer: TimerHandle | undefined;
}

/**
 * A bounded FIFO that runs one turn at a time, even when turns are async: the next item starts
 * only after the previous turn's promise settles (or times out). comedy has no such thing —
 * its async handlers interleave at every `await`.
 *
 * Starts paused: the owner resumes it once the actor is initialised, and pauses it while the
 * actor restarts, so messages that arrive meanwhile wait in order instead of being lost.
 */
export class Mailbox<Item> {
  readonly #options: MailboxOptions<Item>;
  readonly #queue = new FifoQueue<Item>();
  #paused = true;
  #scheduled = false;
  #current: CurrentTurn<Item> | undefined;
  #processed = 0;
  #overflows = 0;
  #idleWaiters: Array<() => void> = [];

  constructor(options: MailboxOptions<Item>) {
    this.#options = Object.freeze({ ...options });
  }

  get stats(): MailboxStats {
    return {
      depth: this.#queue.length,
      capacity: this.#options.capacity,
      processed: this.#processed,
      overflows: this.#overflows,
      busy: this.#current !== undefined,
    };
  }

  get depth(): number {
    return this.#queue.length;
  }

  get busy(): boolean {
    return this.#current !== undefined;
  }

  /** Accepts an item or throws `MailboxFullError` (and counts the overflow). */
  post(item: Item): void {
    if (this.#queue.length >= this.#options.capacity) {
      this.#overflows++;
      throw new MailboxFullError(this.#options.address, this.#options.capacity);
    }
    this.#queue.push(item);
    this.#schedule();
  }

  /**
   * Appends items that were already accepted elsewhere (a passivation buffer, a previous
   * incarnation's queue), bypassing the capacity: they must never be dropped.
   */
  requeue(items: readonly Item[]): void {
    this.#queue.push(...items);
    this.#schedule();
  }

  /** Removes and returns every queued item (not the in-flight one). */
  drain(): Item[] {
    return this.#queue.drain();
  }

  /** Removes and returns up to `max` queued items `match` accepts (a turn batching its successors). */
  takeWhere(match: (item: Item) => boolean, max: number): Item[] {
    return this.#queue.takeWhere(match, max);
  }

  /** Stops starting new turns; the in-flight one (if any) runs on. */
  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    this.#schedule();
  }

  /** Resolves once no turn is in flight. */
  whenIdle(): Promise<void> {
    if (!this.#current) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Forgets the in-flight turn (its actor was killed); its eventual result is ignored. */
  abandonCurrent(): void {
    if (this.#current) this.#finish(this.#current);
  }

  #schedule(): void {
    if (this.#paused || this.#current || this.#scheduled || this.#queue.length === 0) return;
    this.#scheduled = true;
    // A microtask, so a handler never runs inside the sender's `tell` call stack.
    queueMicrotask(() => {
      this.#scheduled = false;
      this.#next();
    });
  }

  #next(): void {
    if (this.#paused || this.#current || this.#queue.length === 0) return;
    const item = this.#queue.shift() as Item;
    const current: CurrentTurn<Item> = { item, timer: undefined };
    this.#current = current;
    const { messageTimeoutMs, clock } = this.#options;
    if (messageTimeoutMs > 0) {
      current.timer = clock.setTimeout(() => {
        if (this.#current !== current) return;
        current.timer = undefined;
        this.#finish(current);
        this.#options.onTimeout(item, new MessageTimeoutError(this.#options.address, messageTimeoutMs));
        this.#schedule();
      }, messageTimeoutMs);
    }
    let work: Promise<void>;
    try {
      work = this.#options.turn(item);
    } catch (error) {
      work = Promise.reject(error);
    }
    const done = (): void => {
      if (this.#current !== current) return; // timed out or abandoned: a straggler
      this.#finish(current);
      this.#schedule();
    };
    work.then(done, done);
  }

  #finish(current: CurrentTurn<Item>): void {
    this.#options.clock.clearTimeout(current.timer);
    current.timer = undefined;
    this.#current = undefined;
    this.#processed++;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const wake of waiters) wake();
  }
}
