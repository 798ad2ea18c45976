import { z } from 'zod';

import { SPECIES } from '../domain/species.js';
import type { CustomerToolbox, ToolOutcome } from './customer-tools.js';

/**
 * The customer tools as data: one entry per tool with its pt-BR description,
 * the zod schema its arguments must pass, and the JSON Schema the model sees
 * (generated from the zod schema, so the two cannot drift).
 *
 * Every object is strict and none has an org, contact, customer or phone
 * field: the toolbox is already bound to them (OWASP LLM06, "complete
 * mediation"), so a model that invents `org_id` or `telefone` is refused with
 * INVALID_ARGUMENTS instead of having the field silently dropped. String
 * lengths are capped because every argument comes from a model that may be
 * echoing a hostile customer.
 */

const SIZE = z.enum(['P', 'M', 'G', 'GG']).describe('Porte do pet: P (pequeno), M (médio), G (grande) ou GG (gigante).');
const PERIOD = z.enum(['manha', 'tarde', 'noite']).describe('Período do dia.');
const PET_NAME = z.string().trim().min(1).max(40);
const SERVICE_NAME = z.string().trim().min(1).max(60).describe('Nome do serviço, como aparece na lista de serviços da loja (ex.: "Banho").');
/** A start time the model copies from consultar_horarios; the offset keeps it unambiguous. */
const START = z.iso.datetime({ offset: true });
const BOOKING_ID = z.string().trim().min(1).max(64).describe('Id do agendamento (aparece no contexto). O sistema confere se ele é deste cliente.');

export const CUSTOMER_TOOL_ARGUMENTS = {
  cadastrar_pet: z.strictObject({
    nome: PET_NAME.describe('Nome do pet.'),
    especie: z.enum(SPECIES).describe('Espécie do pet.'),
    porte: SIZE,
    raca: z.string().trim().min(1).max(40).optional().describe('Raça, se o cliente informou (ex.: "vira-lata", "shih tzu").'),
  }),
  consultar_horarios: z.strictObject({
    servico: SERVICE_NAME,
    pet: PET_NAME.optional().describe('Nome de um pet já cadastrado do cliente, para usar o porte dele.'),
    porte: SIZE.optional(),
    data: z.iso.date().optional().describe('Dia desejado, AAAA-MM-DD, no fuso da loja (use o calendário do contexto).'),
    periodo: PERIOD.optional(),
  }),
  agendar_servico: z.strictObject({
    servico: SERVICE_NAME,
    pet: PET_NAME.describe('Nome de um pet cadastrado do cliente.'),
    inicio: START.describe('Início, exatamente o startsAt de um horário devolvido por consultar_horarios (ISO 8601 com fuso).'),
  }),
  cancelar_agendamento: z.strictObject({
    agendamentoId: BOOKING_ID.optional(),
    pet: PET_NAME.optional().describe('Nome do pet, quando o id não é conhecido.'),
  }),
  remarcar_agendamento: z.strictObject({
    agendamentoId: BOOKING_ID.optional(),
    pet: PET_NAME.optional().describe('Nome do pet, quando o id não é conhecido.'),
    novoInicio: START.describe('Novo início, exatamente o startsAt de um horário devolvido por consultar_horarios.'),
  }),
  meus_agendamentos: z.strictObject({}),
  escalar_para_humano: z.strictObject({
    motivo: z.string().trim().min(1).max(200).describe('Motivo curto (ex.: "cliente pediu atendente", "emergência").'),
  }),
} as const;

export type CustomerToolName = keyof typeof CUSTOMER_TOOL_ARGUMENTS;
export type CustomerToolArguments<N extends CustomerToolName> = z.output<(typeof CUSTOMER_TOOL_ARGUMENTS)[N]>;

export const CUSTOMER_TOOL_NAMES = Object.freeze(Object.keys(CUSTOMER_TOOL_ARGUMENTS) as CustomerToolName[]);

/** Tools that only propose a change; their `say` (ending in "Confirma? (sim/não)") must reach the customer. */
export const WRITE_TOOLS: ReadonlySet<CustomerToolName> = new Set([
  'cadastrar_pet',
  'agendar_servico',
  'cancelar_agendamento',
  'remarcar_agendamento',
]);

const DESCRIPTIONS: Readonly<Record<CustomerToolName, string>> = {
  cadastrar_pet:
    'Prepara o cadastro de um pet do cliente. Não grava nada: devolve em "say" a pergunta de confirmação, que deve ser enviada ao cliente como veio.',
  consultar_horarios:
    'Lista horários livres de um serviço (no máximo alguns). Use sempre antes de oferecer horários; nunca invente horários.',
  agendar_servico:
    'Prepara um agendamento em um horário devolvido por consultar_horarios. Não grava nada: devolve em "say" a pergunta de confirmação para o cliente.',
  cancelar_agendamento:
    'Prepara o cancelamento de um agendamento do cliente. Devolve em "say" a pergunta de confirmação para o cliente.',
  remarcar_agendamento:
    'Prepara a remarcação de um agendamento do cliente para um horário devolvido por consultar_horarios. Devolve em "say" a pergunta de confirmação.',
  meus_agendamentos: 'Lista os agendamentos do cliente (recentes e futuros).',
  escalar_para_humano:
    'Passa a conversa para alguém da equipe: quando o cliente pedir, em emergências, ou quando você não souber responder.',
};

/** JSON Schema for the model, without what only costs tokens: `$schema` and the long regexes behind `format`. */
function modelSchema(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;
  delete json.$schema;
  return stripFormatPatterns(json) as Record<string, unknown>;
}

function stripFormatPatterns(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripFormatPatterns);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  const record = node as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    if (key === 'pattern' && typeof record.format === 'string') continue;
    out[key] = stripFormatPatterns(value);
  }
  return out;
}

export interface CustomerToolDefinition {
  readonly name: CustomerToolName;
  readonly description: string;
  readonly arguments: z.ZodType;
  readonly parameters: Readonly<Record<string, unknown>>;
}

export const CUSTOMER_TOOLS: readonly CustomerToolDefinition[] = Object.freeze(
  CUSTOMER_TOOL_NAMES.map((name) =>
    Object.freeze({ name, description: DESCRIPTIONS[name], arguments: CUSTOMER_TOOL_ARGUMENTS[name], parameters: modelSchema(CUSTOMER_TOOL_ARGUMENTS[name]) }),
  ),
);

/** The `tools` array of a Chat Completions request. Not `strict`: OpenAI-compatible servers vary; zod is the gate. */
export function openAiToolSpecs(): Array<{ type: 'function'; function: { name: string; description: string; parameters: Record<string, unknown> } }> {
  return CUSTOMER_TOOLS.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: { ...t.parameters } } }));
}

export function isCustomerToolName(name: string): name is CustomerToolName {
  return Object.hasOwn(CUSTOMER_TOOL_ARGUMENTS, name);
}

export type ParsedToolCall =
  | { ok: true; name: CustomerToolName; args: Record<string, unknown> }
  | { ok: false; outcome: Extract<ToolOutcome, { ok: false }> };

function invalid(message: string): ParsedToolCall {
  return { ok: false, outcome: { ok: false, code: 'INVALID_ARGUMENTS', message } };
}

/** Name and raw JSON arguments → validated arguments, or the error outcome the model gets back. Never throws. */
export function parseToolCall(name: string, rawArgumentsJson: string): ParsedToolCall {
  if (!isCustomerToolName(name)) {
    const message = `Ferramenta desconhecida: ${name.slice(0, 60)}. Use apenas: ${CUSTOMER_TOOL_NAMES.join(', ')}.`;
    return { ok: false, outcome: { ok: false, code: 'UNKNOWN_TOOL', message } };
  }
  let json: unknown;
  try {
    // Some models send "" for a tool without arguments.
    json = rawArgumentsJson.trim() === '' ? {} : JSON.parse(rawArgumentsJson);
  } catch {
    return invalid(`Os argumentos de ${name} não são um JSON válido. Envie um objeto JSON.`);
  }
  const result = CUSTOMER_TOOL_ARGUMENTS[name].safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message));
    return invalid(`Argumentos inválidos para ${name}: ${problems.join('; ')}`);
  }
  return { ok: true, name, args: result.data as Record<string, unknown> };
}

/** Runs an already validated call on the toolbox. */
async function dispatch(toolbox: CustomerToolbox, name: CustomerToolName, args: Record<string, unknown>): Promise<ToolOutcome> {
  switch (name) {
    case 'cadastrar_pet':
      return toolbox.cadastrarPet(args as CustomerToolArguments<'cadastrar_pet'>);
    case 'consultar_horarios':
      return toolbox.consultarHorarios(args as CustomerToolArguments<'consultar_horarios'>);
    case 'agendar_servico':
      return toolbox.agendarServico(args as CustomerToolArguments<'agendar_servico'>);
    case 'cancelar_agendamento':
      return toolbox.cancelarAgendamento(args as CustomerToolArguments<'cancelar_agendamento'>);
    case 'remarcar_agendamento':
      return toolbox.remarcarAgendamento(args as CustomerToolArguments<'remarcar_agendamento'>);
    case 'meus_agendamentos':
      return toolbox.meusAgendamentos();
    case 'escalar_para_humano':
      return toolbox.escalarParaHumano(args as CustomerToolArguments<'escalar_para_humano'>);
  }
}

/**
 * Validates and runs one tool call. Bad JSON, a schema failure or an unknown
 * name come back as an error outcome (for the model to correct), never as an
 * exception. A toolbox that throws (a database outage) becomes TOOL_FAILED
 * with a generic message: internals are not the model's business.
 */
export async function executeToolCall(toolbox: CustomerToolbox, name: string, rawArgumentsJson: string): Promise<ToolOutcome> {
  const parsed = parseToolCall(name, rawArgumentsJson);
  if (!parsed.ok) return parsed.outcome;
  try {
    return await dispatch(toolbox, parsed.name, parsed.args);
  } catch {
    return { ok: false, code: 'TOOL_FAILED', message: 'A ferramenta falhou agora. Peça desculpas ao cliente e ofereça chamar alguém da equipe.' };
  }
}
