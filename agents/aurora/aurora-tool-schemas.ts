import { z } from 'zod';

import type { AuroraToolbox } from '../aurora-agent.js';
import { createToolCatalog, type ParsedCall, type ToolDefinition, type ToolDispatch } from '../tool-catalog.js';

/**
 * Aurora's tools as data, like the customer tools (customer-tool-schemas.ts):
 * one entry per tool with its pt-BR description and the strict zod schema its
 * arguments must pass; tool-catalog.ts turns them into the JSON Schemas the
 * model sees and the parse/execute gate it goes through.
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
  consultar_agenda: z.strictObject({
    quando: z
      .string()
      .trim()
      .min(1)
      .max(80)
      .describe('O dia ou período pedido, em português, como foi escrito: "amanhã", "sábado", "semana que vem", "dia 15", "ontem", "semana passada". O sistema faz as contas de calendário no fuso da loja.'),
    servico: z.string().trim().min(1).max(60).optional().describe('Só quando a pergunta é sobre um serviço ("quantos banhos"): o nome do serviço.'),
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

const DESCRIPTIONS: Readonly<Record<AuroraToolName, string>> = {
  buscar_analytics:
    'Números da loja no período: agendamentos, concluídos, cancelamentos, no-shows, receita, clientes novos, serviços mais pedidos e a variação contra o período anterior. Use sempre antes de falar de números; nunca invente números. Devolve em "say" um resumo pronto.',
  consultar_agenda:
    'Agenda de um dia ou período que o dono nomeou ("amanhã tá cheio?", "agenda de sábado", "quantos banhos sábado", "como foi ontem"): atendimentos com horário, serviço, pet e cliente; contagem por status e por serviço; receita dos concluídos e a realizar; horários livres por serviço; ocupação da capacidade. Conta pela data do atendimento e informa também quantos agendamentos foram feitos no período. Devolve em "say" um resumo pronto.',
  listar_clientes_inativos: 'Conta e lista clientes sem contato há 30 dias ou mais (ou há "dias" dias). Devolve em "say" um resumo pronto.',
  sugerir_campanha:
    'Prepara (não envia) uma campanha para os clientes certos. Devolve em "say" a prévia, que termina em "Confirma o envio? (sim/não)": envie-a ao dono como veio. Nada sai antes do "sim" do dono.',
  confirmar_campanha:
    'Envia a campanha que aguarda confirmação. Chame SOMENTE quando a mensagem atual do dono for um "sim" explícito à pergunta "Confirma o envio?"; caso contrário o sistema recusa (CONFIRMATION_REQUIRED) e nada é enviado.',
  cancelar_campanha: 'Descarta a campanha que aguarda confirmação (nada é enviado). Use quando o dono disser "não" à prévia ou pedir para cancelar.',
  parar_campanha: 'Interrompe a campanha que está sendo enviada agora; as mensagens ainda na fila são canceladas.',
};

/** How a validated call reaches the toolbox. */
const DISPATCH: ToolDispatch<typeof AURORA_TOOL_ARGUMENTS, AuroraToolbox> = {
  buscar_analytics: (toolbox, args) => toolbox.buscarAnalytics(args),
  consultar_agenda: (toolbox, args) => toolbox.consultarAgenda(args),
  listar_clientes_inativos: (toolbox, args) => toolbox.listarClientesInativos(args),
  sugerir_campanha: (toolbox, args) => toolbox.sugerirCampanha(args),
  confirmar_campanha: (toolbox) => toolbox.confirmarCampanha(),
  cancelar_campanha: (toolbox) => toolbox.cancelarCampanha(),
  parar_campanha: (toolbox) => toolbox.pararCampanha(),
};

/** What the model reads when the toolbox throws: internals are not its business. */
export const AURORA_TOOL_FAILED_MESSAGE = 'A ferramenta falhou agora. Diga ao dono que não conseguiu consultar e sugira tentar de novo em instantes; não invente números.';

const AURORA_CATALOG = createToolCatalog({
  arguments: AURORA_TOOL_ARGUMENTS,
  descriptions: DESCRIPTIONS,
  dispatch: DISPATCH,
  failedMessage: AURORA_TOOL_FAILED_MESSAGE,
});

export type AuroraToolDefinition = ToolDefinition<AuroraToolName>;
export type ParsedAuroraToolCall = ParsedCall<AuroraToolName>;

export const AURORA_TOOL_NAMES = AURORA_CATALOG.names;
export const AURORA_TOOLS = AURORA_CATALOG.tools;
export const {
  openAiToolSpecs: auroraOpenAiToolSpecs,
  isToolName: isAuroraToolName,
  parseToolCall: parseAuroraToolCall,
  executeToolCall: executeAuroraToolCall,
} = AURORA_CATALOG;
