import { closureIntervals, openingIntervals } from './availability.js';
import { BookingRequestError } from './booking-request.js';
import { type ExistingBooking, occupiedIntervals, peakOccupancy } from './capacity.js';
import { DAY_MS, type Instant, MINUTE_MS, toEpochMs, toUtcIso, type UtcIso } from './instant.js';
import { type Interval, overlaps } from './interval.js';
import type { PetSize } from './pet-size.js';
import { candidateResources, type Resource, resourceRoom } from './resources.js';
import { capacityFor, type SchedulingSettings } from './scheduling-settings.js';
import { offeringFor, type Service } from './service.js';
import { localDateOf } from './zoned-time.js';

/** A bookable time for one pet: [startsAt, endsAt) in UTC ISO. Format with `toZonedIso` for the API. */
export interface Slot {
  readonly startsAt: UtcIso;
  readonly endsAt: UtcIso;
}

export interface FreeSlotsQuery {
  readonly service: Service;
  readonly size: PetSize;
  /** Slots starting at or after this instant… */
  readonly from: Instant;
  /** …and strictly before this one. */
  readonly to: Instant;
  readonly now: Instant;
  readonly settings: SchedulingSettings;
  readonly existingBookings: readonly ExistingBooking[];
  /** The booking being rescheduled, so its own place counts as free. */
  readonly excludeBookingId?: string;
  /** The shop's professionals and rooms; when some serve the category, a slot needs one of them free. */
  readonly resources?: readonly Resource[];
  /** Only slots where this resource has a free place. */
  readonly resourceId?: string;
}

/**
 * Free start times for `service` and `size`, in time order.
 *
 * Candidates sit on a grid of `slotIntervalMin` counted from the start of each
 * opening interval (as Cal.com counts from the start of availability), so a shop
 * opening at 08:00 offers 08:00, 08:30, … A candidate is offered when the whole
 * service fits in that interval, touches no closure, starts no earlier than
 * now + minimum notice and no later than now + horizon, and the category still
 * has a free place at every instant of [start, end + buffer) — or, when resources
 * (professionals, rooms) serve the category, one of them (`resourceId`: that one)
 * has. These are the same rules as `validateBookingRequest`, which accepts exactly
 * these grid times.
 *
 * Throws `BookingRequestError` SERVICE_INACTIVE / SIZE_NOT_OFFERED / RESOURCE_UNAVAILABLE:
 * asking for slots of something that cannot be booked is a caller error, not "no slots".
 */
export function computeFreeSlots(query: FreeSlotsQuery): Slot[] {
  const { service, size, settings } = query;
  if (!service.active) {
    throw new BookingRequestError('SERVICE_INACTIVE', `Service ${service.id} is inactive`, { serviceId: service.id });
  }
  const offering = offeringFor(service, size);
  if (!offering) {
    throw new BookingRequestError('SIZE_NOT_OFFERED', `Service ${service.id} has no price for size ${size}`, {
      serviceId: service.id,
      size,
    });
  }

  const pool = candidateResources(query.resources, service.category, query.resourceId);
  if (!pool) {
    throw new BookingRequestError('RESOURCE_UNAVAILABLE', `Resource ${query.resourceId} does not take ${service.category}`, {
      resourceId: query.resourceId,
      category: service.category,
    });
  }

  const now = toEpochMs(query.now);
  const duration = offering.durationMin * MINUTE_MS;
  const buffer = settings.bufferMin * MINUTE_MS;
  const step = settings.slotIntervalMin * MINUTE_MS;
  const firstStart = Math.max(toEpochMs(query.from), now + settings.minNoticeMin * MINUTE_MS);
  const latestStart = now + settings.horizonDays * DAY_MS; // inclusive
  const startLimit = toEpochMs(query.to); // exclusive
  if (firstStart >= startLimit || firstStart > latestStart) return [];

  const closures = closureIntervals(settings);
  const capacity = capacityFor(settings, service.category);
  const occupied = occupiedIntervals(query.existingBookings, service.category, settings.bufferMin, query.excludeBookingId);
  const room = pool.length > 0 ? resourceRoom(pool, query.existingBookings, settings.bufferMin, query.excludeBookingId) : undefined;
  const hasRoom = (window: Interval) => (room ? room(window).length > 0 : peakOccupancy(occupied, window) + 1 <= capacity);

  const slots: Slot[] = [];
  for (const open of openingIntervals(settings, firstStart, Math.min(startLimit, latestStart + 1) + duration)) {
    const skip = Math.max(0, Math.ceil((firstStart - open.start) / step));
    for (let start = open.start + skip * step; start + duration <= open.end; start += step) {
      if (start >= startLimit || start > latestStart) break;
      const slot = { start, end: start + duration };
      if (closures.some((c) => overlaps(c, slot))) continue;
      if (!hasRoom({ start, end: slot.end + buffer })) continue;
      slots.push({ startsAt: toUtcIso(start), endsAt: toUtcIso(slot.end) });
    }
  }
  return slots;
}

export interface NextFreeSlotsQuery extends Omit<FreeSlotsQuery, 'from' | 'to'> {
  /** Look from here on (e.g. the time the customer asked for); defaults to now. */
  readonly after?: Instant;
  /** How many to return; default 3, a number a customer can choose from on WhatsApp. */
  readonly limit?: number;
  /** Spread suggestions over days: at most this many per local day. */
  readonly maxPerDay?: number;
}

export const DEFAULT_SUGGESTION_LIMIT = 3;

/**
 * The first free slots at or after `after`, up to the horizon: the alternatives
 * offered when the requested time is refused.
 */
export function nextFreeSlots(query: NextFreeSlotsQuery): Slot[] {
  const limit = query.limit ?? DEFAULT_SUGGESTION_LIMIT;
  if (limit <= 0) return [];
  const now = toEpochMs(query.now);
  const from = Math.max(now, query.after === undefined ? now : toEpochMs(query.after));
  const horizonEnd = now + query.settings.horizonDays * DAY_MS + 1;
  const perDay = new Map<string, number>();
  const picked: Slot[] = [];
  // A week at a time, so the common case (a slot in the next days) does not
  // compute the whole horizon.
  for (let chunkStart = from; chunkStart < horizonEnd && picked.length < limit; chunkStart += 7 * DAY_MS) {
    const chunkEnd = Math.min(chunkStart + 7 * DAY_MS, horizonEnd);
    for (const slot of computeFreeSlots({ ...query, from: chunkStart, to: chunkEnd })) {
      if (query.maxPerDay !== undefined) {
        const day = localDateOf(slot.startsAt, query.settings.timezone);
        const used = perDay.get(day) ?? 0;
        if (used >= query.maxPerDay) continue;
        perDay.set(day, used + 1);
      }
      picked.push(slot);
      if (picked.length >= limit) break;
    }
  }
  return picked;
}
