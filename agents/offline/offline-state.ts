import { z } from 'zod';

import { SPECIES } from '../../domain/species.js';

import type { CustomerContext } from '../customer-agent.js';

/**
 * The offline agent's memory between turns (slot filling), kept in the
 * conversation's `agentState`. It comes back from storage, so it is parsed,
 * not trusted: anything unreadable is a fresh start, never a crash.
 */

const SIZE = z.enum(['P', 'M', 'G', 'GG']);

const SLOT = z.object({ startsAt: z.string(), endsAt: z.string(), label: z.string() });

const SEX = z.enum(['macho', 'fêmea']);

/** A pet not registered yet, as far as the customer described it. */
const NEW_PET = z.object({
  nome: z.string().optional(),
  especie: z.enum(SPECIES).optional(),
  porte: SIZE.optional(),
  raca: z.string().optional(),
  sexo: SEX.optional(),
});

export const OFFLINE_STATE = z.object({
  /** What the customer is doing across turns. */
  flow: z.enum(['agendar', 'remarcar', 'cancelar', 'cadastrar']).optional(),
  /** The question the last reply asked, so the next message is read as its answer first. */
  awaiting: z.enum(['service', 'pet', 'pet_details', 'when', 'slot', 'booking', 'human_offer', 'book_offer']).optional(),
  /** The shop's service name, as the toolbox knows it. */
  service: z.string().optional(),
  /** The pet the booking is for (registered, or proposed and waiting for the customer's "sim"). */
  pet: z.string().optional(),
  /** Details of the pet not registered yet that the flow is filling now. */
  newPet: NEW_PET.optional(),
  /** Other new pets of the same conversation ("tenho um golden e uma gata"), registered with the same confirmation. */
  others: z.array(NEW_PET).optional(),
  /** Registered pets to book next, after `pet` ("banho pro Thor e pra Mel"). */
  morePets: z.array(z.string()).optional(),
  /** A pet proposed with cadastrarPet whose confirmation we have not seen yet, and its size (for slot queries meanwhile). */
  registering: z.object({ nome: z.string(), porte: SIZE, pets: z.array(NEW_PET).optional() }).optional(),
  /** How many times each question was asked in this flow, so none is asked a third time (question-repeats.ts). */
  asked: z.record(z.string(), z.number()).optional(),
  when: z.object({ date: z.string().optional(), time: z.string().optional(), period: z.enum(['manha', 'tarde', 'noite']).optional() }).optional(),
  offered: z.array(SLOT).optional(),
  /** The booking being rescheduled or cancelled, and the candidates when we asked which. */
  bookingId: z.string().optional(),
  bookingChoices: z.array(z.string()).optional(),
});

export type OfflineState = z.infer<typeof OFFLINE_STATE>;
export type OfflineSlot = z.infer<typeof SLOT>;
export type When = NonNullable<OfflineState['when']>;
export type NewPet = z.infer<typeof NEW_PET>;

export function readOfflineState(raw: Record<string, unknown>): OfflineState {
  const parsed = OFFLINE_STATE.safeParse(raw);
  return parsed.success ? parsed.data : {};
}

function sameName(a: string, b: string): boolean {
  return a.localeCompare(b, 'pt-BR', { sensitivity: 'base' }) === 0;
}

export function findPet(ctx: CustomerContext, name: string | undefined): CustomerContext['pets'][number] | undefined {
  return name === undefined ? undefined : ctx.pets.find((p) => sameName(p.name, name));
}

/**
 * Catches up with what the actor did between turns without telling us: a
 * registration we proposed is either in the pet list now (the customer said
 * "sim"), still pending, or gone (the customer said "não") — then the pet is
 * forgotten and will be asked for again.
 */
export function reconcile(state: OfflineState, ctx: CustomerContext): OfflineState {
  if (!state.registering) return state;
  if (findPet(ctx, state.registering.nome)) {
    const { registering: _done, ...rest } = state;
    return rest;
  }
  if (ctx.pendingAction !== null) return state;
  const { registering, ...rest } = state;
  if (rest.pet !== undefined && sameName(rest.pet, registering.nome)) delete rest.pet;
  if (rest.awaiting === 'when' || rest.awaiting === 'slot') delete rest.awaiting;
  delete rest.offered;
  return rest;
}
