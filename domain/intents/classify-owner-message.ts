import type { AnalyticsPeriod, CampaignKind, OwnerClassification, OwnerIntent, OwnerSlots } from './owner-intent.js';
import { GREETING, THANKS } from './small-talk.js';
import { normalizeText } from './text-normalize.js';
import { matchYesNoPhrase } from './yes-no.js';

/**
 * Reads the shop owner's messages to Aurora, over canonical text.
 *
 * Order of decisions:
 * 1. stopping a campaign — it is the one command that must never be missed,
 *    and "cancela a campanha" must not read as a mere "no";
 * 2. a plain yes/no ("sim", "pode mandar", "cancelar", "não") — the answer
 *    to "Envio a campanha?";
 * 3. a campaign request, before inactive customers, because "campanha pros
 *    clientes que sumiram" is a campaign about them;
 * 4. inactive customers; 5. the daily summary; 6. numbers; 7. help;
 * 8. greeting; 9. anything else.
 */

/** "para" is also a preposition ("campanha para a semana"), so it counts only at the start of a clause. */
const STOP_CAMPAIGN = [
  /\b(parar|pare|pausar|pausa|pause|suspender|suspende|suspenda|interromper|interrompe|interrompa|cancelar|cancela|cancele|desativar|desativa|desative|encerrar|encerra|encerre|segura|segure)\b( (a|o|as|os|essa|esse|esta|este|aquela|minha))?( (campanha|campanhas|envio|envios|disparo|disparos|promocao))\b/,
  /^(aurora )?(para|pare) (a |o |as |os |essa |esse )?(campanha|campanhas|envio|envios|disparo|disparos)\b/,
  /\b(para|pare|parem|parar) de (enviar|mandar|disparar)\b/,
  /\bnao (envia|envie|manda|mande|dispara|dispare) mais\b/,
];

const CAMPAIGN_WORD = /\b(campanha|campanhas|promocao|promocoes|promo|desconto|descontos|oferta|ofertas|cupom|cupons|aniversariantes?|aniversario|aniversarios|black friday|liquidacao)\b/;
const CAMPAIGN_KINDS: readonly (readonly [CampaignKind, RegExp])[] = [
  ['aniversario', /\b(aniversari\w*)\b/],
  ['reativacao', /\b(reativa\w*|inativ\w*|sumid\w*|sumiu|sumiram|voltar|volta|voltem|resgat\w*|saudade|reconquist\w*|parad[oa]s|ausentes|que nao (vem|voltam|voltaram|aparecem))\b/],
  ['promocional', /\b(promocao|promocoes|promo|promocional|desconto|descontos|oferta|ofertas|cupom|cupons|black friday|liquidacao)\b/],
];

const INACTIVE_CUSTOMERS = [
  /\b(inativos?|inativas?|sumiu|sumiram|sumidos?|sumidas?|parados|paradas|perdidos|perdidas|ausentes|desaparecid\w*)\b/,
  /\b(clientes?|quem|tutores) (que )?nao (volta|voltam|voltou|voltaram|vem|vieram|veio|aparece|aparecem|apareceu|apareceram|retorna|retornam|retornou|retornaram)\b/,
  /\b(faz|ha) (muito )?tempo (que )?(nao|sem) (vem|vir|aparece|aparecer|voltar|volta)\b/,
];

const SUMMARY = /\bresumo\b/;

const ANALYTICS = [
  /\b(faturamento|faturei|faturou|faturamos|fatura|vendas|vendi|vendeu|vendemos|receita|lucro|ganhei|ganhamos|numeros|metricas|indicadores|relatorio|desempenho|resultado|resultados|movimento|atendimentos|agendamentos|no shows?|faltas|cancelamentos|ticket medio|estatisticas|balanco)\b/,
  /\bcomo (foi|foram|esta|estao|vai|vao|anda|andam)\b/,
  /\bquant[oa]s? (fiz|faturei|entrou|entraram|ganhei|vendi|clientes|banhos|atendimentos|agendamentos|consultas|tosas)\b/,
  // A follow-up naming only a period: "e a semana?", "e o mês?"
  /^e (a|o|no|na|nesse|nessa|esse|essa|este|esta) (hoje|dia|semana|mes|ano)$/,
  /^e hoje$/,
];

const PERIODS: readonly (readonly [AnalyticsPeriod, RegExp])[] = [
  ['hoje', /\b(hoje|dia|diario|diaria)\b/],
  ['semana', /\b(semana|semanal|semanais)\b/],
  ['mes', /\b(mes|mensal|mensais)\b/],
  ['ano', /\b(ano|anual|anuais)\b/],
];

const HELP = /\b(ajuda|help|menu|comandos|opcoes|o que (voce )?(faz|sabe fazer|pode fazer|consegue fazer)|como (funciona|te uso|usar|voce funciona)|quais (comandos|funcoes|opcoes))\b/;

function firstMatch<T>(text: string, table: readonly (readonly [T, RegExp])[]): T | undefined {
  let best: { value: T; index: number } | undefined;
  for (const [value, pattern] of table) {
    const m = pattern.exec(text);
    if (m && (best === undefined || m.index < best.index)) best = { value, index: m.index };
  }
  return best?.value;
}

function result(intent: OwnerIntent, confidence: number, slots: OwnerSlots = {}): OwnerClassification {
  return Object.freeze({ intent, confidence, slots: Object.freeze(slots) });
}

export function classifyOwnerMessage(text: string): OwnerClassification {
  const n = normalizeText(text);
  const t = n.text;
  if (t.length === 0 && n.emoji.length === 0) return result('outro', 0);

  if (STOP_CAMPAIGN.some((p) => p.test(t))) return result('parar_campanha', 0.95);

  const answer = matchYesNoPhrase(n);
  if (answer !== null) return result(answer === 'yes' ? 'confirmar_sim' : 'confirmar_nao', 0.95);

  // The period words also appear in "bom dia"; drop greetings before reading periods.
  const periodText = t.replace(/\b(bom|boa) (dia|tarde|noite)\b/g, ' ');
  const period = firstMatch(periodText, PERIODS);

  if (CAMPAIGN_WORD.test(t)) {
    const kind = firstMatch(t, CAMPAIGN_KINDS);
    return result('sugerir_campanha', 0.9, kind === undefined ? {} : { kind });
  }
  if (INACTIVE_CUSTOMERS.some((p) => p.test(t))) return result('clientes_inativos', 0.9);

  // "resumo do dia" is the daily summary; "resumo do ano" asks for the year's numbers.
  if (SUMMARY.test(t)) {
    if (period === undefined || period === 'hoje') return result('resumo', 0.9);
    return result('analytics', 0.9, { period });
  }
  if (ANALYTICS.some((p) => p.test(t))) return result('analytics', 0.85, period === undefined ? {} : { period });

  if (HELP.test(t)) return result('ajuda', 0.9);
  if (GREETING.test(t)) return result('saudacao', 0.9);
  if (THANKS.test(t)) return result('outro', 0.6);
  return result('outro', 0.3);
}
