/**
 * Lifecycle of a booking. `scheduled` and `confirmed` hold a place in the
 * agenda; the other three are final and free it.
 */
export type BookingStatus = 'scheduled' | 'confirmed' | 'completed' | 'cancelled' | 'no_show';

export const BOOKING_STATUSES: readonly BookingStatus[] = Object.freeze([
  'scheduled',
  'confirmed',
  'completed',
  'cancelled',
  'no_show',
]);

/** Statuses that occupy capacity and can still change. */
export const ACTIVE_BOOKING_STATUSES: readonly BookingStatus[] = Object.freeze(['scheduled', 'confirmed']);

export function isBookingStatus(value: unknown): value is BookingStatus {
  return typeof value === 'string' && (BOOKING_STATUSES as readonly string[]).includes(value);
}

export function isActiveBookingStatus(status: BookingStatus): boolean {
  return status === 'scheduled' || status === 'confirmed';
}

export function isTerminalBookingStatus(status: BookingStatus): boolean {
  return !isActiveBookingStatus(status);
}
