import { isActiveBookingStatus } from './booking-status.js';
import { type ExistingBooking, peakOccupancy } from './capacity.js';
import { toEpochMs, MINUTE_MS } from './instant.js';
import type { Interval } from './interval.js';
import { categoryKey } from './service.js';

/**
 * A shop's optional resources: professionals (a groomer, a vet) and rooms (a bath station, an
 * exam room), each serving some service categories with its own capacity (pets at once).
 *
 * A category that at least one active resource serves is booked on a resource: a booking holds
 * one place of one resource, and a time is free when some resource of the category has a place
 * over the whole [start, end + buffer). A category no resource serves keeps the category capacity
 * of the scheduling settings, exactly as before resources existed.
 */
export type ResourceKind = 'professional' | 'room';

export interface Resource {
  readonly id: string;
  readonly name: string;
  readonly kind: ResourceKind;
  /** Pets it handles at once (1 for a person, more for a room with several tables). */
  readonly capacity: number;
  /** Service categories it serves; empty serves every category. */
  readonly categories: readonly string[];
  readonly active: boolean;
}

export function servesCategory(resource: Resource, category: string): boolean {
  if (resource.categories.length === 0) return true;
  const wanted = categoryKey(category);
  return resource.categories.some((c) => categoryKey(c) === wanted);
}

/** The active resources that serve `category`, in the order given (the shop's order: the first free one is assigned). */
export function resourcesFor(resources: readonly Resource[] | undefined, category: string): Resource[] {
  return (resources ?? []).filter((r) => r.active && servesCategory(r, category));
}

/**
 * Intervals during which `resource` holds a place: its active bookings (any category: a person is
 * busy whatever they do), each stretched by the buffer, and — conservatively — active bookings
 * without a resource of a category it serves (taken before the shop had resources: they are
 * somewhere, so each counts against every resource that could hold it).
 */
export function resourceOccupiedIntervals(
  bookings: readonly ExistingBooking[],
  resource: Resource,
  bufferMin: number,
  excludeBookingId?: string,
): Interval[] {
  const result: Interval[] = [];
  for (const b of bookings) {
    if (!isActiveBookingStatus(b.status)) continue;
    if (excludeBookingId !== undefined && b.id === excludeBookingId) continue;
    const mine = b.resourceId ? b.resourceId === resource.id : servesCategory(resource, b.category);
    if (!mine) continue;
    result.push({ start: toEpochMs(b.startsAt), end: toEpochMs(b.endsAt) + bufferMin * MINUTE_MS });
  }
  return result;
}

/**
 * Which resources of `pool` have a free place over a whole window (start to end + buffer), in
 * pool order. Each resource's occupied intervals are worked out once, for many windows.
 */
export function resourceRoom(
  pool: readonly Resource[],
  bookings: readonly ExistingBooking[],
  bufferMin: number,
  excludeBookingId?: string,
): (window: Interval) => Resource[] {
  const occupied = pool.map((r) => ({ r, intervals: resourceOccupiedIntervals(bookings, r, bufferMin, excludeBookingId) }));
  return (window) => occupied.filter(({ r, intervals }) => peakOccupancy(intervals, window) + 1 <= r.capacity).map(({ r }) => r);
}

/** The resources of `pool` with a free place over the whole `window`, in pool order. */
export function resourcesWithRoom(
  pool: readonly Resource[],
  bookings: readonly ExistingBooking[],
  window: Interval,
  bufferMin: number,
  excludeBookingId?: string,
): Resource[] {
  return resourceRoom(pool, bookings, bufferMin, excludeBookingId)(window);
}

/**
 * The resources a request may use: the category's pool, or only `resourceId` when one was chosen
 * (undefined when that one cannot take the category: unknown, inactive, or serving other categories).
 */
export function candidateResources(resources: readonly Resource[] | undefined, category: string, resourceId?: string): Resource[] | undefined {
  const pool = resourcesFor(resources, category);
  if (resourceId === undefined) return pool;
  const chosen = pool.find((r) => r.id === resourceId);
  return chosen ? [chosen] : undefined;
}
