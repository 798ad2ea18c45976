import { remindersDue } from '../domain/reminders.js';
import { addDays, localDateOf, startOfLocalDay } from '../domain/zoned-time.js';
import type { Booking } from './bookings.repository.js';
import { BookingsRepository } from './bookings.repository.js';
import type { Executor } from './executor.js';

export interface DueReminder {
  orgId: string;
  timezone: string;
  booking: Booking;
}

/**
 * Bookings that start tomorrow on each shop's own calendar and still await
 * their reminder. Listing is safe to repeat; sending must go through
 * `BookingsRepository.claimReminder` (in the outbox transaction), which lets
 * exactly one caller — across restarts and nodes — send each reminder.
 */
export async function listDueReminders(db: Executor, now: Date, orgId?: string): Promise<DueReminder[]> {
  let orgQuery = db.selectFrom('organizations').select(['id', 'timezone']);
  if (orgId) orgQuery = orgQuery.where('id', '=', orgId);
  const orgs = await orgQuery.execute();
  const zones = new Map(orgs.map((o) => [o.id, o.timezone]));
  // Tomorrow in any zone on Earth lies within [now, now + 50h): one query, then exact per-org filtering.
  const candidates = await new BookingsRepository(db).listReminderCandidates(now, new Date(now.getTime() + 50 * 3_600_000), 5000);
  const due: DueReminder[] = [];
  for (const [orgId, timezone] of zones) {
    const mine = candidates.filter((b) => b.orgId === orgId);
    for (const booking of remindersDue(mine, now, timezone)) due.push({ orgId, timezone, booking });
  }
  return due;
}

/** The UTC bounds of tomorrow's local day in `timezone`, for queries and logs. */
export function tomorrowBounds(now: Date, timezone: string): { from: Date; to: Date } {
  const tomorrow = addDays(localDateOf(now, timezone), 1);
  return { from: new Date(startOfLocalDay(tomorrow, timezone)), to: new Date(startOfLocalDay(addDays(tomorrow, 1), timezone)) };
}
