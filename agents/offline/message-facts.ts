import { parseDatePhrase } from '../../domain/date-phrase.js';
import type { CustomerClassification } from '../../domain/intents/index.js';
import { foldText } from '../../domain/text-normalization.js';
import type { CustomerContext } from '../customer-agent.js';
import { findServiceInText, matchShopService } from '../service-match.js';
import type { When } from './offline-state.js';

/**
 * The facts of one customer message that fill the offline agent's slots:
 * which of the shop's services, which of the customer's pets (or a new one),
 * and when. Read from the intent layer's slots, so both agents and the
 * classifier agree on what a message says.
 */

export type Slots = CustomerClassification['slots'];

/** The shop service the message names, if the shop has it; `unknown` when it names one the shop lacks. */
export function serviceOf(ctx: CustomerContext, slots: Slots, text: string): { name?: string; unknown?: string } {
  if (slots.service !== undefined) {
    const service = matchShopService(ctx.shop.services, slots.service) ?? findServiceInText(ctx.shop.services, text);
    return service ? { name: service.name } : { unknown: slots.service };
  }
  const inText = findServiceInText(ctx.shop.services, text);
  return inText ? { name: inText.name } : {};
}

/** A registered pet named in the message ("pro Thor", "a mel"), whatever the capitalisation. */
export function knownPetOf(ctx: CustomerContext, slots: Slots, text: string): string | undefined {
  const t = ` ${foldText(text).replace(/[^a-z0-9]+/g, ' ')} `;
  const byText = ctx.pets.find((p) => {
    const name = foldText(p.name).replace(/[^a-z0-9]+/g, ' ').trim();
    return name !== '' && t.includes(` ${name} `);
  });
  if (byText) return byText.name;
  if (slots.pet_name === undefined) return undefined;
  return ctx.pets.find((p) => foldText(p.name) === foldText(slots.pet_name!))?.name;
}

/** Every registered pet the message names, in order of appearance ("banho pro thor e pra mel"). */
export function knownPetsOf(ctx: CustomerContext, text: string): string[] {
  const t = ` ${foldText(text).replace(/[^a-z0-9]+/g, ' ')} `;
  return ctx.pets
    .map((p) => ({ name: p.name, at: t.indexOf(` ${foldText(p.name).replace(/[^a-z0-9]+/g, ' ').trim()} `) }))
    .filter((p) => p.at >= 0 && p.name.trim() !== '')
    .sort((a, b) => a.at - b.at)
    .map((p) => p.name);
}

const NAME_FILLER = new Set(['e', 'eh', 'o', 'a', 'ele', 'ela', 'se', 'chama', 'nome', 'dele', 'dela', 'meu', 'minha', 'pet', 'seu']);

/**
 * A bare answer to "qual o nome do pet?" ("Thor", "é a Mel"), which the
 * classifier cannot tell from any other word. Only for that question, and only
 * one or two words of letters.
 */
/** Short answers that are not names: "sei lá", "hmm", "kkkk", "nada". */
const NOT_A_BARE_NAME = /\b(sei|la|nao|sim|hm+|ah+|eh+|k{2,}|rs+|ha(ha)+|ok|oi|ola|ne|tipo|entao|nada|nenhum|nenhuma|qualquer|talvez|oque|que|como|quem|qual)\b/;

export function bareNameOf(text: string): string | undefined {
  if (NOT_A_BARE_NAME.test(foldText(text))) return undefined;
  const words = text.trim().split(/\s+/).filter((w) => w !== '' && !NAME_FILLER.has(foldText(w).replace(/[^a-z]/g, '')));
  const cleaned = words.map((w) => w.replace(/[^\p{L}'-]/gu, '')).filter((w) => w !== '');
  if (cleaned.length === 0 || cleaned.length > 2) return undefined;
  return cleaned.map((w) => w.charAt(0).toLocaleUpperCase('pt-BR') + w.slice(1)).join(' ');
}

/**
 * When the customer wants to come. The classifier's canonical date phrase is
 * resolved in the shop's zone (it already prefers the day after "para", as in
 * "muda de sexta pra segunda"); a range ("semana que vem") starts its first day.
 */
export function whenOf(slots: Slots, now: string, timezone: string): When | undefined {
  const phrase = [slots.date_phrase, slots.time !== undefined ? `às ${slots.time}` : undefined].filter((p) => p !== undefined).join(' ');
  if (phrase === '') return undefined;
  const parsed = parseDatePhrase(phrase, now, timezone);
  if (parsed === null) return undefined;
  const when: When = {};
  const date = parsed.date ?? parsed.range?.fromDate;
  if (date !== undefined) when.date = date;
  if (parsed.time !== undefined) when.time = parsed.time;
  if (parsed.period !== undefined) when.period = parsed.period;
  return when;
}

/** "tanto faz", "qualquer horário", "o mais cedo possível": no preference, the first free slots will do. */
export function saysAnyTime(text: string): boolean {
  return /\b(tanto faz|qualquer (dia|horario|hora|um)|qualquer|o (mais cedo|quanto antes)|mais proximo|primeiro (horario )?(livre|disponivel)|quando (tiver|der))\b/.test(
    foldText(text),
  );
}
