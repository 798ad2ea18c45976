import { type CustomerClassification, classifyCustomerMessage, parseYesNo } from '../domain/intents/index.js';
import { type Clock, systemClock } from '../runtime/clock.js';
import type { AgentTurnInput, AgentTurnResult, CustomerAgent } from './customer-agent.js';
import { answerFaq, FAQ_INTENTS } from './faq-answers.js';
import { answerAwaited } from './offline/awaited-answer.js';
import { absorb, advance, repeatQuestion, startBooking, startRegistration } from './offline/booking-flow.js';
import { chooseBooking, isClosedStatus, proposeCancel } from './offline/booking-target.js';
import { knownPetOf, serviceOf, whenOf } from './offline/message-facts.js';
import { ASKS_CONFIRMATION } from './confirmation-question.js';
import { ofPet } from '../domain/pet-sex.js';
import { petMentionsOf } from './offline/pet-mentions.js';
import { applyQuestionLimit } from './offline/question-limit.js';
import {
  ASK_WHEN,
  HEALTH_HANDOFF,
  HELP_MENU,
  HUMAN_DECLINED,
  NO_BOOKINGS,
  NOTHING_PENDING,
  offerHuman,
  offerToCheck,
  OPT_OUT_ACK,
  statusLabel,
} from './offline/offline-replies.js';
import { type OfflineState, readOfflineState, reconcile } from './offline/offline-state.js';
import { ask, done, type Step, type TurnEnv } from './offline/turn.js';
import { emergencyReply, HOSTILE_REPLY, HUMAN_HANDOFF_REPLY } from './safety-replies.js';
import { ToolRecorder } from './tool-recorder.js';

/**
 * The deterministic pt-BR customer agent (DESIGN §6.2): what runs without an
 * OpenAI key, over the same toolbox as the model. The intent layer reads each
 * message; slot filling across turns (agentState) collects service, pet and
 * day, offers up to three free slots, and proposes the booking with the
 * toolbox's "…Confirma? (sim/não)". The "sim" itself is the actor's.
 *
 * Order of decisions: safety signals (emergency, injection, opt-out, a person
 * asked for) win over any flow; then the message is read as the answer to the
 * question asked last turn; then as a new request by intent.
 */
export interface OfflineCustomerAgentOptions {
  /** Only used when the context's `now` is unusable; the context's clock is the turn's clock. */
  clock?: Pick<Clock, 'now'>;
}

async function escalate(env: TurnEnv, motivo: string, reply: string): Promise<Step> {
  await env.recorder.run('escalar_para_humano', { motivo }, (t) => t.escalarParaHumano({ motivo }));
  // Escalate even if the tool failed: the actor's escalation is what hands the chat to a person.
  return { reply, state: {}, escalate: { reason: motivo } };
}

async function listBookings(env: TurnEnv): Promise<Step> {
  const out = await env.recorder.run('meus_agendamentos', {}, (t) => t.meusAgendamentos());
  if (!out.ok) return ask({}, 'human_offer', offerHuman('Não consegui consultar seus agendamentos agora.'));
  const active = out.data.bookings.filter((b) => !isClosedStatus(b.status));
  if (active.length === 0) return done(NO_BOOKINGS);
  return done(`Seus agendamentos:\n${active.map((b) => `• ${b.label} (${statusLabel(b.status)})`).join('\n')}\nQuer remarcar ou cancelar algum?`);
}

function faqStep(env: TurnEnv, classification: CustomerClassification, state: OfflineState): Step {
  const answer = answerFaq(classification, env.ctx) ?? HELP_MENU;
  // Answer the side question, then bring the customer back to what was open: the proposal waiting
  // for its "sim" first (its summary already ends with the question), else the question asked last.
  const pending = env.ctx.pendingAction ? pendingQuestion(env.ctx.pendingAction.summary) : repeatQuestion(env, state);
  if (pending) return { reply: `${answer}\n\n${pending}`, state, sideAnswer: true };
  // A question about one service ("quanto fica o banho?") is often the first step of booking it: the
  // service is kept for a "quero marcar amanhã" next, and after "…Quer agendar?" a plain "sim" starts it.
  const service = serviceOf(env.ctx, env.slots, env.text).name;
  if (state.flow === undefined && service !== undefined) {
    return { reply: answer, state: /Quer agendar\?$/.test(answer) ? { flow: 'agendar', service, awaiting: 'book_offer' } : { flow: 'agendar', service } };
  }
  return { reply: answer, state };
}

/** "Sobre o seu pedido: …Confirma? (sim/não)", without asking "Confirma?" twice. */
function pendingQuestion(summary: string): string {
  return ASKS_CONFIRMATION.test(summary) ? `Sobre o seu pedido: ${summary}` : `Sobre o seu pedido: ${summary}. Confirma? (sim/não)`;
}

function petOf(env: TurnEnv): string | undefined {
  return knownPetOf(env.ctx, env.slots, env.text) ?? env.slots.pet_name;
}

async function dispatch(env: TurnEnv, classification: CustomerClassification, state: OfflineState): Promise<Step> {
  const intent = classification.intent;
  // "tem banho quinta 16h?": a service and a day is a booking, whatever else it asks.
  const bookingAsked = (intent === 'servicos' || intent === 'precos') && whenOf(env.slots, env.now, env.timezone) !== undefined && serviceOf(env.ctx, env.slots, env.text).name !== undefined;
  if (bookingAsked) return startBooking(env, state);
  if (FAQ_INTENTS.has(intent)) return faqStep(env, classification, state);
  switch (intent) {
    case 'agendar':
    case 'consultar_horarios':
      return startBooking(env, state);
    case 'cadastrar_pet':
    case 'informar_porte':
      return startRegistration(env, state);
    case 'cancelar':
      return chooseBooking(env, { flow: 'cancelar' }, 'cancelar', (b) => proposeCancel(env, b));
    case 'remarcar':
      return advance(env, absorb(env, { flow: 'remarcar' }).state);
    case 'meus_agendamentos':
      return listBookings(env);
    case 'status_servico': {
      const pet = petOf(env);
      return ask({}, 'human_offer', offerHuman(`Para saber como ${pet ? `está ${pet}` : 'está o seu pet'} agora, preciso chamar alguém da equipe.`));
    }
    case 'vacinas': {
      const pet = petOf(env);
      const sex = env.ctx.pets.find((p) => p.name === pet)?.sex;
      return ask({}, 'human_offer', offerHuman(`Sobre as vacinas${pet ? ` ${ofPet(pet, sex)}` : ''}, quem pode te orientar direitinho é a nossa equipe.`));
    }
    case 'confirmar_sim':
    case 'confirmar_nao':
      // A plain answer reaches us only when the actor had nothing pending (or could not read it).
      if (env.ctx.pendingAction) return { reply: `Só para confirmar: ${pendingQuestion(env.ctx.pendingAction.summary).replace(/^Sobre o seu pedido: /, '')}`, state };
      // With no question open, a yes or a no answers nothing; a "não" in an open flow ends it.
      if (state.flow === undefined || state.awaiting === undefined) return done(NOTHING_PENDING);
      return intent === 'confirmar_nao' ? done(HUMAN_DECLINED) : advance(env, state);
    default:
      // A message the classifier cannot name may still carry facts for the open flow ("na verdade é pra Mel").
      return state.flow ? advance(env, absorb(env, state).state) : done(HELP_MENU);
  }
}

async function decide(env: TurnEnv, classification: CustomerClassification, initial: OfflineState): Promise<Step> {
  let state = initial;
  if (classification.slots.urgent) return escalate(env, 'emergência', emergencyReply(env.ctx.shop.name));
  if (classification.slots.hostile) return { reply: HOSTILE_REPLY, state };
  if (classification.intent === 'opt_out') return done(OPT_OUT_ACK);
  if (state.awaiting === 'human_offer') {
    const answer = parseYesNo(env.text);
    if (answer === 'yes') return escalate(env, 'cliente aceitou falar com a equipe', HUMAN_HANDOFF_REPLY);
    if (answer === 'no') return done(HUMAN_DECLINED);
    state = {};
  }
  if (classification.intent === 'humano') {
    // Below 0.8 the "humano" cue is a symptom ("está vomitando"): no advice from a bot, a person triages.
    return classification.confidence >= 0.8
      ? escalate(env, 'cliente pediu atendimento humano', HUMAN_HANDOFF_REPLY)
      : escalate(env, 'saúde do pet', HEALTH_HANDOFF);
  }
  if (state.awaiting !== undefined) {
    const answered = await answerAwaited(env, state);
    if (answered) return answered;
  }
  return dispatch(env, classification, state);
}

function nowOf(input: AgentTurnInput, clock: Pick<Clock, 'now'>): string {
  return Number.isFinite(Date.parse(input.context.now)) ? input.context.now : new Date(clock.now()).toISOString();
}

export function createOfflineCustomerAgent(options: OfflineCustomerAgentOptions = {}): CustomerAgent {
  const clock = options.clock ?? systemClock;
  return Object.freeze({
    kind: 'offline' as const,
    async respond(input: AgentTurnInput): Promise<AgentTurnResult> {
      const classification = classifyCustomerMessage(input.text);
      const recorder = new ToolRecorder(input.tools);
      const env: TurnEnv = {
        ctx: input.context,
        text: input.text,
        intent: classification.intent,
        slots: classification.slots,
        mentions: petMentionsOf(input.text),
        recorder,
        now: nowOf(input, clock),
        timezone: input.context.shop.timezone,
      };
      const before = reconcile(readOfflineState(input.agentState), input.context);
      const previousReply = input.window.filter((m) => m.role === 'assistant').at(-1)?.text;
      const step = applyQuestionLimit(env, before, await decide(env, classification, before), previousReply);
      const result: AgentTurnResult = { reply: step.reply, agentState: step.state, toolCalls: recorder.records };
      if (step.escalate) result.escalate = step.escalate;
      return result;
    },
    followUpAfterConfirmation(kind: string, agentState: Record<string, unknown>): string | undefined {
      // A pet registered in the middle of a booking: the flow already waits for the day.
      const state = readOfflineState(agentState);
      if (kind === 'cadastrar_pet' && state.flow === 'agendar' && state.awaiting === 'when') return state.when ? offerToCheck(state.when) : ASK_WHEN;
      // The hour asked was free and waited for the registration: offer it now.
      if (kind === 'cadastrar_pet' && state.awaiting === 'slot' && state.offered?.length === 1) return `Quer que eu agende ${state.offered[0]!.label}? (sim/não)`;
      // The next pet of the same request ("banho pro Thor e pra Mel").
      if (kind === 'agendar_servico' && state.flow === 'agendar' && state.awaiting === 'when' && state.pet !== undefined) {
        return `Agora ${state.pet}: ${ASK_WHEN.charAt(0).toLocaleLowerCase('pt-BR')}${ASK_WHEN.slice(1)}`;
      }
      return undefined;
    },
  });
}
