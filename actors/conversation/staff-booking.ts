import { ValidationError } from '../../runtime/errors.js';
import { BookingsRepository, type Booking } from '../../storage/bookings.repository.js';
import type { Executor } from '../../storage/executor.js';
import type { StaffBookingChange } from './conversation.protocol.js';

/** A staff change to one customer's agenda (the ConversationActor runs it in its mailbox). */
export async function applyStaffBookingChange(db: Executor, orgId: string, contactId: string, change: StaffBookingChange, now: Date): Promise<Booking> {
  const bookings = new BookingsRepository(db);
  if (change.kind === 'book') {
    return bookings.book(orgId, { contactId, petId: change.petId, serviceId: change.serviceId, startsAt: change.startsAt, source: 'staff' }, now);
  }
  const current = await bookings.findById(orgId, change.bookingId);
  if (!current || current.contactId !== contactId) throw new ValidationError('Booking not found', { code: 'NOT_FOUND' });
  return change.kind === 'event'
    ? bookings.applyEvent(orgId, change.bookingId, change.event, now, change.reason)
    : bookings.reschedule(orgId, change.bookingId, change.startsAt, now);
}
