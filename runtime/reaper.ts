import type { Clock, TimerHandle } from './clock.js';

export const DEFAULT_IDLE_MS = 10 * 60_000;
export const MIN_SWEEP_MS = 1_000;
export const MAX_SWEEP_MS = 60_000;

/** A sweep every tenth of the idle time, between 1 s and 1 min: idle actors go within ~110% of idleMs. */
export function defaultSweepMs(idleMs: number): number {
  return Math.min(MAX_SWEEP_MS, Math.max(MIN_SWEEP_MS, Math.floor(idleMs / 10)));
}

export interface ReapCandidate {
  readonly key: string;
  /** Last message delivered from outside (self-tells and timers do not count). */
  readonly lastActiveAt: number;
  readonly busy: boolean;
  readonly depth: number;
}

export interface ReaperOptions {
  readonly clock: Clock;
  readonly idleMs: number;
  readonly sweepMs?: number;
  readonly candidates: () => Iterable<ReapCandidate>;
  readonly passivate: (key: string) => void;
}

/**
 * Passivates idle children with ONE timer per dynamic supervisor, however many children it
 * has (a timer per actor would mean 10 000 timers for 10 000 conversations). A child is idle
 * when nothing from outside reached it for `idleMs` and it has no turn in flight or queued.
 */
export class Reaper {
  readonly #options: ReaperOptions;
  readonly #sweepMs: number;
  #timer: TimerHandle | undefined;
  #active = false;

  constructor(options: ReaperOptions) {
    this.#options = Object.freeze({ ...options });
    this.#sweepMs = options.sweepMs ?? defaultSweepMs(options.idleMs);
  }

  get sweepMs(): number {
    return this.#sweepMs;
  }

  get armed(): boolean {
    return this.#timer !== undefined;
  }

  start(): void {
    this.#active = true;
    if (!this.#timer) this.#arm();
  }

  stop(): void {
    this.#active = false;
    this.#options.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Passivates every idle candidate now; returns their keys. */
  sweep(): string[] {
    const now = this.#options.clock.now();
    const idle: string[] = [];
    for (const candidate of this.#options.candidates()) {
      if (candidate.busy || candidate.depth > 0) continue;
      if (now - candidate.lastActiveAt >= this.#options.idleMs) idle.push(candidate.key);
    }
    for (const key of idle) this.#options.passivate(key);
    return idle;
  }

  #arm(): void {
    this.#timer = this.#options.clock.setTimeout(() => {
      this.#timer = undefined;
      this.sweep();
      if (this.#active) this.#arm();
    }, this.#sweepMs);
  }
}
