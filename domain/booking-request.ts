import { closureHit, openingIntervals } from './availability.js';
import { type ExistingBooking, occupiedIntervals, peakOccupancy } from './capacity.js';
import { DomainError } from './domain-error.js';
import { DAY_MS, type Instant, MINUTE_MS, toEpochMs, toUtcIso, type UtcIso } from './instant.js';
import { contains } from './interval.js';
import type { PetSize } from './pet-size.js';
import { candidateResources, type Resource, resourcesWithRoom } from './resources.js';
import { capacityFor, type SchedulingSettings } from './scheduling-settings.js';
import { offeringFor, type Service, servesSpecies } from './service.js';

/**
 * Whether one concrete booking request can be accepted. This is the rule the
 * slot list is built from (`computeFreeSlots` offers exactly the grid times for
 * which this check passes) and the rule a write must pass again, because the
 * agenda may have changed between offering a slot and the customer's "sim".
 */

export type BookingRequestErrorCode =
  | 'SERVICE_INACTIVE'
  | 'SPECIES_NOT_SERVED'
  | 'SIZE_NOT_OFFERED'
  | 'IN_THE_PAST'
  | 'TOO_SOON'
  | 'BEYOND_HORIZON'
  | 'OUTSIDE_BUSINESS_HOURS'
  | 'IN_CLOSURE'
  | 'SLOT_TAKEN'
  /** The chosen professional or room does not take this service (unknown, inactive, or other categories). */
  | 'RESOURCE_UNAVAILABLE'
  /** The pet already has an active booking overlapping this one (it cannot be in two places). */
  | 'PET_ALREADY_BOOKED';

export class BookingRequestError extends DomainError<BookingRequestErrorCode> {}

export interface BookingRequest {
  readonly service: Service;
  readonly size: PetSize;
  /** The pet's species; when omitted the species check is skipped (staff bookings without a pet record). */
  readonly species?: string;
  readonly startsAt: Instant;
  readonly now: Instant;
  readonly settings: SchedulingSettings;
  readonly existingBookings: readonly ExistingBooking[];
  /** The booking being rescheduled, so it does not compete with itself. */
  readonly excludeBookingId?: string;
  /** The shop's professionals and rooms (see resources.ts); none keeps the category capacity. */
  readonly resources?: readonly Resource[];
  /** One resource the booking must use (staff chose it); otherwise any of the category's. */
  readonly resourceId?: string;
}

export interface AcceptedBooking {
  readonly ok: true;
  readonly startsAt: UtcIso;
  readonly endsAt: UtcIso;
  readonly durationMin: number;
  readonly priceCents: number;
  /** When the category is booked on resources: those with a free place then, in the shop's order. */
  readonly resourceIds?: readonly string[];
}

export interface RejectedBooking {
  readonly ok: false;
  readonly code: BookingRequestErrorCode;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

export type BookingCheck = AcceptedBooking | RejectedBooking;

function reject(code: BookingRequestErrorCode, message: string, details: Record<string, unknown> = {}): RejectedBooking {
  return { ok: false, code, message, details };
}

/**
 * Checks a request and returns a result instead of throwing: a refused slot is
 * an answer for the customer, not a crash. Checks run from the most to the least
 * fundamental, so the code names the first reason that makes it impossible.
 * Start times need not sit on the slot grid; staff may book 10:15.
 */
export function validateBookingRequest(request: BookingRequest): BookingCheck {
  const { service, size, settings } = request;
  if (!service.active) return reject('SERVICE_INACTIVE', `Service ${service.id} is inactive`, { serviceId: service.id });
  if (request.species !== undefined && !servesSpecies(service, request.species)) {
    return reject('SPECIES_NOT_SERVED', `Service ${service.id} does not serve ${request.species}`, {
      serviceId: service.id,
      species: request.species,
    });
  }
  const offering = offeringFor(service, size);
  if (!offering) {
    return reject('SIZE_NOT_OFFERED', `Service ${service.id} has no price for size ${size}`, { serviceId: service.id, size });
  }
  const pool = candidateResources(request.resources, service.category, request.resourceId);
  if (!pool) {
    return reject('RESOURCE_UNAVAILABLE', `Resource ${request.resourceId} does not take ${service.category}`, { resourceId: request.resourceId, category: service.category });
  }

  const now = toEpochMs(request.now);
  const start = toEpochMs(request.startsAt);
  const end = start + offering.durationMin * MINUTE_MS;
  if (start < now) return reject('IN_THE_PAST', 'The requested start is in the past', { startsAt: toUtcIso(start) });
  const earliest = now + settings.minNoticeMin * MINUTE_MS;
  if (start < earliest) {
    return reject('TOO_SOON', `Bookings need ${settings.minNoticeMin} min notice`, {
      earliest: toUtcIso(earliest),
      minNoticeMin: settings.minNoticeMin,
    });
  }
  const latest = now + settings.horizonDays * DAY_MS;
  if (start > latest) {
    return reject('BEYOND_HORIZON', `Bookings open only ${settings.horizonDays} days ahead`, {
      latest: toUtcIso(latest),
      horizonDays: settings.horizonDays,
    });
  }

  const slot = { start, end };
  if (!openingIntervals(settings, start, end).some((open) => contains(open, slot))) {
    return reject('OUTSIDE_BUSINESS_HOURS', 'The service would not fit inside opening hours', {
      timezone: settings.timezone,
    });
  }
  const closure = closureHit(settings, slot);
  if (closure) {
    return reject('IN_CLOSURE', 'The shop is closed then', { ...closure });
  }

  const window = { start, end: end + settings.bufferMin * MINUTE_MS };
  let resourceIds: string[] | undefined;
  if (pool.length > 0) {
    resourceIds = resourcesWithRoom(pool, request.existingBookings, window, settings.bufferMin, request.excludeBookingId).map((r) => r.id);
    if (resourceIds.length === 0) {
      return reject('SLOT_TAKEN', 'No professional or room free at that time', { category: service.category, ...(request.resourceId !== undefined && { resourceId: request.resourceId }) });
    }
  } else {
    const capacity = capacityFor(settings, service.category);
    const occupied = occupiedIntervals(request.existingBookings, service.category, settings.bufferMin, request.excludeBookingId);
    if (peakOccupancy(occupied, window) + 1 > capacity) {
      return reject('SLOT_TAKEN', 'No capacity left at that time', { category: service.category, capacity });
    }
  }

  return {
    ok: true,
    startsAt: toUtcIso(start),
    endsAt: toUtcIso(end),
    durationMin: offering.durationMin,
    priceCents: offering.priceCents,
    ...(resourceIds && { resourceIds }),
  };
}

/** Like `validateBookingRequest`, but throws `BookingRequestError` (with the same code) on refusal. */
export function assertBookingRequest(request: BookingRequest): AcceptedBooking {
  const check = validateBookingRequest(request);
  if (!check.ok) throw new BookingRequestError(check.code, check.message, { ...check.details });
  return check;
}

/** What the assistant tells the customer for each refusal. */
export const BOOKING_REQUEST_MESSAGES_PT_BR: Readonly<Record<BookingRequestErrorCode, string>> = Object.freeze({
  SERVICE_INACTIVE: 'Esse serviço não está disponível no momento.',
  SPECIES_NOT_SERVED: 'Infelizmente esse serviço não atende essa espécie.',
  SIZE_NOT_OFFERED: 'Esse serviço não está disponível para o porte do seu pet.',
  IN_THE_PAST: 'Esse horário já passou.',
  TOO_SOON: 'Esse horário está muito em cima — precisamos de um pouco mais de antecedência.',
  BEYOND_HORIZON: 'Ainda não abrimos a agenda para essa data.',
  OUTSIDE_BUSINESS_HOURS: 'Nesse horário não estamos atendendo.',
  IN_CLOSURE: 'Nesse dia/horário estaremos fechados.',
  SLOT_TAKEN: 'Esse horário já está ocupado.',
  RESOURCE_UNAVAILABLE: 'Esse profissional ou sala não faz esse serviço.',
  PET_ALREADY_BOOKED: 'Esse pet já tem um agendamento nesse horário.',
});
