import { openingIntervals, closureIntervals } from './availability.js';
import type { Interval } from './interval.js';
import type { SchedulingSettings } from './scheduling-settings.js';

/** How far ahead the next opening is looked for: a shop closed for longer says nothing about when. */
const LOOKAHEAD_DAYS = 21;
const DAY_MS = 24 * 60 * 60_000;

/** Whether the shop is open at `nowMs`, and otherwise when it opens next (in the shop's zone, closures honoured). */
export type OpeningStatus = { open: true } | { open: false; nextOpeningMs: number | null };

/**
 * The shop's opening intervals in [fromMs, toMs), minus its closures (holidays, vacations),
 * in time order. Pure: the weekly hours are laid out in the shop's zone by `openingIntervals`.
 */
export function openStretches(settings: SchedulingSettings, fromMs: number, toMs: number): Interval[] {
  const closed = closureIntervals(settings);
  const stretches: Interval[] = [];
  for (const interval of openingIntervals(settings, fromMs, toMs)) {
    let pieces: Interval[] = [interval];
    for (const c of closed) {
      pieces = pieces.flatMap((p) => (c.start < p.end && p.start < c.end
        ? [{ start: p.start, end: c.start }, { start: c.end, end: p.end }].filter((x) => x.end > x.start)
        : [p]));
    }
    stretches.push(...pieces);
  }
  return stretches.sort((a, b) => a.start - b.start);
}

export function openingStatus(settings: SchedulingSettings, nowMs: number): OpeningStatus {
  const stretches = openStretches(settings, nowMs, nowMs + LOOKAHEAD_DAYS * DAY_MS);
  if (stretches.some((s) => s.start <= nowMs && nowMs < s.end)) return { open: true };
  const next = stretches.find((s) => s.start > nowMs);
  return { open: false, nextOpeningMs: next ? next.start : null };
}
