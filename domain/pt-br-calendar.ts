import type { Instant } from './instant.js';
import { daysBetween, type LocalDate, localDateOf, localTimeOf, type Weekday, weekdayOf } from './zoned-time.js';

/** How dates and times are written to Brazilian customers: "sexta-feira, 11/12, às 14h". */

export const WEEKDAY_NAMES_PT_BR: Readonly<Record<Weekday, string>> = Object.freeze({
  0: 'domingo',
  1: 'segunda-feira',
  2: 'terça-feira',
  3: 'quarta-feira',
  4: 'quinta-feira',
  5: 'sexta-feira',
  6: 'sábado',
});

/** '14:00' → '14h', '09:30' → '9h30', as people write it in messages. */
export function formatHourPtBr(time: string): string {
  const [h, m] = time.split(':');
  const hour = String(Number(h));
  return m === '00' ? `${hour}h` : `${hour}h${m}`;
}

/** '2026-12-11' → 'sexta-feira, 11/12'. */
export function formatDatePtBr(date: LocalDate): string {
  const [, month, day] = date.split('-');
  return `${WEEKDAY_NAMES_PT_BR[weekdayOf(date)]}, ${day}/${month}`;
}

/**
 * A day relative to `today`: 'hoje', 'amanhã', or the weekday and date. The
 * explicit date stays next to "amanhã" because a reminder read after midnight
 * must still be unambiguous: 'amanhã, sexta-feira, 11/12'.
 */
export function formatRelativeDayPtBr(date: LocalDate, today: LocalDate): string {
  const diff = daysBetween(today, date);
  if (diff === 0) return `hoje, ${formatDatePtBr(date)}`;
  if (diff === 1) return `amanhã, ${formatDatePtBr(date)}`;
  return formatDatePtBr(date);
}

/** 'sexta-feira, 11/12, às 14h' for an instant in the org's zone. */
export function formatDateTimePtBr(at: Instant, timezone: string): string {
  return `${formatDatePtBr(localDateOf(at, timezone))}, às ${formatHourPtBr(localTimeOf(at, timezone))}`;
}
