import { foldText } from '../../domain/text-normalization.js';

/**
 * "PARAR", "SAIR", "STOP" — the words Brazilian marketing messages teach
 * people to send — switch marketing off. Only a message that is just the
 * keyword counts: "não vou sair de casa hoje" is not an opt-out.
 */
const OPT_OUT = new Set(['parar', 'sair', 'stop', 'cancelar inscricao', 'descadastrar', 'nao quero mais receber', 'nao quero receber mais']);
const OPT_IN = new Set(['voltar', 'quero receber', 'voltar a receber']);

const keyword = (text: string) => foldText(text).replace(/[!.?\s]+$/g, '').replace(/^[\s]+/, '').trim();

export function isOptOut(text: string): boolean {
  return OPT_OUT.has(keyword(text));
}

export function isOptIn(text: string): boolean {
  return OPT_IN.has(keyword(text));
}

export const OPT_OUT_REPLY = 'Pronto, você não vai mais receber nossas mensagens de promoções e campanhas. Se mudar de ideia, é só mandar VOLTAR. 🐾';
export const OPT_IN_REPLY = 'Que bom ter você de volta! Você voltará a receber nossas novidades. Para parar, é só mandar PARAR.';
