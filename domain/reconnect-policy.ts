/**
 * What a WhatsApp session does after its socket closes (DESIGN §5,
 * notes/baileys.md "Recommended handling per close code").
 *
 * Pure: the session actor passes the close code, how many backoff attempts it
 * has already made since the last stable `open`, and a `random()` (seeded in
 * tests); it gets back whether and when to reconnect, the instance status to
 * show, and a reason key for logs and the `whatsapp:disconnected` event.
 */

export const RECONNECT_BASE_DELAY_MS = 5_000;
export const RECONNECT_BACKOFF_FACTOR = 1.5;
export const RECONNECT_MAX_DELAY_MS = 60_000;
export const RECONNECT_MAX_ATTEMPTS = 10;
/** ±20 %: sessions dropped together (a WhatsApp outage) must not come back in lockstep. */
export const RECONNECT_JITTER = 0.2;
export const ALERT_AFTER_CONSECUTIVE_FAILURES = 5;

/** Baileys `DisconnectReason` values plus the ban codes WhatsApp sends in `<failure reason=N>`. */
export const DISCONNECT_CODES = Object.freeze({
  loggedOut: 401,
  temporarilyBanned: 402,
  forbidden: 403,
  versionOutdated: 405,
  banned: 406,
  timedOut: 408,
  multideviceMismatch: 411,
  connectionClosed: 428,
  connectionReplaced: 440,
  badSession: 500,
  unavailableService: 503,
  restartRequired: 515,
});

/** The message Baileys puts on the 408 it raises itself when nobody scanned any QR. */
export const QR_ATTEMPTS_ENDED_MESSAGE = 'QR refs attempts ended';

/**
 * - `reconnect`: open a new socket after `delayMs`, counting one attempt.
 * - `reconnect-now`: open a new socket at once with the saved creds (515).
 * - `stop`: do not reconnect; a person has to act (re-pair, fix, wait a ban out).
 */
export type ReconnectAction = 'reconnect' | 'reconnect-now' | 'stop';

/**
 * Instance status after the close, from the API's instance status set plus
 * 'stopped' for a close we caused ourselves (shutdown, logout, watchdog restart),
 * where the actor that ended the socket knows the right status.
 */
export type ReconnectStatus = 'reconnecting' | 'logged_out' | 'replaced' | 'banned' | 'failed' | 'stopped';

export type DisconnectReasonKey =
  | 'intentional'
  | 'loggedOut'
  | 'temporarilyBanned'
  | 'forbidden'
  | 'versionOutdated'
  | 'banned'
  | 'timedOut'
  | 'qrExpired'
  | 'multideviceMismatch'
  | 'connectionClosed'
  | 'connectionReplaced'
  | 'badSession'
  | 'unavailableService'
  | 'restartRequired'
  | 'unknown';

export interface DisconnectInput {
  /** Boom `output.statusCode` of the close error; undefined when we ended the socket ourselves. */
  readonly code: number | undefined;
  /** The close error's message; only used to tell "QR expired" from a plain 408. */
  readonly message?: string;
  /** Backoff attempts already made since the last stable `open` (0 on the first close). */
  readonly attempt: number;
  /** A uniform number in [0, 1), injected so tests are deterministic. */
  readonly random: () => number;
}

export interface ReconnectDecision {
  readonly action: ReconnectAction;
  readonly status: ReconnectStatus;
  readonly shouldReconnect: boolean;
  readonly delayMs: number;
  readonly reason: DisconnectReasonKey;
  readonly code: number | undefined;
  /** The attempt counter after this decision: +1 for a backoff reconnect, unchanged otherwise. */
  readonly attempt: number;
}

type Rule =
  | { readonly kind: 'stop'; readonly status: Exclude<ReconnectStatus, 'reconnecting'>; readonly reason: DisconnectReasonKey }
  | { readonly kind: 'backoff'; readonly reason: DisconnectReasonKey }
  | { readonly kind: 'now'; readonly reason: DisconnectReasonKey };

/**
 * The policy as data. Decisions where the brief left room:
 * - 403 forbidden → 'banned': WhatsApp uses it for accounts blocked from the
 *   service, and retrying with the same number only deepens the ban.
 * - 402 (temporary) and 406 (permanent ban) are both 'banned'; the reason keys
 *   differ so the owner notice can say whether waiting helps.
 * - 405 → 'failed' (versionOutdated): retrying with the same WA version never works.
 * - 411 → 'logged_out': the multi-device state no longer matches; only a new
 *   pairing fixes it.
 * - 440 → 'replaced', no reconnect: another socket holds these creds; racing it
 *   is the well-known 440 loop.
 */
const RULES: ReadonlyMap<number, Rule> = new Map<number, Rule>([
  [401, { kind: 'stop', status: 'logged_out', reason: 'loggedOut' }],
  [402, { kind: 'stop', status: 'banned', reason: 'temporarilyBanned' }],
  [403, { kind: 'stop', status: 'banned', reason: 'forbidden' }],
  [405, { kind: 'stop', status: 'failed', reason: 'versionOutdated' }],
  [406, { kind: 'stop', status: 'banned', reason: 'banned' }],
  [408, { kind: 'backoff', reason: 'timedOut' }],
  [411, { kind: 'stop', status: 'logged_out', reason: 'multideviceMismatch' }],
  [428, { kind: 'backoff', reason: 'connectionClosed' }],
  [440, { kind: 'stop', status: 'replaced', reason: 'connectionReplaced' }],
  [500, { kind: 'backoff', reason: 'badSession' }],
  [503, { kind: 'backoff', reason: 'unavailableService' }],
  [515, { kind: 'now', reason: 'restartRequired' }],
]);

function ruleFor(code: number | undefined, message: string | undefined): Rule {
  if (code === undefined) return { kind: 'stop', status: 'stopped', reason: 'intentional' };
  // Baileys ends the socket itself with a 408 once every QR has expired unscanned;
  // reconnecting would just print more QRs nobody is looking at. Status 'failed'
  // (the API has no 'qr_expired'); the reason says why.
  if (code === 408 && message?.includes(QR_ATTEMPTS_ENDED_MESSAGE)) {
    return { kind: 'stop', status: 'failed', reason: 'qrExpired' };
  }
  // Unknown codes are treated as transient: the attempt cap bounds the cost.
  return RULES.get(code) ?? { kind: 'backoff', reason: 'unknown' };
}

/**
 * Delay before backoff attempt number `attempt` (0-based):
 * 5 s × 1.5^attempt, capped at 60 s, times a jitter factor in [0.8, 1.2),
 * and never above the cap.
 */
export function backoffDelayMs(attempt: number, random: () => number): number {
  const raw = RECONNECT_BASE_DELAY_MS * RECONNECT_BACKOFF_FACTOR ** Math.max(0, attempt);
  const r = Math.min(Math.max(random(), 0), 1);
  const jittered = Math.min(raw, RECONNECT_MAX_DELAY_MS) * (1 - RECONNECT_JITTER + 2 * RECONNECT_JITTER * r);
  return Math.round(Math.min(jittered, RECONNECT_MAX_DELAY_MS));
}

export function decideReconnect(input: DisconnectInput): ReconnectDecision {
  const attempt = Math.max(0, Math.floor(input.attempt));
  const rule = ruleFor(input.code, input.message);
  const base = { code: input.code, reason: rule.reason };
  switch (rule.kind) {
    case 'stop':
      return { ...base, action: 'stop', status: rule.status, shouldReconnect: false, delayMs: 0, attempt };
    case 'now':
      // 515 is the normal step right after pairing: restart with the saved creds
      // at once. It is not a failure, so it does not use up an attempt.
      return { ...base, action: 'reconnect-now', status: 'reconnecting', shouldReconnect: true, delayMs: 0, attempt };
    case 'backoff':
      if (attempt >= RECONNECT_MAX_ATTEMPTS) {
        return { ...base, action: 'stop', status: 'failed', shouldReconnect: false, delayMs: 0, attempt };
      }
      return {
        ...base,
        action: 'reconnect',
        status: 'reconnecting',
        shouldReconnect: true,
        delayMs: backoffDelayMs(attempt, input.random),
        attempt: attempt + 1,
      };
  }
}

/**
 * Whether to raise the "WhatsApp number failing" alert. True exactly when the
 * streak reaches the threshold, so one streak raises one alert, not one per
 * further failure.
 */
export function shouldAlert(consecutiveFailures: number): boolean {
  return consecutiveFailures === ALERT_AFTER_CONSECUTIVE_FAILURES;
}
