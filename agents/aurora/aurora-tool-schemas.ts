import { z } from 'zod';

import type { AuroraToolbox } from '../aurora-agent.js';
import type { ToolOutcome } from '../customer-tools.js';

/**
 * Aurora's tools as data, like the customer tools (customer-tool-schemas.ts):
 * one entry per tool with its pt-BR description, the strict zod schema its
 * arguments must pass, and the JSON Schema the model sees (generated from the
 * zod schema, so the two cannot drift).
 *
 * No tool takes an org, owner or campaign id: the toolbox is bound to the
 * actor's org, and the confirm/cancel/stop tools act on *the* pending or
 * running campaign. A model that invents `org_id` or `campanhaId` is refused
 * with INVALID_ARGUMENTS instead of having the field silently dropped.
 */

const PERIODS = ['hoje', 'semana', 'mes', 'ano'] as const;
const CAMPAIGN_KINDS = ['reativacao', 'promocional', 'aniversario'] as const;

/** "30+ dias" (original design §4); a year is the longest look back that still means "inactive customer". */
export const MIN_INACTIVE_DAYS = 30;
export const MAX_INACTIVE_DAYS = 365;

export const AURORA_TOOL_ARGUMENTS = {
  buscar_analytics: z.strictObject({
    periodo: z
      .enum(PERIODS)
      .describe('Período no calendário da loja: "hoje", "semana" (desde segunda), "mes" (mês atual) ou "ano" (ano atual). Cada um vem comparado ao período anterior.'),
  }),
  listar_clientes_inativos: z.strictObject({
    dias: z
      .number()
      .int()
      .min(MIN_INACTIVE_DAYS)
      .max(MAX_INACTIVE_DAYS)
      .optional()
      .describe(`Dias sem contato para contar como inativo (${MIN_INACTIVE_DAYS} a ${MAX_INACTIVE_DAYS}). Sem este campo, usa o padrão da loja (30).`),
  }),
  sugerir_campanha: z.strictObject({
    tipo: z
      .enum(CAMPAIGN_KINDS)
      .describe('"reativacao" (clientes sumidos há 30+ dias), "promocional" (condição especial para a clientela) ou "aniversario" (pets que fazem aniversário no mês).'),
  }),
  confirmar_campanha: z.strictObject({}),
  cancelar_campanha: z.strictObject({}),
  parar_campanha: z.strictObject({}),
} as const;

export type AuroraToolName = keyof typeof AURORA_TOOL_ARGUMENTS;
export type AuroraToolArguments<N extends AuroraToolName> = z.output<(typeof AURORA_TOOL_ARGUMENTS)[N]>;

export const AURORA_TOOL_NAMES = Object.freeze(Object.keys(AURORA_TOOL_ARGUMENTS) as AuroraToolName[]);

const DESCRIPTIONS: Readonly<Record<AuroraToolName, string>> = {
  buscar_analytics:
    'Números da loja no período: agendamentos, concluídos, cancelamentos, no-shows, receita, clientes novos, serviços mais pedidos e a variação contra o período anterior. Use sempre antes de falar de números; nunca invente números. Devolve em "say" um resumo pronto.',
  listar_clientes_inativos: 'Conta e lista clientes sem contato há 30 dias ou mais (ou há "dias" dias). Devolve em "say" um resumo pronto.',
  sugerir_campanha:
    'Prepara (não envia) uma campanha para os clientes certos. Devolve em "say" a prévia, que termina em "Confirma o envio? (sim/não)": envie-a ao dono como veio. Nada sai antes do "sim" do dono.',
  confirmar_campanha:
    'Envia a campanha que aguarda confirmação. Chame SOMENTE quando a mensagem atual do dono for um "sim" explícito à pergunta "Confirma o envio?"; caso contrário o sistema recusa (CONFIRMATION_REQUIRED) e nada é enviado.',
  cancelar_campanha: 'Descarta a campanha que aguarda confirmação (nada é enviado). Use quando o dono disser "não" à prévia ou pedir para cancelar.',
  parar_campanha: 'Interrompe a campanha que está sendo enviada agora; as mensagens ainda na fila são canceladas.',
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

export interface AuroraToolDefinition {
  readonly name: AuroraToolName;
  readonly description: string;
  readonly arguments: z.ZodType;
  readonly parameters: Readonly<Record<string, unknown>>;
}

export const AURORA_TOOLS: readonly AuroraToolDefinition[] = Object.freeze(
  AURORA_TOOL_NAMES.map((name) =>
    Object.freeze({ name, description: DESCRIPTIONS[name], arguments: AURORA_TOOL_ARGUMENTS[name], parameters: modelSchema(AURORA_TOOL_ARGUMENTS[name]) }),
  ),
);

/** The `tools` array of a Chat Completions request. Not `strict`: OpenAI-compatible servers vary; zod is the gate. */
export function auroraOpenAiToolSpecs(): Array<{ type: 'function'; function: { name: string; description: string; parameters: Record<string, unknown> } }> {
  return AURORA_TOOLS.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: { ...t.parameters } } }));
}

export function isAuroraToolName(name: string): name is AuroraToolName {
  return Object.hasOwn(AURORA_TOOL_ARGUMENTS, name);
}

export type ParsedAuroraToolCall =
  | { ok: true; name: AuroraToolName; args: Record<string, unknown> }
  | { ok: false; outcome: Extract<ToolOutcome, { ok: false }> };

function invalid(message: string): ParsedAuroraToolCall {
  return { ok: false, outcome: { ok: false, code: 'INVALID_ARGUMENTS', message } };
}

/** Name and raw JSON arguments → validated arguments, or the error outcome the model gets back. Never throws. */
export function parseAuroraToolCall(name: string, rawArgumentsJson: string): ParsedAuroraToolCall {
  if (!isAuroraToolName(name)) {
    const message = `Ferramenta desconhecida: ${name.slice(0, 60)}. Use apenas: ${AURORA_TOOL_NAMES.join(', ')}.`;
    return { ok: false, outcome: { ok: false, code: 'UNKNOWN_TOOL', message } };
  }
  let json: unknown;
  try {
    // Some models send "" for a tool without arguments.
    json = rawArgumentsJson.trim() === '' ? {} : JSON.parse(rawArgumentsJson);
  } catch {
    return invalid(`Os argumentos de ${name} não são um JSON válido. Envie um objeto JSON.`);
  }
  const result = AURORA_TOOL_ARGUMENTS[name].safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message));
    return invalid(`Argumentos inválidos para ${name}: ${problems.join('; ')}`);
  }
  return { ok: true, name, args: result.data as Record<string, unknown> };
}

/** Runs an already validated call on the toolbox. */
async function dispatch(toolbox: AuroraToolbox, name: AuroraToolName, args: Record<string, unknown>): Promise<ToolOutcome> {
  switch (name) {
    case 'buscar_analytics':
      return toolbox.buscarAnalytics(args as AuroraToolArguments<'buscar_analytics'>);
    case 'listar_clientes_inativos':
      return toolbox.listarClientesInativos(args as AuroraToolArguments<'listar_clientes_inativos'>);
    case 'sugerir_campanha':
      return toolbox.sugerirCampanha(args as AuroraToolArguments<'sugerir_campanha'>);
    case 'confirmar_campanha':
      return toolbox.confirmarCampanha();
    case 'cancelar_campanha':
      return toolbox.cancelarCampanha();
    case 'parar_campanha':
      return toolbox.pararCampanha();
  }
}

/** What the model reads when the toolbox throws: internals are not its business. */
export const AURORA_TOOL_FAILED_MESSAGE = 'A ferramenta falhou agora. Diga ao dono que não conseguiu consultar e sugira tentar de novo em instantes; não invente números.';

/**
 * Validates and runs one tool call. Bad JSON, a schema failure or an unknown
 * name come back as an error outcome (for the model to correct), never as an
 * exception; a toolbox that throws becomes TOOL_FAILED.
 */
export async function executeAuroraToolCall(toolbox: AuroraToolbox, name: string, rawArgumentsJson: string): Promise<ToolOutcome> {
  const parsed = parseAuroraToolCall(name, rawArgumentsJson);
  if (!parsed.ok) return parsed.outcome;
  try {
    return await dispatch(toolbox, parsed.name, parsed.args);
  } catch {
    return { ok: false, code: 'TOOL_FAILED', message: AURORA_TOOL_FAILED_MESSAGE };
  }
}
