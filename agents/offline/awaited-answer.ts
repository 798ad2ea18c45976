import type { CustomerIntent } from '../../domain/intents/index.js';
import { findServiceInText } from '../service-match.js';
import { parseYesNo } from '../../domain/intents/index.js';
import { sexCueOf } from '../../domain/pet-sex.js';
import { isPetKindWord } from '../../domain/intents/species-breed-slots.js';
import { absorb, advance, book, gathered, setNewPets } from './booking-flow.js';
import { pickBooking, proposeCancel } from './booking-target.js';
import { bareNameOf, knownPetOf, saysAnyTime, whenOf } from './message-facts.js';
import { ASK_OTHER_WHEN, HUMAN_DECLINED } from './offline-replies.js';
import type { OfflineState } from './offline-state.js';
import { mergeMentions, sameName } from './pet-mentions.js';
import { pickOption, pickSlot } from './slot-choice.js';
import { ask, done, type Step, type TurnEnv } from './turn.js';

/**
 * Reads a message as the answer to the question the agent asked last turn
 * ("1", "Thor", "amanhã de manhã", "médio"). Many answers mean nothing on
 * their own — the classifier reads "1" as a reminder's yes — so this runs
 * before intent dispatch. Null means "not an answer": the message is read as
 * a new request instead.
 */
export async function answerAwaited(env: TurnEnv, state: OfflineState): Promise<Step | null> {
  switch (state.awaiting) {
    case 'slot':
      return answerSlot(env, state);
    case 'when':
      return answerWhen(env, state);
    case 'pet':
      return answerPet(env, state);
    case 'pet_details':
      return answerPetDetails(env, state);
    case 'service':
      return answerService(env, state);
    case 'booking':
      return answerBooking(env, state);
    case 'book_offer':
      return answerBookOffer(env, state);
    case 'human_offer':
      return null; // handled by the agent, which owns escalation
    default:
      return null;
  }
}

/** "Quer agendar?": a plain yes starts the booking with what is known; a no ends it. */
async function answerBookOffer(env: TurnEnv, state: OfflineState): Promise<Step | null> {
  const answer = parseYesNo(env.text);
  if (answer === 'yes') return advance(env, absorb(env, state).state);
  if (answer === 'no') return done(HUMAN_DECLINED);
  return null;
}

async function answerSlot(env: TurnEnv, state: OfflineState): Promise<Step | null> {
  const offered = state.offered ?? [];
  const index = pickSlot(env.text, offered, env.now, env.timezone);
  if (index !== null) return book(env, state, offered[index]!);
  // "não" to the list: none of these suits, so ask what would rather than show the same list again.
  if (parseYesNo(env.text) === 'no') return ask({ ...state, offered: undefined, when: undefined }, 'when', ASK_OTHER_WHEN);
  // "e quinta?", "tem à tarde?": another day or period, so new slots.
  if (whenOf(env.slots, env.now, env.timezone) !== undefined) return advance(env, absorb(env, state).state);
  return null;
}

/** Messages that move an open booking along rather than start something else ("ok", "e aí?", "pode ver?"). */
const CONTINUES: ReadonlySet<CustomerIntent> = new Set(['outro', 'saudacao', 'confirmar_sim', 'confirmar_nao', 'agendar', 'consultar_horarios']);

async function answerWhen(env: TurnEnv, state: OfflineState): Promise<Step | null> {
  if (whenOf(env.slots, env.now, env.timezone) !== undefined) return advance(env, absorb(env, state).state);
  if (saysAnyTime(env.text)) return advance(env, { ...state, when: {} });
  // The day was given before the pet's registration; after the customer's "sim" anything short of a new request continues.
  if (state.when !== undefined && CONTINUES.has(env.intent)) return advance(env, absorb(env, state).state);
  return null;
}

async function answerPet(env: TurnEnv, state: OfflineState): Promise<Step | null> {
  const option = pickOption(env.text, env.ctx.pets.length);
  if (option !== null) return advance(env, { ...state, pet: env.ctx.pets[option]!.name });
  if (knownPetOf(env.ctx, env.slots, env.text) !== undefined || env.mentions.length > 0) {
    const s = absorb(env, state).state;
    // A description here is a new pet, even if the customer has another of that species.
    if (s.pet === undefined && s.newPet === undefined && env.mentions.length > 0) setNewPets(s, mergeMentions([], env.mentions));
    return advance(env, s);
  }
  return null;
}

async function answerPetDetails(env: TurnEnv, state: OfflineState): Promise<Step | null> {
  const known = knownPetOf(env.ctx, env.slots, env.text);
  if (known !== undefined && state.flow === 'agendar' && env.mentions.every((m) => m.nome === undefined || sameName(m.nome, known))) {
    return advance(env, { ...state, pet: known, newPet: undefined, others: undefined });
  }
  const s: OfflineState = { ...state };
  const focus = s.newPet ?? {};
  let mentions = [...env.mentions];
  // "fêmea", "é macho", "menina": the answer to "é macho ou fêmea?" carries no other fact.
  const sexo = sexCueOf(env.text, focus.nome, isPetKindWord);
  if (sexo !== undefined && mentions.length === 0) mentions = [{ sexo }];
  if (mentions.length === 0 && focus.nome === undefined) {
    const name = bareNameOf(env.text);
    // Only a message the classifier could not read: "quanto custa?" is a question, not a pet called Quanto.
    if (name !== undefined && env.intent === 'outro' && !env.slots.hostile) mentions = [{ nome: name }];
  }
  if (mentions.length === 0) return null;
  setNewPets(s, mergeMentions(gathered(s).length > 0 ? gathered(s) : [{}], mentions));
  return advance(env, s);
}

async function answerService(env: TurnEnv, state: OfflineState): Promise<Step | null> {
  const services = env.ctx.shop.services;
  const option = pickOption(env.text, services.length);
  const named = option !== null ? services[option] : findServiceInText(services, env.text);
  if (named) return advance(env, { ...absorb(env, state).state, service: named.name });
  const { state: s, unknownService } = absorb(env, state);
  if (s.service !== undefined && unknownService === undefined) return advance(env, s);
  return null;
}

async function answerBooking(env: TurnEnv, state: OfflineState): Promise<Step | null> {
  const booking = pickBooking(env, state);
  if (!booking) return null;
  const s: OfflineState = { ...state, bookingChoices: undefined };
  if (state.flow === 'cancelar') return proposeCancel(env, booking);
  return advance(env, { ...s, bookingId: booking.id, service: booking.serviceName, pet: booking.petName });
}
