import type { Instant } from './instant.js';
import { formatDatePtBr, formatHourPtBr } from './pt-br-calendar.js';
import { foldText } from './text-normalization.js';
import { localDateOf, localTimeOf } from './zoned-time.js';

/**
 * A shop's canned replies ("respostas prontas") are templates with variables in braces, filled
 * from the open conversation before staff edit and send them:
 *
 *   "Oi, {cliente}! {pet} já está pronto aqui na {loja}. 🐾"
 *
 * A variable is matched without case or accents (`{Serviço}` is `{servico}`). A template that
 * names a variable Patinha does not know is refused when saved (a typo would otherwise reach a
 * customer); a known variable without a value for this customer (no pet, no next booking) stays
 * in the text as it was written, so staff see the gap and fill it in before sending.
 */
export const CANNED_REPLY_VARIABLES = ['cliente', 'pet', 'loja', 'servico', 'data', 'hora'] as const;
export type CannedReplyVariable = (typeof CANNED_REPLY_VARIABLES)[number];

/** What each variable becomes, for the editor's help text. */
export const CANNED_REPLY_VARIABLE_HELP: Readonly<Record<CannedReplyVariable, string>> = Object.freeze({
  cliente: 'primeiro nome do cliente',
  pet: 'nome do pet (o do próximo agendamento; vários pets: "Rex e Mel")',
  loja: 'nome da loja',
  servico: 'serviço do próximo agendamento',
  data: 'dia do próximo agendamento ("quarta-feira, 02/12")',
  hora: 'hora do próximo agendamento ("10h")',
});

const PLACEHOLDER = /\{([^{}\n]{1,40})\}/g;

/** The variable a placeholder's inside names (`' Serviço '` → `servico`), or undefined. */
export function variableNamed(inside: string): CannedReplyVariable | undefined {
  const name = foldText(inside.trim());
  return (CANNED_REPLY_VARIABLES as readonly string[]).includes(name) ? (name as CannedReplyVariable) : undefined;
}

/** The known variables a template uses, in order of first use. */
export function variablesOf(template: string): CannedReplyVariable[] {
  const found: CannedReplyVariable[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) {
    const variable = variableNamed(match[1]!);
    if (variable && !found.includes(variable)) found.push(variable);
  }
  return found;
}

/** The placeholders a template writes that name no variable (`{nome}`), as written, once each. */
export function unknownPlaceholders(template: string): string[] {
  const unknown: string[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) {
    if (!variableNamed(match[1]!) && !unknown.includes(match[0])) unknown.push(match[0]);
  }
  return unknown;
}

export type CannedReplyValues = Partial<Record<CannedReplyVariable, string>>;

export interface FilledCannedReply {
  text: string;
  /** Variables the template uses that had no value (left in the text as written). */
  missing: CannedReplyVariable[];
}

/** Replaces each known variable with its value; unknown placeholders and variables without a value stay as written. */
export function fillCannedReply(template: string, values: CannedReplyValues): FilledCannedReply {
  const missing: CannedReplyVariable[] = [];
  const text = template.replace(PLACEHOLDER, (whole: string, inside: string) => {
    const variable = variableNamed(inside);
    if (!variable) return whole;
    const value = values[variable]?.trim();
    if (value) return value;
    if (!missing.includes(variable)) missing.push(variable);
    return whole;
  });
  return { text, missing };
}

/** What a conversation knows that the variables read. */
export interface CannedReplyContext {
  shopName: string;
  customerName: string | null;
  petNames: readonly string[];
  /** The customer's next active booking, if any. */
  nextBooking?: { serviceName: string; petName: string; startsAt: Instant } | undefined;
  timezone: string;
}

/** ['Rex'] → 'Rex'; ['Rex', 'Mel', 'Bob'] → 'Rex, Mel e Bob'. */
function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} e ${names[names.length - 1]}`;
}

/**
 * The values for one conversation: the customer's first name, the pet of the next booking (else
 * every pet's name), the shop, and the next booking's service, day and hour in the shop's zone.
 */
export function cannedReplyValues(context: CannedReplyContext): CannedReplyValues {
  const firstName = context.customerName?.trim().split(/\s+/)[0];
  const next = context.nextBooking;
  const values: CannedReplyValues = { loja: context.shopName };
  if (firstName) values.cliente = firstName;
  const pet = next?.petName ?? joinNames(context.petNames);
  if (pet) values.pet = pet;
  if (next) {
    values.servico = next.serviceName;
    values.data = formatDatePtBr(localDateOf(next.startsAt, context.timezone));
    values.hora = formatHourPtBr(localTimeOf(next.startsAt, context.timezone));
  }
  return values;
}
