import { expect } from 'chai';
import fc from 'fast-check';

import { openingIntervals } from '../../domain/availability.js';
import { BookingRequestError, validateBookingRequest } from '../../domain/booking-request.js';
import { BOOKING_STATUSES } from '../../domain/booking-status.js';
import type { ExistingBooking } from '../../domain/capacity.js';
import { computeFreeSlots, nextFreeSlots, type Slot } from '../../domain/free-slots.js';
import { type Resource, resourcesFor, resourcesWithRoom } from '../../domain/resources.js';
import { resolveSchedulingSettings } from '../../domain/scheduling-settings.js';
import type { Service } from '../../domain/service.js';
import { toZonedIso } from '../../domain/zoned-time.js';

/**
 * Professionals and rooms: a category some resource serves is booked on a resource, each with its
 * own capacity; a category none serves keeps the category capacity, exactly as before.
 */
const TZ = 'America/Sao_Paulo';
// Wednesday 9 December 2026, 08:00 in São Paulo; no notice, so the day is open from now.
const NOW = '2026-12-09T08:00:00-03:00';
const settings = resolveSchedulingSettings({
  timezone: TZ,
  weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes: '12:00' })),
  capacity: { banho: 5, consulta: 1 },
  minNoticeMin: 0,
  slotIntervalMin: 60,
});
const service = (category: string, name = category): Service => ({
  id: `svc-${category}`, name, category, species: [], active: true, bySize: { M: { durationMin: 60, priceCents: 5000 } },
});
const BANHO = service('banho', 'Banho');
const CONSULTA = service('consulta', 'Consulta');
const resource = (id: string, capacity: number, categories: string[], active = true): Resource => ({ id, name: id, kind: 'professional', capacity, categories, active });
const BIA = resource('bia', 1, ['banho', 'tosa']);
const CAIO = resource('caio', 1, ['Banho']);
const SALA = resource('sala', 2, []);

const at = (hh: string) => `2026-12-09T${hh}:00-03:00`;
const booking = (start: string, extra: Partial<ExistingBooking> = {}): ExistingBooking => ({
  id: `b-${start}-${extra.resourceId ?? 'none'}-${extra.category ?? 'banho'}`,
  startsAt: at(start),
  endsAt: at(`${String(Number(start.slice(0, 2)) + 1).padStart(2, '0')}:${start.slice(3)}`),
  category: 'banho',
  status: 'scheduled',
  ...extra,
});
const hours = (slots: Slot[]) => slots.map((s) => toZonedIso(s.startsAt, TZ).slice(11, 16));
const freeDay = (svc: Service, resources: Resource[], existing: ExistingBooking[], resourceId?: string) =>
  hours(computeFreeSlots({ service: svc, size: 'M', from: at('00:00'), to: at('23:59'), now: NOW, settings, existingBookings: existing, resources, resourceId }));

describe('resources (professionals and rooms)', () => {
  it('picks the active resources that serve a category, in the shop\'s order; no categories serves all', () => {
    const off = resource('off', 3, ['banho'], false);
    expect(resourcesFor([BIA, off, CAIO, SALA], 'Banho').map((r) => r.id)).to.deep.equal(['bia', 'caio', 'sala']);
    expect(resourcesFor([BIA, CAIO], 'consulta')).to.deep.equal([]);
    expect(resourcesFor([SALA], 'consulta').map((r) => r.id)).to.deep.equal(['sala']);
    expect(resourcesFor(undefined, 'banho')).to.deep.equal([]);
  });

  it('offers a time while any resource of the category has a place, and only that one\'s with resourceId', () => {
    const existing = [booking('09:00', { resourceId: 'bia' }), booking('10:00', { resourceId: 'bia' }), booking('10:00', { resourceId: 'caio' })];
    expect(freeDay(BANHO, [BIA, CAIO], existing)).to.deep.equal(['08:00', '09:00', '11:00']);
    expect(freeDay(BANHO, [BIA, CAIO], existing, 'bia')).to.deep.equal(['08:00', '11:00']);
    expect(freeDay(BANHO, [BIA, CAIO], existing, 'caio')).to.deep.equal(['08:00', '09:00', '11:00']);
  });

  it('replaces the category capacity: capacity 5 in settings, but two people of capacity 1 take two at once', () => {
    const existing = [booking('09:00', { resourceId: 'bia' }), booking('09:00', { resourceId: 'caio' })];
    expect(freeDay(BANHO, [BIA, CAIO], existing)).to.deep.equal(['08:00', '10:00', '11:00']);
    // A room of capacity 2 holds two at once by itself.
    expect(freeDay(BANHO, [SALA], [booking('09:00', { resourceId: 'sala' })])).to.deep.equal(['08:00', '09:00', '10:00', '11:00']);
    expect(freeDay(BANHO, [SALA], [booking('09:00', { resourceId: 'sala' }), booking('09:00', { resourceId: 'sala', id: 'x' })])).to.deep.equal(['08:00', '10:00', '11:00']);
  });

  it('keeps a person busy whatever they do: Bia\'s tosa blocks her banho', () => {
    expect(freeDay(BANHO, [BIA], [booking('09:00', { resourceId: 'bia', category: 'tosa' })])).to.deep.equal(['08:00', '10:00', '11:00']);
  });

  it('counts a booking without a resource (from before the shop had resources) against every resource that could hold it', () => {
    const legacy = [booking('09:00')];
    expect(freeDay(BANHO, [BIA], legacy)).to.deep.equal(['08:00', '10:00', '11:00']);
    expect(freeDay(BANHO, [SALA], legacy), 'the room has a second place').to.deep.equal(['08:00', '09:00', '10:00', '11:00']);
    // A consulta without a resource does not compete with Bia, who does no consulta.
    expect(freeDay(BANHO, [BIA], [booking('09:00', { category: 'consulta' })])).to.deep.equal(['08:00', '09:00', '10:00', '11:00']);
  });

  it('leaves a category no resource serves exactly as before: the category capacity', () => {
    const existing = [booking('09:00', { category: 'consulta' })];
    const without = freeDay(CONSULTA, [], existing);
    expect(without).to.deep.equal(['08:00', '10:00', '11:00']);
    expect(freeDay(CONSULTA, [BIA, CAIO], existing)).to.deep.equal(without);
    expect(freeDay(CONSULTA, [resource('vet', 3, ['consulta'], false)], existing), 'an inactive resource serves nothing').to.deep.equal(without);
  });

  it('accepts a request with the resources free then, in order, and refuses with the specific code', () => {
    const base = { service: BANHO, size: 'M' as const, now: NOW, settings, resources: [BIA, CAIO] };
    const ok = validateBookingRequest({ ...base, startsAt: at('09:00'), existingBookings: [booking('09:00', { resourceId: 'bia' })] });
    expect(ok).to.deep.include({ ok: true, resourceIds: ['caio'] });
    const both = validateBookingRequest({ ...base, startsAt: at('09:00'), existingBookings: [] });
    expect(both.ok && both.resourceIds).to.deep.equal(['bia', 'caio']);
    const full = validateBookingRequest({ ...base, startsAt: at('09:00'), existingBookings: [booking('09:00', { resourceId: 'bia' }), booking('09:00', { resourceId: 'caio' })] });
    expect(full.ok || full.code).to.equal('SLOT_TAKEN');
    const chosenBusy = validateBookingRequest({ ...base, startsAt: at('09:00'), resourceId: 'bia', existingBookings: [booking('09:00', { resourceId: 'bia' })] });
    expect(chosenBusy.ok || chosenBusy.code).to.equal('SLOT_TAKEN');
    for (const resourceId of ['nobody', 'sala-off']) {
      const refused = validateBookingRequest({ ...base, resources: [...base.resources, resource('sala-off', 2, [], false)], startsAt: at('09:00'), resourceId, existingBookings: [] });
      expect(refused.ok || refused.code, resourceId).to.equal('RESOURCE_UNAVAILABLE');
    }
    const wrongCategory = validateBookingRequest({ ...base, service: CONSULTA, startsAt: at('09:00'), resourceId: 'bia', existingBookings: [] });
    expect(wrongCategory.ok || wrongCategory.code).to.equal('RESOURCE_UNAVAILABLE');
    // Moving a booking: its own place does not compete with it.
    const own = booking('09:00', { resourceId: 'bia', id: 'mine' });
    const moved = validateBookingRequest({ ...base, resources: [BIA], startsAt: at('09:00'), existingBookings: [own], excludeBookingId: 'mine' });
    expect(moved.ok && moved.resourceIds).to.deep.equal(['bia']);
    // No resources: the answer has no resourceIds at all (the category's units).
    expect(validateBookingRequest({ ...base, resources: [], startsAt: at('09:00'), existingBookings: [] })).to.not.have.property('resourceIds');
  });

  it('throws RESOURCE_UNAVAILABLE when slots are asked of a resource that does not take the service', () => {
    expect(() => freeDay(CONSULTA, [BIA], [], 'bia')).to.throw(BookingRequestError).with.property('code', 'RESOURCE_UNAVAILABLE');
  });

  it('suggests the next times the chosen resource is free', () => {
    const existing = [booking('08:00', { resourceId: 'bia' }), booking('09:00', { resourceId: 'bia' })];
    const next = nextFreeSlots({ service: BANHO, size: 'M', now: NOW, settings, existingBookings: existing, resources: [BIA, CAIO], resourceId: 'bia', limit: 2 });
    expect(hours(next)).to.deep.equal(['10:00', '11:00']);
    expect(resourcesWithRoom([BIA, CAIO], existing, { start: Date.parse(at('08:00')), end: Date.parse(at('09:00')) }, 0).map((r) => r.id)).to.deep.equal(['caio']);
  });
});

describe('resource slot properties', () => {
  const MIN = 60_000;
  const scenario = fc.record({
    resources: fc.array(
      fc.record({ capacity: fc.integer({ min: 1, max: 2 }), categories: fc.subarray(['banho', 'tosa', 'consulta']), active: fc.boolean() }),
      { minLength: 1, maxLength: 3 },
    ),
    bufferMin: fc.constantFrom(0, 15, 30),
    durationMin: fc.constantFrom(30, 45, 60, 90),
    bookings: fc.array(
      fc.record({
        startOffsetMin: fc.integer({ min: 0, max: 3 * 24 * 4 }).map((q) => q * 15),
        lengthMin: fc.integer({ min: 1, max: 8 }).map((q) => q * 15),
        category: fc.constantFrom('banho', 'tosa', 'consulta'),
        resource: fc.integer({ min: -1, max: 2 }),
        status: fc.constantFrom(...BOOKING_STATUSES),
      }),
      { maxLength: 20 },
    ),
  }).map((s) => {
    const resources: Resource[] = s.resources.map((r, i) => ({ id: `r${i}`, name: `R${i}`, kind: 'room', ...r }));
    const start = Date.parse(NOW);
    const bookings: ExistingBooking[] = s.bookings.map((b, i) => ({
      id: `b${i}`,
      startsAt: new Date(start + b.startOffsetMin * MIN).toISOString(),
      endsAt: new Date(start + (b.startOffsetMin + b.lengthMin) * MIN).toISOString(),
      category: b.category,
      status: b.status,
      resourceId: b.resource >= 0 && b.resource < resources.length ? `r${b.resource}` : null,
    }));
    const scheduling = resolveSchedulingSettings({
      timezone: TZ, weekly: [1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: '08:00', closes: '18:00' })),
      capacity: { banho: 2 }, bufferMin: s.bufferMin, minNoticeMin: 0, slotIntervalMin: 15, horizonDays: 4,
    });
    const svc: Service = { ...BANHO, bySize: { M: { durationMin: s.durationMin, priceCents: 1 } } };
    return { resources, bookings, settings: scheduling, service: svc, buffer: s.bufferMin * MIN };
  });
  const from = Date.parse(NOW);
  const to = from + 4 * 24 * 60 * MIN;
  const offered = (s: { resources: Resource[]; bookings: ExistingBooking[]; settings: typeof settings; service: Service }) =>
    computeFreeSlots({ service: s.service, size: 'M', from, to, now: from, settings: s.settings, existingBookings: s.bookings, resources: s.resources })
      .map((slot) => ({ start: Date.parse(slot.startsAt), end: Date.parse(slot.endsAt) }));

  it('offers a slot only when some active resource serving the category stays within its capacity at every instant, buffer included', () => {
    fc.assert(fc.property(scenario, (s) => {
      const pool = s.resources.filter((r) => r.active && (r.categories.length === 0 || r.categories.includes('banho')));
      if (pool.length === 0) return; // the category capacity: covered by the free-slots properties
      const active = s.bookings.filter((b) => b.status === 'scheduled' || b.status === 'confirmed');
      for (const slot of offered(s)) {
        const end = slot.end + s.buffer;
        const fits = pool.some((r) => {
          // Straight from the rule: assigned to it, or without a resource in a category it serves.
          const busy = active
            .filter((b) => (b.resourceId ? b.resourceId === r.id : r.categories.length === 0 || r.categories.includes(b.category)))
            .map((b) => ({ start: Date.parse(b.startsAt as string), end: Date.parse(b.endsAt as string) + s.buffer }));
          for (let t = slot.start; t < end; t += 15 * MIN) {
            if (busy.filter((b) => b.start <= t && t < b.end).length + 1 > r.capacity) return false;
          }
          return true;
        });
        expect(fits, `slot ${new Date(slot.start).toISOString()}`).to.equal(true);
      }
    }), { numRuns: 150 });
  });

  it('agrees with validateBookingRequest on every grid start', () => {
    fc.assert(fc.property(scenario, (s) => {
      const starts = new Set(offered(s).map((x) => x.start));
      for (const open of openingIntervals(s.settings, from, to)) {
        for (let t = open.start; t < open.end && t < to; t += 15 * MIN) {
          const check = validateBookingRequest({ service: s.service, size: 'M', startsAt: t, now: from, settings: s.settings, existingBookings: s.bookings, resources: s.resources });
          expect(check.ok, new Date(t).toISOString()).to.equal(starts.has(t));
        }
      }
    }), { numRuns: 40 });
  });
});
