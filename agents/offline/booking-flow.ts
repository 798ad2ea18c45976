import { formatHourPtBr } from '../../domain/pt-br-calendar.js';
import { normalizeSpecies } from '../../domain/species.js';
import { foldText } from '../../domain/text-normalization.js';
import type { SlotSuggestion } from '../customer-tools.js';
import { chooseBooking } from './booking-target.js';
import { knownPetsOf, serviceOf, whenOf } from './message-facts.js';
import {
  ASK_NEW_PET,
  HELP_MENU,
  ASK_WHEN,
  askPetDetail,
  askService,
  askWhichPet,
  missingDetailOf,
  noSlots,
  offerSlots,
  toolErrorPtBr,
  unknownService,
} from './offline-replies.js';
import { findPet, type NewPet, type OfflineSlot, type OfflineState } from './offline-state.js';
import { completeMention, mergeMentions, type PetMention } from './pet-mentions.js';
import { ask, done, type Step, type TurnEnv } from './turn.js';

/**
 * Slot filling for booking, rescheduling and registering a pet. Each turn
 * first absorbs what the message says (service, pet, when), then `advance`
 * does the first thing still missing: ask for it, or call the tool that
 * needs it. Writes end the flow with the toolbox's "…Confirma? (sim/não)";
 * the customer's answer goes to the actor, not here.
 */

const MAX_OFFERED = 3;

/** Services that cannot be booked for this pet; asking for another service is the way out. */
const SERVICE_CODES = new Set(['SERVICE_NOT_FOUND', 'SERVICE_INACTIVE', 'SIZE_NOT_OFFERED', 'SPECIES_NOT_SERVED']);

/** Merges the message's facts into the flow. Returns the name of a service the shop does not have, if one was asked for. */
export function absorb(env: TurnEnv, state: OfflineState): { state: OfflineState; unknownService?: string } {
  const s: OfflineState = { ...state };
  const when = whenOf(env.slots, env.now, env.timezone);
  if (when !== undefined) {
    // "15h" or "de tarde" after "amanhã" is the same day at that hour, not today.
    s.when = when.date === undefined && s.when?.date !== undefined ? { ...when, date: s.when.date } : when;
    delete s.offered;
  }
  // A reschedule takes its service and pet from the booking, not from the message.
  if (s.flow === 'remarcar') return { state: s };

  const service = serviceOf(env.ctx, env.slots, env.text);
  if (service.name !== undefined && service.name !== s.service) {
    s.service = service.name;
    delete s.offered;
  }
  absorbPet(env, s);
  return service.unknown !== undefined && service.name === undefined ? { state: s, unknownService: service.unknown } : { state: s };
}

function absorbPet(env: TurnEnv, s: OfflineState): void {
  const known = knownPetsOf(env.ctx, env.text);
  const fresh = env.mentions.filter((m) => m.nome === undefined || findPet(env.ctx, m.nome) === undefined);
  const freshNamed = fresh.filter((m) => m.nome !== undefined);
  if (known.length > 0) {
    s.pet = known[0];
    if (known.length > 1) s.morePets = known.slice(1);
    else delete s.morePets;
    delete s.newPet;
    delete s.others;
    return;
  }
  if (fresh.length === 0) return;
  if (s.pet !== undefined) {
    // Facts without a new name are about the pet already chosen; a new name is another pet, with only its own facts.
    if (freshNamed.length === 0) return;
    // "e também a Mel" while Thor's registration waits for its "sim": one new proposal registers both.
    // "na verdade é pra Mel" corrects instead: Mel alone.
    const pending = s.registering !== undefined && findPet(env.ctx, s.registering.nome) === undefined && env.ctx.pendingAction?.kind === 'cadastrar_pet';
    const correction = /\b(na verdade|alias|errei|corrigindo|nao e)\b/.test(foldText(env.text));
    const carried = pending && !correction ? (s.registering?.pets ?? []) : [];
    delete s.registering;
    delete s.pet;
    delete s.morePets;
    delete s.offered;
    setNewPets(s, mergeMentions(carried, fresh));
    return;
  }
  // "pro meu dog" with a dog on file is that dog, not a new pet to register.
  if (freshNamed.length === 0 && s.newPet === undefined && env.ctx.pets.length > 0) {
    const species = fresh[0]!.especie;
    const same = env.ctx.pets.filter((p) => species === undefined || normalizeSpecies(p.species) === species);
    if (same.length === 1) s.pet = same[0]!.name;
    return;
  }
  setNewPets(s, mergeMentions(gathered(s), fresh));
}

/** The new pets the flow is gathering: the one in focus first. */
export function gathered(s: OfflineState): PetMention[] {
  return s.newPet === undefined ? [...(s.others ?? [])] : [s.newPet, ...(s.others ?? [])];
}

export function setNewPets(s: OfflineState, pets: readonly PetMention[]): void {
  const [first, ...rest] = pets;
  if (first === undefined) delete s.newPet;
  else s.newPet = first as NewPet;
  if (rest.length > 0) s.others = rest as NewPet[];
  else delete s.others;
}

/** The next thing to do in the current flow. */
export async function advance(env: TurnEnv, state: OfflineState): Promise<Step> {
  const s: OfflineState = { ...state };
  delete s.awaiting;
  switch (s.flow) {
    case 'cadastrar':
      return registerOrAsk(env, { ...s, newPet: s.newPet ?? {} });
    case 'remarcar':
      if (s.bookingId === undefined) {
        return chooseBooking(env, s, 'remarcar', (b) =>
          advance(env, { ...s, bookingId: b.id, service: b.serviceName, pet: b.petName, bookingChoices: undefined }),
        );
      }
      return advanceBooking(env, s);
    case 'agendar':
      return advanceBooking(env, s);
    default:
      return done(HELP_MENU);
  }
}

async function advanceBooking(env: TurnEnv, s: OfflineState): Promise<Step> {
  // Pets the customer is describing are registered first: that needs no service, and their facts are fresh.
  if (s.pet === undefined && (s.newPet !== undefined || s.others !== undefined) && s.service === undefined) return registerOrAsk(env, s);
  if (s.service === undefined) return ask(s, 'service', askService(env.ctx));
  if (s.pet === undefined) {
    if (s.newPet !== undefined || s.others !== undefined) return registerOrAsk(env, s);
    if (env.ctx.pets.length === 1) s.pet = env.ctx.pets[0]!.name;
    else if (env.ctx.pets.length > 1) return ask(s, 'pet', askWhichPet(env.ctx));
    else return ask({ ...s, newPet: {} }, 'pet_details', ASK_NEW_PET);
  }
  if (s.when === undefined) return ask(s, 'when', ASK_WHEN);
  if (s.offered === undefined || s.offered.length === 0) return querySlots(env, s);
  return ask(s, 'slot', offerSlots(s.service, s.pet, s.offered.map((o) => o.label)));
}

/**
 * Registers the pets once each one's name, species, size and sex are known
 * (a breed gives its usual size and a name its usual sex); before that, asks
 * for the first thing missing, about the first pet it is missing for.
 */
async function registerOrAsk(env: TurnEnv, state: OfflineState): Promise<Step> {
  const s: OfflineState = { ...state };
  const pets = gathered(s).map(completeMention);
  if (pets.length === 0) pets.push({});
  const incomplete = pets.findIndex((p) => missingDetailOf(p) !== null);
  if (incomplete >= 0) {
    const [focus] = pets.splice(incomplete, 1);
    setNewPets(s, [focus!, ...pets]);
    return ask(s, 'pet_details', askPetDetail(missingDetailOf(focus!)!, focus!.nome, focus!.sexo));
  }
  setNewPets(s, pets);
  const [first, ...rest] = pets as Array<Required<Pick<PetMention, 'nome' | 'especie' | 'porte' | 'sexo'>> & PetMention>;
  const toArgs = (p: typeof first) => ({ nome: p!.nome, especie: p!.especie, porte: p!.porte, sexo: p!.sexo, ...(p!.raca !== undefined ? { raca: p!.raca } : {}) });
  const args = { ...toArgs(first), ...(rest.length > 0 ? { outros: rest.map(toArgs) } : {}) };
  const out = await env.recorder.run('cadastrar_pet', args, (t) => t.cadastrarPet(args));
  if (!out.ok) return ask({ ...s, newPet: {}, others: undefined }, 'pet_details', `${toolErrorPtBr(out)} ${ASK_NEW_PET}`);
  const say = out.say ?? `Entendi, vou cadastrar o pet ${args.nome}. Confirma? (sim/não)`;
  // After the "sim" the actor asks whether to book for the pet: a plain "sim" then starts that booking.
  if (s.flow !== 'agendar') return { reply: say, state: { flow: 'agendar', pet: args.nome, registering: { nome: args.nome, porte: args.porte, pets }, awaiting: 'book_offer' } };

  // With the service still unknown, the actor's "Quer agendar algum serviço?" comes next, and a "sim" answers it.
  const next: OfflineState = { ...s, pet: args.nome, registering: { nome: args.nome, porte: args.porte, pets }, awaiting: s.service === undefined ? 'book_offer' : 'when' };
  if (rest.length > 0) next.morePets = rest.map((p) => p.nome);
  delete next.newPet;
  delete next.others;
  // The reply must end with the actor's yes/no question; the day is read from the customer's next message
  // (or, when already given, any next message continues the booking: see answerWhen).
  return { reply: say, state: next };
}

async function querySlots(env: TurnEnv, s: OfflineState): Promise<Step> {
  const when = s.when ?? {};
  const pet = findPet(env.ctx, s.pet);
  const args = {
    servico: s.service!,
    ...(pet ? { pet: pet.name } : s.registering ? { porte: s.registering.porte } : {}),
    ...(when.date !== undefined ? { data: when.date } : {}),
    ...(when.period !== undefined ? { periodo: when.period } : {}),
    // The hour the customer named goes to the tool, which checks that exact start and ranks the rest around it.
    ...(when.time !== undefined ? { horario: when.time } : {}),
  };
  const out = await env.recorder.run('consultar_horarios', args, (t) => t.consultarHorarios(args));
  if (!out.ok) {
    if (SERVICE_CODES.has(out.code)) return ask({ ...s, service: undefined, when: undefined }, 'service', `${toolErrorPtBr(out)} ${askService(env.ctx)}`);
    return ask({ ...s, when: undefined }, 'when', `${toolErrorPtBr(out)} ${ASK_WHEN}`);
  }

  let slots: SlotSuggestion[] = out.data.slots;
  let note = '';
  if (when.time !== undefined) {
    const hour = formatHourPtBr(when.time);
    const exact = out.data.exatoLivre === true ? slots[0] : undefined;
    if (exact && (pet || s.registering)) return book(env, s, exact, `Tenho horário livre às ${hour}! `);
    if (!exact) {
      note = `Às ${hour} não tenho horário livre. `;
      // The tool ranks by nearness; a list read in time order is easier to choose from.
      slots = [...slots].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
    }
  }
  if (slots.length === 0) return ask({ ...s, when: undefined }, 'when', noSlots(when));
  const offered: OfflineSlot[] = slots.slice(0, MAX_OFFERED).map(({ startsAt, endsAt, label }) => ({ startsAt, endsAt, label }));
  return ask({ ...s, offered }, 'slot', offerSlots(s.service!, s.pet, offered.map((o) => o.label), note));
}

/** Proposes the booking (or the reschedule) for the chosen slot; `lead` opens the confirmation question (e.g. "Tenho horário livre às 15h! "). */
export async function book(env: TurnEnv, s: OfflineState, slot: OfflineSlot, lead = ''): Promise<Step> {
  if (s.flow === 'remarcar' && s.bookingId !== undefined) {
    const args = { agendamentoId: s.bookingId, novoInicio: slot.startsAt };
    const out = await env.recorder.run('remarcar_agendamento', args, (t) => t.remarcarAgendamento(args));
    if (!out.ok) return ask({ ...s, when: undefined, offered: undefined }, 'when', `${toolErrorPtBr(out)} Quer escolher outro dia ou horário?`);
    return done(lead + (out.say ?? `Vou remarcar para ${slot.label}. Confirma? (sim/não)`));
  }
  if (!findPet(env.ctx, s.pet) && s.registering !== undefined && env.ctx.pendingAction !== null) {
    // The pet's registration still waits for a "sim"; booking a pet that does not exist yet would fail.
    const question = `Antes de agendar, preciso que você confirme o cadastro: ${env.ctx.pendingAction.summary}. Confirma? (sim/não)`;
    return ask({ ...s, offered: [slot] }, 'slot', question);
  }
  const args = { servico: s.service!, pet: s.pet!, inicio: slot.startsAt };
  const out = await env.recorder.run('agendar_servico', args, (t) => t.agendarServico(args));
  if (!out.ok) return ask({ ...s, when: undefined, offered: undefined }, 'when', `${toolErrorPtBr(out)} Quer escolher outro dia ou horário?`);
  const reply = lead + (out.say ?? `Vou agendar ${args.servico} para ${args.pet} na ${slot.label}. Confirma? (sim/não)`);
  const [nextPet, ...morePets] = s.morePets ?? [];
  // Service and pet stay: after a "não" the customer's next day ("e quinta 10h?") continues this booking.
  if (nextPet === undefined) return { reply, state: { flow: 'agendar', service: s.service, pet: s.pet } };
  // Another pet of the same request is next: after the "sim", the follow-up asks its day (see followUpAfterConfirmation).
  return { reply, state: { flow: 'agendar', service: s.service, pet: nextPet, ...(morePets.length > 0 ? { morePets } : {}), awaiting: 'when' } };
}

/** Starts or continues the booking flow from a message that asks to book or to see free times. */
export async function startBooking(env: TurnEnv, state: OfflineState): Promise<Step> {
  const base: OfflineState = state.flow === 'agendar' ? state : { flow: 'agendar' };
  const { state: s, unknownService: missing } = absorb(env, base);
  if (missing !== undefined) return ask({ ...s, service: undefined }, 'service', unknownService(env.ctx, missing));
  return advance(env, s);
}

/** Starts or continues registering a pet ("quero cadastrar meu cachorro", "ele é de porte médio"). */
export async function startRegistration(env: TurnEnv, state: OfflineState): Promise<Step> {
  if (state.flow === 'agendar') return advance(env, absorb(env, state).state);
  // "banho pro meu labrador max, sábado 10h": a pet described with a service or a day is a booking.
  const asksBooking = serviceOf(env.ctx, env.slots, env.text).name !== undefined || whenOf(env.slots, env.now, env.timezone) !== undefined;
  if (asksBooking && !/\b(cadastr|registr)/i.test(env.text)) return startBooking(env, state);
  const base: OfflineState = state.flow === 'cadastrar' ? { ...state } : { flow: 'cadastrar' };
  const fresh = env.mentions.filter((m) => m.nome === undefined || findPet(env.ctx, m.nome) === undefined);
  setNewPets(base, mergeMentions(gathered(base), fresh));
  return advance(env, base);
}

/**
 * The question the flow is waiting on, rebuilt without any tool call, to
 * repeat after answering a side question ("quanto custa?" in the middle of
 * booking) so the customer knows where they were.
 */
export function repeatQuestion(env: TurnEnv, s: OfflineState): string | undefined {
  switch (s.awaiting) {
    case 'service':
      return askService(env.ctx);
    case 'pet':
      return askWhichPet(env.ctx);
    case 'pet_details': {
      const p = completeMention(s.newPet ?? {});
      const missing = missingDetailOf(p);
      return missing === null ? undefined : askPetDetail(missing, p.nome, p.sexo);
    }
    case 'when':
      return s.when === undefined ? ASK_WHEN : undefined;
    case 'slot':
      return s.service !== undefined && s.offered?.length ? offerSlots(s.service, s.pet, s.offered.map((o) => o.label)) : undefined;
    default:
      return undefined;
  }
}
