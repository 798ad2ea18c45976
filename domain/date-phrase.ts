import type { Instant } from './instant.js';
import { foldText } from './text-normalization.js';
import { formatTimeOfDay, type TimeOfDay } from './time-of-day.js';
import {
  addDays,
  isValidLocalDate,
  type LocalDate,
  localDateOf,
  localMinutesOf,
  type Weekday,
  weekdayOf,
} from './zoned-time.js';

/**
 * Understanding when a customer wants to come, from the way Brazilians write it
 * on WhatsApp: "amanhã às 10", "sexta de manhã", "dia 12/12 às 14h", "hj a
 * tarde", "semana que vem", "quinta 9h30". Deterministic, so the offline agent
 * and the LLM tools agree, and the LLM never has to do calendar arithmetic.
 *
 * Rules where Portuguese is ambiguous:
 * - A bare weekday is its next occurrence. When it names today ("quarta" said on
 *   a Wednesday) it means today only if the phrase also gives a time still ahead
 *   of now, or a period that has not ended (manhã until 12h, tarde until 18h,
 *   noite until 24h); otherwise the same weekday next week — people say "hoje"
 *   for today.
 * - "próxima sexta" and "sexta que vem" are the coming Friday, never today
 *   (said on a Friday they mean a week later). "sexta da semana que vem" is the
 *   Friday of next (Monday-based) week, which may be further away, and so is
 *   "semana que vem, na sexta". "sexta passada" is the last one before today.
 * - Dates without a year ("12/12", "dia 5") are their next occurrence, today
 *   included; a day that a month lacks ("dia 31") goes to the next month that
 *   has it. Dates with a year are returned as written, past or not.
 * - Hours 1–6 without "da manhã" are afternoon (1 → 13h): nobody books a bath
 *   at 3 a.m., and "às 3" means 15h. With "da tarde"/"da noite", 1–11 become PM.
 * - A bare number counts as an hour only right after a day word ("amanhã 10",
 *   "sexta 14"), so "tenho 2 cachorros" is not 14h.
 * - "semana que vem" alone is a range (next Monday–Sunday); so are "essa
 *   semana", "fim de semana" and "mês que vem".
 * - The abbreviation "ter" (terça) is ignored after a verb ("vou ter", "pode
 *   ter") and before "que"; weekday words followed by "vez", "opção", "dose"…
 *   are ordinals, not days.
 * - Greetings are not periods: "boa tarde", "boa noite", "mais tarde".
 */

export type DayPeriod = 'manha' | 'tarde' | 'noite';

export interface DateRange {
  readonly fromDate: LocalDate;
  readonly toDate: LocalDate;
}

export interface DatePhrase {
  readonly date?: LocalDate;
  readonly time?: TimeOfDay;
  readonly period?: DayPeriod;
  readonly range?: DateRange;
}

/** When each period ends, in local minutes; used to decide whether "today" is still possible. */
export const PERIOD_END_MIN: Readonly<Record<DayPeriod, number>> = Object.freeze({ manha: 720, tarde: 1080, noite: 1440 });

const MONTHS: Readonly<Record<string, number>> = {
  janeiro: 1, jan: 1, fevereiro: 2, fev: 2, marco: 3, mar: 3, abril: 4, abr: 4, maio: 5, mai: 5,
  junho: 6, jun: 6, julho: 7, jul: 7, agosto: 8, ago: 8, setembro: 9, set: 9, outubro: 10, out: 10,
  novembro: 11, nov: 11, dezembro: 12, dez: 12,
};
const MONTH_WORDS = Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|');

const WEEKDAYS: Readonly<Record<string, Weekday>> = {
  domingo: 0, dom: 0, segunda: 1, seg: 1, terca: 2, ter: 2, quarta: 3, qua: 3,
  quinta: 4, qui: 4, sexta: 5, sex: 5, sabado: 6, sab: 6,
};
const WEEKDAY_WORDS = Object.keys(WEEKDAYS).sort((a, b) => b.length - a.length).join('|');

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  um: 1, uma: 1, dois: 2, duas: 2, tres: 3, quatro: 4, cinco: 5, seis: 6, sete: 7, oito: 8, nove: 9,
  dez: 10, onze: 11, doze: 12, quinze: 15, vinte: 20, trinta: 30,
};
const COUNT = `(\\d{1,3}|${Object.keys(NUMBER_WORDS).join('|')})`;

/** Words before "ter" that make it the verb, not Tuesday. */
const TER_VERB_BEFORE = /\b(vou|vai|vamos|vao|pode|posso|podemos|podem|quero|queria|quer|deve|devo|deveria|precisa|preciso|pra|para|de|iria|tenho|tem|temos|sem|a)\s+$/;
/** Words after a weekday word that make it an ordinal ("segunda vez", "quarta dose"). */
const ORDINAL_AFTER = /^\s+(vez|vezes|opcao|via|mao|chance|dose|parte|vacina|etapa|sessao|aplicacao)\b/;

interface Parsed {
  date?: LocalDate;
  weekday?: { day: Weekday; mode: 'plain' | 'next' | 'nextWeek' | 'last' };
  range?: DateRange;
  /** Set when the range is "semana que vem", which turns a plain weekday into next week's. */
  rangeIsNextWeek?: boolean;
  hour?: number;
  minute?: number;
  explicitMorning?: boolean;
  period?: DayPeriod;
  /** Index in the working text right after the day word, for "amanhã 10". */
  dayEnd?: number;
}

function number(token: string): number {
  return NUMBER_WORDS[token] ?? Number(token);
}

/** Local date in (year, month, day), or null if that day does not exist. */
function ymd(year: number, month: number, day: number): LocalDate | null {
  const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isValidLocalDate(date) ? date : null;
}

/** The next occurrence (today included) of day/month; skips years where it does not exist (29/02). */
function nextDayMonth(today: LocalDate, month: number, day: number): LocalDate | null {
  const year = Number(today.slice(0, 4));
  for (let y = year; y <= year + 8; y++) {
    const date = ymd(y, month, day);
    if (date && date >= today) return date;
  }
  return null;
}

/** The next occurrence (today included) of a day of the month; skips months that lack it. */
function nextDayOfMonth(today: LocalDate, day: number): LocalDate | null {
  let year = Number(today.slice(0, 4));
  let month = Number(today.slice(5, 7));
  for (let i = 0; i < 13; i++) {
    const date = ymd(year, month, day);
    if (date && date >= today) return date;
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return null;
}

function nextMonday(today: LocalDate): LocalDate {
  const wd = weekdayOf(today);
  return addDays(today, wd === 0 ? 1 : 8 - wd);
}

function normalize(text: string): string {
  return ` ${foldText(text)
    .replace(/[\u2019']/g, ' ')
    // "12-12", "12.12.2026" → slashes; "10.30" (no such month) is a time.
    .replace(/(\d{1,2})([-.])(\d{1,2})(?:[-.](\d{2,4}))?(?!\d)/g, (m: string, d: string, sep: string, mo: string, y?: string) => {
      if (y !== undefined) return `${d}/${mo}/${y}`;
      if (Number(mo) >= 1 && Number(mo) <= 12) return `${d}/${mo}`;
      return sep === '.' ? `${d}:${mo}` : m;
    })
    .replace(/\b(meio|meia)[\s-]*(dia|noite)\b/g, '$1_$2')
    .replace(/[\s-]*feira\b/g, '')
    .replace(/[^a-z0-9:/_]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()} `;
}

/**
 * Parses a pt-BR date/time phrase relative to `now` in `timezone`.
 * Returns null when the text names no day, time, period or range.
 */
export function parseDatePhrase(text: string, now: Instant, timezone: string): DatePhrase | null {
  const today = localDateOf(now, timezone);
  const nowMin = localMinutesOf(now, timezone);
  let work = normalize(text);
  const p: Parsed = {};

  /** Runs `re` over what is left; accepted matches are blanked so later rules do not see them. */
  const take = (re: RegExp, accept: (m: RegExpExecArray) => boolean): void => {
    const global = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
    const matches = [...work.matchAll(global)] as RegExpExecArray[];
    for (const m of matches) {
      if (accept(m)) work = work.slice(0, m.index) + ' '.repeat(m[0].length) + work.slice(m.index + m[0].length);
    }
  };
  const setDay = (date: LocalDate | null, m: RegExpExecArray): boolean => {
    if (date === null || p.date !== undefined) return false;
    p.date = date;
    p.dayEnd = m.index + m[0].length;
    return true;
  };

  // 1. Explicit dates: "12/12", "dia 12/12", "12/12/2026", "12/12/26".
  take(/\b(?:dia\s+)?(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?(?![\d/])/, (m) => {
    const day = Number(m[1]);
    const month = Number(m[2]);
    if (m[3] !== undefined) {
      const year = m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
      return setDay(ymd(year, month, day), m);
    }
    return setDay(month >= 1 && month <= 12 ? nextDayMonth(today, month, day) : null, m);
  });

  // 2. "12 de dezembro", "dia 5 de jan", "5 de março de 2027".
  take(new RegExp(`\\b(?:dia\\s+)?(\\d{1,2})\\s+de\\s+(${MONTH_WORDS})\\b(?:\\s+de\\s+(\\d{4}))?`), (m) => {
    const month = MONTHS[m[2]!]!;
    const day = Number(m[1]);
    return setDay(m[3] !== undefined ? ymd(Number(m[3]), month, day) : nextDayMonth(today, month, day), m);
  });

  // 3. "dia 5": the next 5th.
  take(/\bdia\s+(\d{1,2})\b(?!\s*(?:h\b|hs\b|hrs?\b|horas?\b|:))/, (m) => setDay(nextDayOfMonth(today, Number(m[1])), m));

  // 4. Relative days. "depois de amanhã" before "amanhã".
  take(/\b(?:depois|dps|dpois)\s+(?:de\s+|d\s+)?(?:amanha|amnh)\b/, (m) => setDay(addDays(today, 2), m));
  take(/\b(?:amanha|amnh|amanhan)\b/, (m) => setDay(addDays(today, 1), m));
  take(/\b(?:hoje|hj|hje)\b/, (m) => setDay(today, m));
  take(new RegExp(`\\b(?:daqui\\s+(?:a\\s+)?|em\\s+)${COUNT}\\s+(dias?|semanas?)\\b`), (m) => {
    const n = number(m[1]!);
    if (!Number.isFinite(n) || n > 366) return false;
    return setDay(addDays(today, m[2]!.startsWith('semana') ? 7 * n : n), m);
  });
  take(/\bdaqui\s+(?:a\s+)?uma\s+semana\b/, (m) => setDay(addDays(today, 7), m));

  // 5. Weekdays, with "próxima …", "… que vem", "… da semana que vem".
  take(
    new RegExp(
      `\\b(?:(proxima|proximo)\\s+)?(${WEEKDAY_WORDS})\\b(\\s+(?:que\\s+vem|passad[ao]|(?:da\\s+|na\\s+)?(?:semana\\s+que\\s+vem|proxima\\s+semana)))?`,
    ),
    (m) => {
      if (p.weekday !== undefined) return false;
      const word = m[2]!;
      const before = work.slice(0, m.index + (m[1] ? m[0].indexOf(word) : 0));
      const after = work.slice(m.index + m[0].length);
      if (ORDINAL_AFTER.test(after)) return false;
      if (word === 'ter' && (TER_VERB_BEFORE.test(before) || /^\s+que\b/.test(after))) return false;
      const suffix = m[3]?.trim() ?? '';
      const mode = /semana/.test(suffix) ? 'nextWeek' : /passad/.test(suffix) ? 'last' : m[1] || suffix ? 'next' : 'plain';
      p.weekday = { day: WEEKDAYS[word]!, mode };
      if (p.dayEnd === undefined) p.dayEnd = m.index + m[0].length;
      return true;
    },
  );

  // 6. Ranges.
  take(/\b(?:(?:a|na)\s+)?(?:semana\s+que\s+vem|proxima\s+semana|semana\s+seguinte)\b/, () => {
    if (p.range) return false;
    const monday = nextMonday(today);
    p.range = { fromDate: monday, toDate: addDays(monday, 6) };
    p.rangeIsNextWeek = true;
    return true;
  });
  take(/\b(?:essa|esta|nessa|nesta)\s+semana\b/, () => {
    if (p.range) return false;
    const wd = weekdayOf(today);
    p.range = { fromDate: today, toDate: addDays(today, wd === 0 ? 0 : 7 - wd) };
    return true;
  });
  take(/\b(?:fim|final)\s+de\s+semana\b/, () => {
    if (p.range) return false;
    const wd = weekdayOf(today);
    const saturday = wd === 0 ? addDays(today, -1) : addDays(today, 6 - wd);
    p.range = { fromDate: wd === 0 ? today : saturday > today ? saturday : today, toDate: addDays(saturday, 1) };
    return true;
  });
  take(/\b(?:mes\s+que\s+vem|proximo\s+mes)\b/, () => {
    if (p.range) return false;
    let year = Number(today.slice(0, 4));
    let month = Number(today.slice(5, 7)) + 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
    const first = ymd(year, month, 1)!;
    const nextFirst = month === 12 ? ymd(year + 1, 1, 1)! : ymd(year, month + 1, 1)!;
    p.range = { fromDate: first, toDate: addDays(nextFirst, -1) };
    return true;
  });

  // 7. Times.
  const setTime = (hour: number, minute: number): boolean => {
    if (p.hour !== undefined || hour > 23 || minute > 59) return false;
    p.hour = hour;
    p.minute = minute;
    return true;
  };
  take(/\bmeio_dia(\s+e\s+meia)?\b/, (m) => setTime(12, m[1] ? 30 : 0));
  take(/\bmeia_noite(\s+e\s+meia)?\b/, (m) => {
    const ok = setTime(0, m[1] ? 30 : 0);
    if (ok) p.explicitMorning = true;
    return ok;
  });
  take(/\b(\d{1,2}):(\d{2})\s*(?:h|hs|hrs?|horas?)?\b/, (m) => setTime(Number(m[1]), Number(m[2])));
  take(/\b(\d{1,2})\s*(?:h|hs|hrs?|horas?)(?:\s*(\d{2})\s*(?:min|m)?\b|\s+e\s+(meia|\d{1,2})(?:\s*min(?:utos)?)?\b|\b)/, (m) =>
    setTime(Number(m[1]), m[2] !== undefined ? Number(m[2]) : m[3] === 'meia' ? 30 : m[3] !== undefined ? Number(m[3]) : 0),
  );
  take(
    /\b(?:as|pelas|umas|la\s+pelas|depois\s+das|a\s+partir\s+das|antes\s+das|por\s+volta\s+das|perto\s+das)\s+(\d{1,2})(?:\s+e\s+(meia|\d{1,2}))?(?![\d/:])\b/,
    (m) => setTime(Number(m[1]), m[2] === 'meia' ? 30 : m[2] !== undefined ? Number(m[2]) : 0),
  );
  if (p.hour === undefined && p.dayEnd !== undefined) {
    const rest = work.slice(p.dayEnd);
    // Only when nothing or a period/acknowledgement follows: "amanhã 2 banhos" is not 14h.
    const bare =
      /^\s+(\d{1,2})(?:\s+e\s+meia)?(?=\s*$|\s+(?:da|de|pela|a|na)\s+(?:manha|tarde|noite)\b|\s+(?:ta|esta|pode|serve|fica|ok|beleza|blz|por|pfv|pf|entao|certo|tudo)\b)/.exec(
        rest,
      );
    if (bare && setTime(Number(bare[1]), bare[0].includes('meia') ? 30 : 0)) {
      work = work.slice(0, p.dayEnd) + ' '.repeat(bare[0].length) + work.slice(p.dayEnd + bare[0].length);
    }
  }

  // 8. Periods (greetings and "mais tarde" excluded).
  take(/\b(boa|bom|mais)\s+(?:tarde|noite|dia|cedo)\b/, () => true);
  take(/\b(?:de|da|pela|a|na|no|ao|fim\s+da|final\s+da|inicio\s+da|comeco\s+da)?\s*(manha|manhazinha|tarde|tardinha|noite|noitinha|cedo|cedinho)\b/, (m) => {
    if (p.period !== undefined) return false;
    const word = m[1]!;
    p.period = word.startsWith('manha') || word.startsWith('ced') ? 'manha' : word.startsWith('tard') ? 'tarde' : 'noite';
    return true;
  });
  take(/\bdepois\s+do\s+almoco\b/, () => {
    if (p.period !== undefined) return false;
    p.period = 'tarde';
    return true;
  });

  // 9. Resolve the clock hour.
  let time: TimeOfDay | undefined;
  if (p.hour !== undefined) {
    let hour = p.hour;
    if ((p.period === 'tarde' || p.period === 'noite') && hour >= 1 && hour <= 11) hour += 12;
    else if (p.period === undefined && !p.explicitMorning && hour >= 1 && hour <= 6) hour += 12;
    time = formatTimeOfDay(hour * 60 + p.minute!);
  }

  // 10. Resolve the weekday into a date.
  let date = p.date;
  let range = p.range;
  if (p.weekday && date === undefined) {
    const { day } = p.weekday;
    const mode = p.rangeIsNextWeek ? 'nextWeek' : p.weekday.mode; // "semana que vem, na sexta"
    if (mode === 'nextWeek') {
      date = addDays(nextMonday(today), (day + 6) % 7);
      range = undefined; // "sexta da semana que vem" is one day, not the week
    } else if (mode === 'last') {
      // "sexta passada": the most recent one before today (a customer talking about a past visit).
      date = addDays(today, -((weekdayOf(today) - day + 7) % 7 || 7));
    } else {
      let ahead = (day - weekdayOf(today) + 7) % 7;
      if (ahead === 0) {
        const stillToday =
          mode === 'plain' &&
          ((time !== undefined && Number(time.slice(0, 2)) * 60 + Number(time.slice(3)) > nowMin) ||
            (time === undefined && p.period !== undefined && PERIOD_END_MIN[p.period] > nowMin));
        if (!stillToday) ahead = 7;
      }
      date = addDays(today, ahead);
    }
  }

  const result: { date?: LocalDate; time?: TimeOfDay; period?: DayPeriod; range?: DateRange } = {};
  if (date !== undefined) result.date = date;
  if (time !== undefined) result.time = time;
  if (p.period !== undefined) result.period = p.period;
  if (range !== undefined && date === undefined) result.range = range;
  return Object.keys(result).length === 0 ? null : result;
}
