import type { Clock, TimerHandle } from './clock.js';
import type { Message } from './actor.js';

/**
 * Named one-shot timers owned by one incarnation of an actor. A timer delivers
 * a message to the actor's own mailbox, so it never runs beside a turn; starting
 * a timer under a key replaces the one already there (a debounce or a retry is
 * one key); every timer is cancelled when the incarnation ends, so a stopped,
 * passivated or restarted actor is never woken by its past.
 */
export class ActorTimers<Msg extends Message = Message> {
  readonly #timers = new Map<string, TimerHandle>();
  #closed = false;

  constructor(
    private readonly clock: Clock,
    private readonly deliver: (message: Msg) => void,
    /** Set where timers cannot work (an out-of-process actor): starting one throws this. */
    private readonly unavailable?: string,
  ) {}

  /** Delivers `message` after `delayMs` (negative counts as 0), replacing any timer under `key`. */
  start(key: string, delayMs: number, message: Msg): void {
    if (this.unavailable) throw new Error(this.unavailable);
    if (this.#closed) return;
    this.cancel(key);
    const handle = this.clock.setTimeout(() => {
      if (this.#timers.get(key) !== handle) return;
      this.#timers.delete(key);
      this.deliver(message);
    }, Math.max(0, delayMs));
    this.#timers.set(key, handle);
  }

  /** Starts the timer only when none runs under `key` (a window that runs from its first event). */
  startIfIdle(key: string, delayMs: number, message: Msg): void {
    if (!this.#timers.has(key)) this.start(key, delayMs, message);
  }

  cancel(key: string): void {
    const handle = this.#timers.get(key);
    if (!handle) return;
    this.clock.clearTimeout(handle);
    this.#timers.delete(key);
  }

  isActive(key: string): boolean {
    return this.#timers.has(key);
  }

  /** @internal The incarnation ended: nothing more fires. */
  close(): void {
    this.#closed = true;
    for (const handle of this.#timers.values()) this.clock.clearTimeout(handle);
    this.#timers.clear();
  }
}
