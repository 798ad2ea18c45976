import { foldText } from '../text-normalization.js';

/**
 * Turns a WhatsApp message into the one canonical form every intent rule reads.
 *
 * Brazilian customers write the same thing a dozen ways: "Amanhã", "amanha",
 * "AMANHÃ"; "vc", "vcs", "voces"; "oiii", "simmm", "obrigadaaa"; "pra"/"pro";
 * "p/", "c/". Rules written once against the canonical form then match all of
 * them, so the rule tables stay short and nobody special-cases a spelling.
 *
 * The canonical `text` is lower-case ASCII words separated by single spaces.
 * Digits keep `/` and `:` between them ("12/12", "15:30") because dates and
 * times need them; every other symbol becomes a space. Clause boundaries
 * (, . ; ! ? and line breaks) are lost in `text` but kept in `clauses`, because
 * "não, errei o dia" (a "no") and "não errei o dia" read differently.
 */

/** What an emoji says on its own: 👍 answers "Confirma?" as well as "sim" does. */
export type EmojiSignal = 'yes' | 'no' | 'thanks' | 'laugh' | 'urgent';

export interface NormalizedText {
  readonly original: string;
  /** Canonical form: folded, repeats collapsed, abbreviations expanded, symbols removed. */
  readonly text: string;
  readonly tokens: readonly string[];
  /** `text` cut at clause punctuation, each in canonical form; never empty strings. */
  readonly clauses: readonly string[];
  /** Meaningful emoji in order of appearance; decorative ones (🐶, 😊) are not listed. */
  readonly emoji: readonly EmojiSignal[];
  readonly hasQuestionMark: boolean;
}

/**
 * Chat abbreviations and frequent misspellings → canonical words. Values are
 * never keys themselves, so normalising twice gives the same result.
 * Deliberately absent: "p", "m", "g" (sizes: "porte p"), "s" (a bare "yes",
 * read by the yes/no parser), "ter"/"qua"/"qui"/"dom" (too often real words).
 */
const ABBREVIATIONS: ReadonlyMap<string, string> = new Map([
  ['vc', 'voce'], ['vcs', 'voces'], ['ce', 'voce'], ['voc', 'voce'], ['vce', 'voce'],
  ['hj', 'hoje'], ['hje', 'hoje'], ['oje', 'hoje'],
  ['amnh', 'amanha'], ['amn', 'amanha'], ['amanham', 'amanha'], ['amanhan', 'amanha'],
  ['dps', 'depois'], ['dpois', 'depois'], ['agr', 'agora'],
  ['qnt', 'quanto'], ['qnto', 'quanto'], ['qto', 'quanto'], ['qt', 'quanto'], ['qnta', 'quanta'],
  ['qnts', 'quantos'], ['qntos', 'quantos'], ['qtos', 'quantos'], ['qtas', 'quantas'], ['qntas', 'quantas'],
  ['qdo', 'quando'], ['qnd', 'quando'], ['qndo', 'quando'], ['qm', 'quem'], ['ql', 'qual'],
  ['q', 'que'], ['oq', 'o que'], ['pq', 'porque'], ['pqe', 'porque'],
  ['qro', 'quero'], ['qr', 'quero'], ['kero', 'quero'], ['qero', 'quero'], ['keria', 'queria'], ['qria', 'queria'],
  ['tb', 'tambem'], ['tbm', 'tambem'], ['tmb', 'tambem'], ['tbem', 'tambem'],
  ['obg', 'obrigado'], ['obgd', 'obrigado'], ['obgdo', 'obrigado'], ['obgda', 'obrigada'], ['obgado', 'obrigado'],
  ['brigado', 'obrigado'], ['brigada', 'obrigada'], ['brigadao', 'obrigado'],
  ['vlw', 'valeu'], ['vlww', 'valeu'], ['valew', 'valeu'], ['flw', 'falou'], ['tmj', 'tamo junto'],
  ['bjs', 'beijos'], ['bjo', 'beijo'], ['bjss', 'beijos'], ['abs', 'abracos'],
  ['blz', 'beleza'], ['td', 'tudo'], ['tds', 'todos'], ['msm', 'mesmo'], ['mt', 'muito'], ['mto', 'muito'],
  ['mtu', 'muito'], ['mta', 'muita'], ['ctz', 'certeza'], ['nd', 'nada'], ['vdd', 'verdade'], ['dnv', 'de novo'],
  ['aq', 'aqui'], ['aki', 'aqui'], ['ngm', 'ninguem'], ['algm', 'alguem'], ['alg', 'alguem'],
  ['n', 'nao'], ['nn', 'nao'], ['naum', 'nao'], ['ss', 'sim'],
  ['pra', 'para'], ['pro', 'para o'], ['pros', 'para os'], ['pras', 'para as'],
  ['ta', 'esta'], ['tah', 'esta'], ['tao', 'estao'], ['to', 'estou'], ['tava', 'estava'],
  ['eh', 'e'], ['neh', 'ne'], ['vo', 'vou'], ['vamo', 'vamos'],
  ['pfv', 'por favor'], ['pfvr', 'por favor'], ['pf', 'por favor'], ['pls', 'por favor'], ['plz', 'por favor'],
  ['porfa', 'por favor'], ['porfavor', 'por favor'],
  ['msg', 'mensagem'], ['msgs', 'mensagens'], ['tel', 'telefone'], ['cel', 'celular'],
  ['zap', 'whatsapp'], ['wpp', 'whatsapp'], ['whats', 'whatsapp'], ['zapzap', 'whatsapp'],
  ['hr', 'hora'], ['hrs', 'horas'], ['hs', 'horas'], ['min', 'minutos'],
  ['sab', 'sabado'], ['seg', 'segunda'], ['sex', 'sexta'], ['fds', 'fim de semana'],
  ['vet', 'veterinario'], ['vets', 'veterinarios'], ['veterinaro', 'veterinario'],
  ['orario', 'horario'], ['horaio', 'horario'], ['hrario', 'horario'], ['orarios', 'horarios'],
  ['presso', 'preco'], ['endereso', 'endereco'], ['enderesso', 'endereco'],
  ['okk', 'ok'], ['okay', 'ok'], ['okey', 'ok'], ['oki', 'ok'], ['okok', 'ok'],
]);

/** Emoji that carry a meaning, by code point (skin-tone and variation selectors are ignored). */
const EMOJI_SIGNALS: ReadonlyMap<number, EmojiSignal> = new Map<number, EmojiSignal>([
  ...codePoints('yes', '👍👌✅✔☑🆗🤝'),
  ...codePoints('no', '👎❌✖🚫⛔🙅'),
  ...codePoints('thanks', '🙏❤💙💚💛💜🧡🤍🖤💕💖💗😍🥰😘🤗'),
  ...codePoints('laugh', '😂🤣😆😅😁😄😹'),
  ...codePoints('urgent', '🆘🚨'),
]);

function codePoints(signal: EmojiSignal, chars: string): [number, EmojiSignal][] {
  return [...chars].map((c) => [c.codePointAt(0)!, signal]);
}

/** Lower-case and strip accents ("Amanhã" → "amanha", "ç" → "c"). */
export function foldAccents(text: string): string {
  return foldText(text);
}

/**
 * "oiii" → "oi", "simmm" → "sim", "kkkkk" → "k": runs of three or more of the
 * same letter. Two in a row are left alone because Portuguese spells with them
 * ("carro", "passar", "voo"); a run of r or s shrinks to two for the same reason
 * ("passsar" → "passar").
 */
export function collapseRepeats(text: string): string {
  return text.replace(/(\p{L})\1{2,}/gu, (_run, letter: string) => (letter === 'r' || letter === 's' ? letter + letter : letter));
}

/** Expands chat abbreviations word by word in already-folded, space-separated text. */
export function expandAbbreviations(text: string): string {
  return text
    .split(' ')
    .filter((t) => t.length > 0)
    .map((t) => ABBREVIATIONS.get(t) ?? t)
    .join(' ');
}

/** The meaningful emoji in `text`, in order. */
export function detectEmoji(text: string): EmojiSignal[] {
  const found: EmojiSignal[] = [];
  for (const char of text) {
    const signal = EMOJI_SIGNALS.get(char.codePointAt(0)!);
    if (signal) found.push(signal);
  }
  return found;
}

/** Canonical form of a fragment that is already folded and collapsed. */
function canonicalize(fragment: string): string {
  const cleaned = fragment
    // "p/ amanhã", "c/ tosa", "s/ tosa": the slash is part of the word.
    .replace(/(^|[^a-z0-9])([pcs])\/(?!\d)/g, (_m, before: string, letter: string) =>
      `${before} ${letter === 'p' ? 'para' : letter === 'c' ? 'com' : 'sem'} `,
    )
    // "banho + tosa", "banho & tosa", "banho/tosa" all mean "banho e tosa".
    .replace(/([a-z])\s*[+&/]\s*(?=[a-z])/g, '$1 e ')
    // ':' and '/' survive only between digits (times and dates).
    .replace(/(?<!\d)[:/]|[:/](?!\d)/g, ' ')
    .replace(/[^a-z0-9:/]+/g, ' ');
  return expandAbbreviations(cleaned);
}

/** Folds and collapses, the steps shared by the whole text and each clause. */
function fold(text: string): string {
  return collapseRepeats(foldAccents(text.normalize('NFC')));
}

export function normalizeText(original: string): NormalizedText {
  const folded = fold(original);
  const text = canonicalize(folded);
  const clauses = folded
    // A comma between digits is a decimal ("R$ 50,00"), not a clause break.
    .split(/(?<!\d),|,(?!\d)|[.;!?\n]+/)
    .map(canonicalize)
    .filter((c) => c.length > 0);
  return Object.freeze({
    original,
    text,
    tokens: Object.freeze(text.length > 0 ? text.split(' ') : []),
    clauses: Object.freeze(clauses),
    emoji: Object.freeze(detectEmoji(original)),
    hasQuestionMark: original.includes('?'),
  });
}
