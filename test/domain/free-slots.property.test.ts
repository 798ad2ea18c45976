import { expect } from 'chai';
import fc from 'fast-check';
import { DateTime } from 'luxon';

import { openingIntervals } from '../../domain/availability.js';
import { validateBookingRequest } from '../../domain/booking-request.js';
import { BOOKING_STATUSES } from '../../domain/booking-status.js';
import type { ExistingBooking } from '../../domain/capacity.js';
import { computeFreeSlots } from '../../domain/free-slots.js';
import { type Closure, resolveSchedulingSettings, type WeeklyHours } from '../../domain/scheduling-settings.js';
import type { Service } from '../../domain/service.js';

/**
 * Properties of the slot list, checked against brute-force oracles written
 * straight from the rules (luxon and minute-by-minute walks), not against the
 * helpers the implementation uses.
 */

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const ZONES = ['America/Sao_Paulo', 'America/Manaus', 'America/New_York', 'Europe/Lisbon', 'UTC'];
const CATEGORIES = ['banho', 'tosa'];

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

const weeklyArb: fc.Arbitrary<WeeklyHours[]> = fc.array(
  fc
    .record({
      weekday: fc.integer({ min: 0, max: 6 }),
      opens: fc.integer({ min: 0, max: 92 }).map((q) => q * 15),
      length: fc.integer({ min: 2, max: 48 }).map((q) => q * 15),
    })
    .map(({ weekday, opens, length }) => ({
      weekday: weekday as WeeklyHours['weekday'],
      opens: hhmm(opens),
      closes: hhmm(Math.min(opens + length, 1440)),
    })),
  { minLength: 1, maxLength: 10 },
);

const scenarioArb = fc
  .record({
    timezone: fc.constantFrom(...ZONES),
    nowMs: fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 1) }),
    weekly: weeklyArb,
    capacity: fc.integer({ min: 1, max: 3 }),
    bufferMin: fc.constantFrom(0, 5, 10, 15, 30, 60),
    minNoticeMin: fc.integer({ min: 0, max: 48 }).map((q) => q * 15),
    horizonDays: fc.integer({ min: 1, max: 14 }),
    slotIntervalMin: fc.constantFrom(10, 15, 20, 30, 45, 60),
    durationMin: fc.integer({ min: 1, max: 16 }).map((q) => q * 15),
    closures: fc.array(
      fc.record({
        startOffsetMin: fc.integer({ min: -1440, max: 14 * 1440 }),
        lengthMin: fc.integer({ min: 15, max: 3 * 1440 }),
        asDates: fc.boolean(),
      }),
      { maxLength: 3 },
    ),
    bookings: fc.array(
      fc.record({
        startOffsetMin: fc.integer({ min: -1440, max: 14 * 1440 }),
        lengthMin: fc.integer({ min: 15, max: 240 }),
        category: fc.constantFrom(...CATEGORIES),
        status: fc.constantFrom(...BOOKING_STATUSES),
      }),
      { maxLength: 25 },
    ),
  })
  .map((s) => {
    const closures: Closure[] = s.closures.map((c) => {
      const from = s.nowMs + c.startOffsetMin * MIN;
      const to = from + c.lengthMin * MIN;
      return c.asDates
        ? {
            from: DateTime.fromMillis(from, { zone: s.timezone }).toISODate()!,
            to: DateTime.fromMillis(to, { zone: s.timezone }).toISODate()!,
          }
        : { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
    });
    const settings = resolveSchedulingSettings({
      timezone: s.timezone,
      weekly: s.weekly,
      closures,
      capacity: { banho: s.capacity },
      bufferMin: s.bufferMin,
      minNoticeMin: s.minNoticeMin,
      horizonDays: s.horizonDays,
      slotIntervalMin: s.slotIntervalMin,
    });
    // Quarter-hour aligned bookings make exact collisions with slot edges common.
    const quarter = Math.floor(s.nowMs / (15 * MIN)) * 15 * MIN;
    const bookings: ExistingBooking[] = s.bookings.map((b, i) => ({
      id: `b${i}`,
      startsAt: new Date(quarter + b.startOffsetMin * MIN).toISOString(),
      endsAt: new Date(quarter + (b.startOffsetMin + b.lengthMin) * MIN).toISOString(),
      category: b.category,
      status: b.status,
    }));
    const service: Service = {
      id: 'svc',
      name: 'Banho',
      category: 'banho',
      species: [],
      active: true,
      bySize: { M: { durationMin: s.durationMin, priceCents: 1000 } },
    };
    return { ...s, settings, bookings, service, capacity: s.capacity };
  });

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function slotsOf(s: Scenario) {
  return computeFreeSlots({
    service: s.service,
    size: 'M',
    from: s.nowMs - DAY,
    to: s.nowMs + (s.horizonDays + 1) * DAY,
    now: s.nowMs,
    settings: s.settings,
    existingBookings: s.bookings,
  }).map((slot) => ({ start: Date.parse(slot.startsAt), end: Date.parse(slot.endsAt) }));
}

/** The (unmerged) opening intervals of the local day that contains `at`, straight from luxon. */
function rawOpeningOfDay(s: Scenario, at: number): { start: number; end: number }[] {
  const date = DateTime.fromMillis(at, { zone: s.timezone }).startOf('day');
  const weekday = date.weekday % 7;
  return s.weekly
    .filter((h) => h.weekday === weekday)
    .map((h) => {
      const [oh, om] = h.opens.split(':').map(Number) as [number, number];
      const [ch, cm] = h.closes.split(':').map(Number) as [number, number];
      const start = date.set({ hour: oh, minute: om }).toMillis();
      const end = ch === 24 ? date.plus({ days: 1 }).startOf('day').toMillis() : date.set({ hour: ch, minute: cm }).toMillis();
      return { start, end };
    });
}

function closureSpans(s: Scenario): { start: number; end: number }[] {
  return s.settings.closures.map((c) => ({
    start: /T/.test(c.from) ? Date.parse(c.from) : DateTime.fromISO(c.from, { zone: s.timezone }).toMillis(),
    end: /T/.test(c.to) ? Date.parse(c.to) : DateTime.fromISO(c.to, { zone: s.timezone }).plus({ days: 1 }).toMillis(),
  }));
}

const RUNS = { numRuns: 150 };

describe('computeFreeSlots properties', () => {
  it('never offers a slot outside the opening hours of its local day', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        for (const slot of slotsOf(s)) {
          const open = rawOpeningOfDay(s, slot.start);
          // Every boundary generated here is on a 5-minute grid (quarter-hour hours, whole-hour
          // zone offsets, 5-minute multiples for intervals), so probing every 5 minutes is exhaustive.
          for (let t = slot.start; t < slot.end; t += 5 * MIN) {
            expect(open.some((o) => o.start <= t && t < o.end), `minute ${new Date(t).toISOString()} of a slot is closed`).to.equal(true);
          }
        }
      }),
      RUNS,
    );
  });

  it('never offers a slot that touches a closure', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const closures = closureSpans(s);
        for (const slot of slotsOf(s)) {
          for (const c of closures) expect(slot.start < c.end && c.start < slot.end).to.equal(false);
        }
      }),
      RUNS,
    );
  });

  it('never offers a slot that would exceed capacity at any instant, buffer included', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const buffer = s.bufferMin * MIN;
        const busy = s.bookings
          .filter((b) => b.category === 'banho' && (b.status === 'scheduled' || b.status === 'confirmed'))
          .map((b) => ({ start: Date.parse(b.startsAt as string), end: Date.parse(b.endsAt as string) + buffer }));
        for (const slot of slotsOf(s)) {
          const end = slot.end + buffer;
          // The count can only rise at the window start or at a booking's start.
          const probes = [slot.start, ...busy.map((b) => b.start).filter((t) => t > slot.start && t < end)];
          for (const t of probes) {
            const inUse = busy.filter((b) => b.start <= t && t < b.end).length;
            expect(inUse + 1).to.be.at.most(s.capacity);
          }
        }
      }),
      RUNS,
    );
  });

  it('never offers a slot before now + minimum notice or after now + horizon', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        for (const slot of slotsOf(s)) {
          expect(slot.start).to.be.at.least(s.nowMs + s.minNoticeMin * MIN);
          expect(slot.start).to.be.at.most(s.nowMs + s.horizonDays * DAY);
        }
      }),
      RUNS,
    );
  });

  it('returns sorted, distinct slots of exactly the service duration', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const slots = slotsOf(s);
        slots.forEach((slot, i) => {
          expect(slot.end - slot.start).to.equal(s.durationMin * MIN);
          if (i > 0) expect(slot.start).to.be.greaterThan(slots[i - 1]!.start);
        });
      }),
      RUNS,
    );
  });

  it('agrees with validateBookingRequest on every grid start', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const offered = new Set(slotsOf(s).map((x) => x.start));
        const step = s.slotIntervalMin * MIN;
        const from = s.nowMs - DAY;
        const to = s.nowMs + (s.horizonDays + 1) * DAY;
        for (const open of openingIntervals(s.settings, from, to)) {
          for (let t = open.start; t < open.end && t < to; t += step) {
            if (t < from) continue;
            const check = validateBookingRequest({
              service: s.service,
              size: 'M',
              startsAt: t,
              now: s.nowMs,
              settings: s.settings,
              existingBookings: s.bookings,
            });
            expect(check.ok, `grid start ${new Date(t).toISOString()}`).to.equal(offered.has(t));
          }
        }
      }),
      { numRuns: 25 },
    );
  });
});
