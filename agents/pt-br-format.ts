import type { Instant } from '../domain/instant.js';
import { formatHourPtBr } from '../domain/pt-br-calendar.js';
import { type LocalDate, localDateOf, localTimeOf, type Weekday, weekdayOf } from '../domain/zoned-time.js';

/**
 * How the assistant writes days and lists in chat. Shorter than the reminder
 * format in domain/pt-br-calendar.ts ("terça, 08/12 às 10h" rather than
 * "terça-feira, 08/12, às 10h") because slots are offered three at a time in
 * one message.
 */

const SHORT_WEEKDAY: Readonly<Record<Weekday, string>> = Object.freeze({
  0: 'domingo',
  1: 'segunda',
  2: 'terça',
  3: 'quarta',
  4: 'quinta',
  5: 'sexta',
  6: 'sábado',
});

/** '2026-12-08' → 'terça, 08/12'. */
export function formatShortDatePtBr(date: LocalDate): string {
  const [, month, day] = date.split('-');
  return `${SHORT_WEEKDAY[weekdayOf(date)]}, ${day}/${month}`;
}

/** An instant as a slot label in the shop's zone: 'terça, 08/12 às 10h'. */
export function formatSlotLabelPtBr(at: Instant, timezone: string): string {
  return `${formatShortDatePtBr(localDateOf(at, timezone))} às ${formatHourPtBr(localTimeOf(at, timezone))}`;
}

/** ['Pix', 'cartão', 'dinheiro'] → 'Pix, cartão e dinheiro'. */
export function joinPtBr(items: readonly string[], conjunction = 'e'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

/** Numbered lines for options the customer answers with a number: '1. …\n2. …'. */
export function numberedList(items: readonly string[]): string {
  return items.map((item, i) => `${i + 1}. ${item}`).join('\n');
}
