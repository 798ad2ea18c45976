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
}

/** Escalate (one restart too many), or restart the child after `delayMs`. */
export type RestartDecision =
  | { readonly escalate: true }
  | { readonly escalate: false; readonly delayMs: number; readonly attempt: number };

/**
 * One supervisor's restart policy: restart intensity (a sliding window over all its children,
 * see `recordRestart`) and each child's backoff (`backoffDelay`, the attempt counting its
 * consecutive restarts).
 */
export class RestartPolicy {
  readonly intensity: Intensity;
  readonly #random: Random;
  readonly #defaultBackoff: BackoffPolicy;
  #history: readonly number[] = [];

  constructor(intensity: Intensity, services: { readonly random: Random; readonly defaultBackoff: BackoffPolicy }) {
    this.intensity = intensity;
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
    const decision = recordRestart(this.#history, now, this.intensity);
    this.#history = decision.history;
    if (decision.exceeded) return { escalate: true };
    // A child that stayed up for a whole intensity window starts its backoff over.
    const healthy = now - child.startedAt >= this.intensity.withinMs;
    const attempt = healthy ? 0 : child.failures;
    child.failures = attempt + 1;
    return { escalate: false, delayMs: backoffDelay(backoff ?? this.#defaultBackoff, attempt, this.#random), attempt };
  }

  /** What the supervisor at `address` exits with when it gives up. */
  escalation(address: string, cause: Error | undefined): EscalationError {
    return new EscalationError(address, this.intensity.maxRestarts, this.intensity.withinMs, cause);
  }
}
