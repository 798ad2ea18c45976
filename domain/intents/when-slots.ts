import type { WeekdayName } from './customer-intent.js';

/**
 * The "when" of a message: weekday, date phrase and time, over canonical text.
 *
 * This does not resolve dates (that needs the clock and the shop's timezone;
 * see domain/date-phrase.ts). It cuts out the date part and writes it in one
 * canonical pt-BR spelling — "hj a tarde" → "hoje à tarde", "sexta-feira de
 * manhã" → "sexta de manhã", "dia 12/12" → "12/12", "na parte da tarde" → "à
 * tarde" — so slots compare equal however the customer typed them and the
 * resolver sees one form.
 *
 * Matching follows the resolver's order (explicit dates, relative days,
 * weekdays, ranges, times, periods) and blanks what it takes, so "dia 12/12 às
 * 14h" gives one date and one time, and "3 da tarde" is a time, not a period.
 * Hours follow the resolver too: 1–6 with no "da manhã" are afternoon ("às 3"
 * is 15:00), and "da tarde"/"da noite" move 1–11 to the afternoon/evening.
 */
export interface WhenSlots {
  weekday?: WeekdayName;
  date_phrase?: string;
  time?: string;
}

const WEEKDAYS: Readonly<Record<string, WeekdayName>> = {
  segunda: 'segunda', terca: 'terça', quarta: 'quarta', quinta: 'quinta', sexta: 'sexta', sabado: 'sábado', domingo: 'domingo',
};

const MONTHS: Readonly<Record<string, string>> = {
  janeiro: 'janeiro', fevereiro: 'fevereiro', marco: 'março', abril: 'abril', maio: 'maio', junho: 'junho', julho: 'julho',
  agosto: 'agosto', setembro: 'setembro', outubro: 'outubro', novembro: 'novembro', dezembro: 'dezembro',
};

/** "segunda vez", "quarta dose": ordinals, not weekdays. */
const ORDINAL_AFTER = /^ (vez|vezes|opcao|via|mao|chance|dose|parte|vacina|etapa|sessao|aplicacao)\b/;
/** A count followed by one of these is an amount, not a time ("as 2 vacinas", "umas 3 semanas"). */
const NOT_TIME_AFTER = /^ (dias?|semanas?|mes|meses|anos?|vezes|vacinas?|doses?|kg|quilos?|reais|pets?|cachorros?|gatos?|caes|horas? de|minutos)\b/;

type Period = 'manha' | 'tarde' | 'noite';
const PERIOD_PHRASE: Readonly<Record<Period, string>> = { manha: 'de manhã', tarde: 'à tarde', noite: 'à noite' };

interface DayPart {
  readonly phrase: string;
  readonly index: number;
  readonly end: number;
  readonly weekday?: WeekdayName;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function periodOf(word: string): Period {
  return word.startsWith('manha') || word.startsWith('ced') ? 'manha' : word.startsWith('tard') ? 'tarde' : 'noite';
}

export function extractWhen(text: string): WhenSlots {
  let work = ` ${text} `;
  const days: DayPart[] = [];

  /** Runs `re` (global) over what is left; accepted matches are blanked so later rules do not see them. */
  const take = (re: RegExp, accept: (m: RegExpExecArray) => boolean): void => {
    for (const m of [...work.matchAll(re)] as RegExpExecArray[]) {
      if (accept(m)) work = work.slice(0, m.index) + ' '.repeat(m[0].length) + work.slice(m.index + m[0].length);
    }
  };
  const addDay = (phrase: string, m: RegExpExecArray, weekday?: WeekdayName): boolean => {
    const part = { phrase, index: m.index, end: m.index + m[0].length };
    days.push(weekday === undefined ? part : { ...part, weekday });
    return true;
  };

  // Greetings and "mais tarde" are not periods or days, nor is a goodbye ("obrigado, até amanhã").
  take(/\b(boa|bom|mais) (tarde|noite|dia|cedo)\b/g, () => true);
  take(/\b(obrigad[oa]s?|valeu|tchau|beijos?|abracos?|falou|bom descanso) (e )?ate (amanha|segunda|terca|quarta|quinta|sexta|sabado|domingo)( entao)? $/g, () => true);

  // 1. Explicit dates.
  take(/\b(?:dia )?(\d{1,2}\/\d{1,2}(?:\/\d{2,4})?)(?![\d/])/g, (m) => addDay(m[1]!, m));
  take(/\b(?:dia )?(\d{1,2}) de (janeiro|fevereiro|marco|abril|maio|junho|julho|agosto|setembro|outubro|novembro|dezembro)\b/g, (m) =>
    addDay(`${Number(m[1])} de ${MONTHS[m[2]!]}`, m),
  );
  take(/\bdia (\d{1,2})\b(?! ?(h|hs|hrs?|horas?)\b|:)/g, (m) => Number(m[1]) >= 1 && Number(m[1]) <= 31 && addDay(`dia ${Number(m[1])}`, m));

  // 2. Relative days ("depois de amanhã" before "amanhã").
  take(/\bdepois de amanha\b/g, (m) => addDay('depois de amanhã', m));
  take(/\bamanha\b/g, (m) => addDay('amanhã', m));
  take(/\bhoje\b/g, (m) => addDay('hoje', m));

  // 3. Weekdays, with "próxima …", "… que vem", "… da semana que vem".
  take(
    /\b(?:(proxima|proximo) )?(segunda|terca|quarta|quinta|sexta|sabado|domingo)(?: feira)?( que vem| da semana que vem| da proxima semana| na semana que vem)?\b/g,
    (m) => {
      if (ORDINAL_AFTER.test(work.slice(m.index + m[0].length))) return false;
      const weekday = WEEKDAYS[m[2]!]!;
      const phrase = m[3] && /semana/.test(m[3]) ? `${weekday} da semana que vem` : m[1] || m[3] ? `${weekday} que vem` : weekday;
      return addDay(phrase, m, weekday);
    },
  );

  // 4. Ranges.
  take(/\b(?:semana que vem|proxima semana|semana seguinte)\b/g, (m) => addDay('semana que vem', m));
  take(/\b(?:essa|esta|nessa|nesta) semana\b/g, (m) => addDay('esta semana', m));
  take(/\b(?:fim|final) de semana\b/g, (m) => addDay('fim de semana', m));
  take(/\b(?:mes que vem|proximo mes)\b/g, (m) => addDay('mês que vem', m));

  // 5. Times. A "da tarde" right after the hour belongs to the time.
  let hour: number | undefined;
  let minute = 0;
  let qualifier: Period | undefined;
  const setTime = (h: number, min: number, rest: string): boolean => {
    if (hour !== undefined || h > 23 || min > 59) return false;
    hour = h;
    minute = min;
    const q = /^ d[ae] (manha|tarde|noite)\b/.exec(rest);
    if (q) qualifier = periodOf(q[1]!);
    return true;
  };
  const after = (m: RegExpExecArray): string => work.slice(m.index + m[0].length);
  const blankQualifier = (m: RegExpExecArray): void => {
    const end = m.index + m[0].length;
    const q = /^ d[ae] (manha|tarde|noite)\b/.exec(work.slice(end));
    if (q) work = work.slice(0, end) + ' '.repeat(q[0].length) + work.slice(end + q[0].length);
  };
  const timeTake = (re: RegExp, read: (m: RegExpExecArray) => [number, number] | null): void =>
    take(re, (m) => {
      const hm = read(m);
      if (!hm || !setTime(hm[0], hm[1], after(m))) return false;
      blankQualifier(m);
      return true;
    });
  const half = (s: string | undefined): number => (s === undefined ? 0 : s === 'meia' ? 30 : Number(s));

  timeTake(/\bmeio dia(?: e meia)?\b/g, (m) => [12, m[0].endsWith('meia') ? 30 : 0]);
  timeTake(/\bmeia noite(?: e meia)?\b/g, (m) => [0, m[0].endsWith('meia') ? 30 : 0]);
  timeTake(/\b(\d{1,2}):(\d{2})(?: ?(?:h|horas?))?\b/g, (m) => [Number(m[1]), Number(m[2])]);
  timeTake(/\b(\d{1,2}) ?(?:h|hs|hrs?)(\d{2})?\b(?: e (meia|\d{1,2})\b)?/g, (m) => [Number(m[1]), m[2] ? Number(m[2]) : half(m[3])]);
  timeTake(
    /\b(?:as|pelas|umas|la pelas|depois das|a partir das|antes das|por volta das|perto das|ate as|das) (\d{1,2})(?: e (meia|\d{1,2}))?(?: horas?)?\b(?![\d/:])/g,
    (m) => (NOT_TIME_AFTER.test(after(m)) ? null : [Number(m[1]), half(m[2])]),
  );
  // "8 da noite", "10 da manhã": the period makes a bare number an hour.
  timeTake(/\b(\d{1,2})(?: e (meia|\d{1,2}))?(?= d[ae] (manha|tarde|noite)\b)/g, (m) => [Number(m[1]), half(m[2])]);
  // "amanhã 10", "sexta 14h" already taken; a bare number right after a day word is an hour.
  if (hour === undefined) {
    for (const day of days) {
      const bare = /^ +(\d{1,2})(?: e (meia))?(?= *$| +[a-z])/.exec(work.slice(day.end));
      if (bare && !NOT_TIME_AFTER.test(work.slice(day.end + bare[0].length)) && setTime(Number(bare[1]), half(bare[2]), work.slice(day.end + bare[0].length))) break;
    }
  }

  // 6. Periods: "de manhã", "à tarde", "na parte da tarde", "hoje cedo".
  let period: Period | undefined;
  take(
    /\b(?:de|da|pela|a|na|no|ao|parte da|na parte da|periodo da|no periodo da|fim da|final da|inicio da|comeco da|durante a) (manha|manhazinha|tarde|tardinha|noite|noitinha)\b/g,
    (m) => {
      if (period !== undefined) return false;
      period = periodOf(m[1]!);
      return true;
    },
  );
  if (period === undefined) {
    for (const day of days) {
      const bare = /^ (manha|tarde|noite|cedo|cedinho)\b/.exec(work.slice(day.end));
      if (bare) {
        period = periodOf(bare[1]!);
        break;
      }
    }
  }

  const slots: WhenSlots = {};
  // A day named after "para" is where the customer wants to go ("mudar de sexta pra segunda").
  const day = days.find((d) => /\bpara( o| a)? +$/.test(` ${text} `.slice(0, d.index))) ?? [...days].sort((a, b) => a.index - b.index)[0];
  if (day?.weekday) slots.weekday = day.weekday;
  const periodPhrase = period === undefined ? undefined : PERIOD_PHRASE[period];
  if (day && periodPhrase) slots.date_phrase = `${day.phrase} ${periodPhrase}`;
  else if (day) slots.date_phrase = day.phrase;
  else if (periodPhrase) slots.date_phrase = periodPhrase;

  if (hour !== undefined) {
    const afternoon = (qualifier ?? period) === 'tarde' || (qualifier ?? period) === 'noite';
    if (afternoon && hour >= 1 && hour <= 11) hour += 12;
    else if (qualifier === undefined && period === undefined && hour >= 1 && hour <= 6) hour += 12;
    slots.time = `${pad(hour)}:${pad(minute)}`;
  }
  return slots;
}
