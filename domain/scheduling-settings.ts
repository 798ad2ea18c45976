import { z } from 'zod';

import { DomainError } from './domain-error.js';
import { toEpochMs } from './instant.js';
import { categoryKey } from './service.js';
import { tryParseTimeOfDay, type TimeOfDay } from './time-of-day.js';
import { DEFAULT_TIMEZONE, isValidLocalDate, isValidTimeZone, type Weekday } from './zoned-time.js';

/**
 * How an organization takes bookings: when it is open, when it is closed, how
 * many pets each category handles at once and the booking window. One object
 * per org, resolved once (defaults applied, validated, frozen) and passed down.
 */

/** One opening interval on a weekday. Several per day express a lunch break. */
export interface WeeklyHours {
  readonly weekday: Weekday;
  readonly opens: TimeOfDay;
  /** Must be after `opens` on the same day; '24:00' closes at midnight. No overnight intervals. */
  readonly closes: TimeOfDay;
}

/**
 * A period with no bookings (holiday, vacation, renovation). `from`/`to` are
 * ISO instants with offset, or local dates 'YYYY-MM-DD' in the org's zone; a
 * date `to` is inclusive (closed through the end of that day).
 */
export interface Closure {
  readonly from: string;
  readonly to: string;
  readonly reason?: string;
}

export interface SchedulingSettings {
  readonly timezone: string;
  readonly weekly: readonly WeeklyHours[];
  readonly closures: readonly Closure[];
  /** Pets served in parallel per service category; a missing category has capacity 1. */
  readonly capacity: Readonly<Record<string, number>>;
  /** Cleaning/drying time blocked after every booking, in minutes. */
  readonly bufferMin: number;
  /** Earliest bookable start relative to now, in minutes. */
  readonly minNoticeMin: number;
  /** Latest bookable start relative to now, in days. */
  readonly horizonDays: number;
  /** Spacing of offered start times inside an opening interval. */
  readonly slotIntervalMin: number;
  /** A customer may cancel or reschedule until this many minutes before the start. */
  readonly customerChangeLimitMin: number;
}

/** Monday–Friday 08:00–18:00 and Saturday 08:00–13:00: a typical Brazilian pet shop week. */
export const DEFAULT_WEEKLY_HOURS: readonly WeeklyHours[] = Object.freeze(
  [
    ...([1, 2, 3, 4, 5] as const).map((weekday) => ({ weekday, opens: '08:00', closes: '18:00' })),
    { weekday: 6 as const, opens: '08:00', closes: '13:00' },
  ].map((h) => Object.freeze(h)),
);
export const DEFAULT_CATEGORY_CAPACITY = 1;
export const DEFAULT_BUFFER_MIN = 0;
/** Same default as Cal.com's `minimumBookingNotice`: time to see the booking and prepare. */
export const DEFAULT_MIN_NOTICE_MIN = 120;
export const DEFAULT_HORIZON_DAYS = 30;
export const DEFAULT_SLOT_INTERVAL_MIN = 30;
export const DEFAULT_CUSTOMER_CHANGE_LIMIT_MIN = 120;
export { DEFAULT_TIMEZONE };

const timeOfDay = z.string().refine((s) => tryParseTimeOfDay(s) !== null, { message: "expected 'HH:mm'" });

const weeklyHoursSchema = z
  .object({
    weekday: z.number().int().min(0).max(6),
    opens: timeOfDay,
    closes: timeOfDay,
  })
  .refine((h) => tryParseTimeOfDay(h.opens)! < tryParseTimeOfDay(h.closes)!, {
    message: 'closes must be after opens on the same day',
  });

function isInstantOrDate(s: string): boolean {
  if (isValidLocalDate(s)) return true;
  try {
    toEpochMs(s);
    return true;
  } catch {
    return false;
  }
}

const closureSchema = z.object({
  from: z.string().refine(isInstantOrDate, { message: 'expected an ISO instant with offset or YYYY-MM-DD' }),
  to: z.string().refine(isInstantOrDate, { message: 'expected an ISO instant with offset or YYYY-MM-DD' }),
  reason: z.string().optional(),
});

const WEEK_MIN = 7 * 24 * 60;

/**
 * The booking parameters stored under `settings.scheduling` (written by the business-hours API
 * or an org settings patch), with the ranges a shop can sensibly use: a slot every 5 min to
 * 4 h, 1–100 pets at once per category, up to 4 h of buffer, up to a week of notice or change
 * limit, a horizon of a day to a year.
 */
export const schedulingParamsSchema = z.object({
  capacity: z.record(z.string().min(1).max(60), z.number().int().min(1).max(100)).optional(),
  bufferMin: z.number().int().min(0).max(240).optional(),
  minNoticeMin: z.number().int().min(0).max(WEEK_MIN).optional(),
  horizonDays: z.number().int().min(1).max(366).optional(),
  slotIntervalMin: z.number().int().min(5).max(240).optional(),
  customerChangeLimitMin: z.number().int().min(0).max(WEEK_MIN).optional(),
});

/** The settings as clients send them (business-hours API, org settings): every field optional. */
export const schedulingSettingsSchema = schedulingParamsSchema.extend({
  timezone: z.string().refine(isValidTimeZone, { message: 'unknown IANA time zone' }).optional(),
  weekly: z.array(weeklyHoursSchema).optional(),
  closures: z.array(closureSchema).optional(),
});

export type SchedulingSettingsInput = z.input<typeof schedulingSettingsSchema>;

export class InvalidSchedulingSettingsError extends DomainError<'INVALID_SCHEDULING_SETTINGS'> {
  constructor(issues: { path: string; message: string }[]) {
    super(
      'INVALID_SCHEDULING_SETTINGS',
      `Invalid scheduling settings: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`,
      { issues },
    );
  }
}

/** Validates `input`, fills in the `DEFAULT_*` values and returns a frozen settings object. */
export function resolveSchedulingSettings(input: unknown = {}): SchedulingSettings {
  const parsed = schedulingSettingsSchema.safeParse(input ?? {});
  if (!parsed.success) {
    throw new InvalidSchedulingSettingsError(
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  const s = parsed.data;
  return Object.freeze({
    timezone: s.timezone ?? DEFAULT_TIMEZONE,
    weekly: Object.freeze((s.weekly ?? DEFAULT_WEEKLY_HOURS).map((h) => Object.freeze({ ...h, weekday: h.weekday as Weekday }))),
    closures: Object.freeze((s.closures ?? []).map((c) => Object.freeze({ ...c }))),
    capacity: Object.freeze({ ...(s.capacity ?? {}) }),
    bufferMin: s.bufferMin ?? DEFAULT_BUFFER_MIN,
    minNoticeMin: s.minNoticeMin ?? DEFAULT_MIN_NOTICE_MIN,
    horizonDays: s.horizonDays ?? DEFAULT_HORIZON_DAYS,
    slotIntervalMin: s.slotIntervalMin ?? DEFAULT_SLOT_INTERVAL_MIN,
    customerChangeLimitMin: s.customerChangeLimitMin ?? DEFAULT_CUSTOMER_CHANGE_LIMIT_MIN,
  });
}

/** A stored setting that was ignored because it is invalid: where, and why. */
export interface SettingsProblem {
  readonly path: string;
  readonly message: string;
}

/**
 * For settings read back from storage, which may predate today's rules or have been written
 * around the API: every invalid field falls back to its default (an invalid capacity map as a
 * whole) instead of throwing, and is reported so the shop can be told. Never throws.
 */
export function resolveStoredSchedulingSettings(input: unknown): { settings: SchedulingSettings; problems: SettingsProblem[] } {
  const raw = isPlainObject(input) ? input : {};
  const parsed = schedulingSettingsSchema.safeParse(raw);
  if (parsed.success) return { settings: resolveSchedulingSettings(raw), problems: [] };
  const problems = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  const bad = new Set(parsed.error.issues.map((i) => String(i.path[0] ?? '')));
  const kept = Object.fromEntries(Object.entries(raw).filter(([key]) => !bad.has(key)));
  const retry = schedulingSettingsSchema.safeParse(kept);
  return { settings: retry.success ? resolveSchedulingSettings(kept) : DEFAULT_SCHEDULING_SETTINGS, problems };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const DEFAULT_SCHEDULING_SETTINGS: SchedulingSettings = resolveSchedulingSettings({});

/** Parallel capacity of a category; keys match case- and accent-insensitively, missing → 1. */
export function capacityFor(settings: SchedulingSettings, category: string): number {
  const wanted = categoryKey(category);
  for (const [key, value] of Object.entries(settings.capacity)) {
    if (categoryKey(key) === wanted) return value;
  }
  return DEFAULT_CATEGORY_CAPACITY;
}
