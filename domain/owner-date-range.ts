import { parseDatePhrase } from './date-phrase.js';
import type { Instant } from './instant.js';
import { formatDatePtBr } from './pt-br-calendar.js';
import { foldText } from './text-normalization.js';
import { addDays, daysBetween, type LocalDate, localDateOf, weekdayOf } from './zoned-time.js';

/**
 * The day or days a shop owner asks Aurora about — "amanhã tá cheio?", "qual a agenda de
 * sábado?", "semana que vem", "dia 15", "como foi ontem?" — as local dates in the shop's zone.
 *
 * It builds on the customer's `parseDatePhrase` and reads the owner's way of asking:
 * - the owner looks back as often as ahead: "ontem", "anteontem", "semana passada",
 *   "mês passado"; and a day named in the past tense ("como foi dia 15?", "quanto faturei
 *   dia 30/11?") is the last one that already came, not the next;
 * - a bare weekday that is today ("sábado" said on a Saturday) is today: an owner asking
 *   about "sábado" on a Saturday means the agenda in front of them;
 * - "essa semana" is the shop's whole week, Monday to Sunday, not only what is left of it.
 */
export interface OwnerDateRange {
  readonly fromDate: LocalDate;
  /** Inclusive: a single day has `toDate === fromDate`. */
  readonly toDate: LocalDate;
  /** pt-BR name of the span: "hoje (terça-feira, 01/12)", "sábado, 05/12", "de segunda-feira, 07/12 a domingo, 13/12". */
  readonly label: string;
}

const PAST_TENSE = /\b(foi|foram|teve|tiveram|tivemos|tive|fizemos|fiz|fez|faturei|faturou|faturamos|rendeu|renderam|atendemos|atendi|vieram|veio|entrou|entraram|ganhei|ganhamos|vendi|vendemos|deu|passado|passada)\b/;
const FORWARD = /\b(amanha|que vem|proxim[oa]s?|depois|daqui)\b/;
const WEEKDAY_WORD = /\b(domingo|segunda|terca|quarta|quinta|sexta|sabado)\b/;
const EXPLICIT_MONTH = /\b\d{1,2}\/\d{1,2}\b|\bde (janeiro|fevereiro|marco|abril|maio|junho|julho|agosto|setembro|outubro|novembro|dezembro)\b/;

function mondayOf(date: LocalDate): LocalDate {
  return addDays(date, -((weekdayOf(date) + 6) % 7));
}

function monthBounds(year: number, month: number): { fromDate: LocalDate; toDate: LocalDate } {
  const pad = (n: number) => String(n).padStart(2, '0');
  const next = month === 12 ? `${year + 1}-01-01` : `${year}-${pad(month + 1)}-01`;
  return { fromDate: `${year}-${pad(month)}-01`, toDate: addDays(next, -1) };
}

/** The same day of the month (or of the year) before `date`, at or before `today`. */
function lastOccurrence(date: LocalDate, today: LocalDate, byYear: boolean): LocalDate {
  let [y, m] = date.split('-').map(Number) as [number, number];
  const day = Number(date.slice(8, 10));
  for (let i = 0; i < 24; i++) {
    if (byYear) y -= 1;
    else if (--m === 0) {
      m = 12;
      y -= 1;
    }
    const candidate = `${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    if (candidate <= today && monthBounds(y, m).toDate >= candidate) return candidate;
  }
  return date;
}

export function describeDayPtBr(date: LocalDate, today: LocalDate): string {
  const diff = daysBetween(today, date);
  if (diff === 0) return `hoje (${formatDatePtBr(date)})`;
  if (diff === 1) return `amanhã (${formatDatePtBr(date)})`;
  if (diff === -1) return `ontem (${formatDatePtBr(date)})`;
  return formatDatePtBr(date);
}

function range(fromDate: LocalDate, toDate: LocalDate, today: LocalDate): OwnerDateRange {
  const label = fromDate === toDate ? describeDayPtBr(fromDate, today) : `de ${formatDatePtBr(fromDate)} a ${formatDatePtBr(toDate)}`;
  return Object.freeze({ fromDate, toDate, label });
}

/** The span the owner named, or null when the message names none. */
export function parseOwnerDateRange(text: string, now: Instant, timezone: string): OwnerDateRange | null {
  const today = localDateOf(now, timezone);
  const t = ` ${foldText(text).replace(/[^a-z0-9/]+/g, ' ')} `;

  if (/\banteontem\b/.test(t)) return range(addDays(today, -2), addDays(today, -2), today);
  if (/\bontem\b/.test(t) && !/\bdepois de ontem\b/.test(t)) return range(addDays(today, -1), addDays(today, -1), today);
  if (/\bsemana passada\b|\bultima semana\b/.test(t)) {
    const monday = addDays(mondayOf(today), -7);
    return range(monday, addDays(monday, 6), today);
  }
  if (/\bmes passado\b|\bultimo mes\b/.test(t)) {
    const [y, m] = today.split('-').map(Number) as [number, number];
    const { fromDate, toDate } = m === 1 ? monthBounds(y - 1, 12) : monthBounds(y, m - 1);
    return range(fromDate, toDate, today);
  }
  if (/\b(essa|esta|nessa|nesta|dessa|desta) semana\b/.test(t)) {
    const monday = mondayOf(today);
    return range(monday, addDays(monday, 6), today);
  }
  if (/\b(esse|este|nesse|neste|desse|deste) mes\b/.test(t)) {
    const [y, m] = today.split('-').map(Number) as [number, number];
    const { fromDate, toDate } = monthBounds(y, m);
    return range(fromDate, toDate, today);
  }

  const phrase = parseDatePhrase(text, now, timezone);
  if (phrase?.range) return range(phrase.range.fromDate, phrase.range.toDate, today);
  if (!phrase?.date) return null;
  let date = phrase.date;
  const forward = FORWARD.test(t);
  // "sábado" on a Saturday: today, not next week.
  if (!forward && daysBetween(today, date) === 7 && WEEKDAY_WORD.test(t)) date = today;
  // "como foi dia 15?" on the 1st: the 15th that already happened.
  if (!forward && date > today && PAST_TENSE.test(t)) {
    // "como foi segunda?" on a Tuesday: the Monday just gone.
    date = WEEKDAY_WORD.test(t) ? addDays(date, -7) : lastOccurrence(date, today, EXPLICIT_MONTH.test(t));
  }
  return range(date, date, today);
}
