import type { Clock, TimerHandle } from '../../runtime/clock.js';

interface PendingTimer {
  id: number;
  at: number;
  seq: number;
  fn: () => void;
}

/**
 * A clock that only moves when a test says so. `advance(ms)` fires every timer
 * due in that span, in due order, letting promise callbacks settle between
 * timers so async handlers scheduled by one timer run before the next fires.
 */
/** Where a FakeClock starts unless told otherwise: Monday 2026-01-05 12:00 UTC. */
export const FAKE_CLOCK_START = Date.UTC(2026, 0, 5, 12, 0, 0);

/**
 * The time storage fixtures stamp rows with when a test has no clock of its
 * own: the fake clock's start, so rows and fake "now" agree.
 */
export const FIXTURE_TIME = new Date(FAKE_CLOCK_START);

export class FakeClock implements Clock {
  #now: number;
  #nextId = 1;
  #seq = 0;
  readonly #timers = new Map<number, PendingTimer>();

  constructor(start: number | Date = FAKE_CLOCK_START) {
    this.#now = typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.#nextId++;
    this.#timers.set(id, { id, at: this.#now + Math.max(0, ms), seq: this.#seq++, fn });
    return { id };
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (handle) this.#timers.delete(handle.id);
  }

  /** Number of timers not yet fired. */
  get pendingTimers(): number {
    return this.#timers.size;
  }

  /** Delays (ms from now) of the pending timers, soonest first. */
  pendingDelays(): number[] {
    return [...this.#timers.values()].map((t) => t.at - this.#now).sort((a, b) => a - b);
  }

  /** Moves time forward, firing due timers in order and settling promises after each. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    await flushPromises();
    for (;;) {
      const next = this.#earliestDue(target);
      if (!next) break;
      this.#timers.delete(next.id);
      this.#now = next.at;
      next.fn();
      await flushPromises();
    }
    this.#now = target;
    await flushPromises();
  }

  /** Jumps to an absolute time (never backwards), firing what falls due. */
  async advanceTo(epochMs: number): Promise<void> {
    await this.advance(Math.max(0, epochMs - this.#now));
  }

  #earliestDue(limit: number): PendingTimer | undefined {
    let best: PendingTimer | undefined;
    for (const t of this.#timers.values()) {
      if (t.at > limit) continue;
      if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    }
    return best;
  }
}

/** Lets queued microtasks and immediate callbacks run. */
export async function flushPromises(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
