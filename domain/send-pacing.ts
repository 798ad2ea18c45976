/**
 * How fast one WhatsApp number may send. WhatsApp bans numbers that send in
 * bursts, cold ones above all, and answers `rate-overlimit` (429) when pushed.
 * Replies to a customer who wrote within 24 h are paced lightly; campaign and
 * other cold messages heavily, with jitter so the rhythm does not look like a
 * machine. Pure: the send queue asks, this answers with instants.
 */
export type PacingClass = 'reply' | 'cold';

export interface PacingConfig {
  /** Minimum gap between any two sends of a number (default 200 ms: ≤ 5 per second). */
  readonly minGapMs: number;
  /** Minimum gap before a cold message (default 4 s: ≤ 1 every 4 s). */
  readonly coldGapMs: number;
  /** Extra random wait added before a cold message, in [0, coldJitterMs). */
  readonly coldJitterMs: number;
  /** First wait after a rate-limit answer; doubles per consecutive one up to `rateLimitCapMs`. */
  readonly rateLimitBaseMs: number;
  readonly rateLimitCapMs: number;
}

export const DEFAULT_PACING: PacingConfig = Object.freeze({
  minGapMs: 200,
  coldGapMs: 4_000,
  coldJitterMs: 2_000,
  rateLimitBaseMs: 5_000,
  rateLimitCapMs: 5 * 60_000,
});

/** A customer who wrote within this window may be answered as a "reply" (WhatsApp's service window). */
export const CUSTOMER_SERVICE_WINDOW_MS = 24 * 60 * 60_000;

export interface PacingState {
  /** When this number last sent anything. */
  readonly lastSendAt?: number;
  /** When it last sent a cold message. */
  readonly lastColdSendAt?: number;
  /** Until when WhatsApp told us to slow down. */
  readonly blockedUntil?: number;
}

/** The earliest instant the next message of `pacing` class may go out. */
export function earliestSendAt(pacing: PacingClass, state: PacingState, now: number, random: () => number, config: PacingConfig = DEFAULT_PACING): number {
  let at = now;
  if (state.blockedUntil !== undefined) at = Math.max(at, state.blockedUntil);
  if (state.lastSendAt !== undefined) at = Math.max(at, state.lastSendAt + config.minGapMs);
  if (pacing === 'cold') {
    const jitter = Math.floor(random() * config.coldJitterMs);
    if (state.lastColdSendAt !== undefined) at = Math.max(at, state.lastColdSendAt + config.coldGapMs + jitter);
  }
  return at;
}

/** How a message is paced: a reply inside the customer's 24 h window, or cold. */
export function pacingClassOf(kind: string, lastCustomerMessageAt: number | null | undefined, now: number): PacingClass {
  if (kind === 'campaign') return 'cold';
  if (lastCustomerMessageAt !== null && lastCustomerMessageAt !== undefined && now - lastCustomerMessageAt <= CUSTOMER_SERVICE_WINDOW_MS) return 'reply';
  return kind === 'reply' || kind === 'staff' ? 'reply' : 'cold';
}

/** Wait after the `consecutive`-th rate-limit answer in a row (1-based), jittered ±20 %. */
export function rateLimitDelayMs(consecutive: number, random: () => number, config: PacingConfig = DEFAULT_PACING): number {
  const base = Math.min(config.rateLimitCapMs, config.rateLimitBaseMs * 2 ** Math.max(0, consecutive - 1));
  return Math.min(config.rateLimitCapMs, Math.round(base * (0.8 + 0.4 * random())));
}
