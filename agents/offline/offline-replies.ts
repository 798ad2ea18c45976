import { BOOKING_REQUEST_MESSAGES_PT_BR, type BookingRequestErrorCode } from '../../domain/booking-request.js';
import type { ToolOutcome } from '../customer-tools.js';
import type { CustomerContext } from '../customer-agent.js';
import type { PetSex } from '../../domain/pet-names.js';
import { ofPet } from '../../domain/pet-sex.js';
import { formatHourPtBr } from '../../domain/pt-br-calendar.js';
import { formatShortDatePtBr, joinPtBr, numberedList } from '../pt-br-format.js';
import type { When } from './offline-state.js';
import type { PetMention } from './pet-mentions.js';

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

/** What a new pet still lacks before it can be registered: 'novo' when nothing at all is known of it. */
export type PetDetail = 'novo' | 'nome' | 'especie' | 'porte' | 'sexo';

export function missingDetailOf(p: PetMention): PetDetail | null {
  if (p.nome === undefined && p.especie === undefined && p.porte === undefined && p.raca === undefined) return 'novo';
  if (p.nome === undefined) return 'nome';
  if (p.especie === undefined) return 'especie';
  if (p.porte === undefined) return 'porte';
  if (p.sexo === undefined) return 'sexo';
  return null;
}

export function askPetDetail(missing: PetDetail, nome?: string, sexo?: PetSex): string {
  if (missing === 'novo') return ASK_NEW_PET;
  if (missing === 'nome') return 'Qual o nome do pet?';
  if (nome === undefined) return missing === 'especie' ? 'É cachorro, gato ou outro bicho?' : 'E qual o porte do seu pet: pequeno, médio, grande ou gigante?';
  if (missing === 'especie') return `${nome} é cachorro, gato ou outro bicho?`;
  if (missing === 'porte') return `E qual o porte ${ofPet(nome, sexo)}: pequeno, médio, grande ou gigante?`;
  return `${nome} é macho ou fêmea?`;
}

/**
 * The second time a question is asked, it is rephrased with an example of the
 * answer we expect: the first wording did not work for this customer.
 */
export function rephrasePetDetail(missing: PetDetail, nome?: string, sexo?: PetSex): string {
  switch (missing) {
    case 'novo':
      return 'Me conta do pet em uma frase, por exemplo: "é a Luna, uma cachorra shih tzu" ou "é o Thor, gato de porte médio".';
    case 'nome':
      return 'Desculpe, não peguei o nome. Me diga só o nome do pet, por exemplo: "Thor" ou "Luna".';
    case 'especie':
      return `${nome ?? 'Seu pet'} é um cachorro ou um gato? Pode responder só "cachorro" ou "gato".`;
    case 'porte':
      return `Me diga o porte ${nome ? ofPet(nome, sexo) : 'do pet'} com uma palavra: "pequeno" (até 10 kg), "médio" (10 a 25 kg), "grande" (25 a 45 kg) ou "gigante" (mais de 45 kg).`;
    case 'sexo':
      return `Só para eu escrever certinho: ${nome ?? 'seu pet'} é macho ou fêmea? Pode responder só "macho" ou "fêmea".`;
  }
}

export const REPHRASE_WHEN = 'Me diga o dia e, se quiser, a hora. Por exemplo: "amanhã às 10h", "sábado de manhã" ou "dia 15 à tarde".';

export const ASK_OTHER_WHEN = 'Sem problemas! Qual outro dia ou horário fica bom para você? Por exemplo: "quinta à tarde" ou "sábado às 10h".';

export function rephraseService(ctx: CustomerContext): string {
  const names = ctx.shop.services.map((s) => s.name);
  const example = names[0] ?? 'banho';
  return `Me diga só o nome do serviço, por exemplo: "${example.toLocaleLowerCase('pt-BR')}".${names.length > 0 ? ` Temos ${joinPtBr(names, 'ou')}.` : ''}`;
}

export function rephraseWhichPet(ctx: CustomerContext): string {
  return `Me diga o número ou o nome do pet, por exemplo "1" ou "${ctx.pets[0]?.name ?? 'Thor'}":\n${numberedList(ctx.pets.map((p) => p.name))}`;
}

export function rephraseSlot(labels: readonly string[]): string {
  return `Pode responder só com o número do horário (por exemplo "1") ou pedir outro dia, como "quinta à tarde":\n${numberedList(labels)}`;
}

export const NOT_UNDERSTOOD_OFFER_TEAM = offerHuman('Acho que não estou conseguindo te entender por aqui. 😕');

export const ASK_WHEN = 'Para qual dia e período? Por exemplo: "amanhã de manhã" ou "sexta à tarde".';

const PERIOD_WORDS: Readonly<Record<string, string>> = { manha: 'de manhã', tarde: 'à tarde', noite: 'à noite' };

export function whenLabel(when: When): string {
  const parts: string[] = [];
  if (when.date !== undefined) parts.push(formatShortDatePtBr(when.date));
  if (when.period !== undefined) parts.push(PERIOD_WORDS[when.period]!);
  return parts.length > 0 ? `para ${parts.join(' ')}` : 'nos próximos dias';
}

/** "quarta, 02/12 às 15h", "sexta, 04/12 de manhã", "às 15h": what the customer asked for, in words. */
export function whenPhrase(when: When): string {
  const parts: string[] = [];
  if (when.date !== undefined) parts.push(formatShortDatePtBr(when.date));
  if (when.time !== undefined) parts.push(`às ${formatHourPtBr(when.time)}`);
  else if (when.period !== undefined) parts.push(PERIOD_WORDS[when.period]!);
  return parts.join(' ');
}

/** After a pet registered mid-booking whose day was already given: offer to check it, instead of asking the day again. */
export function offerToCheck(when: When): string {
  const phrase = whenPhrase(when);
  return phrase === '' ? ASK_WHEN : `Quer que eu veja o horário que você pediu (${phrase})? (sim/não)`;
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

/** "cancela o de sexta" and nothing is on Friday: say so and list what there is. */
export function nothingOnDay(day: string, labels: readonly string[], verb: 'cancelar' | 'remarcar'): string {
  const which = labels.length === 1 ? `Seu agendamento é:\n• ${labels[0]}\nÉ esse que você quer ${verb}? (sim/não)` : `Seus agendamentos:\n${numberedList(labels)}\nQuer ${verb} algum deles? Responda com o número.`;
  // Weekdays are feminine ("na sexta"), the weekend masculine ("no sábado").
  return `Não encontrei nenhum agendamento seu ${/^(sábado|domingo)/.test(day) ? 'no' : 'na'} ${day}. ${which}`;
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
