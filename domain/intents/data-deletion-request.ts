import { foldText } from '../text-normalization.js';

/**
 * "Apagar meus dados", "excluir meu cadastro", "quero que apaguem meus dados": the customer asks
 * the shop to forget them (LGPD art. 18, VI). Read on the folded text (no accents, lower case):
 * a deleting verb followed, within a few words, by what is theirs — their data, registration or
 * information. "Cancelar meu agendamento" or "apagar o cadastro do meu cachorro" are not this,
 * and a "não" before the verb ("não quero que apaguem meus dados") is no request.
 */
const VERB = String.raw`(?:apag\w*|exclu\w*|delet\w*|remov\w*|elimin\w*|esquec\w*|exclusao|remocao|eliminacao)`;
const THEIRS = String.raw`(?:(?:meus|os meus|todos os meus) (?:dados|registros)|(?:meu|o meu) (?:cadastro|registro|historico|numero|contato)|(?:minhas|as minhas) informacoes|(?:minha|a minha) conta|dados pessoais|tudo (?:sobre|de) mim)`;
const REQUEST = new RegExp(String.raw`\b${VERB}\b(?:\s+\S+){0,4}?\s+${THEIRS}\b`);
const NEGATED = new RegExp(String.raw`\bnao\b(?:\s+\S+){0,3}?\s+${VERB}\b`);

export function isDataDeletionRequest(text: string): boolean {
  const folded = foldText(text).replace(/[^\p{L}\p{N}\s]/gu, ' ').replace(/\s+/g, ' ').trim();
  return REQUEST.test(folded) && !NEGATED.test(folded);
}
