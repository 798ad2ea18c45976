import { ACTIVE_BOOKING_STATUSES, type BookingStatus } from '../domain/booking-status.js';
import { contactRowToContact, type Contact } from './contacts.repository.js';
import type { Executor } from './executor.js';
import { petRowToPet, type Pet } from './pets.repository.js';

/** How many bookings each side of "now" the overview shows by default. */
export const OVERVIEW_BOOKINGS = 3;

export interface OverviewBooking {
  id: string;
  petId: string;
  petName: string;
  serviceId: string;
  serviceName: string;
  startsAt: string;
  endsAt: string;
  status: BookingStatus;
  priceCents: number;
  source: 'whatsapp' | 'staff';
}

export interface CustomerOverview {
  contact: Contact;
  /** The team's note about the customer (never shown to the model). */
  notes: string | null;
  pets: Pet[];
  /** Active bookings not over yet, soonest first (one under way included). */
  nextBookings: OverviewBooking[];
  /** Bookings already over, whatever became of them, latest first. */
  pastBookings: OverviewBooking[];
}

/**
 * One customer as the Conversas side panel shows them, in four reads scoped to the org and the
 * contact: the contact with the team's note, their pets, the next and the last few bookings with
 * the service's and the pet's names. Undefined when the contact does not exist.
 */
export async function customerOverview(db: Executor, orgId: string, contactId: string, now: Date, bookings = OVERVIEW_BOOKINGS): Promise<CustomerOverview | undefined> {
  const row = await db.selectFrom('contacts').selectAll().where('org_id', '=', orgId).where('id', '=', contactId).executeTakeFirst();
  if (!row) return undefined;
  const withNames = () => db.selectFrom('bookings as b')
    .innerJoin('services as s', (join) => join.onRef('s.org_id', '=', 'b.org_id').onRef('s.id', '=', 'b.service_id'))
    .innerJoin('pets as p', (join) => join.onRef('p.org_id', '=', 'b.org_id').onRef('p.id', '=', 'b.pet_id'))
    .select(['b.id', 'b.pet_id', 'p.name as pet_name', 'b.service_id', 's.name as service_name', 'b.starts_at', 'b.ends_at', 'b.status', 'b.price_cents', 'b.source'])
    .where('b.org_id', '=', orgId).where('b.contact_id', '=', contactId);
  const [pets, next, past] = await Promise.all([
    db.selectFrom('pets').selectAll().where('org_id', '=', orgId).where('contact_id', '=', contactId).orderBy('created_at').orderBy('id').execute(),
    withNames().where('b.status', 'in', [...ACTIVE_BOOKING_STATUSES]).where('b.ends_at', '>', now).orderBy('b.starts_at').orderBy('b.id').limit(bookings).execute(),
    withNames().where('b.ends_at', '<=', now).orderBy('b.starts_at', 'desc').orderBy('b.id', 'desc').limit(bookings).execute(),
  ]);
  const toBooking = (b: (typeof next)[number]): OverviewBooking => ({
    id: b.id, petId: b.pet_id, petName: b.pet_name, serviceId: b.service_id, serviceName: b.service_name,
    startsAt: b.starts_at.toISOString(), endsAt: b.ends_at.toISOString(), status: b.status, priceCents: b.price_cents, source: b.source,
  });
  return { contact: contactRowToContact(row), notes: row.notes, pets: pets.map(petRowToPet), nextBookings: next.map(toBooking), pastBookings: past.map(toBooking) };
}

/** The team's note about a customer: set (or cleared with null) and read back; undefined when the contact does not exist. */
export async function setContactNotes(db: Executor, orgId: string, contactId: string, notes: string | null, now: Date): Promise<{ contact: Contact; notes: string | null } | undefined> {
  const row = await db.updateTable('contacts').set({ notes, updated_at: now })
    .where('org_id', '=', orgId).where('id', '=', contactId)
    .returningAll().executeTakeFirst();
  return row && { contact: contactRowToContact(row), notes: row.notes };
}
