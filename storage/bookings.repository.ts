import { sql } from 'kysely';
import { validateBookingRequest, BookingRequestError } from '../domain/booking-request.js';
import { transition, type BookingEvent } from '../domain/booking-state-machine.js';
import { ACTIVE_BOOKING_STATUSES, type BookingStatus } from '../domain/booking-status.js';
import type { ExistingBooking } from '../domain/capacity.js';
import { computeFreeSlots, nextFreeSlots, type Slot } from '../domain/free-slots.js';
import { MINUTE_MS, toEpochMs } from '../domain/instant.js';
import { candidateResources, type Resource } from '../domain/resources.js';
import { capacityFor, type SchedulingSettings } from '../domain/scheduling-settings.js';
import type { Service as DomainService } from '../domain/service.js';
import type { BookingRow, PetSize } from './database.js';
import { auditActorLabel } from './audit-log.repository.js';
import type { Executor } from './executor.js';
import { ResourcesRepository } from './resources.repository.js';
import { SchedulingRepository } from './scheduling.repository.js';
import { ServicesRepository, type Service } from './services.repository.js';
import { isDeadlock, isExclusionViolation, NotFoundError } from './storage-errors.js';

/** Deadlocks between concurrent attempts resolve within a few tries; more means something else is wrong. */
const MAX_DEADLOCK_RETRIES = 8;

export interface Booking {
  id: string;
  contactId: string;
  petId: string;
  serviceId: string;
  startsAt: string;
  endsAt: string;
  status: BookingStatus;
  priceCents: number;
  source: 'whatsapp' | 'staff';
  category: string;
  petSize: PetSize;
  reminderSentAt: string | null;
  /** The professional or room it holds a place of; null when its category has none. */
  resourceId: string | null;
  /** Actor label of who booked (`staff:<userId>`, `org-token:<fp>`, `customer:<contactId>`…); null for older bookings. */
  createdBy: string | null;
  /** Actor label of who made the last change; null until one. */
  changedBy: string | null;
}

export function bookingRowToBooking(row: BookingRow): Booking {
  return {
    id: row.id,
    contactId: row.contact_id,
    petId: row.pet_id,
    serviceId: row.service_id,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    status: row.status,
    priceCents: row.price_cents,
    source: row.source,
    category: row.category,
    petSize: row.pet_size,
    reminderSentAt: row.reminder_sent_at?.toISOString() ?? null,
    resourceId: row.resource_id,
    createdBy: row.created_by,
    changedBy: row.changed_by,
  };
}

/** The actor label of a customer acting on WhatsApp (the audit log's label). */
export function customerActorLabel(contactId: string): string {
  return auditActorLabel({ kind: 'customer', id: contactId });
}

export interface NewBooking {
  contactId: string;
  petId: string;
  serviceId: string;
  startsAt: string | Date;
  source: 'whatsapp' | 'staff';
  /** Who books (an actor label, see `Booking.createdBy`). */
  actor?: string;
  /** The professional or room to use; by default the first free one of the category. */
  resourceId?: string;
}

/** Who changes a booking and, for a reschedule, the resource it must move to. */
export interface BookingChangeOptions {
  actor?: string;
  resourceId?: string;
}

/** Where a write may land: a resource (its own units) or the category's units (no resource). */
interface Place {
  resourceId: string | null;
  lock: string;
  units: number[];
}

/** How far back a booking can start and still overlap a new one: the longest service plus buffer. */
const OVERLAP_LOOKBACK_MS = 24 * 60 * MINUTE_MS;

export function toDomainService(service: Service): DomainService {
  return { id: service.id, name: service.name, category: service.category, species: service.species, active: service.active, bySize: service.bySize };
}

const STATUS_TIMESTAMP: Partial<Record<BookingStatus, 'confirmed_at' | 'completed_at' | 'cancelled_at'>> = {
  confirmed: 'confirmed_at',
  completed: 'completed_at',
  cancelled: 'cancelled_at',
};

/**
 * The agenda. Writes check the shop's rules (hours, closures, notice, prices)
 * in the domain first, then let the database have the last word on capacity:
 * a booking takes a free unit of its category and the exclusion constraint
 * refuses any overlap on that unit, so concurrent requests cannot overbook.
 */
/** The exclusion constraint that keeps a pet's active bookings from overlapping (migration 2026_12_04_00_03). */
const PET_OVERLAP_CONSTRAINT = 'bookings_pet_no_overlap';

function petAlreadyBooked(): BookingRequestError {
  return new BookingRequestError('PET_ALREADY_BOOKED', 'The pet already has a booking overlapping that time', {});
}

export class BookingsRepository {
  constructor(readonly db: Executor) {}

  async findById(orgId: string, id: string): Promise<Booking | undefined> {
    const row = await this.db.selectFrom('bookings').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
    return row && bookingRowToBooking(row);
  }

  /**
   * Checks a booking without writing it: what the assistant does before it
   * asks "Confirma?". Returns the times and price, or throws like `book`.
   */
  async preview(orgId: string, input: Omit<NewBooking, 'source' | 'actor'> & { excludeBookingId?: string }, now: Date) {
    const { settings, service, pet, resources } = await this.#context(orgId, input.serviceId, input.contactId, input.petId);
    const startsAt = new Date(toEpochMs(input.startsAt));
    const accepted = await this.#check(orgId, {
      settings, service, species: pet.species, size: pet.size, startsAt, now, excludeBookingId: input.excludeBookingId, resources, resourceId: input.resourceId,
    });
    await this.#refuseIfPetBusy(orgId, input.petId, startsAt, new Date(accepted.endsAt), input.excludeBookingId);
    return { ...accepted, serviceName: service.name, timezone: settings.timezone };
  }

  /** Creates a booking or throws a `BookingRequestError` (SLOT_TAKEN carries `details.nextSlots`). */
  async book(orgId: string, input: NewBooking, now: Date): Promise<Booking> {
    const { settings, service, pet, resources } = await this.#context(orgId, input.serviceId, input.contactId, input.petId);
    const startsAt = new Date(toEpochMs(input.startsAt));
    const accepted = await this.#check(orgId, { settings, service, species: pet.species, size: pet.size, startsAt, now, resources, resourceId: input.resourceId });
    const endsAt = new Date(accepted.endsAt);
    await this.#refuseIfPetBusy(orgId, input.petId, startsAt, endsAt);
    const blockedUntil = new Date(endsAt.getTime() + settings.bufferMin * MINUTE_MS);
    const places = await this.#placesToTry(orgId, settings, service.category, resources, accepted.resourceIds, startsAt, blockedUntil);
    const row = await this.#writeAtFirstFreeUnit(places, (db, place, unit) => db
      .insertInto('bookings')
      .values({
        org_id: orgId,
        contact_id: input.contactId,
        pet_id: input.petId,
        service_id: service.id,
        category: service.category,
        unit,
        resource_id: place.resourceId,
        pet_size: pet.size,
        starts_at: startsAt,
        ends_at: endsAt,
        blocked_until: blockedUntil,
        price_cents: accepted.priceCents,
        source: input.source,
        created_by: input.actor ?? null,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow());
    if (row) return bookingRowToBooking(row);
    throw await this.#slotTaken(orgId, settings, service, pet.size, startsAt, now, { resources, resourceId: input.resourceId });
  }

  /**
   * Moves a booking to a new start (back to `scheduled`), keeping its id. On resources it stays
   * with its professional or room when that one is free then, else takes the first free one —
   * or exactly `options.resourceId` when given.
   */
  async reschedule(orgId: string, bookingId: string, newStart: string | Date, now: Date, options: BookingChangeOptions = {}): Promise<Booking> {
    const booking = await this.findById(orgId, bookingId);
    if (!booking) throw new NotFoundError('Booking', bookingId);
    const status = transition(booking.status, 'reschedule');
    const { settings, service, pet, resources } = await this.#context(orgId, booking.serviceId, booking.contactId, booking.petId);
    const startsAt = new Date(toEpochMs(newStart));
    const accepted = await this.#check(orgId, {
      settings, service, species: pet.species, size: pet.size, startsAt, now, excludeBookingId: booking.id, resources, resourceId: options.resourceId,
    });
    const endsAt = new Date(accepted.endsAt);
    await this.#refuseIfPetBusy(orgId, booking.petId, startsAt, endsAt, booking.id);
    const blockedUntil = new Date(endsAt.getTime() + settings.bufferMin * MINUTE_MS);
    // Its own professional or room first: a customer who moves the time keeps the person they chose.
    const preferred = accepted.resourceIds && [...accepted.resourceIds].sort((a, b) => Number(b === booking.resourceId) - Number(a === booking.resourceId));
    const places = await this.#placesToTry(orgId, settings, service.category, resources, preferred, startsAt, blockedUntil, booking.id);
    const row = await this.#writeAtFirstFreeUnit(places, async (db, place, unit) => {
      const updated = await db
        .updateTable('bookings')
        .set({
          unit, resource_id: place.resourceId, starts_at: startsAt, ends_at: endsAt, blocked_until: blockedUntil, status,
          price_cents: accepted.priceCents, reminder_sent_at: null, changed_by: options.actor ?? null, updated_at: now,
        })
        .where('org_id', '=', orgId)
        .where('id', '=', booking.id)
        .where('status', '=', booking.status)
        .returningAll()
        .executeTakeFirst();
      if (!updated) throw new BookingRequestError('SLOT_TAKEN', 'The booking changed meanwhile; try again', {});
      return updated;
    });
    if (row) return bookingRowToBooking(row);
    throw await this.#slotTaken(orgId, settings, service, pet.size, startsAt, now, { excludeBookingId: booking.id, resources, resourceId: options.resourceId });
  }

  /** Applies a status event through the state machine; a concurrent change makes it fail, not overwrite. */
  async applyEvent(orgId: string, bookingId: string, event: Exclude<BookingEvent, 'reschedule'>, now: Date, reason?: string, actor?: string): Promise<Booking> {
    const booking = await this.findById(orgId, bookingId);
    if (!booking) throw new NotFoundError('Booking', bookingId);
    const next = transition(booking.status, event);
    const stamp = STATUS_TIMESTAMP[next];
    const row = await this.db
      .updateTable('bookings')
      .set({
        status: next,
        changed_by: actor ?? null,
        updated_at: now,
        ...(stamp && { [stamp]: now }),
        ...(event === 'cancel' && { cancel_reason: reason ?? null }),
      })
      .where('org_id', '=', orgId)
      .where('id', '=', bookingId)
      .where('status', '=', booking.status)
      .returningAll()
      .executeTakeFirst();
    if (!row) return this.applyEvent(orgId, bookingId, event, now, reason, actor); // lost a race: re-read and re-check
    return bookingRowToBooking(row);
  }

  /** Free slots for a service and size between two instants; with `resourceId`, where that professional or room is free. */
  async freeSlots(orgId: string, serviceId: string, size: PetSize, from: Date, to: Date, now: Date, resourceId?: string): Promise<Slot[]> {
    const [settings, service, resources] = await Promise.all([
      new SchedulingRepository(this.db).load(orgId),
      new ServicesRepository(this.db).findById(orgId, serviceId),
      new ResourcesRepository(this.db).list(orgId),
    ]);
    if (!settings || !service) throw new NotFoundError('Service', serviceId);
    const existing = await this.#activeInWindow(orgId, service.category, resources, from, new Date(to.getTime() + OVERLAP_LOOKBACK_MS));
    return computeFreeSlots({ service: toDomainService(service), size, from, to, now, settings, existingBookings: existing, resources, resourceId });
  }

  /** The agenda between two instants, ordered by start; optionally one status. */
  async listRange(orgId: string, from: Date, to: Date, status?: BookingStatus): Promise<Booking[]> {
    let query = this.db.selectFrom('bookings').selectAll().where('org_id', '=', orgId).where('starts_at', '>=', from).where('starts_at', '<', to);
    if (status) query = query.where('status', '=', status);
    const rows = await query.orderBy('starts_at').orderBy('id').execute();
    return rows.map(bookingRowToBooking);
  }

  /** A customer's bookings of the last `pastDays` days and all future ones (the assistant's context). */
  async listForContact(orgId: string, contactId: string, now: Date, pastDays = 30): Promise<Booking[]> {
    const rows = await this.db
      .selectFrom('bookings')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('contact_id', '=', contactId)
      .where('starts_at', '>=', new Date(now.getTime() - pastDays * 24 * 60 * MINUTE_MS))
      .orderBy('starts_at')
      .execute();
    return rows.map(bookingRowToBooking);
  }

  /** Active bookings starting in [from, to) still without a reminder: candidates for the reminder job. */
  async listReminderCandidates(from: Date, to: Date, limit = 500): Promise<Array<Booking & { orgId: string }>> {
    const rows = await this.db
      .selectFrom('bookings')
      .selectAll()
      .where('reminder_sent_at', 'is', null)
      .where('status', 'in', [...ACTIVE_BOOKING_STATUSES])
      .where('starts_at', '>=', from)
      .where('starts_at', '<', to)
      .orderBy('starts_at')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ ...bookingRowToBooking(r), orgId: r.org_id }));
  }

  /**
   * Claims the right to remind one booking. Exactly one caller gets true per
   * booking, across restarts and nodes; run it in the same transaction as the
   * reminder's outbox row so a crash cannot claim without sending.
   */
  async claimReminder(bookingId: string, now: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('bookings')
      .set({ reminder_sent_at: now })
      .where('id', '=', bookingId)
      .where('reminder_sent_at', 'is', null)
      .where('status', 'in', [...ACTIVE_BOOKING_STATUSES])
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /**
   * Runs one write that may hit the exclusion constraint. Inside a transaction
   * a failed statement would abort the whole transaction, so the attempt gets
   * its own savepoint and a refusal rolls back only that.
   */
  /**
   * Tries the write at each place's units in order (each under its place's lock) and answers the
   * first that takes; undefined when every unit is taken meanwhile. The pet's own overlap is final:
   * another unit will not help.
   */
  async #writeAtFirstFreeUnit<T>(places: readonly Place[], write: (db: Executor, place: Place, unit: number) => Promise<T>): Promise<T | undefined> {
    for (const place of places) {
      for (const unit of place.units) {
        try {
          return await this.#attempt(place.lock, (db) => write(db, place, unit));
        } catch (error) {
          if (isExclusionViolation(error, PET_OVERLAP_CONSTRAINT)) throw petAlreadyBooked();
          if (!isExclusionViolation(error)) throw error;
        }
      }
    }
    return undefined;
  }

  /**
   * One write at one unit, serialized per org and category (or resource) with a transaction-scoped advisory
   * lock. Without it, concurrent inserts checked by the same exclusion constraint wait on each
   * other's uncommitted rows, and PostgreSQL breaks the cycles with deadlock errors after a
   * second each — 50 customers racing for the last place took minutes on a busy machine. Under
   * the lock each attempt sees the previous one committed: a booking or an exclusion violation
   * at once. A deadlock that still happens (another path's lock order) is simply tried again.
   */
  async #attempt<T>(lockName: string, write: (db: Executor) => Promise<T>): Promise<T> {
    for (let tries = 1; ; tries++) {
      try {
        return await this.#attemptOnce(lockName, write);
      } catch (error) {
        if (!isDeadlock(error) || tries >= MAX_DEADLOCK_RETRIES) throw error;
      }
    }
  }

  async #attemptOnce<T>(lockName: string, write: (db: Executor) => Promise<T>): Promise<T> {
    const lock = (db: Executor) => sql`select pg_advisory_xact_lock(hashtext(${lockName}))`.execute(db);
    if (!this.db.isTransaction) {
      return this.db.transaction().execute(async (trx) => {
        await lock(trx);
        return write(trx);
      });
    }
    // Inside the caller's transaction: the lock lasts until it commits; a savepoint keeps an
    // exclusion refusal from aborting the caller's work.
    await lock(this.db);
    await sql`savepoint booking_attempt`.execute(this.db);
    try {
      const result = await write(this.db);
      await sql`release savepoint booking_attempt`.execute(this.db);
      return result;
    } catch (error) {
      await sql`rollback to savepoint booking_attempt`.execute(this.db);
      throw error;
    }
  }

  /** The pet's own agenda: an active booking of it overlapping [start, end) refuses this one (PET_ALREADY_BOOKED). */
  async #refuseIfPetBusy(orgId: string, petId: string, start: Date, end: Date, excludeId?: string): Promise<void> {
    let query = this.db
      .selectFrom('bookings')
      .select('id')
      .where('org_id', '=', orgId)
      .where('pet_id', '=', petId)
      .where('status', 'in', [...ACTIVE_BOOKING_STATUSES])
      .where('starts_at', '<', end)
      .where('ends_at', '>', start);
    if (excludeId !== undefined) query = query.where('id', '!=', excludeId);
    if (await query.executeTakeFirst()) throw petAlreadyBooked();
  }

  async #context(orgId: string, serviceId: string, contactId: string, petId: string) {
    const [settings, service, pet, resources] = await Promise.all([
      new SchedulingRepository(this.db).load(orgId),
      new ServicesRepository(this.db).findById(orgId, serviceId),
      this.db.selectFrom('pets').select(['species', 'size', 'contact_id']).where('org_id', '=', orgId).where('id', '=', petId).executeTakeFirst(),
      new ResourcesRepository(this.db).list(orgId),
    ]);
    if (!settings) throw new NotFoundError('Organization', orgId);
    if (!service) throw new NotFoundError('Service', serviceId);
    if (!pet || pet.contact_id !== contactId) throw new NotFoundError('Pet', petId);
    return { settings, service, pet, resources };
  }

  async #check(
    orgId: string,
    q: {
      settings: SchedulingSettings; service: Service; species: string; size: PetSize; startsAt: Date; now: Date; excludeBookingId?: string;
      resources: readonly Resource[]; resourceId?: string;
    },
  ) {
    const window = await this.#activeInWindow(orgId, q.service.category, q.resources, new Date(q.startsAt.getTime() - OVERLAP_LOOKBACK_MS), new Date(q.startsAt.getTime() + OVERLAP_LOOKBACK_MS));
    const check = validateBookingRequest({
      service: toDomainService(q.service),
      size: q.size,
      species: q.species,
      startsAt: q.startsAt,
      now: q.now,
      settings: q.settings,
      existingBookings: window,
      excludeBookingId: q.excludeBookingId,
      resources: q.resources,
      resourceId: q.resourceId,
    });
    if (!check.ok) {
      if (check.code === 'SLOT_TAKEN') {
        throw await this.#slotTaken(orgId, q.settings, q.service, q.size, q.startsAt, q.now, { excludeBookingId: q.excludeBookingId, resources: q.resources, resourceId: q.resourceId });
      }
      throw new BookingRequestError(check.code, check.message, { ...check.details });
    }
    return check;
  }

  /**
   * Where to write, in order: each resource the check found free (`resourceIds`), or the
   * category's units when no resource serves it. Within a place, units not already holding an
   * overlapping active booking come first, then the rest (the database decides).
   */
  async #placesToTry(
    orgId: string, settings: SchedulingSettings, category: string, resources: readonly Resource[], resourceIds: readonly string[] | undefined,
    start: Date, blockedUntil: Date, excludeId?: string,
  ): Promise<Place[]> {
    if (!resourceIds) {
      return [{ resourceId: null, lock: `booking:${orgId}:${category}`, units: await this.#freeUnitsFirst(orgId, capacityFor(settings, category), { category }, start, blockedUntil, excludeId) }];
    }
    const places: Place[] = [];
    for (const id of resourceIds) {
      const resource = resources.find((r) => r.id === id)!;
      places.push({ resourceId: id, lock: `booking:${orgId}:resource:${id}`, units: await this.#freeUnitsFirst(orgId, resource.capacity, { resourceId: id }, start, blockedUntil, excludeId) });
    }
    return places;
  }

  async #freeUnitsFirst(orgId: string, capacity: number, holder: { category: string } | { resourceId: string }, start: Date, blockedUntil: Date, excludeId?: string): Promise<number[]> {
    let query = this.db
      .selectFrom('bookings')
      .select('unit')
      .where('org_id', '=', orgId)
      .where('status', 'in', [...ACTIVE_BOOKING_STATUSES])
      .where('starts_at', '<', blockedUntil)
      .where('blocked_until', '>', start);
    query = 'resourceId' in holder
      ? query.where('resource_id', '=', holder.resourceId)
      : query.where('category', '=', holder.category).where('resource_id', 'is', null);
    if (excludeId) query = query.where('id', '!=', excludeId);
    const busy = new Set((await query.execute()).map((r) => r.unit));
    const units = Array.from({ length: capacity }, (_, i) => i + 1);
    return [...units.filter((u) => !busy.has(u)), ...units.filter((u) => busy.has(u))];
  }

  /**
   * Active bookings in a window that may compete with one of `category`: the category's when no
   * resource serves it; otherwise those on the resources serving it and every booking without a
   * resource (the domain counts those of a category a resource serves against it).
   */
  async #activeInWindow(orgId: string, category: string, resources: readonly Resource[], from: Date, to: Date): Promise<ExistingBooking[]> {
    const poolIds = (candidateResources(resources, category) ?? []).map((r) => r.id);
    const rows = await this.db
      .selectFrom('bookings')
      .select(['id', 'starts_at', 'ends_at', 'category', 'status', 'resource_id'])
      .where('org_id', '=', orgId)
      .where((eb) => (poolIds.length > 0 ? eb.or([eb('resource_id', 'is', null), eb('resource_id', 'in', poolIds)]) : eb('category', '=', category)))
      .where('status', 'in', [...ACTIVE_BOOKING_STATUSES])
      .where('starts_at', '<', to)
      .where('blocked_until', '>', from)
      .execute();
    return rows.map((r) => ({ id: r.id, startsAt: r.starts_at, endsAt: r.ends_at, category: r.category, status: r.status, resourceId: r.resource_id }));
  }

  async #slotTaken(
    orgId: string, settings: SchedulingSettings, service: Service, size: PetSize, after: Date, now: Date,
    options: { excludeBookingId?: string; resources: readonly Resource[]; resourceId?: string },
  ) {
    const horizonEnd = new Date(now.getTime() + (settings.horizonDays + 1) * 24 * 60 * MINUTE_MS);
    const existing = await this.#activeInWindow(orgId, service.category, options.resources, new Date(after.getTime() - OVERLAP_LOOKBACK_MS), horizonEnd);
    const nextSlots = nextFreeSlots({
      service: toDomainService(service), size, now, after, settings, existingBookings: existing,
      excludeBookingId: options.excludeBookingId, resources: options.resources, resourceId: options.resourceId,
    });
    return new BookingRequestError('SLOT_TAKEN', 'That time is no longer free', { nextSlots });
  }
}

