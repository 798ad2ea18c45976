import { expect } from 'chai';

import { assertBookingRequest, BookingRequestError, validateBookingRequest } from '../../domain/booking-request.js';
import type { ExistingBooking } from '../../domain/capacity.js';
import { computeFreeSlots, nextFreeSlots, type Slot } from '../../domain/free-slots.js';
import { resolveSchedulingSettings, type SchedulingSettingsInput } from '../../domain/scheduling-settings.js';
import type { Service } from '../../domain/service.js';
import { toZonedIso } from '../../domain/zoned-time.js';

const TZ = 'America/Sao_Paulo';
// Wednesday 9 December 2026, 10:00 in São Paulo.
const NOW = '2026-12-09T10:00:00-03:00';

const WEEKDAYS = [1, 2, 3, 4, 5] as const;
const BASE: SchedulingSettingsInput = {
  timezone: TZ,
  weekly: [
    ...WEEKDAYS.flatMap((weekday) => [
      { weekday, opens: '08:00', closes: '12:00' },
      { weekday, opens: '13:00', closes: '18:00' },
    ]),
    { weekday: 6, opens: '08:00', closes: '12:00' },
  ],
  capacity: { banho: 2, tosa: 1 },
};

const BANHO: Service = {
  id: 'svc-banho',
  name: 'Banho',
  category: 'banho',
  species: ['cão', 'gato'],
  active: true,
  bySize: { P: { durationMin: 60, priceCents: 5000 }, M: { durationMin: 90, priceCents: 7000 } },
};
const TOSA: Service = {
  id: 'svc-tosa',
  name: 'Tosa',
  category: 'Tosa',
  species: ['cachorro'],
  active: true,
  bySize: { P: { durationMin: 60, priceCents: 6000 } },
};

function settings(overrides: SchedulingSettingsInput = {}) {
  return resolveSchedulingSettings({ ...BASE, ...overrides });
}

/** Local start times ('HH:mm') of slots, to keep expectations readable. */
function starts(slots: Slot[]): string[] {
  return slots.map((s) => toZonedIso(s.startsAt, TZ).slice(11, 16));
}

function day(date: string) {
  return { from: `${date}T00:00:00-03:00`, to: `${date}T23:59:59-03:00` };
}

function booking(startsAt: string, endsAt: string, category = 'banho', status: ExistingBooking['status'] = 'scheduled', id?: string): ExistingBooking {
  return { id, startsAt, endsAt, category, status };
}

describe('computeFreeSlots', () => {
  it('starts after the minimum notice and skips the lunch break today', () => {
    const slots = computeFreeSlots({ service: BANHO, size: 'P', ...day('2026-12-09'), now: NOW, settings: settings(), existingBookings: [] });
    // now 10:00 + 120 min = 12:00, which is lunch; afternoon until 17:00 (+60 min = 18:00).
    expect(starts(slots)).to.deep.equal(['13:00', '13:30', '14:00', '14:30', '15:00', '15:30', '16:00', '16:30', '17:00']);
  });

  it('returns UTC ISO instants with the right duration', () => {
    const [first] = computeFreeSlots({ service: BANHO, size: 'M', ...day('2026-12-10'), now: NOW, settings: settings(), existingBookings: [] });
    expect(first).to.deep.equal({ startsAt: '2026-12-10T11:00:00.000Z', endsAt: '2026-12-10T12:30:00.000Z' });
    expect(toZonedIso(first!.startsAt, TZ)).to.equal('2026-12-10T08:00:00-03:00');
  });

  it('fits the whole service inside one opening interval (90 min before lunch)', () => {
    const slots = computeFreeSlots({ service: BANHO, size: 'M', ...day('2026-12-10'), now: NOW, settings: settings(), existingBookings: [] });
    expect(starts(slots)).to.deep.equal([
      '08:00', '08:30', '09:00', '09:30', '10:00', '10:30',
      '13:00', '13:30', '14:00', '14:30', '15:00', '15:30', '16:00', '16:30',
    ]);
  });

  it('treats touching intervals of a day as one stretch', () => {
    const s = settings({ weekly: [{ weekday: 4, opens: '08:00', closes: '10:00' }, { weekday: 4, opens: '10:00', closes: '11:00' }] });
    const slots = computeFreeSlots({ service: BANHO, size: 'M', ...day('2026-12-10'), now: NOW, settings: s, existingBookings: [] });
    expect(starts(slots)).to.deep.equal(['08:00', '08:30', '09:00', '09:30']);
  });

  it('keeps the night a clock falls back to its real length (found by the property test, seed -1588482624)', () => {
    // Lisbon, Sunday 2026-10-25, open 00:00–01:00 local: one real hour (01:00 is first shown at 00:00Z),
    // so a 75-minute service does not fit; reading the close as the repeated 01:00 made it two hours.
    const lisbon = settings({ timezone: 'Europe/Lisbon', weekly: [{ weekday: 0, opens: '00:00', closes: '00:30' }, { weekday: 0, opens: '00:30', closes: '01:00' }], minNoticeMin: 0, slotIntervalMin: 10 });
    const long: Service = { ...BANHO, bySize: { M: { durationMin: 75, priceCents: 1000 } } };
    const q = { size: 'M' as const, from: '2026-10-24T00:00:00Z', to: '2026-10-26T00:00:00Z', now: '2026-10-21T23:00:00Z', settings: lisbon, existingBookings: [] };
    expect(computeFreeSlots({ ...q, service: long })).to.deep.equal([]);
    const hour: Service = { ...BANHO, bySize: { M: { durationMin: 60, priceCents: 1000 } } };
    expect(computeFreeSlots({ ...q, service: hour }).map((slot) => slot.startsAt)).to.deep.equal(['2026-10-24T23:00:00.000Z']);
  });

  it('offers nothing on a closed weekday', () => {
    expect(computeFreeSlots({ service: BANHO, size: 'P', ...day('2026-12-13'), now: NOW, settings: settings(), existingBookings: [] })).to.deep.equal([]);
  });

  it('fills a category only up to its capacity', () => {
    const two = [booking('2026-12-10T08:00:00-03:00', '2026-12-10T09:00:00-03:00'), booking('2026-12-10T08:00:00-03:00', '2026-12-10T09:00:00-03:00')];
    const one = two.slice(1);
    const q = { service: BANHO, size: 'P' as const, from: '2026-12-10T08:00:00-03:00', to: '2026-12-10T09:30:00-03:00', now: NOW, settings: settings() };
    expect(starts(computeFreeSlots({ ...q, existingBookings: one }))).to.deep.equal(['08:00', '08:30', '09:00']);
    expect(starts(computeFreeSlots({ ...q, existingBookings: two }))).to.deep.equal(['09:00']);
  });

  it('ignores cancelled, completed and no-show bookings and other categories', () => {
    const existing = [
      booking('2026-12-10T08:00:00-03:00', '2026-12-10T09:00:00-03:00', 'tosa', 'scheduled'),
      booking('2026-12-10T08:00:00-03:00', '2026-12-10T09:00:00-03:00', 'tosa', 'cancelled'),
      booking('2026-12-10T09:00:00-03:00', '2026-12-10T10:00:00-03:00', 'tosa', 'no_show'),
      booking('2026-12-10T10:00:00-03:00', '2026-12-10T11:00:00-03:00', 'tosa', 'completed'),
      booking('2026-12-10T10:00:00-03:00', '2026-12-10T11:00:00-03:00', 'banho', 'confirmed'),
    ];
    const slots = computeFreeSlots({ service: TOSA, size: 'P', from: '2026-12-10T08:00:00-03:00', to: '2026-12-10T11:00:00-03:00', now: NOW, settings: settings(), existingBookings: existing });
    expect(starts(slots)).to.deep.equal(['09:00', '09:30', '10:00', '10:30']);
  });

  it('matches capacity keys and categories without regard to case or accents', () => {
    // TOSA's category is 'Tosa', capacity is keyed 'TOSA', the booking says 'tosa'.
    const s = settings({ capacity: { TOSA: 2 } });
    const existing = [booking('2026-12-10T08:00:00-03:00', '2026-12-10T09:00:00-03:00', 'tosa')];
    const slots = computeFreeSlots({ service: TOSA, size: 'P', from: '2026-12-10T08:00:00-03:00', to: '2026-12-10T08:01:00-03:00', now: NOW, settings: s, existingBookings: existing });
    expect(starts(slots)).to.deep.equal(['08:00']);
  });

  it('keeps the buffer free after each booking, on both sides of a new one', () => {
    const s = settings({ bufferMin: 15 });
    const existing = [booking('2026-12-10T09:00:00-03:00', '2026-12-10T10:00:00-03:00', 'tosa')];
    const slots = computeFreeSlots({ service: TOSA, size: 'P', from: '2026-12-10T07:00:00-03:00', to: '2026-12-10T11:00:00-03:00', now: NOW, settings: s, existingBookings: existing });
    // 08:00 would end 09:00 and need until 09:15; 10:00 is inside the old booking's buffer.
    expect(starts(slots)).to.deep.equal(['10:30']);
  });

  it('lets a rescheduled booking ignore its own place', () => {
    const existing = [booking('2026-12-10T08:00:00-03:00', '2026-12-10T09:00:00-03:00', 'tosa', 'confirmed', 'b1')];
    const q = { service: TOSA, size: 'P' as const, from: '2026-12-10T08:00:00-03:00', to: '2026-12-10T08:01:00-03:00', now: NOW, settings: settings(), existingBookings: existing };
    expect(computeFreeSlots(q)).to.deep.equal([]);
    expect(starts(computeFreeSlots({ ...q, excludeBookingId: 'b1' }))).to.deep.equal(['08:00']);
  });

  it('skips whole-day closures and partial closures', () => {
    const s = settings({
      closures: [
        { from: '2026-12-10', to: '2026-12-10', reason: 'feriado municipal' },
        { from: '2026-12-11T14:00:00-03:00', to: '2026-12-11T15:30:00-03:00', reason: 'dedetização' },
      ],
    });
    const thursday = computeFreeSlots({ service: BANHO, size: 'P', ...day('2026-12-10'), now: NOW, settings: s, existingBookings: [] });
    expect(thursday).to.deep.equal([]);
    const friday = computeFreeSlots({ service: BANHO, size: 'P', from: '2026-12-11T12:00:00-03:00', to: '2026-12-11T18:00:00-03:00', now: NOW, settings: s, existingBookings: [] });
    expect(starts(friday)).to.deep.equal(['13:00', '15:30', '16:00', '16:30', '17:00']);
  });

  it('stops at the horizon', () => {
    const s = settings({ horizonDays: 2 });
    const slots = computeFreeSlots({ service: BANHO, size: 'P', from: NOW, to: '2026-12-20T00:00:00-03:00', now: NOW, settings: s, existingBookings: [] });
    const last = slots[slots.length - 1]!;
    expect(toZonedIso(last.startsAt, TZ)).to.equal('2026-12-11T10:00:00-03:00'); // now + 48 h exactly
  });

  it('lays out hours on the local wall clock across a DST change', () => {
    const s = resolveSchedulingSettings({ timezone: 'America/New_York', weekly: [{ weekday: 6, opens: '09:00', closes: '10:00' }, { weekday: 1, opens: '09:00', closes: '10:00' }], minNoticeMin: 0 });
    const slots = computeFreeSlots({ service: BANHO, size: 'P', from: '2026-03-07T00:00:00Z', to: '2026-03-10T00:00:00Z', now: '2026-03-06T00:00:00Z', settings: s, existingBookings: [] });
    expect(slots.map((x) => toZonedIso(x.startsAt, 'America/New_York'))).to.deep.equal(['2026-03-07T09:00:00-05:00', '2026-03-09T09:00:00-04:00']);
  });

  it('refuses to list slots for an inactive service or a size it does not offer', () => {
    const q = { size: 'P' as const, ...day('2026-12-10'), now: NOW, settings: settings(), existingBookings: [] };
    expect(() => computeFreeSlots({ ...q, service: { ...BANHO, active: false } })).to.throw(BookingRequestError).with.property('code', 'SERVICE_INACTIVE');
    expect(() => computeFreeSlots({ ...q, service: BANHO, size: 'G' })).to.throw(BookingRequestError).with.property('code', 'SIZE_NOT_OFFERED');
  });
});

describe('nextFreeSlots', () => {
  it('suggests the first free slots after the requested time', () => {
    const slots = nextFreeSlots({ service: TOSA, size: 'P', after: '2026-12-11T16:00:00-03:00', now: NOW, settings: settings(), existingBookings: [booking('2026-12-11T17:00:00-03:00', '2026-12-11T18:00:00-03:00', 'tosa')] });
    expect(slots.map((s) => toZonedIso(s.startsAt, TZ))).to.deep.equal([
      '2026-12-11T16:00:00-03:00',
      '2026-12-12T08:00:00-03:00',
      '2026-12-12T08:30:00-03:00',
    ]);
  });

  it('spreads suggestions over days with maxPerDay', () => {
    const slots = nextFreeSlots({ service: TOSA, size: 'P', limit: 3, maxPerDay: 1, now: NOW, settings: settings(), existingBookings: [] });
    expect(slots.map((s) => toZonedIso(s.startsAt, TZ))).to.deep.equal([
      '2026-12-09T13:00:00-03:00',
      '2026-12-10T08:00:00-03:00',
      '2026-12-11T08:00:00-03:00',
    ]);
  });

  it('finds a slot weeks away when the near agenda is closed, and stops at the horizon', () => {
    const s = settings({ closures: [{ from: '2026-12-09', to: '2026-12-27' }], horizonDays: 20 });
    const slots = nextFreeSlots({ service: TOSA, size: 'P', limit: 1, now: NOW, settings: s, existingBookings: [] });
    expect(slots.map((x) => toZonedIso(x.startsAt, TZ))).to.deep.equal(['2026-12-28T08:00:00-03:00']);
    const none = nextFreeSlots({ service: TOSA, size: 'P', now: NOW, settings: { ...s, horizonDays: 10 }, existingBookings: [] });
    expect(none).to.deep.equal([]);
  });

  it('never suggests anything in the past even when asked for an earlier time', () => {
    const slots = nextFreeSlots({ service: TOSA, size: 'P', after: '2026-12-01T08:00:00-03:00', limit: 1, now: NOW, settings: settings(), existingBookings: [] });
    expect(slots.map((x) => toZonedIso(x.startsAt, TZ))).to.deep.equal(['2026-12-09T13:00:00-03:00']);
  });
});

describe('validateBookingRequest', () => {
  const base = { service: BANHO, size: 'P' as const, species: 'cachorro', now: NOW, settings: settings(), existingBookings: [] as ExistingBooking[] };

  it('accepts a free slot and returns its end, duration and price', () => {
    expect(validateBookingRequest({ ...base, startsAt: '2026-12-10T14:00:00-03:00' })).to.deep.equal({
      ok: true,
      startsAt: '2026-12-10T17:00:00.000Z',
      endsAt: '2026-12-10T18:00:00.000Z',
      durationMin: 60,
      priceCents: 5000,
    });
  });

  it('accepts an off-grid start that fits (staff booking 10:15)', () => {
    expect(validateBookingRequest({ ...base, startsAt: '2026-12-10T10:15:00-03:00' }).ok).to.equal(true);
  });

  const REFUSALS: [string, Partial<Parameters<typeof validateBookingRequest>[0]>, string][] = [
    ['SERVICE_INACTIVE', { service: { ...BANHO, active: false }, startsAt: '2026-12-10T14:00:00-03:00' }, 'SERVICE_INACTIVE'],
    ['SPECIES_NOT_SERVED', { service: TOSA, species: 'gata', startsAt: '2026-12-10T14:00:00-03:00' }, 'SPECIES_NOT_SERVED'],
    ['SIZE_NOT_OFFERED', { size: 'GG', startsAt: '2026-12-10T14:00:00-03:00' }, 'SIZE_NOT_OFFERED'],
    ['IN_THE_PAST', { startsAt: '2026-12-09T09:00:00-03:00' }, 'IN_THE_PAST'],
    ['TOO_SOON', { startsAt: '2026-12-09T11:30:00-03:00' }, 'TOO_SOON'],
    ['BEYOND_HORIZON', { startsAt: '2027-01-11T09:00:00-03:00' }, 'BEYOND_HORIZON'],
    ['OUTSIDE_BUSINESS_HOURS (sunday)', { startsAt: '2026-12-13T09:00:00-03:00' }, 'OUTSIDE_BUSINESS_HOURS'],
    ['OUTSIDE_BUSINESS_HOURS (runs into lunch)', { startsAt: '2026-12-10T11:30:00-03:00' }, 'OUTSIDE_BUSINESS_HOURS'],
    ['OUTSIDE_BUSINESS_HOURS (past closing)', { startsAt: '2026-12-10T17:30:00-03:00' }, 'OUTSIDE_BUSINESS_HOURS'],
    ['IN_CLOSURE', { settings: settings({ closures: [{ from: '2026-12-10', to: '2026-12-10', reason: 'feriado' }] }), startsAt: '2026-12-10T14:00:00-03:00' }, 'IN_CLOSURE'],
    ['SLOT_TAKEN', { existingBookings: [booking('2026-12-10T13:30:00-03:00', '2026-12-10T14:30:00-03:00'), booking('2026-12-10T14:15:00-03:00', '2026-12-10T15:15:00-03:00')], startsAt: '2026-12-10T14:00:00-03:00' }, 'SLOT_TAKEN'],
  ];

  for (const [label, override, code] of REFUSALS) {
    it(`refuses with ${label}`, () => {
      const check = validateBookingRequest({ ...base, startsAt: '2026-12-10T14:00:00-03:00', ...override });
      expect(check.ok).to.equal(false);
      if (!check.ok) expect(check.code).to.equal(code);
    });
  }

  it('gives the closure and the earliest allowed start in details', () => {
    const closed = validateBookingRequest({ ...base, settings: settings({ closures: [{ from: '2026-12-10', to: '2026-12-10', reason: 'feriado' }] }), startsAt: '2026-12-10T14:00:00-03:00' });
    expect(closed).to.deep.include({ ok: false, code: 'IN_CLOSURE' });
    if (!closed.ok) expect(closed.details).to.deep.equal({ from: '2026-12-10', to: '2026-12-10', reason: 'feriado' });
    const soon = validateBookingRequest({ ...base, startsAt: '2026-12-09T11:30:00-03:00' });
    if (!soon.ok) expect(soon.details).to.deep.equal({ earliest: '2026-12-09T15:00:00.000Z', minNoticeMin: 120 });
  });

  it('counts overlap per instant: two bookings that only follow each other leave room (capacity 2)', () => {
    const existing = [booking('2026-12-10T13:30:00-03:00', '2026-12-10T14:30:00-03:00'), booking('2026-12-10T14:30:00-03:00', '2026-12-10T15:30:00-03:00')];
    expect(validateBookingRequest({ ...base, existingBookings: existing, startsAt: '2026-12-10T14:00:00-03:00' }).ok).to.equal(true);
  });

  it('throws BookingRequestError with the code in the assert form', () => {
    expect(() => assertBookingRequest({ ...base, startsAt: '2026-12-13T09:00:00-03:00' }))
      .to.throw(BookingRequestError)
      .with.property('code', 'OUTSIDE_BUSINESS_HOURS');
    expect(assertBookingRequest({ ...base, startsAt: '2026-12-10T14:00:00-03:00' }).priceCents).to.equal(5000);
  });

  it('skips the species check when no species is given', () => {
    expect(validateBookingRequest({ ...base, service: TOSA, species: undefined, startsAt: '2026-12-10T14:00:00-03:00' }).ok).to.equal(true);
  });
});
