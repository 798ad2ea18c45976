import { ASKS_CONFIRMATION } from '../confirmation-question.js';
import { completeMention } from './pet-mentions.js';
import {
  missingDetailOf,
  NOT_UNDERSTOOD_OFFER_TEAM,
  REPHRASE_WHEN,
  rephrasePetDetail,
  rephraseService,
  rephraseSlot,
  rephraseWhichPet,
} from './offline-replies.js';
import type { OfflineState } from './offline-state.js';
import { countQuestion } from './question-repeats.js';
import type { Step, TurnEnv } from './turn.js';

/**
 * Applies the question-repeat rule (question-repeats.ts) to a step: which
 * question the step asks (its key), and — when the same question was already
 * asked in this flow — its rephrasing with an example, or the offer of the
 * team on the third time.
 */

/** The question a state waits on, named finely enough that a new pet's size is not "the same question" as the last pet's. */
export function questionKey(state: OfflineState): string | undefined {
  switch (state.awaiting) {
    case undefined:
    case 'human_offer':
      return undefined;
    case 'pet_details': {
      const pet = completeMention(state.newPet ?? {});
      return `pet_details:${missingDetailOf(pet) ?? 'done'}:${pet.nome ?? ''}`;
    }
    case 'slot':
      return `slot:${(state.offered ?? []).map((o) => o.startsAt).join(',')}`;
    default:
      return state.awaiting;
  }
}

function rephrase(env: TurnEnv, state: OfflineState, previousReply: string): string {
  switch (state.awaiting) {
    case 'pet_details': {
      const pet = completeMention(state.newPet ?? {});
      const missing = missingDetailOf(pet);
      return missing === null ? previousReply : rephrasePetDetail(missing, pet.nome, pet.sexo);
    }
    case 'service':
      return rephraseService(env.ctx);
    case 'pet':
      return rephraseWhichPet(env.ctx);
    case 'when':
      return REPHRASE_WHEN;
    case 'slot':
      return rephraseSlot((state.offered ?? []).map((o) => o.label));
    default:
      return previousReply;
  }
}

/**
 * `previousReply` is what the assistant said last turn: a second asking with
 * the very same words is rephrased; one that says something new (a day with
 * no free slot, a tool's refusal) is kept, but still counts.
 */
export function applyQuestionLimit(env: TurnEnv, before: OfflineState, step: Step, previousReply: string | undefined): Step {
  const key = questionKey(step.state);
  // A proposal waits for the actor's "sim"; the question it sets up is asked only after it.
  // A side answer that reminds the customer of the open question does not ask it again.
  if (key === undefined || step.sideAnswer || ASKS_CONFIRMATION.test(step.reply)) return step;
  const { attempt, asked } = countQuestion(before.asked, key);
  if (attempt === 'offer_team') return { reply: NOT_UNDERSTOOD_OFFER_TEAM, state: { awaiting: 'human_offer' } };
  const state = { ...step.state, asked };
  if (attempt === 'ask' || step.reply !== previousReply) return { ...step, state };
  return { ...step, reply: rephrase(env, step.state, step.reply), state };
}
