import type { CustomerClassification, CustomerIntent, CustomerSlots } from './customer-intent.js';
import { CUSTOMER_RULES, CUSTOMER_TIE_ORDER } from './customer-rules.js';
import { extractCustomerSlots } from './customer-slots.js';
import { isHostile, isOptOut, isUrgent } from './safety-signals.js';
import { leadsWithSize } from './size-slot.js';
import { LAUGHTER_ONLY } from './small-talk.js';
import { normalizeText, type NormalizedText } from './text-normalize.js';
import { matchYesNoPhrase } from './yes-no.js';

/**
 * The deterministic pt-BR reader of customer messages (DESIGN §6.2): the
 * offline agent runs on it, and with an LLM configured it answers the obvious
 * (greetings, hours, prices, address) before any tokens are spent.
 *
 * Order of decisions, each for a reason:
 * 1. opt-out — the law says stop, whatever else the message says;
 * 2. hostile — never act on the content of an injection attempt;
 * 3. emergency — a hurt animal goes to a person, not to a booking flow;
 * 4. a bare "1"/"2" or a plain yes/no — answers to the question just asked;
 * 5. cue rules and slot-based cues, strongest weight wins, ties by
 *    CUSTOMER_TIE_ORDER; a leading "não,"/"sim," wins over weak content;
 * 6. laughter and anything else → 'outro' with low confidence.
 */

/** Content this strong outweighs a leading "sim,"/"não," ("não, quero remarcar"). */
const CONTENT_OVER_ANSWER = 0.7;
/** Below this the message is 'outro'. */
const MIN_CONFIDENCE = 0.5;

const SMALL_TALK: ReadonlySet<CustomerIntent> = new Set(['saudacao', 'agradecimento']);

const ACCEPTANCE = /\b(pode ser|esta bom|esta otimo|fica bom|serve|pode|fechado|beleza|combinado|ok|perfeito|melhor)\b/;

type Scores = Map<CustomerIntent, number>;

function raise(scores: Scores, intent: CustomerIntent, weight: number): void {
  if (weight > (scores.get(intent) ?? 0)) scores.set(intent, weight);
}

/** Cues that need slots: a date with "pode ser", a breed in a description, a pet's vaccine. */
function slotCues(n: NormalizedText, slots: CustomerSlots, scores: Scores): void {
  const text = n.text;
  const hasWhen = slots.date_phrase !== undefined || slots.time !== undefined;
  const contentScore = Math.max(0, ...[...scores.entries()].filter(([i]) => !SMALL_TALK.has(i)).map(([, w]) => w));

  // "pode ser amanhã às 10?", "as 15h tá bom": choosing a slot. A date or time alone is still most likely one.
  if (hasWhen) raise(scores, 'agendar', ACCEPTANCE.test(text) ? 0.8 : 0.55);

  // "cancela e marca pra sexta" is a reschedule.
  if ((scores.get('cancelar') ?? 0) >= 0.9 && (scores.get('agendar') ?? 0) >= 0.9) raise(scores, 'remarcar', 0.96);

  // Describing a pet. A message that leads with the size ("porte médio", "gigante, é um são bernardo")
  // or says nothing but the size answers "qual o porte?"; with breed, species or age it describes the pet.
  const otherTraits = slots.breed !== undefined || slots.species !== undefined || slots.age_years !== undefined || slots.age_months !== undefined || slots.pet_name !== undefined;
  if (slots.size !== undefined) {
    if (leadsWithSize(text)) raise(scores, 'informar_porte', 0.85);
    else if (!otherTraits) raise(scores, 'informar_porte', 0.7);
  }
  const kind = slots.breed !== undefined || slots.species !== undefined;
  if (kind && /\btenho (um|uma|dois|duas|tres|\d+)\b/.test(text)) raise(scores, 'cadastrar_pet', 0.8);
  if (kind && /\b(e|eh) (um|uma)\b/.test(text)) raise(scores, 'cadastrar_pet', 0.75);
  if (contentScore < 0.7 && (slots.breed !== undefined || slots.age_years !== undefined || slots.age_months !== undefined)) {
    raise(scores, 'cadastrar_pet', 0.7);
  }

  // "tem como dar banho nele amanhã?" asks whether there is room.
  if (hasWhen && /\btem como\b/.test(text)) raise(scores, 'consultar_horarios', 0.85);
  // "como está a Luna?" while she is at the shop.
  if (slots.pet_name !== undefined && /\bcomo (esta|estao|vai) (o|a)\b/.test(text)) raise(scores, 'status_servico', 0.8);
  // "e a vacina da Mel?"
  if (slots.service === 'vacina' && slots.pet_name !== undefined) raise(scores, 'vacinas', 0.7);
  // "banho?", "e hidratação?": a service and nothing else is a question about it.
  if (slots.service !== undefined) raise(scores, 'servicos', 0.5);
  // 🙏 and ❤️ thank; "obrigado" is handled by the rules.
  if (n.emoji.includes('thanks')) raise(scores, 'agradecimento', 0.6);
}

function best(scores: Scores): [CustomerIntent, number] | undefined {
  let winner: [CustomerIntent, number] | undefined;
  for (const intent of CUSTOMER_TIE_ORDER) {
    const w = scores.get(intent);
    if (w !== undefined && (winner === undefined || w > winner[1])) winner = [intent, w];
  }
  return winner;
}

function result(intent: CustomerIntent, confidence: number, slots: CustomerSlots): CustomerClassification {
  return Object.freeze({ intent, confidence: Math.min(1, Math.max(0, confidence)), slots: Object.freeze(slots) });
}

export function classifyCustomerMessage(text: string): CustomerClassification {
  const n = normalizeText(text);
  const slots = extractCustomerSlots(n);

  if (n.text.length === 0 && n.emoji.length === 0) return result('outro', 0, slots);
  if (isOptOut(n)) return result('opt_out', 0.95, slots);
  if (isHostile(n)) return result('outro', 0.9, { ...slots, hostile: true });
  if (isUrgent(n)) return result('humano', 0.95, { ...slots, urgent: true });

  // A bare "1" or "2" answers a reminder's numbered options; nothing else is that short.
  if (n.text === '1') return result('confirmar_sim', 0.9, { reminder_answer: 1 });
  if (n.text === '2') return result('confirmar_nao', 0.9, { reminder_answer: 2 });

  const scores: Scores = new Map();
  for (const r of CUSTOMER_RULES) if (r.pattern.test(n.text)) raise(scores, r.intent, r.weight);
  slotCues(n, slots, scores);
  const top = best(scores);

  const answer = matchYesNoPhrase(n);
  if (answer !== null) {
    // A bare "cancela" is a request to cancel; the conversation layer reads it as a "no"
    // only while a confirmation is pending (it calls parseYesNo then).
    if (answer === 'no' && top?.[0] === 'cancelar') return result('cancelar', top[1], slots);
    return result(answer === 'yes' ? 'confirmar_sim' : 'confirmar_nao', 0.95, slots);
  }
  // "não, errei o dia", "sim, obrigado": a leading answer, unless what follows asks for something.
  const lead = n.clauses.length > 1 ? matchYesNoPhrase(normalizeText(n.clauses[0]!)) : null;
  if (lead !== null && (top === undefined || top[1] < CONTENT_OVER_ANSWER)) {
    return result(lead === 'yes' ? 'confirmar_sim' : 'confirmar_nao', 0.85, slots);
  }

  if (top !== undefined && top[1] >= MIN_CONFIDENCE) {
    // "oi", "obrigado!": small talk is a weak cue next to content, but alone it is certain.
    const onlySmallTalk = [...scores.keys()].every((i) => SMALL_TALK.has(i));
    return result(top[0], onlySmallTalk ? 0.9 : top[1], slots);
  }
  if (LAUGHTER_ONLY.test(n.text) || (n.text === '' && n.emoji.every((e) => e === 'laugh'))) return result('outro', 0.6, slots);
  return result('outro', 0.3, slots);
}

