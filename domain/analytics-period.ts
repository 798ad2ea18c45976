import { addDays, localDateOf, startOfLocalDay, weekdayOf, type LocalDate } from './zoned-time.js';

/**
 * The periods the owner asks about, on the shop's own calendar: today, this
 * week (Monday on), this month, this year — each compared with the same span
 * of the period before it.
 */
export type AnalyticsPeriod = 'hoje' | 'semana' | 'mes' | 'ano';

export interface PeriodBounds {
  from: Date;
  to: Date;
  previousFrom: Date;
  previousTo: Date;
  fromDate: LocalDate;
}

export const PERIOD_LABELS_PT_BR: Readonly<Record<AnalyticsPeriod, string>> = Object.freeze({
  hoje: 'Hoje',
  semana: 'Esta semana',
  mes: 'Este mês',
  ano: 'Este ano',
});

export function periodBounds(period: AnalyticsPeriod, now: Date, timezone: string): PeriodBounds {
  const today = localDateOf(now, timezone);
  const [y, m] = today.split('-').map(Number) as [number, number];
  const pad = (n: number) => String(n).padStart(2, '0');
  let fromDate: LocalDate;
  let toDate: LocalDate;
  let previousFromDate: LocalDate;
  switch (period) {
    case 'hoje':
      fromDate = today;
      toDate = addDays(today, 1);
      previousFromDate = addDays(today, -1);
      break;
    case 'semana': {
      const monday = addDays(today, -((weekdayOf(today) + 6) % 7));
      fromDate = monday;
      toDate = addDays(monday, 7);
      previousFromDate = addDays(monday, -7);
      break;
    }
    case 'mes':
      fromDate = `${y}-${pad(m)}-01`;
      toDate = m === 12 ? `${y + 1}-01-01` : `${y}-${pad(m + 1)}-01`;
      previousFromDate = m === 1 ? `${y - 1}-12-01` : `${y}-${pad(m - 1)}-01`;
      break;
    case 'ano':
      fromDate = `${y}-01-01`;
      toDate = `${y + 1}-01-01`;
      previousFromDate = `${y - 1}-01-01`;
      break;
  }
  const at = (d: LocalDate) => new Date(startOfLocalDay(d, timezone));
  return { from: at(fromDate), to: at(toDate), previousFrom: at(previousFromDate), previousTo: at(fromDate), fromDate };
}

/** Percentage change from `before` to `after`, rounded; null when there is no base. */
export function changePercent(before: number, after: number): number | null {
  if (before === 0) return null;
  return Math.round(((after - before) / before) * 100);
}
