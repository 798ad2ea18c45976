import { inactiveReply, plural } from './aurora-replies.js';
import { dayReply } from './aurora-day-replies.js';
import type { OwnerDayAsk } from '../../domain/intents/owner-day-question.js';
import { CAMPAIGN_LABELS_PT_BR, type CampaignKind } from '../../domain/campaign-draft.js';
import type { AnalyticsPeriod } from '../../domain/intents/index.js';
import type { AuroraContext, AuroraToolbox } from '../aurora-agent.js';
import { ToolRecorder } from '../tool-recorder.js';
import type { AuroraToolName } from './aurora-tool-schemas.js';

/**
 * Aurora's deterministic commands: one toolbox call each, its `say` relayed
 * to the owner. The offline Aurora answers every turn with them; the OpenAI
 * Aurora uses them for the turns that must not depend on a model (a "sim" or
 * "não" to the pending campaign, "parar campanha").
 *
 * A toolbox failure's `message` is written for a model, so the owner gets a
 * fixed pt-BR text instead.
 */

export const NO_PENDING_CAMPAIGN_REPLY = 'Não há nenhuma campanha esperando confirmação. Quer que eu sugira uma?';
export const NOTHING_TO_CANCEL_REPLY = 'Certo! Não há nada pendente. Posso ajudar com mais alguma coisa?';
export const NO_RUNNING_CAMPAIGN_REPLY = 'Não há campanha em andamento.';
/** When the model or a tool fails: the owner asks again later. */
export const AURORA_FALLBACK_REPLY = 'Tive um problema para consultar agora 😕 Pode me perguntar de novo daqui a pouquinho?';

/** The recorder of Aurora's deterministic paths: `ToolRecorder` over her toolbox and tool names. */
export class AuroraToolRecorder extends ToolRecorder<AuroraToolbox, AuroraToolName> {}


export function campaignLabel(kind: string): string {
  return Object.hasOwn(CAMPAIGN_LABELS_PT_BR, kind) ? CAMPAIGN_LABELS_PT_BR[kind as CampaignKind] : kind;
}

/** The question asked again when a "sim" was not clear enough for the toolbox. */
export function confirmAgainReply(pending: NonNullable<AuroraContext['pendingCampaign']>): string {
  return `Só envio com um "sim" bem claro 🙂 A campanha de ${campaignLabel(pending.kind)} para ${plural(pending.audienceSize, 'cliente', 'clientes')} está esperando. Confirma o envio? (sim/não)`;
}

export async function analyticsCommand(recorder: AuroraToolRecorder, periodo: AnalyticsPeriod): Promise<string> {
  const out = await recorder.run('buscar_analytics', { periodo }, (t) => t.buscarAnalytics({ periodo }));
  if (!out.ok) return AURORA_FALLBACK_REPLY;
  return out.say ?? out.data.say;
}

/** A day or span the owner named: the figures of `consultar_agenda`, answered the way the question was asked. */
export async function dayCommand(recorder: AuroraToolRecorder, quando: string, ask: OwnerDayAsk): Promise<string> {
  const args = ask.service ? { quando, servico: ask.service } : { quando };
  const out = await recorder.run('consultar_agenda', args, (t) => t.consultarAgenda(args));
  if (!out.ok) return AURORA_FALLBACK_REPLY;
  return dayReply(out.data, ask);
}

export async function inactiveCommand(recorder: AuroraToolRecorder, dias?: number): Promise<string> {
  const args = dias === undefined ? {} : { dias };
  const out = await recorder.run('listar_clientes_inativos', args, (t) => t.listarClientesInativos(args));
  if (!out.ok) return AURORA_FALLBACK_REPLY;
  return out.say ?? inactiveReply(out.data.count, out.data.names, out.data.days);
}

export async function suggestCommand(recorder: AuroraToolRecorder, tipo: CampaignKind): Promise<string> {
  const out = await recorder.run('sugerir_campanha', { tipo }, (t) => t.sugerirCampanha({ tipo }));
  if (!out.ok) return AURORA_FALLBACK_REPLY;
  if (out.say !== undefined) return out.say;
  if (out.data.audience === 0) return `Não encontrei clientes para uma campanha de ${campaignLabel(tipo)} agora.`;
  return `📣 Preparei uma campanha de ${campaignLabel(tipo)} para ${plural(out.data.audience, 'cliente', 'clientes')}. Confirma o envio? (sim/não)`;
}

/** The owner said yes. The toolbox is the judge: it sends only on an explicit "sim" with a draft waiting. */
export async function confirmCommand(recorder: AuroraToolRecorder, context: AuroraContext): Promise<string> {
  const out = await recorder.run('confirmar_campanha', {}, (t) => t.confirmarCampanha());
  if (out.ok) {
    return out.say ?? `🚀 Campanha confirmada! Enviando para ${plural(out.data.sending, 'cliente', 'clientes')}. Para interromper, diga "parar campanha".`;
  }
  if (out.code === 'TOOL_FAILED') return AURORA_FALLBACK_REPLY;
  if (out.code === 'CONFIRMATION_REQUIRED' && context.pendingCampaign) return confirmAgainReply(context.pendingCampaign);
  return NO_PENDING_CAMPAIGN_REPLY;
}

export async function cancelCommand(recorder: AuroraToolRecorder): Promise<string> {
  const out = await recorder.run('cancelar_campanha', {}, (t) => t.cancelarCampanha());
  if (out.ok) return out.say ?? 'Tudo bem, campanha cancelada. Nada foi enviado.';
  return out.code === 'TOOL_FAILED' ? AURORA_FALLBACK_REPLY : NOTHING_TO_CANCEL_REPLY;
}

/**
 * "parar campanha" / "cancela a campanha": stops the campaign being sent; with
 * none running but a draft waiting, the owner means the draft, so it is
 * cancelled. With neither, the toolbox is asked anyway (the context may be a
 * moment old) and answers that nothing runs.
 */
export async function stopCommand(recorder: AuroraToolRecorder, context: AuroraContext): Promise<string> {
  if (context.runningCampaign === null && context.pendingCampaign !== null) return cancelCommand(recorder);
  const out = await recorder.run('parar_campanha', {}, (t) => t.pararCampanha());
  if (out.ok) {
    return out.say ?? `⏹️ Campanha interrompida: ${plural(out.data.sent, 'enviada', 'enviadas')}, ${plural(out.data.cancelled, 'cancelada', 'canceladas')}.`;
  }
  return out.code === 'TOOL_FAILED' ? AURORA_FALLBACK_REPLY : NO_RUNNING_CAMPAIGN_REPLY;
}
