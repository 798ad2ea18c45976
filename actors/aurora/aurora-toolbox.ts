import type { Kysely } from 'kysely';
import type { AnalyticsFigures, AuroraToolbox } from '../../agents/aurora-agent.js';
import type { ToolOutcome } from '../../agents/customer-tools.js';
import type { CampaignKind } from '../../domain/campaign-draft.js';
import { classifyOwnerMessage } from '../../domain/intents/index.js';
import { AnalyticsRepository } from '../../storage/analytics.repository.js';
import type { Database } from '../../storage/database.js';
import { repositories } from '../../storage/repositories.js';
import { analyticsReply, inactiveReply } from '../../agents/aurora/aurora-replies.js';
import { parseOwnerDateRange } from '../../domain/owner-date-range.js';
import { dayAgendaReport } from './day-agenda-report.js';
import { cancelLatestDraft, confirmLatestCampaign, stopRunningCampaign, suggestCampaign, type CampaignDeps } from './campaign-commands.js';

export interface AuroraTurnScope {
  db: Kysely<Database>;
  orgId: string;
  now: Date;
  /** The owner's message of this turn: only an explicit yes in it may send a campaign. */
  turnText: string;
  newMessageId(): string;
  inactiveDays: number;
}

/**
 * Aurora's tools over real storage, bound to one org and one turn. Whatever
 * a model decides, `confirmarCampanha` sends nothing unless the owner's own
 * message of this turn is a plain yes (the same whole-message test the
 * offline Aurora uses); it answers CONFIRMATION_REQUIRED otherwise.
 */
export function createAuroraToolbox(scope: AuroraTurnScope): AuroraToolbox & { readonly instancesToFlush: Set<string> } {
  const instancesToFlush = new Set<string>();
  const campaignDeps: CampaignDeps = { db: scope.db, newMessageId: scope.newMessageId, inactiveDays: scope.inactiveDays };
  const org = () => repositories(scope.db).organizations.findById(scope.orgId);
  const failed = (code: string, message: string): ToolOutcome<never> => ({ ok: false, code, message });

  return {
    instancesToFlush,

    async buscarAnalytics({ periodo }) {
      const o = await org();
      if (!o) return failed('NOT_FOUND', 'organização não encontrada');
      const { current, previous, newCustomers, madeInPeriod, topServices: top, change } = await new AnalyticsRepository(scope.db).periodReport(o, periodo, scope.now);
      const topLine = top.length ? `\n🏆 Mais pedidos: ${top.map((t) => `${t.name} (${t.bookings})`).join(', ')}` : '';
      const data: AnalyticsFigures = {
        period: periodo, total: current.total, completed: current.completed, cancelled: current.cancelled, noShows: current.no_show,
        revenueCents: current.revenueCents, newCustomers, madeInPeriod, topServices: top.map(({ name, bookings }) => ({ name, bookings })),
        totalChangePercent: change.totalPercent, revenueChangePercent: change.revenuePercent,
        say: analyticsReply(periodo, current, previous, newCustomers, madeInPeriod) + topLine,
      };
      return { ok: true, data, say: data.say };
    },

    async consultarAgenda({ quando }) {
      const o = await org();
      if (!o) return failed('NOT_FOUND', 'organização não encontrada');
      const range = parseOwnerDateRange(quando, scope.now, o.timezone);
      if (!range) return failed('UNKNOWN_DATE', `Não reconheci um dia em "${quando}". Use, por exemplo, "amanhã", "sábado", "semana que vem" ou "dia 15".`);
      const figures = await dayAgendaReport(scope.db, scope.orgId, range, scope.now);
      if (!figures) return failed('NOT_FOUND', 'organização não encontrada');
      return { ok: true, data: figures, say: figures.say };
    },

    async listarClientesInativos({ dias }) {
      const o = await org();
      if (!o) return failed('NOT_FOUND', 'organização não encontrada');
      const days = dias ?? scope.inactiveDays;
      const inactive = await repositories(scope.db).contacts.listInactive(scope.orgId, new Date(scope.now.getTime() - days * 86_400_000), { excludePhones: o.ownerNumbers });
      const names = inactive.map((c) => c.name ?? c.phone ?? 'cliente');
      return { ok: true, data: { count: inactive.length, names: names.slice(0, 20), days }, say: inactiveReply(inactive.length, names, days) };
    },

    async sugerirCampanha({ tipo }) {
      const result = await suggestCampaign(campaignDeps, scope.orgId, tipo as CampaignKind, scope.now);
      return { ok: true, data: { audience: result.counts?.audience ?? 0 }, say: result.reply };
    },

    async confirmarCampanha() {
      if (classifyOwnerMessage(scope.turnText).intent !== 'confirmar_sim') {
        return failed('CONFIRMATION_REQUIRED', 'O dono ainda não disse "sim" a esta campanha; peça a confirmação explícita.');
      }
      const result = await confirmLatestCampaign(campaignDeps, scope.orgId, scope.now);
      if (!result) return failed('NO_PENDING_CAMPAIGN', 'Não há campanha esperando confirmação.');
      for (const id of result.instances) instancesToFlush.add(id);
      return { ok: true, data: { sending: result.counts?.sending ?? 0 }, say: result.reply };
    },

    async cancelarCampanha() {
      const result = await cancelLatestDraft(campaignDeps, scope.orgId, scope.now);
      if (!result) return failed('NO_PENDING_CAMPAIGN', 'Não há campanha esperando confirmação.');
      return { ok: true, data: { cancelled: true }, say: result.reply };
    },

    async pararCampanha() {
      const result = await stopRunningCampaign(campaignDeps, scope.orgId, scope.now);
      return { ok: true, data: { sent: result.counts?.sent ?? 0, cancelled: result.counts?.cancelled ?? 0 }, say: result.reply };
    },
  };
}
