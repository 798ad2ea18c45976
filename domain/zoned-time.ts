import { DateTime, IANAZone, Info, type Zone } from 'luxon';

import { DomainError } from './domain-error.js';
import { type Instant, toEpochMs } from './instant.js';
import { type TimeOfDay, parseTimeOfDay } from './time-of-day.js';

/**
 * Conversions between instants and an organization's wall clock.
 *
 * Opening hours, "amanhã" and "tomorrow's reminders" are all about the shop's
 * local calendar, while storage and comparisons use instants. Every crossing
 * between the two goes through this file so the zone is never implicit (the
 * server's own TZ must not matter).
 */

/** A calendar date in some zone, 'YYYY-MM-DD'. */
export type LocalDate = string;

/** 0 = Sunday … 6 = Saturday, as JavaScript and the business-hours API count. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export const DEFAULT_TIMEZONE = 'America/Sao_Paulo';

export class InvalidTimeZoneError extends DomainError<'INVALID_TIME_ZONE'> {
  constructor(timezone: string) {
    super('INVALID_TIME_ZONE', `Unknown IANA time zone: ${timezone}`, { timezone });
  }
}

export class InvalidLocalDateError extends DomainError<'INVALID_LOCAL_DATE'> {
  constructor(input: string) {
    super('INVALID_LOCAL_DATE', `Not a valid calendar date (YYYY-MM-DD): ${input}`, { input });
  }
}

/**
 * Valid zones, validated once. `IANAZone.isValidZone` builds an `Intl.DateTimeFormat` on every
 * call (a CPU profile of a customer turn showed ~7% there), and a zone name handed to luxon as a
 * string is looked up again each time; the zone object is reused instead. Bounded because the
 * names come from stored settings: a flood of distinct names must not grow memory.
 */
const MAX_CACHED_ZONES = 256;
const validZones = new Map<string, Zone>();

/** The luxon zone for `timezone`, or undefined when it is not a known IANA zone. */
function zoneOf(timezone: string): Zone | undefined {
  const cached = validZones.get(timezone);
  if (cached) return cached;
  if (typeof timezone !== 'string' || !IANAZone.isValidZone(timezone)) return undefined;
  if (validZones.size >= MAX_CACHED_ZONES) validZones.delete(validZones.keys().next().value!);
  // The zone luxon itself would pick for this name ('UTC' is its fixed UTC zone, not an IANA one), so output is unchanged.
  const zone = Info.normalizeZone(timezone);
  validZones.set(timezone, zone);
  return zone;
}

export function isValidTimeZone(timezone: string): boolean {
  return zoneOf(timezone) !== undefined;
}

export function assertTimeZone(timezone: string): void {
  if (!isValidTimeZone(timezone)) throw new InvalidTimeZoneError(timezone);
}

function requireZone(timezone: string): Zone {
  const zone = zoneOf(timezone);
  if (!zone) throw new InvalidTimeZoneError(timezone);
  return zone;
}

function zoned(input: Instant, timezone: string): DateTime {
  return DateTime.fromMillis(toEpochMs(input), { zone: requireZone(timezone) });
}

/** ISO 8601 with the zone's offset, no milliseconds: '2026-12-12T14:00:00-03:00' (the API format). */
export function toZonedIso(input: Instant, timezone: string): string {
  return zoned(input, timezone).toISO({ suppressMilliseconds: true, includeOffset: true })!;
}

export function localDateOf(input: Instant, timezone: string): LocalDate {
  return zoned(input, timezone).toISODate()!;
}

export function localTimeOf(input: Instant, timezone: string): TimeOfDay {
  return zoned(input, timezone).toFormat('HH:mm');
}

/** Minutes since local midnight of the instant in `timezone`. */
export function localMinutesOf(input: Instant, timezone: string): number {
  const dt = zoned(input, timezone);
  return dt.hour * 60 + dt.minute;
}

/** Calendar arithmetic is zone-free, so it runs in UTC where every day has 24 h. */
function calendar(date: LocalDate): DateTime {
  const cached = calendarDays.get(date);
  if (cached) return cached;
  const dt = /^\d{4}-\d{2}-\d{2}$/.test(date) ? DateTime.fromISO(date, { zone: 'utc' }) : null;
  if (!dt || !dt.isValid) throw new InvalidLocalDateError(date);
  // Slot search walks the same days of the horizon on every turn; DateTime is immutable, so parsed days are shared.
  if (calendarDays.size >= MAX_CACHED_DAYS) calendarDays.delete(calendarDays.keys().next().value!);
  calendarDays.set(date, dt);
  return dt;
}

const MAX_CACHED_DAYS = 4096;
const calendarDays = new Map<LocalDate, DateTime>();

export function isValidLocalDate(date: string): boolean {
  // Years before 1900 are refused like any other garbage (see MIN_SUPPORTED_MS in instant.ts).
  return /^\d{4}-\d{2}-\d{2}$/.test(date) && Number(date.slice(0, 4)) >= 1900 && DateTime.fromISO(date, { zone: 'utc' }).isValid;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return calendar(date).plus({ days }).toISODate()!;
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round(calendar(b).diff(calendar(a), 'days').days);
}

export function weekdayOf(date: LocalDate): Weekday {
  return (calendar(date).weekday % 7) as Weekday; // luxon: 1 = Monday … 7 = Sunday
}

/**
 * The instant at which the wall clock in `timezone` shows `date` + `time`.
 * `time` may be 'HH:mm' or minutes since midnight; 1440 / '24:00' is the next
 * midnight. A time that does not exist (a DST gap) moves forward, as luxon does.
 */
export function localToEpochMs(date: LocalDate, time: TimeOfDay | number, timezone: string): number {
  const zone = requireZone(timezone);
  const minutes = typeof time === 'number' ? time : parseTimeOfDay(time);
  const key = `${timezone}|${date}|${minutes}`;
  const cached = wallClockInstants.get(key);
  if (cached !== undefined) return cached;
  const day = calendar(date).plus({ days: Math.floor(minutes / 1440) });
  const rest = minutes % 1440;
  const wall = { year: day.year, month: day.month, day: day.day, hour: Math.floor(rest / 60), minute: rest % 60 };
  const ms = earliestInstantOf(wall, zone) ?? DateTime.fromObject(wall, { zone }).toMillis();
  if (wallClockInstants.size >= MAX_CACHED_INSTANTS) wallClockInstants.delete(wallClockInstants.keys().next().value!);
  wallClockInstants.set(key, ms);
  return ms;
}

/**
 * The first instant the zone's clocks show `wall`. In the hour a fall-back repeats, a wall time
 * happens twice and luxon picks the second; a shop closing at 01:00 that night closes when its
 * clock *first* shows 01:00 (and one opening then opens then), so the earlier one is meant.
 * Undefined when the wall time does not exist (a spring-forward gap): luxon's shift applies.
 */
function earliestInstantOf(wall: { year: number; month: number; day: number; hour: number; minute: number }, zone: Zone): number | undefined {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  // The offsets in force around that day: at most two, before and after a transition.
  const offsets = new Set([zone.offset(asUtc - 86_400_000), zone.offset(asUtc), zone.offset(asUtc + 86_400_000)]);
  const shows = (ms: number) => {
    const local = DateTime.fromMillis(ms, { zone });
    return local.year === wall.year && local.month === wall.month && local.day === wall.day && local.hour === wall.hour && local.minute === wall.minute;
  };
  const candidates = [...offsets].map((offsetMin) => asUtc - offsetMin * 60_000).filter(shows);
  return candidates.length ? Math.min(...candidates) : undefined;
}

/**
 * Opening hours become the same instants on every turn (each day of the horizon, each opening
 * and closing time), and each costs luxon an offset search through Intl; a pure function of its
 * arguments, so remembered. Only results are kept (a refused date throws before), bounded FIFO.
 */
const MAX_CACHED_INSTANTS = 4096;
const wallClockInstants = new Map<string, number>();

/** Local midnight starting `date`. */
export function startOfLocalDay(date: LocalDate, timezone: string): number {
  return localToEpochMs(date, 0, timezone);
}
