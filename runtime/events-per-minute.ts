import type { Clock } from './clock.js';

const MINUTE_MS = 60_000;

/**
 * How many times something happened in each of the last `minutes` minutes (a restart, say),
 * for a chart: a ring of per-minute counts under the injected clock. Memory stays bounded
 * however long the process runs.
 */
export class EventsPerMinute {
  readonly #clock: Clock;
  readonly #counts: number[];
  /** The minute (epoch minutes) each slot counts. */
  readonly #minuteOf: number[];

  constructor(clock: Clock, readonly minutes = 60) {
    this.#clock = clock;
    this.#counts = Array.from({ length: minutes }, () => 0);
    this.#minuteOf = Array.from({ length: minutes }, () => -1);
  }

  record(): void {
    const minute = Math.floor(this.#clock.now() / MINUTE_MS);
    const slot = minute % this.minutes;
    if (this.#minuteOf[slot] !== minute) {
      this.#minuteOf[slot] = minute;
      this.#counts[slot] = 0;
    }
    this.#counts[slot]! += 1;
  }

  /** The counts of the last `minutes` minutes, oldest first; the current minute is last. */
  series(): number[] {
    const now = Math.floor(this.#clock.now() / MINUTE_MS);
    return Array.from({ length: this.minutes }, (_, i) => {
      const minute = now - this.minutes + 1 + i;
      const slot = minute % this.minutes;
      return this.#minuteOf[slot] === minute ? this.#counts[slot]! : 0;
    });
  }
}
