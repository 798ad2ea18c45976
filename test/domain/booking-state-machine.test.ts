import { expect } from 'chai';

import { BOOKING_STATUSES, type BookingStatus, isActiveBookingStatus } from '../../domain/booking-status.js';
import {
  allowedEvents,
  BOOKING_EVENTS,
  type BookingEvent,
  canTransition,
  InvalidTransitionError,
  transition,
} from '../../domain/booking-state-machine.js';
import { assertCustomerCanChange, canCustomerChange, TooLateToChangeError } from '../../domain/customer-change-policy.js';

describe('booking state machine', () => {
  const ALLOWED: [BookingStatus, BookingEvent, BookingStatus][] = [
    ['scheduled', 'confirm', 'confirmed'],
    ['scheduled', 'cancel', 'cancelled'],
    ['scheduled', 'reschedule', 'scheduled'],
    ['scheduled', 'complete', 'completed'],
    ['scheduled', 'no_show', 'no_show'],
    ['confirmed', 'cancel', 'cancelled'],
    ['confirmed', 'reschedule', 'scheduled'],
    ['confirmed', 'complete', 'completed'],
    ['confirmed', 'no_show', 'no_show'],
  ];

  for (const [from, event, to] of ALLOWED) {
    it(`${from} --${event}--> ${to}`, () => {
      expect(transition(from, event)).to.equal(to);
      expect(canTransition(from, event)).to.equal(true);
    });
  }

  it('rejects every other pair with INVALID_TRANSITION and from/event in details', () => {
    let rejected = 0;
    for (const from of BOOKING_STATUSES) {
      for (const event of BOOKING_EVENTS) {
        if (ALLOWED.some(([f, e]) => f === from && e === event)) continue;
        rejected++;
        expect(canTransition(from, event)).to.equal(false);
        try {
          transition(from, event);
          expect.fail(`${from} --${event}--> should throw`);
        } catch (err) {
          expect(err).to.be.instanceOf(InvalidTransitionError);
          const e = err as InvalidTransitionError;
          expect(e.code).to.equal('INVALID_TRANSITION');
          expect(e.details).to.deep.equal({ from, event });
          expect(e.from).to.equal(from);
          expect(e.event).to.equal(event);
        }
      }
    }
    expect(rejected).to.equal(BOOKING_STATUSES.length * BOOKING_EVENTS.length - ALLOWED.length);
  });

  it('keeps terminal states final', () => {
    for (const status of ['completed', 'cancelled', 'no_show'] as const) {
      expect(allowedEvents(status)).to.deep.equal([]);
      expect(isActiveBookingStatus(status)).to.equal(false);
    }
  });

  it('does not allow confirming twice', () => {
    expect(() => transition('confirmed', 'confirm')).to.throw(InvalidTransitionError);
  });

  it('lists the events allowed in each active state', () => {
    expect(allowedEvents('scheduled')).to.deep.equal(['confirm', 'cancel', 'reschedule', 'complete', 'no_show']);
    expect(allowedEvents('confirmed')).to.deep.equal(['cancel', 'reschedule', 'complete', 'no_show']);
  });
});

describe('customer change policy', () => {
  const startsAt = '2026-12-11T14:00:00-03:00';

  it('allows a change well before the limit', () => {
    expect(canCustomerChange({ status: 'confirmed', startsAt }, '2026-12-10T14:00:00-03:00', 120)).to.deep.equal({
      allowed: true,
      minutesLeft: 1440,
    });
  });

  it('allows a change exactly at the limit and refuses one minute later', () => {
    expect(canCustomerChange({ status: 'scheduled', startsAt }, '2026-12-11T12:00:00-03:00', 120).allowed).to.equal(true);
    expect(canCustomerChange({ status: 'scheduled', startsAt }, '2026-12-11T12:00:01-03:00', 120)).to.deep.equal({
      allowed: false,
      code: 'TOO_LATE_TO_CHANGE',
      minutesLeft: 119,
      limitMin: 120,
    });
  });

  it('uses the 120 min default when no limit is given', () => {
    expect(canCustomerChange({ status: 'scheduled', startsAt }, '2026-12-11T12:30:00-03:00').allowed).to.equal(false);
  });

  it('refuses changes to a booking that already ended its life', () => {
    expect(canCustomerChange({ status: 'cancelled', startsAt }, '2026-12-01T12:00:00-03:00')).to.deep.equal({
      allowed: false,
      code: 'INVALID_TRANSITION',
      status: 'cancelled',
    });
  });

  it('throws TOO_LATE_TO_CHANGE or INVALID_TRANSITION in the assert form', () => {
    expect(() => assertCustomerCanChange({ status: 'confirmed', startsAt }, 'cancel', '2026-12-11T13:00:00-03:00'))
      .to.throw(TooLateToChangeError)
      .with.property('code', 'TOO_LATE_TO_CHANGE');
    expect(() => assertCustomerCanChange({ status: 'no_show', startsAt }, 'reschedule', '2026-12-01T13:00:00-03:00'))
      .to.throw(InvalidTransitionError)
      .with.property('code', 'INVALID_TRANSITION');
    expect(() => assertCustomerCanChange({ status: 'confirmed', startsAt }, 'cancel', '2026-12-10T13:00:00-03:00')).not.to.throw();
  });
});
