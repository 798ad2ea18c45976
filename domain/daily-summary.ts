import { addDays, localDateOf, localMinutesOf, type LocalDate } from './zoned-time.js';
import { parseTimeOfDay } from './time-of-day.js';

/**
 * The owner's end-of-day message, in the format the shop already knows:
 *
 *   📊 *Resumo do Dia* - 03/01/2025
 *   *Hoje:* ✅ completados · ❌ cancelamentos · ⚠️ no-shows · 📋 total
 *   *Amanhã:* 📅 previstos
 *   ⚠️ *Atenção:* … / 💡 *Oportunidade:* …
 */
export interface DaySummaryFigures {
  date: LocalDate;
  completed: number;
  cancelled: number;
  noShows: number;
  total: number;
  tomorrow: number;
  revenueCents: number;
}

export const DEFAULT_SUMMARY_TIME = '19:00';
/** Fewer bookings than this tomorrow is "low": worth a last-minute campaign. */
export const LOW_AGENDA_THRESHOLD = 3;

const ddmmyyyy = (date: LocalDate) => {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
};

export function buildDailySummary(f: DaySummaryFigures, formatMoney: (cents: number) => string): string {
  const lines = [
    `📊 *Resumo do Dia* - ${ddmmyyyy(f.date)}`,
    '',
    '*Hoje:*',
    `✅ Atendimentos completados: ${f.completed}`,
    `❌ Cancelamentos: ${f.cancelled}`,
    `⚠️ No-shows: ${f.noShows}`,
    `📋 Total de agendamentos: ${f.total}`,
    `💰 Receita estimada: ${formatMoney(f.revenueCents)}`,
    '',
    '*Amanhã:*',
    `📅 ${f.tomorrow} agendamento${f.tomorrow === 1 ? '' : 's'} previsto${f.tomorrow === 1 ? '' : 's'}`,
  ];
  const notes: string[] = [];
  if (f.noShows > 0) notes.push(`⚠️ *Atenção:* ${f.noShows} no-show${f.noShows > 1 ? 's' : ''} hoje. Considere lembretes mais próximos.`);
  if (f.tomorrow === 0) notes.push('💡 *Oportunidade:* Agenda de amanhã vazia. Que tal uma campanha de última hora?');
  else if (f.tomorrow < LOW_AGENDA_THRESHOLD) notes.push(`💡 *Oportunidade:* Agenda de amanhã com ${f.tomorrow} agendamento${f.tomorrow > 1 ? 's' : ''}. Campanha de última hora?`);
  if (notes.length) lines.push('', ...notes);
  return lines.join('\n');
}

/**
 * The local date whose summary is due at `now`, or null: due once the shop's
 * local time reaches `time` (HH:mm) and until that day ends — so a summary
 * missed while the node was down still goes out on start the same evening.
 */
export function summaryDateDue(now: number, timezone: string, time: string = DEFAULT_SUMMARY_TIME): LocalDate | null {
  return localMinutesOf(now, timezone) >= parseTimeOfDay(time) ? localDateOf(now, timezone) : null;
}

/** Milliseconds until the next local `time` after `now` (for a precise wake-up). */
export function msUntilNextLocalTime(now: number, timezone: string, time: string): number {
  const minutesNow = localMinutesOf(now, timezone);
  const target = parseTimeOfDay(time);
  const seconds = Math.floor((now % 60_000) / 1000);
  const deltaMin = target > minutesNow ? target - minutesNow : target - minutesNow + 24 * 60;
  return deltaMin * 60_000 - seconds * 1000 - (now % 1000);
}

export function tomorrowOf(now: number, timezone: string): LocalDate {
  return addDays(localDateOf(now, timezone), 1);
}
