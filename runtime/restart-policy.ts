import { backoffDelay, type BackoffPolicy } from './backoff.js';
import { EscalationError } from './errors.js';
import type { Random } from './random.js';
import { recordRestart, type Intensity } from './restart-window.js';

/** What a supervisor remembers of one child between its restarts. */
export interface RestartRecord {
  /** Consecutive restarts, for the backoff attempt; reset after a healthy window. */
  failures: number;
  /** When the child was last started. */
  startedAt: number;
  /** Per-child intensity (bulkhead supervisors): this child's restarts inside the window. */
  history?: readonly number[];
  /** Bulkhead supervisors: consecutive times this child exceeded its intensity (the retry attempt). */
  exhaustions?: number;
}

/** Escalate (one restart too many), or restart the child after `delayMs`. */
export type RestartDecision =
  | { readonly escalate: true }
  | { readonly escalate: false; readonly delayMs: number; readonly attempt: number };

/**
 * One supervisor's restart policy: restart intensity (a sliding window over all its children,
 * see `recordRestart` — or one window per child, for a bulkhead supervisor) and each child's
 * backoff (`backoffDelay`, the attempt counting its consecutive restarts).
 */
export class RestartPolicy {
  readonly intensity: Intensity;
  readonly #random: Random;
  readonly #defaultBackoff: BackoffPolicy;
  readonly #perChild: boolean;
  #history: readonly number[] = [];

  constructor(
    intensity: Intensity,
    services: { readonly random: Random; readonly defaultBackoff: BackoffPolicy },
    options: { readonly perChild?: boolean } = {},
  ) {
    this.intensity = intensity;
    this.#perChild = options.perChild ?? false;
    this.#random = services.random;
    this.#defaultBackoff = services.defaultBackoff;
  }

  /** A restarted supervisor gets a fresh intensity window (OTP). */
  reset(): void {
    this.#history = [];
  }

  /**
   * Records a restart of `child` at `now` and decides: escalate when it is one too many in the
   * window, else the delay before restarting it with its `backoff` (the runtime's by default).
   */
  decide(child: RestartRecord, now: number, backoff: BackoffPolicy | undefined): RestartDecision {
    // A child that stayed up for a whole intensity window starts its backoff (and retries) over.
    const healthy = now - child.startedAt >= this.intensity.withinMs;
    if (healthy) child.exhaustions = 0;
    const decision = recordRestart(this.#perChild ? (child.history ?? []) : this.#history, now, this.intensity);
    if (this.#perChild) child.history = decision.history;
    else this.#history = decision.history;
    if (decision.exceeded) return { escalate: true };
    const attempt = healthy ? 0 : child.failures;
    child.failures = attempt + 1;
    return { escalate: false, delayMs: backoffDelay(backoff ?? this.#defaultBackoff, attempt, this.#random), attempt };
  }

  /** A bulkhead child that exceeded its intensity: the retry delay and attempt; its window starts over. */
  retry(child: RestartRecord, retry: BackoffPolicy): { delayMs: number; attempt: number } {
    const attempt = child.exhaustions ?? 0;
    child.exhaustions = attempt + 1;
    child.history = [];
    child.failures = 0;
    return { delayMs: backoffDelay(retry, attempt, this.#random), attempt };
  }

  /** What the supervisor at `address` exits with when it gives up. */
  escalation(address: string, cause: Error | undefined): EscalationError {
    return new EscalationError(address, this.intensity.maxRestarts, this.intensity.withinMs, cause);
  }
}
