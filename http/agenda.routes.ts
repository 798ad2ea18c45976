import { z } from 'zod';
import { changeShop } from './actors-port.js';
import type { StaffBookingChange } from '../actors/conversation/conversation.protocol.js';
import { applyStaffBookingChange } from '../actors/conversation/staff-booking.js';
import { isSupportedEpochMs, toEpochMs } from '../domain/instant.js';
import { isValidLocalDate, addDays, startOfLocalDay, toZonedIso } from '../domain/zoned-time.js';
import { schedulingSettingsSchema } from '../domain/scheduling-settings.js';
import { resolveActorNames, type ActorName } from '../storage/actor-names.js';
import { BookingsRepository, type Booking } from '../storage/bookings.repository.js';
import { ResourcesRepository } from '../storage/resources.repository.js';
import { SchedulingRepository } from '../storage/scheduling.repository.js';
import type { ApiDeps } from './api-deps.js';
import type { ApiRouter } from './api-router.js';
import { currentActor, currentOrg } from './auth.js';
import { HttpError, notFound } from './errors.js';
import { idParams, isoDateTime, orgParams, petSize, uuid } from './schema-primitives.js';

const DAY_MS = 86_400_000;
const MAX_RANGE_DAYS = 62;

/** Who booked or changed: a person's name (staff, customer) or what kind of credential it was. */
const bookingActorSchema = z.object({ kind: z.enum(['staff', 'token', 'admin', 'customer', 'system']), name: z.string() }).nullable();

const bookingSchema = z.object({
  id: z.string(),
  contactId: z.string(),
  petId: z.string(),
  serviceId: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  status: z.enum(['scheduled', 'confirmed', 'completed', 'cancelled', 'no_show']),
  priceCents: z.number(),
  source: z.enum(['whatsapp', 'staff']),
  /** The professional or room it holds a place of (null when its category has none). */
  resourceId: z.string().nullable(),
  /** Who booked it (null for bookings from before this was recorded). */
  createdBy: bookingActorSchema,
  /** Who made the last change (reschedule, confirm, cancel…); null until one. */
  changedBy: bookingActorSchema,
});

const businessHoursBody = z.strictObject({
  timezone: schedulingSettingsSchema.shape.timezone,
  weekly: z.array(z.strictObject({ weekday: z.number().int().min(0).max(6), opens: z.string(), closes: z.string() })).max(50),
  closures: z.array(z.strictObject({ from: z.string(), to: z.string(), reason: z.string().max(200).optional() })).max(200).default([]),
  capacity: z.record(z.string().min(1).max(60), z.number().int().min(1).max(100)).default({}),
  bufferMin: z.number().int().min(0).max(240).optional(),
  minNoticeMin: z.number().int().min(0).max(7 * 24 * 60).optional(),
  horizonDays: z.number().int().min(1).max(366).optional(),
  slotIntervalMin: z.number().int().min(5).max(240).optional(),
  customerChangeLimitMin: z.number().int().min(0).max(7 * 24 * 60).optional(),
});

const SCHEDULING_KEYS = ['capacity', 'bufferMin', 'minNoticeMin', 'horizonDays', 'slotIntervalMin', 'customerChangeLimitMin'] as const;

/** A closure bound as stored: a local date becomes the start of that day (or of the next, for an inclusive end). */
function closureInstant(value: string, timezone: string, end: boolean): string {
  let ms: number;
  try {
    ms = isValidLocalDate(value) ? startOfLocalDay(end ? addDays(value, 1) : value, timezone) : toEpochMs(value);
  } catch {
    ms = Number.NaN; // e.g. the day after 9999-12-31
  }
  if (!isSupportedEpochMs(ms)) throw new HttpError(400, 'VALIDATION_FAILED', 'A closure must fall between the years 1900 and 9999');
  return new Date(ms).toISOString();
}

function publicBooking(b: Booking, timezone: string, actors: Map<string, ActorName>): z.infer<typeof bookingSchema> {
  return {
    id: b.id, contactId: b.contactId, petId: b.petId, serviceId: b.serviceId,
    startsAt: toZonedIso(b.startsAt, timezone), endsAt: toZonedIso(b.endsAt, timezone),
    status: b.status, priceCents: b.priceCents, source: b.source, resourceId: b.resourceId,
    createdBy: b.createdBy ? actors.get(b.createdBy) ?? null : null,
    changedBy: b.changedBy ? actors.get(b.changedBy) ?? null : null,
  };
}

/** The bookings as the API shows them, with who booked and changed each resolved to a name. */
async function publicBookings(deps: ApiDeps, orgId: string, timezone: string, bookings: Booking[]) {
  const actors = await resolveActorNames(deps.db, orgId, bookings.flatMap((b) => [b.createdBy, b.changedBy]));
  return bookings.map((b) => publicBooking(b, timezone, actors));
}

async function onePublicBooking(deps: ApiDeps, orgId: string, timezone: string, booking: Booking) {
  return (await publicBookings(deps, orgId, timezone, [booking]))[0]!;
}

/** A resource chosen by id must be this org's (404 like any unknown id); whether it takes the service is the booking's check. */
async function assertResource(deps: ApiDeps, orgId: string, resourceId: string | undefined): Promise<void> {
  if (resourceId !== undefined && !(await new ResourcesRepository(deps.db).findById(orgId, resourceId))) throw notFound('Resource');
}

/**
 * A staff change to a customer's agenda goes through that customer's actor, so its memory and
 * the customer's next turn see it. `actor` (who asked) is stored on the booking.
 */
async function changeAgenda(deps: ApiDeps, orgId: string, contactId: string, change: StaffBookingChange, actor: string): Promise<Booking> {
  // A node without the actor tree (API only) writes directly; the customer's actor reloads on its next activation.
  if (!deps.actors) return applyStaffBookingChange(deps.db, orgId, contactId, change, new Date(deps.clock.now()), actor);
  return deps.actors.conversation(orgId, contactId).ask<Booking>({ type: 'conversation.staff-booking', change, actor });
}

/** SLOT_TAKEN suggestions in the shop's offset, like every other time the API returns. */
async function zonedSuggestions<T>(timezone: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const details = (error as { code?: string; details?: { nextSlots?: Array<{ startsAt: string; endsAt: string }> } }).details;
    if ((error as { code?: string }).code === 'SLOT_TAKEN' && details?.nextSlots) {
      throw new HttpError(409, 'SLOT_TAKEN', 'That time is no longer free', {
        nextSlots: details.nextSlots.map((s) => ({ startsAt: toZonedIso(s.startsAt, timezone), endsAt: toZonedIso(s.endsAt, timezone) })),
      });
    }
    throw error;
  }
}

function range(from: string, to: string): { from: Date; to: Date } {
  const start = new Date(from);
  const end = new Date(to);
  if (end <= start) throw new HttpError(400, 'VALIDATION_FAILED', '`to` must be after `from`');
  if (end.getTime() - start.getTime() > MAX_RANGE_DAYS * DAY_MS) throw new HttpError(400, 'VALIDATION_FAILED', `A range covers at most ${MAX_RANGE_DAYS} days`);
  return { from: start, to: end };
}

/** Opening hours, free slots and the agenda. */
export function agendaRoutes(api: ApiRouter, deps: ApiDeps): void {
  const now = () => new Date(deps.clock.now());

  api.route(
    { method: 'get', path: '/business-hours', tag: 'agenda', summary: 'Opening hours, closures, capacity and booking rules', params: orgParams },
    async ({ res }) => {
      const settings = await new SchedulingRepository(deps.db).load(currentOrg(res).id);
      return settings;
    },
  );

  api.route(
    { method: 'put', path: '/business-hours', tag: 'agenda', ownerOnly: true, summary: 'Replace opening hours, closures, capacity and booking rules', params: orgParams, body: businessHoursBody },
    async ({ res, body }) => {
      const org = currentOrg(res);
      const timezone = body.timezone ?? org.timezone;
      // Validate the whole thing with the domain's rules before writing anything.
      const candidate = schedulingSettingsSchema.safeParse({ ...body, timezone });
      if (!candidate.success) {
        const problems = candidate.error.issues.map((i) => ({ path: ['body', ...i.path.map(String)].join('.'), message: i.message }));
        throw new HttpError(400, 'VALIDATION_FAILED', problems.map((p) => `${p.path} ${p.message}`).join('; '), { problems });
      }
      const closures = body.closures.map((c) => ({ from: closureInstant(c.from, timezone, false), to: closureInstant(c.to, timezone, true), reason: c.reason ?? null }));
      if (closures.some((c) => c.to <= c.from)) throw new HttpError(400, 'VALIDATION_FAILED', 'A closure must end after it starts');
      const scheduling = Object.fromEntries(SCHEDULING_KEYS.filter((k) => body[k] !== undefined).map((k) => [k, body[k]]));
      return changeShop(deps, org, { type: 'shop.replace-hours', hours: { weekly: body.weekly, closures }, timezone, scheduling, actor: currentActor(res) });
    },
  );

  api.route(
    {
      method: 'get', path: '/slots', tag: 'agenda', summary: 'Free start times for a service and pet size', params: orgParams,
      query: z.object({ serviceId: uuid, size: petSize, from: isoDateTime, to: isoDateTime, resourceId: uuid.optional() }),
      response: z.object({ items: z.array(z.object({ startsAt: z.string(), endsAt: z.string() })) }),
      errors: ['SERVICE_INACTIVE', 'SIZE_NOT_OFFERED', 'RESOURCE_UNAVAILABLE'],
    },
    async ({ res, query }) => {
      const org = currentOrg(res);
      const { from, to } = range(query.from, query.to);
      await assertResource(deps, org.id, query.resourceId);
      const slots = await new BookingsRepository(deps.db).freeSlots(org.id, query.serviceId, query.size, from, to, now(), query.resourceId);
      return { items: slots.map((s) => ({ startsAt: toZonedIso(s.startsAt, org.timezone), endsAt: toZonedIso(s.endsAt, org.timezone) })) };
    },
  );

  api.route(
    {
      method: 'get', path: '/bookings', tag: 'agenda', summary: 'The agenda between two instants', params: orgParams,
      query: z.object({ from: isoDateTime, to: isoDateTime, status: bookingSchema.shape.status.optional() }),
      response: z.object({ items: z.array(bookingSchema), nextCursor: z.null() }),
    },
    async ({ res, query }) => {
      const org = currentOrg(res);
      const { from, to } = range(query.from, query.to);
      const items = await new BookingsRepository(deps.db).listRange(org.id, from, to, query.status);
      return { items: await publicBookings(deps, org.id, org.timezone, items), nextCursor: null };
    },
  );

  api.route(
    {
      method: 'post', path: '/bookings', tag: 'agenda', summary: 'Book a service for a customer\'s pet (staff)', params: orgParams, status: 201,
      body: z.strictObject({ contactId: uuid, petId: uuid, serviceId: uuid, startsAt: isoDateTime, resourceId: uuid.optional() }), response: bookingSchema,
      errors: ['SLOT_TAKEN', 'PET_ALREADY_BOOKED', 'OUTSIDE_BUSINESS_HOURS', 'IN_CLOSURE', 'SERVICE_INACTIVE', 'SIZE_NOT_OFFERED', 'SPECIES_NOT_SERVED', 'IN_THE_PAST', 'TOO_SOON', 'BEYOND_HORIZON', 'RESOURCE_UNAVAILABLE'],
    },
    async ({ res, body }) => {
      const org = currentOrg(res);
      if (!(await deps.repos.contacts.findById(org.id, body.contactId))) throw notFound('Contact');
      await assertResource(deps, org.id, body.resourceId);
      const { petId, serviceId, startsAt, resourceId } = body;
      const change = { kind: 'book' as const, petId, serviceId, startsAt, ...(resourceId !== undefined && { resourceId }) };
      const booking = await zonedSuggestions(org.timezone, () => changeAgenda(deps, org.id, body.contactId, change, currentActor(res)));
      return onePublicBooking(deps, org.id, org.timezone, booking);
    },
  );

  const events = { confirm: 'confirm', cancel: 'cancel', complete: 'complete', 'no-show': 'no_show' } as const;
  for (const [action, event] of Object.entries(events)) {
    api.route(
      {
        method: 'post', path: `/bookings/:id/${action}`, tag: 'agenda', summary: `${action} a booking`, params: idParams,
        body: z.strictObject({ reason: z.string().max(300).optional() }), response: bookingSchema, errors: ['INVALID_TRANSITION'],
      },
      async ({ res, params, body }) => {
        const org = currentOrg(res);
        const current = await new BookingsRepository(deps.db).findById(org.id, params.id);
        if (!current) throw notFound('Booking');
        const change = { kind: 'event' as const, bookingId: params.id, event, ...(body.reason !== undefined && { reason: body.reason }) };
        const booking = await changeAgenda(deps, org.id, current.contactId, change, currentActor(res));
        return onePublicBooking(deps, org.id, org.timezone, booking);
      },
    );
  }

  api.route(
    {
      method: 'post', path: '/bookings/:id/reschedule', tag: 'agenda', summary: 'Move a booking to a new start', params: idParams,
      body: z.strictObject({ startsAt: isoDateTime, resourceId: uuid.optional() }), response: bookingSchema,
      errors: ['SLOT_TAKEN', 'PET_ALREADY_BOOKED', 'INVALID_TRANSITION', 'OUTSIDE_BUSINESS_HOURS', 'IN_CLOSURE', 'IN_THE_PAST', 'TOO_SOON', 'BEYOND_HORIZON', 'RESOURCE_UNAVAILABLE'],
    },
    async ({ res, params, body }) => {
      const org = currentOrg(res);
      const current = await new BookingsRepository(deps.db).findById(org.id, params.id);
      if (!current) throw notFound('Booking');
      await assertResource(deps, org.id, body.resourceId);
      const change = { kind: 'reschedule' as const, bookingId: params.id, startsAt: body.startsAt, ...(body.resourceId !== undefined && { resourceId: body.resourceId }) };
      const booking = await zonedSuggestions(org.timezone, () => changeAgenda(deps, org.id, current.contactId, change, currentActor(res)));
      return onePublicBooking(deps, org.id, org.timezone, booking);
    },
  );
}
