import { normalizeText, type NormalizedText } from './text-normalize.js';

/**
 * Reading the answer to "Confirma? (sim/não)".
 *
 * Every write the assistant makes waits for this answer (DESIGN §6.3), so a
 * wrong "yes" books or cancels something the customer did not want. The parser
 * therefore answers only when the message is plainly a yes or a no, and returns
 * null for anything hedged ("sim, mas…", "não sei", "talvez") so the caller asks
 * again instead of guessing.
 */
export type YesNo = 'yes' | 'no';

export interface YesNoOptions {
  /**
   * The message answers a reminder that offered "1 - confirmar / 2 - cancelar".
   * Only then are a bare "1" and "2" answers; elsewhere they are just numbers.
   */
  readonly reminderContext?: boolean;
}

// Written as people type them; normalised once at load, so "tá bom" is stored
// as "esta bom" and "deixa pra lá" as "deixa para la", like the input will be.
const YES_PHRASES = phraseSet([
  'sim', 's', 'si', 'simm', 'claro', 'claro que sim', 'com certeza', 'certeza', 'certeza absoluta',
  'pode', 'pode sim', 'pode ser', 'pode confirmar', 'pode marcar', 'pode agendar', 'pode mandar', 'pode enviar',
  'pode disparar', 'pode seguir', 'pode fazer', 'pode ir', 'pode deixar', 'pode sim por favor',
  'manda', 'manda ver', 'manda bala', 'dispara', 'envia', 'confirmo', 'confirmado', 'confirmada', 'confirma',
  'confirmar', 'confirmadíssimo', 'isso', 'isso mesmo', 'isso aí', 'é isso', 'é isso aí', 'exato', 'exatamente',
  'certo', 'certinho', 'correto', 'ok', 'beleza', 'tá bom', 'tá', 'tá certo', 'tá ótimo', 'tá ok', 'tá joia',
  'ótimo', 'perfeito', 'fechado', 'fechou', 'combinado', 'bora', 'vamos', 'positivo', 'afirmativo', 'aham', 'uhum',
  'yes', 'yep', 'vou', 'vou sim', 'quero', 'quero sim', 'show', 'top', 'demorou', 'massa', 'joia', 'tranquilo',
  'de acordo', 'concordo', 'estarei lá', 'estaremos lá', 'sim senhor', 'sim senhora', 'vai', 'vai sim',
]);

const NO_PHRASES = phraseSet([
  'não', 'nao', 'n', 'negativo', 'nope', 'no', 'nem', 'nem pensar', 'de jeito nenhum', 'jamais', 'nunca',
  'cancela', 'cancelar', 'cancele', 'cancelo', 'pode cancelar', 'não quero', 'não pode', 'não posso',
  'não confirmo', 'não confirma', 'não manda', 'não mande', 'não envia', 'não envie', 'não precisa', 'errado',
  'tá errado', 'não é isso', 'não tá certo', 'deixa', 'deixa pra lá', 'deixa quieto', 'esquece', 'esquece isso',
  'melhor não', 'agora não', 'hoje não', 'ainda não', 'não vou', 'não vou poder', 'não vou conseguir', 'desisto',
  'nada disso', 'não não',
]);

/** Words that pad an answer without changing it: "sim, por favor", "não, obrigada". */
const FILLER = new Set(['por', 'favor', 'entao', 'viu', 'ne', 'aurora', 'moca', 'moco', 'amigo', 'amiga', 'obrigado', 'obrigada']);

/** Hedges: whatever else the message says, it is not a clear answer. */
const HEDGE = /\b(nao sei|sei la|talvez|nao entendi|nao tenho certeza|depende|acho que|nao lembro|quem sabe)\b/;
/** A second thought after the first clause makes the answer conditional. */
const BUT = /\b(mas|porem|so que|entretanto|contudo)\b/;

const MAX_PHRASE_TOKENS = 4;

function phraseSet(list: readonly string[]): ReadonlySet<string> {
  return new Set(list.map((p) => normalizeText(p).text));
}

function stripFiller(tokens: readonly string[]): string[] {
  let start = 0;
  let end = tokens.length;
  while (start < end && FILLER.has(tokens[start]!)) start++;
  while (end > start && FILLER.has(tokens[end - 1]!)) end--;
  return tokens.slice(start, end);
}

/**
 * Whether `tokens` can be cut entirely into phrases of one set, so "ok pode
 * ser", "sim confirmo" and "não não" are read without listing every pairing.
 */
function segmentsInto(tokens: readonly string[], set: ReadonlySet<string>): boolean {
  const ok: boolean[] = new Array<boolean>(tokens.length + 1).fill(false);
  ok[tokens.length] = true;
  for (let i = tokens.length - 1; i >= 0; i--) {
    for (let len = 1; len <= MAX_PHRASE_TOKENS && i + len <= tokens.length; len++) {
      if (ok[i + len] && set.has(tokens.slice(i, i + len).join(' '))) {
        ok[i] = true;
        break;
      }
    }
  }
  return tokens.length > 0 && ok[0]!;
}

function polarityOf(tokens: readonly string[]): YesNo | null {
  const core = stripFiller(tokens);
  const phrase = core.join(' ');
  // Whole-phrase matches first: "não vou" is a no even though "vou" alone is a yes.
  if (NO_PHRASES.has(phrase)) return 'no';
  if (YES_PHRASES.has(phrase)) return 'yes';
  const yes = segmentsInto(core, YES_PHRASES);
  const no = segmentsInto(core, NO_PHRASES);
  if (yes !== no) return yes ? 'yes' : 'no';
  return null;
}

function emojiPolarity(n: NormalizedText): YesNo | null {
  const yes = n.emoji.includes('yes');
  const no = n.emoji.includes('no');
  if (yes === no) return null;
  return yes ? 'yes' : 'no';
}

/**
 * The answer when the whole message is a yes or no phrase ("sim", "pode
 * confirmar", "isso mesmo", "não", "👍", "sim, por favor"), else null. Words win
 * over emoji; a message of only filler words ("obrigado") is not an answer
 * unless an emoji gives one.
 */
export function matchYesNoPhrase(n: NormalizedText): YesNo | null {
  if (HEDGE.test(n.text)) return null;
  const core = stripFiller(n.tokens);
  if (core.length === 0) return emojiPolarity(n);
  return polarityOf(core);
}

/**
 * 'yes' | 'no' | null for a reply to a confirmation question.
 *
 * Beyond whole phrases it accepts a leading answer followed by a remark in a
 * separate clause ("não, errei o dia", "sim, pode marcar"), unless the remark
 * takes it back ("sim, mas…") or says the opposite.
 */
export function parseYesNo(text: string, options: YesNoOptions = {}): YesNo | null {
  const n = normalizeText(text);
  if (options.reminderContext) {
    if (n.text === '1') return 'yes';
    if (n.text === '2') return 'no';
  }
  const whole = matchYesNoPhrase(n);
  if (whole !== null || HEDGE.test(n.text) || n.clauses.length < 2) return whole;

  const first = polarityOf(n.clauses[0]!.split(' '));
  if (first === null) return null;
  const rest = n.clauses.slice(1).join(' ');
  if (BUT.test(rest)) return null;
  const opposite = first === 'yes' ? /\b(nao|cancela|cancelar|negativo)\b/ : /\b(sim|confirmo|pode marcar|pode confirmar)\b/;
  return opposite.test(rest) ? null : first;
}
