import type { BookingStatus } from './booking-status.js';
import { DomainError } from './domain-error.js';

/**
 * What can happen to a booking. Named after the API actions
 * (`POST /bookings/:id/{confirm|cancel|complete|no-show|reschedule}`).
 */
export type BookingEvent = 'confirm' | 'cancel' | 'reschedule' | 'complete' | 'no_show';

export const BOOKING_EVENTS: readonly BookingEvent[] = Object.freeze([
  'confirm',
  'cancel',
  'reschedule',
  'complete',
  'no_show',
]);

/**
 * The whole machine as data. `complete` and `no_show` are accepted from
 * `scheduled` too: many customers never answer the reminder and still show up
 * (or don't), and staff must be able to record that without a fake "confirm".
 * A reschedule puts the booking back to `scheduled` because the new time has
 * not been confirmed. Terminal states accept nothing.
 */
export const BOOKING_TRANSITIONS: Readonly<Record<BookingStatus, Readonly<Partial<Record<BookingEvent, BookingStatus>>>>> =
  Object.freeze({
    scheduled: Object.freeze({
      confirm: 'confirmed',
      cancel: 'cancelled',
      reschedule: 'scheduled',
      complete: 'completed',
      no_show: 'no_show',
    }),
    confirmed: Object.freeze({
      cancel: 'cancelled',
      reschedule: 'scheduled',
      complete: 'completed',
      no_show: 'no_show',
    }),
    completed: Object.freeze({}),
    cancelled: Object.freeze({}),
    no_show: Object.freeze({}),
  });

export class InvalidTransitionError extends DomainError<'INVALID_TRANSITION'> {
  readonly from: BookingStatus;
  readonly event: BookingEvent;

  constructor(from: BookingStatus, event: BookingEvent) {
    super('INVALID_TRANSITION', `Cannot ${event} a booking that is ${from}`, { from, event });
    this.from = from;
    this.event = event;
  }
}

/** The status after `event`; throws `InvalidTransitionError` when the event is not allowed. */
export function transition(status: BookingStatus, event: BookingEvent): BookingStatus {
  const next = BOOKING_TRANSITIONS[status]?.[event];
  if (next === undefined) throw new InvalidTransitionError(status, event);
  return next;
}

export function canTransition(status: BookingStatus, event: BookingEvent): boolean {
  return BOOKING_TRANSITIONS[status]?.[event] !== undefined;
}

/** Events accepted in `status` (e.g. to show the right buttons on the agenda). */
export function allowedEvents(status: BookingStatus): BookingEvent[] {
  return BOOKING_EVENTS.filter((event) => canTransition(status, event));
}
