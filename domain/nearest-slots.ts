import { type Instant, toEpochMs } from './instant.js';

/** The free slots nearest a desired start, and whether that exact start is among them. */
export interface NearestSlots<T> {
  /** True when a free slot starts exactly at the desired instant; it is then the first of `slots`. */
  readonly exactFree: boolean;
  readonly slots: T[];
}

/**
 * Ranks free slots around the start the customer asked for ("amanhã às 15h"):
 * nearest by absolute distance, ties going to the earlier slot (a customer who
 * wanted 15h and cannot have it usually prefers not to wait), so the exact
 * start, at distance zero, is always first when free. Pure: the caller has
 * already computed which slots are free.
 */
export function nearestSlots<T extends { readonly startsAt: Instant }>(free: readonly T[], desired: Instant, limit: number): NearestSlots<T> {
  const target = toEpochMs(desired);
  const ranked = free
    .map((slot) => ({ slot, start: toEpochMs(slot.startsAt) }))
    .sort((a, b) => Math.abs(a.start - target) - Math.abs(b.start - target) || a.start - b.start);
  return {
    exactFree: ranked.length > 0 && ranked[0]!.start === target,
    slots: ranked.slice(0, Math.max(0, limit)).map((r) => r.slot),
  };
}
