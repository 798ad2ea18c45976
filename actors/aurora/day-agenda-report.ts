import type { Kysely } from 'kysely';
import type { DayAgendaFigures } from '../../agents/aurora-agent.js';
import { dayOverviewReply } from '../../agents/aurora/aurora-day-replies.js';
import { formatSlotLabelPtBr } from '../../agents/pt-br-format.js';
import { openStretches } from '../../domain/opening-status.js';
import type { OwnerDateRange } from '../../domain/owner-date-range.js';
import { PET_SIZES } from '../../domain/pet-size.js';
import { formatHourPtBr } from '../../domain/pt-br-calendar.js';
import { capacityFor } from '../../domain/scheduling-settings.js';
import { categoryKey } from '../../domain/service.js';
import { addDays, localDateOf, localTimeOf, startOfLocalDay } from '../../domain/zoned-time.js';
import { AnalyticsRepository } from '../../storage/analytics.repository.js';
import { BookingsRepository } from '../../storage/bookings.repository.js';
import type { Database } from '../../storage/database.js';
import { SchedulingRepository } from '../../storage/scheduling.repository.js';
import { ServicesRepository } from '../../storage/services.repository.js';

const MAX_BOOKINGS = 40;
/** The size free slots are counted for: the most common one, or the first the service offers. */
const REFERENCE_SIZE = 'M' as const;

/**
 * The figures of the day or days an owner named, in the shop's zone under the given clock:
 * the bookings (by appointment time), what they earned and may still earn, the free start
 * times from now on, and how much of the shop's capacity they take.
 */
export async function dayAgendaReport(db: Kysely<Database>, orgId: string, range: OwnerDateRange, now: Date): Promise<DayAgendaFigures | undefined> {
  const settings = await new SchedulingRepository(db).load(orgId);
  if (!settings) return undefined;
  const tz = settings.timezone;
  const from = new Date(startOfLocalDay(range.fromDate, tz));
  const to = new Date(startOfLocalDay(addDays(range.toDate, 1), tz));
  const analytics = new AnalyticsRepository(db);
  const [rows, madeInSpan, services] = await Promise.all([
    analytics.agenda(orgId, from, to),
    analytics.bookingsCreated(orgId, from, to),
    new ServicesRepository(db).list(orgId, { activeOnly: true }),
  ]);

  const counts = { scheduled: 0, confirmed: 0, completed: 0, cancelled: 0, noShows: 0, total: rows.length };
  const byService = new Map<string, number>();
  let revenueCents = 0;
  let expectedCents = 0;
  for (const r of rows) {
    if (r.status === 'no_show') counts.noShows++;
    else counts[r.status]++;
    if (r.status !== 'cancelled' && r.status !== 'no_show') byService.set(r.service, (byService.get(r.service) ?? 0) + 1);
    if (r.status === 'completed') revenueCents += r.priceCents;
    if (r.status === 'scheduled' || r.status === 'confirmed') expectedCents += r.priceCents;
  }

  // Free start times from now on (a past day has none), per active service, for one reference size.
  const freeFrom = new Date(Math.max(from.getTime(), now.getTime()));
  const bookings = new BookingsRepository(db);
  const free = await Promise.all(services.map(async (service) => {
    const size = service.bySize[REFERENCE_SIZE] ? REFERENCE_SIZE : PET_SIZES.find((s) => service.bySize[s]);
    if (!size || freeFrom >= to) return { service: service.name, slots: 0, first: null };
    const slots = await bookings.freeSlots(orgId, service.id, size, freeFrom, to, now);
    const first = slots[0] ? (range.fromDate === range.toDate ? formatHourPtBr(localTimeOf(slots[0].startsAt, tz)) : formatSlotLabelPtBr(slots[0].startsAt, tz)) : null;
    return { service: service.name, slots: slots.length, first };
  }));

  // Occupancy: the time bookings hold against capacity × opening time, over the categories the shop offers.
  const categories = [...new Set(services.map((s) => categoryKey(s.category)))];
  const openMs = openStretches(settings, from.getTime(), to.getTime())
    .reduce((sum, s) => sum + Math.min(s.end, to.getTime()) - Math.max(s.start, from.getTime()), 0);
  const capacityMs = categories.reduce((sum, c) => sum + capacityFor(settings, c) * openMs, 0);
  const heldMs = rows
    .filter((r) => r.status !== 'cancelled' && r.status !== 'no_show' && categories.includes(categoryKey(r.category)))
    .reduce((sum, r) => sum + (r.endsAt.getTime() - r.startsAt.getTime()), 0);
  const occupancyPercent = capacityMs > 0 ? Math.min(100, Math.round((100 * heldMs) / capacityMs)) : null;

  const figures: Omit<DayAgendaFigures, 'say'> = {
    label: range.label, fromDate: range.fromDate, toDate: range.toDate,
    bookings: rows.slice(0, MAX_BOOKINGS).map((r) => ({
      date: localDateOf(r.startsAt, tz), time: formatHourPtBr(localTimeOf(r.startsAt, tz)), service: r.service, pet: r.pet, customer: r.customer, status: r.status,
    })),
    counts,
    byService: [...byService].map(([name, n]) => ({ name, bookings: n })).sort((a, b) => b.bookings - a.bookings || a.name.localeCompare(b.name)),
    revenueCents, expectedCents, free, occupancyPercent, madeInSpan,
  };
  return { ...figures, say: dayOverviewReply({ ...figures, say: '' }) };
}
