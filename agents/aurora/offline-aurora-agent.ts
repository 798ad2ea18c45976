import { AURORA_HELP } from './aurora-replies.js';
import { classifyOwnerMessage, type AnalyticsPeriod } from '../../domain/intents/index.js';
import { classifyOwnerDayQuestion, type OwnerDayAsk } from '../../domain/intents/owner-day-question.js';
import { periodBounds } from '../../domain/analytics-period.js';
import { parseOwnerDateRange } from '../../domain/owner-date-range.js';
import { localDateOf } from '../../domain/zoned-time.js';
import type { AuroraAgent, AuroraTurnInput, AuroraTurnResult } from '../aurora-agent.js';
import {
  analyticsCommand,
  AuroraToolRecorder,
  cancelCommand,
  confirmCommand,
  dayCommand,
  inactiveCommand,
  stopCommand,
  suggestCommand,
} from './aurora-commands.js';

/**
 * The deterministic Aurora: what answers the owner without an OpenAI key.
 * The owner's intent layer (`classifyOwnerMessage`) picks one command; the
 * toolbox does the work and writes the text, which is relayed as is. Anything
 * else gets the menu of what she can do.
 */
export const OFFLINE_AURORA_DEFAULT_PERIOD = 'hoje' as const;
export const OFFLINE_AURORA_DEFAULT_CAMPAIGN = 'reativacao' as const;

/** Intents a named day turns into a question about that day ("amanhã tá cheio?" reads as nothing else). */
const DAY_QUESTION_INTENTS: ReadonlySet<string> = new Set(['analytics', 'resumo', 'ajuda', 'saudacao', 'outro']);

/**
 * Whether the owner asks about a day or span they named rather than a standard period.
 * "como foi hoje?" and "quanto faturei este mês?" stay the period reports (with their
 * comparison to the period before); a list, a count or "tá cheio?" of today, and any other
 * day ("ontem", "sábado", "dia 15", "semana que vem"), are answered from the day's agenda.
 */
function namedDay(input: AuroraTurnInput, intent: string, period: AnalyticsPeriod | undefined): { ask: OwnerDayAsk } | undefined {
  if (!DAY_QUESTION_INTENTS.has(intent)) return undefined;
  const range = parseOwnerDateRange(input.text, input.context.now, input.context.timezone);
  if (!range) return undefined;
  const ask = classifyOwnerDayQuestion(input.text);
  const overview = ask.question === 'visao' || ask.question === 'faturamento';
  if (overview && period !== undefined) {
    const bounds = periodBounds(period, new Date(input.context.now), input.context.timezone);
    const lastDay = localDateOf(bounds.to.getTime() - 1, input.context.timezone);
    if (range.fromDate === bounds.fromDate && range.toDate === lastDay) return undefined;
  }
  return { ask };
}

async function replyFor(input: AuroraTurnInput, recorder: AuroraToolRecorder): Promise<string> {
  const { intent, slots } = classifyOwnerMessage(input.text);
  const day = namedDay(input, intent, slots.period);
  if (day) return dayCommand(recorder, input.text, day.ask);
  switch (intent) {
    case 'analytics':
    case 'resumo':
      return analyticsCommand(recorder, slots.period ?? OFFLINE_AURORA_DEFAULT_PERIOD);
    case 'clientes_inativos':
      return inactiveCommand(recorder);
    case 'sugerir_campanha':
      return suggestCommand(recorder, slots.kind ?? OFFLINE_AURORA_DEFAULT_CAMPAIGN);
    case 'confirmar_sim':
      return confirmCommand(recorder, input.context);
    case 'confirmar_nao':
      return cancelCommand(recorder);
    case 'parar_campanha':
      return stopCommand(recorder, input.context);
    case 'ajuda':
    case 'saudacao':
    case 'outro':
      return AURORA_HELP;
  }
}

export function createOfflineAuroraAgent(): AuroraAgent {
  return Object.freeze({
    kind: 'offline' as const,
    async respond(input: AuroraTurnInput): Promise<AuroraTurnResult> {
      const recorder = new AuroraToolRecorder(input.tools);
      const reply = await replyFor(input, recorder);
      return { reply, toolCalls: recorder.records };
    },
  });
}
