import { parseYesNo } from '../../domain/intents/index.js';
import { ofPet } from '../../domain/pet-sex.js';
import { localDateOf } from '../../domain/zoned-time.js';
import type { CustomerContext } from '../customer-agent.js';
import { formatShortDatePtBr, formatSlotLabelPtBr } from '../pt-br-format.js';
import { knownPetOf, serviceOf, whenOf } from './message-facts.js';
import { askWhichBooking, NO_BOOKINGS, nothingOnDay, toolErrorPtBr } from './offline-replies.js';
import type { OfflineState } from './offline-state.js';
import { pickOption } from './slot-choice.js';
import { ask, done, type Step, type TurnEnv } from './turn.js';

/**
 * Which of the customer's bookings a cancellation or reschedule is about:
 * narrowed by the pet, the service and (for a cancellation) the day the
 * message names; asked with a numbered list when more than one is left.
 */

type Booking = CustomerContext['bookings'][number];

/** Statuses (ours and the ones staff may type) of bookings that are over and cannot change. */
const CLOSED = /cancel|complet|conclu|no_show|noshow|falt/i;

export function isClosedStatus(status: string): boolean {
  return CLOSED.test(status);
}

export function upcomingBookings(ctx: CustomerContext, now: string): Booking[] {
  const t = Date.parse(now);
  return ctx.bookings.filter((b) => Date.parse(b.startsAt) > t && !isClosedStatus(b.status)).sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
}

/** "Banho da Mel — sexta, 04/12 às 10h" (the pet's sex from `pets`; "de Mel" when unknown). */
export function bookingLabel(b: Booking, timezone: string, pets: CustomerContext['pets'] = []): string {
  const sex = pets.find((p) => p.name.localeCompare(b.petName, 'pt-BR', { sensitivity: 'base' }) === 0)?.sex;
  return `${b.serviceName} ${ofPet(b.petName, sex)} — ${formatSlotLabelPtBr(b.startsAt, timezone)}`;
}

function narrow(env: TurnEnv, bookings: Booking[], byDay: boolean): Booking[] {
  let left = bookings;
  const pet = knownPetOf(env.ctx, env.slots, env.text);
  if (pet !== undefined) left = left.filter((b) => b.petName.localeCompare(pet, 'pt-BR', { sensitivity: 'base' }) === 0);
  const service = serviceOf(env.ctx, env.slots, env.text).name;
  if (service !== undefined) left = left.filter((b) => b.serviceName === service);
  const date = byDay ? whenOf(env.slots, env.now, env.timezone)?.date : undefined;
  if (date !== undefined) left = left.filter((b) => localDateOf(b.startsAt, env.timezone) === date);
  return left;
}

/** Picks the booking from the message, or asks which; `onChosen` continues the flow with it. */
export async function chooseBooking(
  env: TurnEnv,
  state: OfflineState,
  verb: 'cancelar' | 'remarcar',
  onChosen: (booking: Booking) => Promise<Step>,
): Promise<Step> {
  const upcoming = upcomingBookings(env.ctx, env.now);
  if (upcoming.length === 0) return done(NO_BOOKINGS);
  const day = verb === 'cancelar' ? whenOf(env.slots, env.now, env.timezone)?.date : undefined;
  if (day !== undefined && !upcoming.some((b) => localDateOf(b.startsAt, env.timezone) === day)) {
    // "cancela meu horário de sexta" with nothing on Friday: say so, and show what there is, never guess another.
    return ask(
      { ...state, bookingChoices: upcoming.map((b) => b.id) },
      'booking',
      nothingOnDay(formatShortDatePtBr(day), upcoming.map((b) => bookingLabel(b, env.timezone, env.ctx.pets)), verb),
    );
  }
  const narrowed = narrow(env, upcoming, verb === 'cancelar');
  const candidates = narrowed.length > 0 ? narrowed : upcoming;
  if (candidates.length === 1) return onChosen(candidates[0]!);
  return ask(
    { ...state, bookingChoices: candidates.map((b) => b.id) },
    'booking',
    askWhichBooking(candidates.map((b) => bookingLabel(b, env.timezone, env.ctx.pets)), verb),
  );
}

/** Reads the answer to "qual agendamento?": a number, a pet, a service or a day that leaves exactly one. */
export function pickBooking(env: TurnEnv, state: OfflineState): Booking | undefined {
  const choices = (state.bookingChoices ?? []).flatMap((id) => env.ctx.bookings.filter((b) => b.id === id));
  if (choices.length === 0) return undefined;
  const option = pickOption(env.text, choices.length);
  if (option !== null) return choices[option];
  if (choices.length === 1 && parseYesNo(env.text) === 'yes') return choices[0];
  const narrowed = narrow(env, choices, true);
  return narrowed.length === 1 && narrowed.length < choices.length ? narrowed[0] : undefined;
}

/** Proposes cancelling one booking; the toolbox's "…Confirma? (sim/não)" ends the flow. */
export async function proposeCancel(env: TurnEnv, booking: Booking): Promise<Step> {
  const args = { agendamentoId: booking.id };
  const out = await env.recorder.run('cancelar_agendamento', args, (t) => t.cancelarAgendamento(args));
  if (!out.ok) return done(`${toolErrorPtBr(out)} Quer que eu chame alguém da equipe?`);
  return done(out.say ?? `Vou cancelar ${bookingLabel(booking, env.timezone, env.ctx.pets)}. Confirma? (sim/não)`);
}
