import { ValidationError } from '../../runtime/errors.js';
import { BookingsRepository, type Booking } from '../../storage/bookings.repository.js';
import type { Executor } from '../../storage/executor.js';
import type { StaffBookingChange } from './conversation.protocol.js';

/**
 * A staff change to one customer's agenda (the ConversationActor runs it in its mailbox). `actor`
 * is who made it (an actor label), stored as the booking's `created_by` or `changed_by`.
 */
export async function applyStaffBookingChange(db: Executor, orgId: string, contactId: string, change: StaffBookingChange, now: Date, actor?: string): Promise<Booking> {
  const bookings = new BookingsRepository(db);
  if (change.kind === 'book') {
    const { petId, serviceId, startsAt, resourceId } = change;
    return bookings.book(orgId, { contactId, petId, serviceId, startsAt, source: 'staff', actor, ...(resourceId !== undefined && { resourceId }) }, now);
  }
  const current = await bookings.findById(orgId, change.bookingId);
  if (!current || current.contactId !== contactId) throw new ValidationError('Booking not found', { code: 'NOT_FOUND' });
  return change.kind === 'event'
    ? bookings.applyEvent(orgId, change.bookingId, change.event, now, change.reason, actor)
    : bookings.reschedule(orgId, change.bookingId, change.startsAt, now, { actor, ...(change.resourceId !== undefined && { resourceId: change.resourceId }) });
}
