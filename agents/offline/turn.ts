import type { CustomerIntent } from '../../domain/intents/index.js';
import type { CustomerContext } from '../customer-agent.js';
import type { ToolRecorder } from '../tool-recorder.js';
import type { Slots } from './message-facts.js';
import type { PetMention } from './pet-mentions.js';
import type { OfflineState } from './offline-state.js';

/** What every step of the offline agent reads: this turn's message and context, and the recorded toolbox. */
export interface TurnEnv {
  readonly ctx: CustomerContext;
  readonly text: string;
  readonly intent: CustomerIntent;
  readonly slots: Slots;
  /** The pets the message talks about, each with its own facts (pet-mentions.ts). */
  readonly mentions: readonly PetMention[];
  readonly recorder: ToolRecorder;
  /** ISO instant of now and the shop's zone, for dates. */
  readonly now: string;
  readonly timezone: string;
}

/** One step's outcome: what to say, the state to keep, and whether a person takes over. */
export interface Step {
  reply: string;
  state: OfflineState;
  escalate?: { reason: string };
  /** An answer to a side question that repeats the open question as a reminder: not a new asking of it. */
  sideAnswer?: true;
}

/** Asks a question and remembers which one, so the next message is read as its answer. */
export function ask(state: OfflineState, awaiting: NonNullable<OfflineState['awaiting']>, reply: string): Step {
  return { reply, state: { ...state, awaiting } };
}

/** The flow is over (a write was proposed or the customer went elsewhere): nothing to remember. */
export function done(reply: string): Step {
  return { reply, state: {} };
}
