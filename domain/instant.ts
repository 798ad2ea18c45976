import { DateTime } from 'luxon';

import { DomainError } from './domain-error.js';

/**
 * A point in time as callers hold it: a `Date` (what pg returns for
 * timestamptz), epoch milliseconds (what `Clock.now()` returns) or an ISO 8601
 * string. Strings must carry `Z` or an offset: a bare local time would be read
 * in the server's zone, which is exactly the bug this type exists to prevent.
 *
 * Everything the domain returns is a UTC ISO string (`toUtcIso`), so outputs
 * compare and serialise the same way everywhere.
 */
export type Instant = Date | number | string;

/** An ISO 8601 UTC timestamp as produced by `Date#toISOString()`. */
export type UtcIso = string;

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

export class InvalidInstantError extends DomainError<'INVALID_INSTANT'> {
  constructor(input: unknown) {
    super('INVALID_INSTANT', `Not a valid instant: ${String(input)}`, { input: String(input) });
  }
}

/**
 * Instants the system stores and shows: 1900 through 9999 (UTC). Outside it,
 * PostgreSQL refuses year 0, `toISOString` writes six-digit years and nothing
 * a pet shop books makes sense, so text outside it is garbage like any other.
 */
export const MIN_SUPPORTED_MS = Date.UTC(1900, 0, 1);
export const MAX_SUPPORTED_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export function isSupportedEpochMs(ms: number): boolean {
  return Number.isFinite(ms) && ms >= MIN_SUPPORTED_MS && ms <= MAX_SUPPORTED_MS;
}

/** Epoch milliseconds of an instant; throws `InvalidInstantError` on garbage (text outside the supported years included). */
export function toEpochMs(input: Instant): number {
  let ms: number;
  if (input instanceof Date) ms = input.getTime();
  else if (typeof input === 'number') ms = input;
  else {
    const text = input.trim();
    if (!ISO_WITH_ZONE.test(text)) throw new InvalidInstantError(input);
    // luxon rather than Date.parse: V8 happily turns 2026-02-30 into 2 March.
    ms = DateTime.fromISO(text, { setZone: true }).toMillis();
    if (!isSupportedEpochMs(ms)) throw new InvalidInstantError(input);
  }
  if (!Number.isFinite(ms)) throw new InvalidInstantError(input);
  return ms;
}

/** The canonical UTC form the domain returns: `2026-12-12T17:00:00.000Z`. */
export function toUtcIso(input: Instant): UtcIso {
  return new Date(toEpochMs(input)).toISOString();
}

export const MINUTE_MS = 60_000;
export const DAY_MS = 24 * 60 * MINUTE_MS;
