import { toEpochMs } from './instant.js';
import { type Interval, mergeIntervals } from './interval.js';
import type { Closure, SchedulingSettings } from './scheduling-settings.js';
import { parseTimeOfDay } from './time-of-day.js';
import { addDays, isValidLocalDate, localDateOf, localToEpochMs, startOfLocalDay, weekdayOf } from './zoned-time.js';

/**
 * Turns the weekly hours and closures (written in the shop's wall-clock terms)
 * into instants. Hours are laid out per LOCAL day, so "Saturday 08:00–13:00"
 * means 08:00 in São Paulo whatever the server's zone, and a DST change (none in
 * Brazil today, but orgs may sit elsewhere) shifts the UTC instants, not the
 * wall-clock hours.
 */

/**
 * Opening intervals that intersect [fromMs, toMs), as instants, merged when they
 * touch or overlap on the same day (08–12 plus 12–18 is one stretch, so a
 * service may run across 12:00). Intervals of different days never merge: a
 * booking cannot run overnight.
 */
export function openingIntervals(settings: SchedulingSettings, fromMs: number, toMs: number): Interval[] {
  if (toMs <= fromMs) return [];
  const tz = settings.timezone;
  // One local day of slack on each side: the local day of an instant can start
  // before it in UTC terms, and 'HH:mm' never reaches into the next local day.
  const firstDay = addDays(localDateOf(fromMs, tz), -1);
  const lastDay = addDays(localDateOf(toMs, tz), 1);
  const result: Interval[] = [];
  for (let day = firstDay; day <= lastDay; day = addDays(day, 1)) {
    const weekday = weekdayOf(day);
    const todays = settings.weekly
      .filter((h) => h.weekday === weekday)
      .map((h) => ({
        start: localToEpochMs(day, parseTimeOfDay(h.opens), tz),
        end: localToEpochMs(day, parseTimeOfDay(h.closes), tz),
      }));
    for (const interval of mergeIntervals(todays)) {
      if (interval.end > fromMs && interval.start < toMs) result.push(interval);
    }
  }
  return result;
}

/** The instants a closure covers; a date bound means the whole local day (inclusive `to`). */
export function closureInterval(closure: Closure, timezone: string): Interval {
  const start = isValidLocalDate(closure.from) ? startOfLocalDay(closure.from, timezone) : toEpochMs(closure.from);
  const end = isValidLocalDate(closure.to) ? startOfLocalDay(addDays(closure.to, 1), timezone) : toEpochMs(closure.to);
  return { start, end };
}

/** Every closure as an interval, merged; empty or inverted closures are dropped. */
export function closureIntervals(settings: SchedulingSettings): Interval[] {
  return mergeIntervals(settings.closures.map((c) => closureInterval(c, settings.timezone)));
}

/** The closure (if any) that intersects `interval`. */
export function closureHit(settings: SchedulingSettings, interval: Interval): Closure | undefined {
  return settings.closures.find((c) => {
    const ci = closureInterval(c, settings.timezone);
    return ci.start < interval.end && interval.start < ci.end;
  });
}
