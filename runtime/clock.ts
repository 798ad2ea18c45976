/**
 * Time as a dependency. Everything in Patinha that waits or timestamps takes a
 * `Clock`, so tests drive time with `FakeClock` and never sleep.
 */
export interface TimerHandle {
  readonly id: number;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle | undefined): void;
}

/** The real clock: the only place in the runtime that touches the global timers. */
export class SystemClock implements Clock {
  #nextId = 1;
  readonly #timers = new Map<number, NodeJS.Timeout>();

  now(): number {
    return Date.now();
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.#nextId++;
    const timer = globalThis.setTimeout(() => {
      this.#timers.delete(id);
      fn();
    }, Math.max(0, ms));
    this.#timers.set(id, timer);
    return { id };
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (!handle) return;
    const timer = this.#timers.get(handle.id);
    if (timer) globalThis.clearTimeout(timer);
    this.#timers.delete(handle.id);
  }
}

export const systemClock: Clock = new SystemClock();
