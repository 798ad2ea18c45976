import { z } from 'zod';
import { DEFAULT_SUMMARY_TIME } from './daily-summary.js';
import { MAX_RETENTION_MONTHS } from './retention-policy.js';
import { schedulingParamsSchema, type SettingsProblem } from './scheduling-settings.js';

/**
 * An organization's `settings`: the fields the actors read, each with its rules, plus free-form
 * keys the assistant may quote (address, payment methods…). One schema for both directions:
 * the API validates every write with it (400 with the problems), and readers parse what is
 * stored with `readOrgSettings`, which never throws — a value from an older version, or one
 * written straight into the database, falls back to its default and is reported.
 */

/** 'HH:mm', 00:00–23:59 (a summary "at 24:00" would never be due). */
const summaryTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected 'HH:mm' between 00:00 and 23:59");

export const orgSettingsSchema = z
  .object({
    // null clears a field back to its default (the dashboard sends it for an emptied input).
    /** When the owner gets the daily summary, shop local time. */
    dailySummaryTime: summaryTime.nullable().optional(),
    /** Minutes the bot stays quiet after the staff answered a customer. */
    humanQuietMinutes: z.number().int().min(1).max(7 * 24 * 60).nullable().optional(),
    /** Model tokens per local day before the offline assistant takes over. */
    dailyTokenBudget: z.number().int().min(0).max(1_000_000_000).nullable().optional(),
    /** Months a message's text is kept (default 24); older texts are erased by the daily retention job. */
    retentionMessagesMonths: z.number().int().min(1).max(MAX_RETENTION_MONTHS).nullable().optional(),
    /** Months without any interaction after which a customer is anonymised (default 36). */
    retentionInactiveCustomerMonths: z.number().int().min(1).max(MAX_RETENTION_MONTHS).nullable().optional(),
    /** Booking parameters (also written by PUT /business-hours). */
    scheduling: schedulingParamsSchema.strict().optional(),
  })
  .catchall(z.unknown());

export type OrgSettings = z.output<typeof orgSettingsSchema>;

/** Reads stored settings: invalid known fields (scheduling ones too) are dropped, so their defaults apply, and reported. */
export function readOrgSettings(stored: unknown): { settings: OrgSettings; problems: SettingsProblem[] } {
  const { scheduling, ...rest } = asRecord(stored);
  const top = keepValid(orgSettingsSchema, rest, '');
  if (scheduling === undefined) return { settings: top.value as OrgSettings, problems: top.problems };
  const booking = keepValid(schedulingParamsSchema, asRecord(scheduling), 'scheduling.');
  const shapeProblem = isRecord(scheduling) ? [] : [{ path: 'scheduling', message: 'expected an object' }];
  return { settings: { ...top.value, scheduling: booking.value } as OrgSettings, problems: [...top.problems, ...shapeProblem, ...booking.problems] };
}

/** `raw` without the top-level fields `schema` rejects, and what was wrong with them. */
function keepValid(schema: z.ZodType, raw: Record<string, unknown>, prefix: string): { value: Record<string, unknown>; problems: SettingsProblem[] } {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { value: parsed.data as Record<string, unknown>, problems: [] };
  const problems = parsed.error.issues.map((i) => ({ path: prefix + i.path.map(String).join('.'), message: i.message }));
  const bad = new Set(parsed.error.issues.map((i) => String(i.path[0] ?? '')));
  const kept = Object.fromEntries(Object.entries(raw).filter(([key]) => !bad.has(key)));
  const again = schema.safeParse(kept);
  return { value: again.success ? (again.data as Record<string, unknown>) : {}, problems };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asRecord(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

/** The daily summary time to use: the stored one when valid, else the default. */
export function dailySummaryTimeOf(stored: unknown): string {
  return readOrgSettings(stored).settings.dailySummaryTime ?? DEFAULT_SUMMARY_TIME;
}
