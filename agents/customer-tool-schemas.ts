import { z } from 'zod';

import { SPECIES } from '../domain/species.js';
import type { CustomerToolbox } from './customer-tools.js';
import { createToolCatalog, type ParsedCall, type ToolDefinition, type ToolDispatch } from './tool-catalog.js';

/**
 * The customer tools as data: one entry per tool with its pt-BR description
 * and the zod schema its arguments must pass; tool-catalog.ts turns them into
 * the JSON Schemas the model sees and the parse/execute gate it goes through.
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
/**
 * A wall-clock time, "15:00" ("9:30" is padded). Checked by refine rather than `regex` so the JSON
 * Schema the model sees stays free of patterns (see tool-catalog.ts); the description says the format.
 */
const TIME = z
  .string()
  .trim()
  .max(5)
  .refine((t) => /^([01]?\d|2[0-3]):[0-5]\d$/.test(t), 'Use HH:mm, por exemplo "15:00".')
  .transform((t) => t.padStart(5, '0'));
const BOOKING_ID = z.string().trim().min(1).max(64).describe('Id do agendamento (aparece no contexto). O sistema confere se ele é deste cliente.');

const NEW_PET = z.strictObject({
  nome: PET_NAME.describe('Nome do pet.'),
  especie: z.enum(SPECIES).describe('Espécie do pet.'),
  porte: SIZE,
  raca: z.string().trim().min(1).max(40).optional().describe('Raça, se o cliente informou (ex.: "vira-lata", "shih tzu").'),
  sexo: z
    .enum(['macho', 'fêmea'])
    .optional()
    .describe('Sexo do pet, pelo que o cliente disse ("minha cachorra", "a Luna") ou pelo nome; pergunte se não estiver claro.'),
});

export const CUSTOMER_TOOL_ARGUMENTS = {
  cadastrar_pet: NEW_PET.extend({
    outros: z
      .array(NEW_PET)
      .max(5)
      .optional()
      .describe('Outros pets do mesmo cliente, quando ele fala de vários de uma vez ("tenho um golden e uma gata"): cadastrados juntos, com uma só confirmação.'),
  }),
  consultar_horarios: z.strictObject({
    servico: SERVICE_NAME,
    pet: PET_NAME.optional().describe('Nome de um pet já cadastrado do cliente, para usar o porte dele.'),
    porte: SIZE.optional(),
    data: z.iso.date().optional().describe('Dia desejado, AAAA-MM-DD, no fuso da loja (use o calendário do contexto).'),
    periodo: PERIOD.optional(),
    horario: TIME.optional().describe(
      'Horário desejado pelo cliente, HH:mm no fuso da loja (ex.: "15:00" para "às 15h" ou "3 da tarde"). Com ele, a resposta traz os horários livres mais próximos dele (o exato primeiro, se livre) e diz em "exatoLivre" se o horário exato está livre.',
    ),
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
    'Lista horários livres de um serviço (no máximo alguns). Use sempre antes de oferecer horários; nunca invente horários. Se o cliente pediu um horário, passe-o em "horario": a resposta diz se ele está livre (exatoLivre) e traz os mais próximos.',
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

/** How a validated call reaches the toolbox. */
const DISPATCH: ToolDispatch<typeof CUSTOMER_TOOL_ARGUMENTS, CustomerToolbox> = {
  cadastrar_pet: (toolbox, args) => toolbox.cadastrarPet(args),
  consultar_horarios: (toolbox, args) => toolbox.consultarHorarios(args),
  agendar_servico: (toolbox, args) => toolbox.agendarServico(args),
  cancelar_agendamento: (toolbox, args) => toolbox.cancelarAgendamento(args),
  remarcar_agendamento: (toolbox, args) => toolbox.remarcarAgendamento(args),
  meus_agendamentos: (toolbox) => toolbox.meusAgendamentos(),
  escalar_para_humano: (toolbox, args) => toolbox.escalarParaHumano(args),
};

const CUSTOMER_CATALOG = createToolCatalog({
  arguments: CUSTOMER_TOOL_ARGUMENTS,
  descriptions: DESCRIPTIONS,
  dispatch: DISPATCH,
  failedMessage: 'A ferramenta falhou agora. Peça desculpas ao cliente e ofereça chamar alguém da equipe.',
});

export type CustomerToolDefinition = ToolDefinition<CustomerToolName>;
export type ParsedToolCall = ParsedCall<CustomerToolName>;

export const CUSTOMER_TOOL_NAMES = CUSTOMER_CATALOG.names;
export const CUSTOMER_TOOLS = CUSTOMER_CATALOG.tools;
export const { openAiToolSpecs, isToolName: isCustomerToolName, parseToolCall, executeToolCall } = CUSTOMER_CATALOG;
