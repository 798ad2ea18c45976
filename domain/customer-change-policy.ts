import { type BookingStatus, isActiveBookingStatus } from './booking-status.js';
import { InvalidTransitionError } from './booking-state-machine.js';
import { DomainError } from './domain-error.js';
import { type Instant, MINUTE_MS, toEpochMs } from './instant.js';
import { DEFAULT_CUSTOMER_CHANGE_LIMIT_MIN } from './scheduling-settings.js';

/**
 * Customers may cancel or reschedule on WhatsApp only until `limitMin` before
 * the start (Cal.com users ask for exactly this cut-off, #20509): a late
 * cancellation leaves a hole the shop cannot fill, so it goes to a human.
 * Staff are not bound by this; it guards the customer tools only.
 */
export interface ChangeableBooking {
  readonly status: BookingStatus;
  readonly startsAt: Instant;
}

export type CustomerChangeDecision =
  | { readonly allowed: true; readonly minutesLeft: number }
  | { readonly allowed: false; readonly code: 'TOO_LATE_TO_CHANGE'; readonly minutesLeft: number; readonly limitMin: number }
  | { readonly allowed: false; readonly code: 'INVALID_TRANSITION'; readonly status: BookingStatus };

export class TooLateToChangeError extends DomainError<'TOO_LATE_TO_CHANGE'> {
  constructor(minutesLeft: number, limitMin: number) {
    super('TOO_LATE_TO_CHANGE', `Changes close ${limitMin} min before the start; ${minutesLeft} min left`, {
      minutesLeft,
      limitMin,
    });
  }
}

/**
 * Whether the customer may still change the booking. Exactly `limitMin` before
 * the start is still allowed ("up to 2 h before"). A booking that is no longer
 * active answers INVALID_TRANSITION, the same code the state machine would give.
 */
export function canCustomerChange(
  booking: ChangeableBooking,
  now: Instant,
  limitMin: number = DEFAULT_CUSTOMER_CHANGE_LIMIT_MIN,
): CustomerChangeDecision {
  if (!isActiveBookingStatus(booking.status)) {
    return { allowed: false, code: 'INVALID_TRANSITION', status: booking.status };
  }
  const minutesLeft = Math.floor((toEpochMs(booking.startsAt) - toEpochMs(now)) / MINUTE_MS);
  if (minutesLeft < limitMin) return { allowed: false, code: 'TOO_LATE_TO_CHANGE', minutesLeft, limitMin };
  return { allowed: true, minutesLeft };
}

/**
 * Throwing form for a customer's `event` ('cancel' or 'reschedule'):
 * `InvalidTransitionError` for a final booking, `TooLateToChangeError` past the cut-off.
 */
export function assertCustomerCanChange(
  booking: ChangeableBooking,
  event: 'cancel' | 'reschedule',
  now: Instant,
  limitMin: number = DEFAULT_CUSTOMER_CHANGE_LIMIT_MIN,
): void {
  const decision = canCustomerChange(booking, now, limitMin);
  if (decision.allowed) return;
  if (decision.code === 'INVALID_TRANSITION') throw new InvalidTransitionError(decision.status, event);
  throw new TooLateToChangeError(decision.minutesLeft, decision.limitMin);
}
