import type { Kysely } from 'kysely';
import { periodBounds, type AnalyticsPeriod } from '../../domain/analytics-period.js';
import type { CampaignKind } from '../../domain/campaign-draft.js';
import { DEFAULT_SUMMARY_TIME, msUntilNextLocalTime } from '../../domain/daily-summary.js';
import { classifyOwnerMessage } from '../../domain/intents/index.js';
import { numberFailingAlert } from '../../domain/owner-alerts.js';
import { localDateOf } from '../../domain/zoned-time.js';
import { defineActor, type ActorContext } from '../../runtime/actor.js';
import type { TimerHandle } from '../../runtime/clock.js';
import { AnalyticsRepository } from '../../storage/analytics.repository.js';
import type { Database } from '../../storage/database.js';
import { OwnerNotesRepository } from '../../storage/owner-notes.repository.js';
import { repositories } from '../../storage/repositories.js';
import type { ConversationNotice } from '../conversation/conversation.protocol.js';
import { runAuroraJobs } from './aurora-jobs.js';
import type { AuroraMsg } from './aurora.protocol.js';
import { analyticsReply, AURORA_HELP, inactiveReply } from './aurora-replies.js';
import { cancelLatestDraft, confirmLatestCampaign, stopRunningCampaign, suggestCampaign } from './campaign-commands.js';
import { sendToOwners } from './owner-outbox.js';

export interface AuroraDeps {
  db: Kysely<Database>;
  notify(notice: ConversationNotice): void;
  newMessageId(): string;
  inactiveDays: number;
  /** How often scheduled work is checked (reminders, campaign completion); the summary time also wakes it. */
  tickMs: number;
}

export const DEFAULT_INACTIVE_DAYS = 30;
export const DEFAULT_AURORA_TICK_MS = 15 * 60_000;

export interface AuroraState {
  orgId: string;
  tickTimer: TimerHandle | undefined;
}

/**
 * The owner's co-pilot for one org (`aurora/<org>`): answers the owner with
 * numbers, drafts campaigns and sends them only after a "sim", and runs the
 * org's schedule — reminders, the daily summary at the shop's local time,
 * proactive alerts. Customers never reach it; the router decides by number.
 */
export function createAuroraActor(deps: AuroraDeps) {
  type Ctx = ActorContext<AuroraMsg>;

  async function schedule(state: AuroraState, ctx: Ctx): Promise<AuroraState> {
    ctx.clock.clearTimeout(state.tickTimer);
    const org = await repositories(deps.db).organizations.findById(state.orgId);
    const time = typeof org?.settings.dailySummaryTime === 'string' ? org.settings.dailySummaryTime : DEFAULT_SUMMARY_TIME;
    // Wake at the next tick, or exactly at the summary time if that comes first.
    const untilSummary = org ? msUntilNextLocalTime(ctx.clock.now(), org.timezone, time) : deps.tickMs;
    const self = ctx.self;
    const tickTimer = ctx.clock.setTimeout(() => {
      if (self.isAlive) self.tell({ type: '$aurora.tick' });
    }, Math.min(deps.tickMs, untilSummary));
    return { ...state, tickTimer };
  }

  async function answer(orgId: string, text: string, now: Date): Promise<{ reply: string; instances: string[] }> {
    const repos = repositories(deps.db);
    const org = (await repos.organizations.findById(orgId))!;
    const { intent, slots } = classifyOwnerMessage(text);
    const campaignDeps = { db: deps.db, newMessageId: deps.newMessageId, inactiveDays: deps.inactiveDays };
    switch (intent) {
      case 'analytics':
      case 'resumo': {
        const period: AnalyticsPeriod = slots.period ?? 'hoje';
        const bounds = periodBounds(period, now, org.timezone);
        const analytics = new AnalyticsRepository(deps.db);
        const [current, previous, fresh, top] = await Promise.all([
          analytics.statusCounts(orgId, bounds.from, bounds.to),
          analytics.statusCounts(orgId, bounds.previousFrom, bounds.previousTo),
          analytics.newCustomers(orgId, bounds.from, bounds.to, org.ownerNumbers),
          analytics.topServices(orgId, bounds.from, bounds.to),
        ]);
        const topLine = top.length ? `\n🏆 Mais pedidos: ${top.map((t) => `${t.name} (${t.bookings})`).join(', ')}` : '';
        return { reply: analyticsReply(period, current, previous, fresh) + topLine, instances: [] };
      }
      case 'clientes_inativos': {
        const since = new Date(now.getTime() - deps.inactiveDays * 86_400_000);
        const inactive = await repos.contacts.listInactive(orgId, since, { excludePhones: org.ownerNumbers });
        return { reply: inactiveReply(inactive.length, inactive.map((c) => c.name ?? c.phone), deps.inactiveDays), instances: [] };
      }
      case 'sugerir_campanha':
        return suggestCampaign(campaignDeps, orgId, (slots.kind ?? 'reativacao') as CampaignKind, now);
      case 'confirmar_sim':
        return (await confirmLatestCampaign(campaignDeps, orgId, now)) ?? { reply: 'Não há nenhuma campanha esperando confirmação. Quer que eu sugira uma?', instances: [] };
      case 'confirmar_nao':
        return (await cancelLatestDraft(campaignDeps, orgId, now)) ?? { reply: 'Certo! Não há nada pendente. Posso ajudar com mais alguma coisa?', instances: [] };
      case 'parar_campanha':
        return stopRunningCampaign(campaignDeps, orgId, now);
      default:
        return { reply: AURORA_HELP, instances: [] };
    }
  }

  async function onOwnerMessage(state: AuroraState, inboxId: number, ctx: Ctx): Promise<void> {
    const now = new Date(ctx.clock.now());
    const repos = repositories(deps.db);
    const row = await repos.inbox.findById(inboxId);
    if (!row || row.orgId !== state.orgId || (await repos.inbox.isProcessed(row.id))) return;
    const owner = await repos.contacts.findOrCreateByPhone(state.orgId, { phone: row.senderPhone!, name: row.pushName });
    const conversation = await repos.conversations.findOrCreate(state.orgId, owner.id, row.instanceId);
    const { reply, instances } = await answer(state.orgId, row.text, now);
    const waMessageId = deps.newMessageId();
    const notices: ConversationNotice[] = [];
    await deps.db.transaction().execute(async (trx) => {
      const t = repositories(trx);
      if (!(await t.inbox.markProcessed(row.id, 'aurora', now))) return;
      const inbound = await t.messages.insertOnce({
        orgId: state.orgId, conversationId: conversation.id, instanceId: row.instanceId, remoteJid: row.remoteJid, waMessageId: row.waMessageId,
        fromMe: false, direction: 'in', author: 'owner', text: row.text, createdAt: row.receivedAt,
      });
      const outbound = await t.messages.insertOnce({
        orgId: state.orgId, conversationId: conversation.id, instanceId: row.instanceId, remoteJid: row.remoteJid, waMessageId,
        fromMe: true, direction: 'out', author: 'aurora', text: reply, createdAt: now,
      });
      await t.outbox.enqueue({
        orgId: state.orgId, instanceId: row.instanceId, idempotencyKey: `aurora:${row.id}`, waMessageId, toPhone: owner.phone, toJid: row.remoteJid,
        text: reply, kind: 'aurora', conversationId: conversation.id,
      });
      await t.conversations.touch(state.orgId, conversation.id, now);
      for (const m of [inbound, outbound]) {
        if (m) notices.push({ kind: 'message', orgId: state.orgId, conversationId: conversation.id, message: { id: m.id, direction: m.direction, author: m.author, text: m.text, createdAt: m.createdAt } });
      }
    });
    for (const instanceId of new Set([row.instanceId, ...instances])) notices.push({ kind: 'outbox', orgId: state.orgId, instanceId });
    for (const n of notices) deps.notify(n);
  }

  /** Tells the owner once per local day and (kind, subject); the alerts table remembers across restarts. */
  async function alertOwner(state: AuroraState, alert: { kind: string; subject: string; message: string }, ctx: Ctx): Promise<void> {
    const now = new Date(ctx.clock.now());
    const org = await repositories(deps.db).organizations.findById(state.orgId);
    if (!org) return;
    const day = localDateOf(now, org.timezone);
    const notices = await deps.db.transaction().execute(async (trx) => {
      if (!(await new OwnerNotesRepository(trx).claimAlert(state.orgId, alert.kind, day, alert.subject, alert.message))) return [];
      return sendToOwners(trx, state.orgId, alert.message, `alert:${alert.kind}:${day}:${alert.subject}`, now, deps.newMessageId);
    });
    for (const n of notices) deps.notify(n);
  }

  return defineActor<AuroraState, AuroraMsg>({
    async init(ctx) {
      // A first tick at once: a summary or reminders missed while the node was down go out now.
      const self = ctx.self;
      const tickTimer = ctx.clock.setTimeout(() => {
        if (self.isAlive) self.tell({ type: '$aurora.tick' });
      }, 0);
      return { orgId: String(ctx.args.key), tickTimer };
    },

    async handle(state, msg, ctx) {
      switch (msg.type) {
        case 'aurora.inbound':
          await onOwnerMessage(state, msg.inboxId, ctx);
          return { state };
        case 'aurora.number-failing': {
          const instance = await repositories(deps.db).instances.findById(state.orgId, msg.instanceId);
          if (instance) await alertOwner(state, numberFailingAlert(instance.name, msg.consecutiveFailures), ctx);
          return { state };
        }
        case 'aurora.alert':
          await alertOwner(state, { kind: msg.kind, subject: msg.subject, message: msg.message }, ctx);
          return { state };
        case '$aurora.tick': {
          const notices = await runAuroraJobs(deps, state.orgId, new Date(ctx.clock.now()));
          for (const n of notices) deps.notify(n);
          return { state: await schedule(state, ctx) };
        }
      }
    },

    terminate(state, _reason, ctx) {
      ctx.clock.clearTimeout(state.tickTimer);
    },
  });
}
