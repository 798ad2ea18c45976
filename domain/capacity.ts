import type { BookingStatus } from './booking-status.js';
import { isActiveBookingStatus } from './booking-status.js';
import { type Instant, MINUTE_MS, toEpochMs } from './instant.js';
import type { Interval } from './interval.js';
import { categoryKey } from './service.js';

/** What the capacity check needs to know about a booking already in the agenda. */
export interface ExistingBooking {
  /** Lets a reschedule ignore the booking being moved. */
  readonly id?: string;
  readonly startsAt: Instant;
  readonly endsAt: Instant;
  readonly category: string;
  readonly status: BookingStatus;
  /** The professional or room it holds a place of (see resources.ts); absent or null for none. */
  readonly resourceId?: string | null;
}

/**
 * Intervals during which bookings of `category` hold a place: active ones only,
 * each stretched by the buffer after it (drying, cleaning the table), so two
 * back-to-back bookings in one place need `bufferMin` between them.
 */
export function occupiedIntervals(
  bookings: readonly ExistingBooking[],
  category: string,
  bufferMin: number,
  excludeBookingId?: string,
): Interval[] {
  const key = categoryKey(category);
  const result: Interval[] = [];
  for (const b of bookings) {
    if (!isActiveBookingStatus(b.status)) continue;
    if (excludeBookingId !== undefined && b.id === excludeBookingId) continue;
    if (categoryKey(b.category) !== key) continue;
    result.push({ start: toEpochMs(b.startsAt), end: toEpochMs(b.endsAt) + bufferMin * MINUTE_MS });
  }
  return result;
}

/**
 * The largest number of `intervals` that cover one instant inside `window`.
 * A sweep over start/end events; an end and a start at the same instant do not
 * overlap (intervals are half-open), so ends are processed first.
 */
export function peakOccupancy(intervals: readonly Interval[], window: Interval): number {
  const events: [number, number][] = [];
  for (const i of intervals) {
    const start = Math.max(i.start, window.start);
    const end = Math.min(i.end, window.end);
    if (start >= end) continue;
    events.push([start, 1], [end, -1]);
  }
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let current = 0;
  let peak = 0;
  for (const [, delta] of events) {
    current += delta;
    if (current > peak) peak = current;
  }
  return peak;
}
