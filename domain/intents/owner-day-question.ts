import { normalizeText } from './text-normalize.js';

/**
 * What an owner wants to know about a day or span they named ("amanhã tá cheio?", "qual a
 * agenda de sábado?", "quantos banhos tenho marcados pra sábado?", "quanto faturei ontem?"):
 * whether there is room, the list of bookings, a count (of one service, when named), the
 * revenue, or — "como foi ontem?" — an overview of it all.
 */
export type OwnerDayQuestion = 'lotacao' | 'agenda' | 'contagem' | 'faturamento' | 'visao';

export interface OwnerDayAsk {
  readonly question: OwnerDayQuestion;
  /** The service word counted ("banhos" → "banho"), when the owner named one. */
  readonly service?: string;
  /** A count of the bookings *made* in the span ("quantos agendamentos foram feitos hoje?"), not of those scheduled for it. */
  readonly made?: boolean;
}

const CAPACITY = /\b(cheio|cheia|lotad[oa]|lotou|vagas?|livres?|disponive(l|is)|disponibilidade|espaco|encaixe|encaixar|cabe|ocupacao|ocupad[oa]|folga|apertad[oa]|tranquil[oa]|vazi[oa])\b/;
const REVENUE = /\b(faturamento|fatur\w+|receita|ganhei|ganhamos|vendi|vendemos|vendas|rendeu|dinheiro|entrou|lucro|quanto (fiz|deu|fizemos))\b/;
const COUNT = /\bquant[oa]s\b(?: (\w+))?/;
const AGENDA = /\b(agenda|marcad[oa]s?|agendad[oa]s?|agendamentos|quem vem|o que tem|o que temos|compromissos|atendimentos|horarios|programacao|lista|clientes)\b/;

const MADE = /\b(feit[oa]s|agendaram|marcaram|fecharam|fechei|fechamos|novos agendamentos|entraram)\b/;

/** Words after "quantos" that are not a service. */
const NOT_A_SERVICE = new Set(['atendimentos', 'agendamentos', 'clientes', 'pets', 'horarios', 'tenho', 'temos', 'tem', 'marcados', 'marcadas', 'bichos', 'animais', 'cachorros', 'gatos', 'reais', 'vagas', 'servicos']);

export function classifyOwnerDayQuestion(text: string): OwnerDayAsk {
  const t = normalizeText(text).text;
  if (CAPACITY.test(t)) return { question: 'lotacao' };
  if (REVENUE.test(t)) return { question: 'faturamento' };
  const count = COUNT.exec(t);
  if (count && MADE.test(t)) return { question: 'contagem', made: true };
  if (count) {
    const word = count[1];
    return word && !NOT_A_SERVICE.has(word) ? { question: 'contagem', service: word.replace(/s$/, '') } : { question: 'contagem' };
  }
  if (AGENDA.test(t)) return { question: 'agenda' };
  return { question: 'visao' };
}
