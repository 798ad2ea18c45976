import { parseDatePhrase } from '../../domain/date-phrase.js';
import { parseYesNo } from '../../domain/intents/index.js';
import { foldText } from '../../domain/text-normalization.js';
import { localDateOf, localTimeOf } from '../../domain/zoned-time.js';

/**
 * Which of the numbered options the customer picked: "1", "opção 2", "a
 * primeira", "a última", "10h", "sexta 14h", or a plain "pode ser" when only
 * one was offered. Null when the message does not pick one, so the caller can
 * read it as something else (a new day, a question).
 *
 * "a segunda" is read as the second option, not Monday: while a numbered list
 * is on the screen that is what people mean; "segunda-feira" stays a day.
 */

const FILLER = new Set([
  'pode', 'ser', 'quero', 'queria', 'prefiro', 'fico', 'com', 'vou', 'de', 'o', 'a', 'e', 'no', 'na', 'do', 'da', 'esse', 'essa',
  'opcao', 'numero', 'n', 'horario', 'por', 'favor', 'entao', 'pfv', 'pf', 'mesmo', 'ok', 'melhor', 'eu',
]);

const ORDINALS: Readonly<Record<string, number>> = {
  primeira: 0, primeiro: 0, '1a': 0, '1o': 0,
  segunda: 1, segundo: 1, '2a': 1, '2o': 1,
  terceira: 2, terceiro: 2, '3a': 2, '3o': 2,
};

export function pickOption(text: string, count: number): number | null {
  const tokens = foldText(text).replace(/[º°ª]/g, (c) => (c === 'ª' ? 'a' : 'o')).replace(/[^a-z0-9 ]+/g, ' ').split(/\s+/).filter((t) => t !== '');
  const core = tokens.filter((t) => !FILLER.has(t));
  if (core.length !== 1) return null;
  const word = core[0]!;
  let index: number | undefined;
  if (/^\d+$/.test(word)) index = Number(word) - 1;
  else if (word === 'ultima' || word === 'ultimo') index = count - 1;
  else index = ORDINALS[word];
  return index !== undefined && index >= 0 && index < count ? index : null;
}

export function pickSlot(text: string, offered: ReadonlyArray<{ startsAt: string }>, now: string, timezone: string): number | null {
  const option = pickOption(text, offered.length);
  if (option !== null) return option;
  if (offered.length === 1 && parseYesNo(text) === 'yes') return 0;
  const when = parseDatePhrase(text, now, timezone);
  if (when?.time === undefined) return null;
  const matches = offered
    .map((slot, i) => ({ i, date: localDateOf(slot.startsAt, timezone), time: localTimeOf(slot.startsAt, timezone) }))
    .filter((s) => s.time === when.time && (when.date === undefined || s.date === when.date));
  return matches.length === 1 ? matches[0]!.i : null;
}
