import type { Random } from './random.js';

/**
 * Exponential backoff with jitter, as a pure function of the attempt number.
 * Used for supervisor restart delays and reusable by any retry loop (the WhatsApp reconnect
 * policy is `{ minMs: 5000, factor: 1.5, maxMs: 60000, jitter: 0.2 }`).
 */
export interface BackoffPolicy {
  /** Delay of the first attempt (attempt 0), before jitter. */
  readonly minMs: number;
  /** Cap of the exponential part, before jitter. */
  readonly maxMs: number;
  /** Growth per attempt; 1 gives a constant delay. */
  readonly factor: number;
  /** Relative spread: 0.2 means ±20% around the capped delay. 0 disables jitter. */
  readonly jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = Object.freeze({
  minMs: 100,
  maxMs: 30_000,
  factor: 2,
  jitter: 0.2,
});

/** The capped exponential delay of `attempt` (0-based) without jitter. */
export function baseDelay(policy: BackoffPolicy, attempt: number): number {
  const exponential = policy.minMs * Math.pow(policy.factor, Math.max(0, attempt));
  return Math.min(policy.maxMs, exponential);
}

/**
 * The delay before attempt `attempt` (0-based): `min(maxMs, minMs * factor^attempt)`, then
 * spread by ±jitter. Jitter is applied after the cap (as Akka does), so delays near the cap
 * still spread out instead of retrying in lockstep. Rounded to whole milliseconds.
 */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: Random): number {
  const base = baseDelay(policy, attempt);
  if (policy.jitter <= 0) return Math.round(base);
  const spread = policy.jitter * (2 * random() - 1);
  return Math.max(0, Math.round(base * (1 + spread)));
}
