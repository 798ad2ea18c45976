import { formatShortDatePtBr } from '../pt-br-format.js';
import type { OwnerDayAsk } from '../../domain/intents/owner-day-question.js';
import { formatBrl } from '../../domain/money.js';
import { foldText } from '../../domain/text-normalization.js';
import type { AgendaEntry, DayAgendaFigures } from '../aurora-agent.js';
import { plural } from './aurora-replies.js';

/**
 * Aurora's answers about a day or span the owner named, one per kind of question, all from
 * the same figures (`consultar_agenda`): is there room, what is booked, how many, how much.
 */

const STATUS_PT_BR: Readonly<Record<AgendaEntry['status'], string>> = {
  scheduled: 'agendado',
  confirmed: 'confirmado',
  completed: 'concluído',
  cancelled: 'cancelado',
  no_show: 'não veio',
};
const MAX_LISTED = 15;

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** Bookings that still hold (or held) their place: cancelled and no-shows left out. */
const kept = (f: DayAgendaFigures) => f.counts.scheduled + f.counts.confirmed + f.counts.completed;

function freeLine(f: DayAgendaFigures): string {
  const open = f.free.filter((s) => s.slots > 0);
  if (open.length === 0) return 'sem horários livres';
  return `horários livres: ${open.map((s) => `${s.service}: ${s.slots}${s.first ? ` (a partir de ${s.first})` : ''}`).join('; ')}`;
}

/** "amanhã tá cheio?" */
export function capacityReply(f: DayAgendaFigures): string {
  const head = capitalize(f.label);
  if (f.occupancyPercent === null) return `📅 ${head}: a loja não abre nesse período.${kept(f) ? ` Mesmo assim há ${plural(kept(f), 'atendimento marcado', 'atendimentos marcados')}.` : ''}`;
  const booked = `${plural(kept(f), 'atendimento marcado', 'atendimentos marcados')}, ocupação de ${f.occupancyPercent}%`;
  const anyFree = f.free.some((s) => s.slots > 0);
  if (!anyFree) return `🔴 Sim, ${f.label} está lotado: ${booked}. Não há mais horários livres.`;
  if (f.occupancyPercent >= 80) return `🟡 Quase cheio: ${f.label} tem ${booked}. Ainda há ${freeLine(f)}.`;
  return `🟢 Não, ${f.label} ainda tem espaço: ${booked}. ${capitalize(freeLine(f))}.`;
}

function entryLine(e: AgendaEntry, withDate: boolean): string {
  const when = withDate ? `${formatShortDatePtBr(e.date)} ${e.time}` : e.time;
  return `• ${when} — ${e.service} · ${e.pet} (${e.customer}) · ${STATUS_PT_BR[e.status]}`;
}

/** "qual a agenda de sábado?" */
export function agendaReply(f: DayAgendaFigures): string {
  const listed = f.bookings.filter((b) => b.status !== 'cancelled');
  const head = `📅 *Agenda — ${f.label}*`;
  if (listed.length === 0) {
    const free = f.occupancyPercent === null ? 'A loja não abre nesse período.' : `${capitalize(freeLine(f))}.`;
    return `${head}\nNenhum atendimento marcado. ${free}`;
  }
  const multiDay = f.fromDate !== f.toDate;
  const lines = listed.slice(0, MAX_LISTED).map((e) => entryLine(e, multiDay));
  const more = listed.length > MAX_LISTED ? [`… e mais ${listed.length - MAX_LISTED}.`] : [];
  const cancelled = f.counts.cancelled ? [`❌ ${plural(f.counts.cancelled, 'cancelamento', 'cancelamentos')}`] : [];
  return [`${head} — ${plural(listed.length, 'atendimento', 'atendimentos')}`, ...lines, ...more, ...cancelled].join('\n');
}

/** "quantos banhos tenho marcados pra sábado?" */
export function countReply(f: DayAgendaFigures, ask: Pick<OwnerDayAsk, 'service' | 'made'>): string {
  const head = capitalize(f.label);
  if (ask.made) {
    return `🗓️ ${head}: ${plural(f.madeInSpan, 'agendamento feito', 'agendamentos feitos')} no período (para qualquer data); ` +
      `para o próprio período estão marcados ${plural(kept(f), 'atendimento', 'atendimentos')}.`;
  }
  if (!ask.service) {
    const confirmed = f.counts.confirmed ? ` (${plural(f.counts.confirmed, 'confirmado', 'confirmados')})` : '';
    return `📋 ${head}: ${plural(kept(f), 'atendimento marcado', 'atendimentos marcados')}${confirmed}.`;
  }
  const word = foldText(ask.service);
  const matching = f.byService.filter((s) => foldText(s.name).split(/\s+/).some((w) => w.startsWith(word)));
  if (matching.length === 0) return `📋 ${head}: nenhum atendimento de ${ask.service} marcado.`;
  const n = matching.reduce((sum, s) => sum + s.bookings, 0);
  const detail = matching.length > 1 ? ` (${matching.map((s) => `${s.name}: ${s.bookings}`).join(', ')})` : '';
  return `📋 ${head}: ${n} ${n === 1 ? 'atendimento' : 'atendimentos'} de ${matching.length === 1 ? matching[0]!.name : ask.service}${detail}.`;
}

/** "quanto faturei ontem?" */
export function revenueReply(f: DayAgendaFigures): string {
  const lines = [`💰 *${capitalize(f.label)}*`, `Receita (concluídos): ${formatBrl(f.revenueCents)} em ${plural(f.counts.completed, 'atendimento', 'atendimentos')}`];
  if (f.expectedCents > 0) lines.push(`A realizar (agendados e confirmados): ${formatBrl(f.expectedCents)} em ${plural(f.counts.scheduled + f.counts.confirmed, 'atendimento', 'atendimentos')}`);
  if (f.counts.noShows) lines.push(`⚠️ ${plural(f.counts.noShows, 'no-show', 'no-shows')}`);
  return lines.join('\n');
}

/** "como foi ontem?", "e sábado?": the whole picture of the span. */
export function dayOverviewReply(f: DayAgendaFigures): string {
  const lines = [`📅 *${capitalize(f.label)}*`, `📋 Atendimentos marcados para o período: ${kept(f)}${f.counts.confirmed ? ` (${plural(f.counts.confirmed, 'confirmado', 'confirmados')})` : ''}`];
  if (f.counts.completed) lines.push(`✅ Concluídos: ${f.counts.completed}`);
  if (f.counts.cancelled) lines.push(`❌ Cancelamentos: ${f.counts.cancelled}`);
  if (f.counts.noShows) lines.push(`⚠️ No-shows: ${f.counts.noShows}`);
  lines.push(`💰 Receita (concluídos): ${formatBrl(f.revenueCents)}${f.expectedCents ? ` · a realizar: ${formatBrl(f.expectedCents)}` : ''}`);
  if (f.occupancyPercent !== null) lines.push(`📈 Ocupação: ${f.occupancyPercent}% · ${freeLine(f)}`);
  lines.push(`🗓️ Agendamentos feitos no período (para qualquer data): ${f.madeInSpan}`);
  return lines.join('\n');
}

/** The reply for the kind of question asked. */
export function dayReply(f: DayAgendaFigures, ask: OwnerDayAsk): string {
  switch (ask.question) {
    case 'lotacao':
      return capacityReply(f);
    case 'agenda':
      return agendaReply(f);
    case 'contagem':
      return countReply(f, ask);
    case 'faturamento':
      return revenueReply(f);
    case 'visao':
      return dayOverviewReply(f);
  }
}
