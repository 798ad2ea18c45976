import { BOOKING_REQUEST_MESSAGES_PT_BR, type BookingRequestErrorCode } from '../../domain/booking-request.js';
import type { ToolOutcome } from '../customer-tools.js';
import type { CustomerContext } from '../customer-agent.js';
import { formatShortDatePtBr, joinPtBr, numberedList } from '../pt-br-format.js';
import type { When } from './offline-state.js';

/** The offline agent's pt-BR lines, in one place so the tone stays one voice. */

export const HELP_MENU =
  'Posso te ajudar com:\n• agendar banho, tosa ou consulta\n• ver preços e serviços\n• horário de funcionamento e endereço\n• seus agendamentos (ver, remarcar ou cancelar)\n• falar com alguém da equipe\nÉ só me dizer o que precisa! 🐾';

export const NOTHING_PENDING = 'Não há nada pendente para confirmar no momento. Como posso ajudar? 🐾';

export const OPT_OUT_ACK = 'Tudo bem! Se precisar de algo, é só chamar. 🐾';

export const HEALTH_HANDOFF =
  'Sinto muito que ele não esteja bem. 😟 Não consigo avaliar sintomas por aqui, então já chamei alguém da equipe para te orientar. Se piorar (sangramento, falta de ar, convulsão, muita prostração), procure atendimento veterinário imediatamente.';

export const HUMAN_DECLINED = 'Tudo bem! Posso ajudar com mais alguma coisa?';

export function askService(ctx: CustomerContext): string {
  const names = ctx.shop.services.map((s) => s.name);
  return names.length > 0 ? `Qual serviço você quer agendar? Temos ${joinPtBr(names, 'ou')}.` : 'Qual serviço você quer agendar?';
}

export function unknownService(ctx: CustomerContext, wanted: string): string {
  return `Não encontrei ${wanted} entre os nossos serviços. ${askService(ctx)}`;
}

export function askWhichPet(ctx: CustomerContext): string {
  return `Para qual pet?\n${numberedList(ctx.pets.map((p) => p.name))}\nSe for outro pet, me conta o nome, a espécie e o porte.`;
}

export const ASK_NEW_PET =
  'Para qual pet é? Me conta o nome, se é cachorro ou gato (ou outro bicho) e o porte (pequeno, médio, grande ou gigante). 🐶🐱';

export function askPetDetail(missing: 'nome' | 'especie' | 'porte', nome?: string): string {
  const pet = nome ?? 'seu pet';
  if (missing === 'nome') return 'Qual o nome do pet?';
  if (missing === 'especie') return `${pet} é cachorro, gato ou outro bicho?`;
  return `E qual o porte de ${pet}: pequeno, médio, grande ou gigante?`;
}

export const ASK_WHEN = 'Para qual dia e período? Por exemplo: "amanhã de manhã" ou "sexta à tarde".';

const PERIOD_WORDS: Readonly<Record<string, string>> = { manha: 'de manhã', tarde: 'à tarde', noite: 'à noite' };

export function whenLabel(when: When): string {
  const parts: string[] = [];
  if (when.date !== undefined) parts.push(formatShortDatePtBr(when.date));
  if (when.period !== undefined) parts.push(PERIOD_WORDS[when.period]!);
  return parts.length > 0 ? `para ${parts.join(' ')}` : 'nos próximos dias';
}

export function offerSlots(service: string, pet: string | undefined, labels: readonly string[], note = ''): string {
  const who = pet ? ` (${pet})` : '';
  const how = labels.length === 1 ? 'Pode ser? Responda "sim" ou peça outro dia.' : `Qual prefere? Responda com o número (${joinPtBr(labels.map((_, i) => String(i + 1)), 'ou')}).`;
  return `${note}Tenho estes horários para ${service}${who}:\n${numberedList(labels)}\n${how}`;
}

export function noSlots(when: When): string {
  return `Não encontrei horários livres ${whenLabel(when)}. 😕 Quer tentar outro dia ou período?`;
}

export function askWhichBooking(labels: readonly string[], verb: 'cancelar' | 'remarcar'): string {
  return `Qual agendamento você quer ${verb}?\n${numberedList(labels)}\nResponda com o número.`;
}

export const NO_BOOKINGS = 'Não encontrei agendamentos futuros no seu nome. Quer agendar algum serviço?';

const STATUS_PT_BR: Readonly<Record<string, string>> = {
  scheduled: 'agendado',
  confirmed: 'confirmado',
  completed: 'concluído',
  cancelled: 'cancelado',
  no_show: 'não compareceu',
};

export function statusLabel(status: string): string {
  return STATUS_PT_BR[status] ?? status;
}

export function offerHuman(topic: string): string {
  return `${topic} Quer que eu chame alguém da equipe? (sim/não)`;
}

/** Codes a toolbox may return that are not booking-rule codes. */
const TOOL_ERRORS_PT_BR: Readonly<Record<string, string>> = {
  PET_NOT_FOUND: 'Não encontrei esse pet no seu cadastro.',
  SERVICE_NOT_FOUND: 'Não encontrei esse serviço.',
  BOOKING_NOT_FOUND: 'Não encontrei esse agendamento.',
  NOT_ALLOWED: 'Não consigo fazer essa alteração por aqui.',
};

/**
 * The customer-facing line for a tool error. Only known codes are explained;
 * anything else gets a generic line, because a toolbox message may be
 * internal (English, ids) and is not written for customers.
 */
export function toolErrorPtBr(outcome: Extract<ToolOutcome, { ok: false }>): string {
  return (
    (BOOKING_REQUEST_MESSAGES_PT_BR as Record<string, string>)[outcome.code as BookingRequestErrorCode] ??
    TOOL_ERRORS_PT_BR[outcome.code] ??
    'Não consegui concluir isso agora.'
  );
}
