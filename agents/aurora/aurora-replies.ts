import { changePercent, PERIOD_LABELS_PT_BR, type AnalyticsPeriod } from '../../domain/analytics-period.js';
import { formatBrl } from '../../domain/money.js';

/** Aurora's words: a business partner who answers with numbers, in pt-BR. */
export interface PeriodFigures {
  scheduled: number;
  confirmed: number;
  completed: number;
  cancelled: number;
  no_show: number;
  revenueCents: number;
}

/** "1 cliente", "3 clientes". */
export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

const total = (f: PeriodFigures) => f.scheduled + f.confirmed + f.completed + f.cancelled + f.no_show;

function trend(before: number, after: number): string {
  const change = changePercent(before, after);
  if (change === null) return '';
  if (change === 0) return ' (igual ao período anterior)';
  return ` (${change > 0 ? '📈 +' : '📉 '}${change}% vs. período anterior)`;
}

/** "para hoje" / "feitos hoje": how each period is named in the two ways of counting bookings. */
const SCHEDULED_FOR: Readonly<Record<AnalyticsPeriod, string>> = { hoje: 'hoje', semana: 'esta semana', mes: 'este mês', ano: 'este ano' };
const MADE_IN: Readonly<Record<AnalyticsPeriod, string>> = { hoje: 'hoje', semana: 'nesta semana', mes: 'neste mês', ano: 'neste ano' };

/**
 * The period's figures. Bookings are counted both ways and each line says which: those
 * scheduled for the period (by appointment date) and those made during it (for any date) —
 * "Agendamentos: 0" on a day the bot booked six, for next week, told the owner nothing.
 */
export function analyticsReply(period: AnalyticsPeriod, current: PeriodFigures, previous: PeriodFigures, newCustomers: number, madeInPeriod: number): string {
  const lines = [
    `📊 *${PERIOD_LABELS_PT_BR[period]}*`,
    `📋 Atendimentos marcados para ${SCHEDULED_FOR[period]}: ${total(current)}${trend(total(previous), total(current))}`,
    `🗓️ Agendamentos feitos ${MADE_IN[period]} (para qualquer data): ${madeInPeriod}`,
    `✅ Concluídos: ${current.completed}`,
    `❌ Cancelamentos: ${current.cancelled}`,
    `⚠️ No-shows: ${current.no_show}`,
    `💰 Receita (concluídos): ${formatBrl(current.revenueCents)}${trend(previous.revenueCents, current.revenueCents)}`,
    `🆕 Clientes novos: ${newCustomers}`,
  ];
  if (current.no_show > 0) lines.push('', `⚠️ *Atenção:* ${current.no_show} no-show${current.no_show > 1 ? 's' : ''}. Lembretes mais próximos do horário ajudam.`);
  return lines.join('\n');
}

export function inactiveReply(count: number, names: string[], days: number): string {
  if (count === 0) return `🎉 Nenhum cliente sem contato há mais de ${days} dias. Clientela em dia!`;
  const sample = names.slice(0, 5).join(', ');
  return `👥 *${count} cliente${count > 1 ? 's' : ''} sem contato há mais de ${days} dias*${sample ? `: ${sample}${count > 5 ? '…' : ''}` : ''}.\n💡 Quer que eu sugira uma campanha de reativação?`;
}

export const AURORA_HELP =
  'Oi! Sou a Aurora, sua sócia de negócios 🐾 Posso te mostrar:\n' +
  '• "como foi hoje?" / "e a semana?" / "resumo do mês"\n' +
  '• "amanhã tá cheio?" / "qual a agenda de sábado?" / "quantos banhos tenho dia 15?"\n' +
  '• "clientes inativos"\n' +
  '• "sugira uma campanha de reativação"';
