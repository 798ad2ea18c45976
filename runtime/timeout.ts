import type { Clock } from './clock.js';

/** What `raceTimeout` resolves to. */
export type RaceResult<T> = { readonly timedOut: false; readonly value: T } | { readonly timedOut: true };

/**
 * Waits for `work` at most `ms` on the injected clock. The work is not cancelled — JavaScript
 * cannot cancel a promise — the caller decides what to do with the straggler (usually: ignore
 * its result, which is why callers check the incarnation before applying it).
 * Rejections of `work` propagate; `ms <= 0` or `Infinity` means no bound.
 */
export async function raceTimeout<T>(work: Promise<T>, ms: number, clock: Clock): Promise<RaceResult<T>> {
  if (!(ms > 0) || ms === Number.POSITIVE_INFINITY) return { timedOut: false, value: await work };
  let timer: ReturnType<Clock['setTimeout']> | undefined;
  const timeout = new Promise<RaceResult<T>>((resolve) => {
    timer = clock.setTimeout(() => resolve({ timedOut: true }), ms);
  });
  try {
    return await Promise.race([work.then((value): RaceResult<T> => ({ timedOut: false, value })), timeout]);
  } finally {
    clock.clearTimeout(timer);
  }
}

/**
 * Delays on the injected clock that can all be cancelled at once — a supervisor cancels its
 * pending restarts when it stops, so no restart fires into a stopped subtree.
 */
export class DelaySet {
  readonly #clock: Clock;
  readonly #pending = new Map<ReturnType<Clock['setTimeout']>, (fired: boolean) => void>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Resolves true after `ms`, or false if cancelled first. */
  delay(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const handle = this.#clock.setTimeout(() => {
        this.#pending.delete(handle);
        resolve(true);
      }, ms);
      this.#pending.set(handle, resolve);
    });
  }

  cancelAll(): void {
    for (const [handle, resolve] of this.#pending) {
      this.#clock.clearTimeout(handle);
      resolve(false);
    }
    this.#pending.clear();
  }

  get size(): number {
    return this.#pending.size;
  }
}
