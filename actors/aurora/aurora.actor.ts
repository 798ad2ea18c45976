import type { Kysely } from 'kysely';
import type { AuroraAgent } from '../../agents/aurora-agent.js';
import { msUntilNextLocalTime } from '../../domain/daily-summary.js';
import { dailySummaryTimeOf, readOrgSettings } from '../../domain/org-settings.js';
import { invalidSettingsAlert, numberFailingAlert } from '../../domain/owner-alerts.js';
import { localDateOf, toZonedIso } from '../../domain/zoned-time.js';
import { defineActor, type ActorContext } from '../../runtime/actor.js';
import { ValidationError } from '../../runtime/errors.js';
import { CampaignsRepository } from '../../storage/campaigns.repository.js';
import type { Database } from '../../storage/database.js';
import { OwnerNotesRepository } from '../../storage/owner-notes.repository.js';
import { repositories } from '../../storage/repositories.js';
import { SchedulingRepository } from '../../storage/scheduling.repository.js';
import { conversationAddress, parseAuroraKey, sessionAddress } from '../addresses.js';
import type { ConversationMsg, ConversationNotice } from '../conversation/conversation.protocol.js';
import type { SessionMsg } from '../session/session.protocol.js';
import { runAuroraJobs } from './aurora-jobs.js';
import { runDailyRetention } from './retention-job.js';
import type { AuroraEffect, AuroraMsg } from './aurora.protocol.js';
import { cancelCampaign, confirmCampaign } from './campaign-commands.js';
import { toWindow } from '../conversation/customer-context.js';
import { messageNotice, queueOutbound, recordModelCall } from '../outbound-message.js';
import { createAuroraToolbox } from './aurora-toolbox.js';
import { sendToOwners } from './owner-outbox.js';

export interface AuroraDeps {
  db: Kysely<Database>;
  /** Who answers the owner: the model (AURORA_MODEL) with a key, the offline Aurora without. */
  agentFor(orgId: string): AuroraAgent | Promise<AuroraAgent>;
  notify(notice: ConversationNotice): void;
  newMessageId(): string;
  inactiveDays: number;
  /** How often scheduled work is checked (reminders, campaign completion); the summary time also wakes it. */
  tickMs: number;
}

export const DEFAULT_INACTIVE_DAYS = 30;
export const DEFAULT_AURORA_TICK_MS = 15 * 60_000;

/** Campaign ids are UUIDs; anything else is unknown here rather than a database error that would crash the actor. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AuroraState {
  orgId: string;
}

/**
 * The owner's co-pilot for one org (`aurora/<org>`): answers the owner with
 * numbers, drafts campaigns and sends them only after a "sim", and runs the
 * org's schedule — reminders, the daily summary at the shop's local time,
 * proactive alerts. Customers never reach it; the router decides by number.
 */
export function createAuroraActor(deps: AuroraDeps) {
  type Ctx = ActorContext<AuroraMsg>;

  /** What Aurora's work leaves behind: the sessions send what was queued, reminded customers' actors reload, the dashboard hears the rest. */
  function publish(effects: readonly AuroraEffect[], ctx: Ctx): void {
    for (const effect of effects) {
      if (effect.kind === 'outbox') ctx.tell<SessionMsg>(sessionAddress(effect.orgId, effect.instanceId), { type: 'session.flush' });
      else if (effect.kind === 'customer-changed') ctx.tell<ConversationMsg>(conversationAddress(effect.orgId, effect.contactId), { type: 'conversation.refresh' });
      else if (effect.kind === 'customer-erased') ctx.tell<ConversationMsg>(conversationAddress(effect.orgId, effect.contactId), { type: 'conversation.forget' });
      else deps.notify(effect);
    }
  }

  async function schedule(state: AuroraState, ctx: Ctx): Promise<AuroraState> {
    const org = await repositories(deps.db).organizations.findById(state.orgId);
    // Wake at the next tick, or exactly at the summary time if that comes first.
    const untilSummary = org ? msUntilNextLocalTime(ctx.clock.now(), org.timezone, dailySummaryTimeOf(org.settings)) : deps.tickMs;
    ctx.timers.start('tick', Math.min(deps.tickMs, untilSummary), { type: '$aurora.tick' });
    return state;
  }

  /** One owner turn through the agent (the model with a key, the offline Aurora without), over the real toolbox. */
  async function answer(orgId: string, conversationId: string, text: string, now: Date) {
    const repos = repositories(deps.db);
    const org = (await repos.organizations.findById(orgId))!;
    const campaigns = new CampaignsRepository(deps.db);
    const [draft, running] = await Promise.all([campaigns.latestDraft(orgId, now), campaigns.latestSending(orgId)]);
    const progress = running ? await campaigns.progress(running.id) : undefined;
    const tools = createAuroraToolbox({ db: deps.db, orgId, now, turnText: text, newMessageId: deps.newMessageId, inactiveDays: deps.inactiveDays });
    const history = await repos.messages.window(orgId, conversationId, 10);
    const agent = await deps.agentFor(orgId);
    const result = await agent.respond({
      text,
      window: toWindow(history),
      context: {
        now: toZonedIso(now, org.timezone), shopName: org.name, timezone: org.timezone,
        pendingCampaign: draft ? { kind: draft.kind, audienceSize: draft.audienceSize } : null,
        runningCampaign: running && progress ? { kind: running.kind, sent: progress.sent, pending: progress.pending } : null,
      },
      tools,
    });
    return { ...result, instances: [...tools.instancesToFlush] };
  }

  async function onOwnerMessage(state: AuroraState, inboxId: number, ctx: Ctx): Promise<void> {
    const now = new Date(ctx.clock.now());
    const repos = repositories(deps.db);
    const row = await repos.inbox.findById(inboxId);
    if (!row || row.orgId !== state.orgId || (await repos.inbox.isProcessed(row.id))) return;
    const owner = await repos.contacts.findOrCreateByPhone(state.orgId, { phone: row.senderPhone!, name: row.pushName }, now);
    const conversation = await repos.conversations.findOrCreate(state.orgId, owner.id, row.instanceId, now);
    const answered = await answer(state.orgId, conversation.id, row.text, now);
    const { reply, instances } = answered;
    const waMessageId = deps.newMessageId();
    const notices: ConversationNotice[] = [];
    await deps.db.transaction().execute(async (trx) => {
      const t = repositories(trx);
      if (!(await t.inbox.markProcessed(row.id, 'aurora', now))) return;
      const inbound = await t.messages.insertOnce({
        orgId: state.orgId, conversationId: conversation.id, instanceId: row.instanceId, remoteJid: row.remoteJid, waMessageId: row.waMessageId,
        fromMe: false, direction: 'in', author: 'owner', text: row.text, createdAt: row.receivedAt,
      });
      const outbound = await queueOutbound(trx, {
        orgId: state.orgId, conversationId: conversation.id, instanceId: row.instanceId, toPhone: owner.phone ?? row.senderPhone!, toJid: row.remoteJid,
        text: reply, kind: 'aurora', author: 'aurora', idempotencyKey: `aurora:${row.id}`, waMessageId, now,
      });
      await t.conversations.touch(state.orgId, conversation.id, now);
      if (answered.usage || answered.error) {
        const { usage, toolCalls, error } = answered;
        notices.push(await recordModelCall(trx, { orgId: state.orgId, conversationId: conversation.id, agent: 'aurora', usage, toolCalls, error, at: now }));
      }
      for (const m of [inbound, outbound]) if (m) notices.push(messageNotice(state.orgId, conversation.id, m));
    });
    for (const instanceId of new Set([row.instanceId, ...instances])) notices.push({ kind: 'outbox', orgId: state.orgId, instanceId });
    publish(notices, ctx);
  }

  /** Tells the owner once per local day and (kind, subject); the alerts table remembers across restarts. */
  async function alertOwner(state: AuroraState, alert: { kind: string; subject: string; message: string }, ctx: Ctx): Promise<void> {
    const now = new Date(ctx.clock.now());
    const org = await repositories(deps.db).organizations.findById(state.orgId);
    if (!org) return;
    const day = localDateOf(now, org.timezone);
    const notices = await deps.db.transaction().execute(async (trx) => {
      if (!(await new OwnerNotesRepository(trx).claimAlert(state.orgId, alert.kind, day, alert.subject, alert.message, now))) return [];
      return sendToOwners(trx, state.orgId, alert.message, `alert:${alert.kind}:${day}:${alert.subject}`, now, deps.newMessageId);
    });
    publish(notices, ctx);
  }

  /**
   * Stored settings that break today's rules never crash anything (readers fall back to the
   * defaults); the owner hears about them once a day and the operator log names the fields.
   */
  async function checkSettings(state: AuroraState, ctx: Ctx): Promise<void> {
    const org = await repositories(deps.db).organizations.findById(state.orgId);
    if (!org) return;
    const scheduling = await new SchedulingRepository(deps.db).loadChecked(state.orgId);
    const problems = [...readOrgSettings(org.settings).problems, ...(scheduling?.problems ?? [])];
    if (problems.length === 0) return;
    ctx.logger.warn({ orgId: state.orgId, problems }, 'stored settings are invalid; defaults used');
    await alertOwner(state, invalidSettingsAlert(problems.map((p) => p.path.split('.').slice(0, 2).join('.'))), ctx);
  }

  /** A campaign of this org, or the refusal the HTTP edge answers as 404 (an id of another org is unknown here). */
  async function campaignOf(state: AuroraState, campaignId: string) {
    const campaign = UUID.test(campaignId) ? await new CampaignsRepository(deps.db).findById(state.orgId, campaignId) : undefined;
    if (!campaign) throw new ValidationError('Campaign not found', { code: 'NOT_FOUND' });
    return campaign;
  }

  /**
   * The dashboard's campaign buttons, in this mailbox like the owner's "sim" and "parar", so on
   * this node a confirm and a cancel of one campaign run one after the other, never interleaved;
   * the status moves stay conditional in the database for another node's Aurora. Replies the
   * campaign as it is now; a refusal is a ValidationError, never a crash.
   */
  async function changeCampaign(state: AuroraState, msg: Extract<AuroraMsg, { type: 'aurora.confirm-campaign' | 'aurora.cancel-campaign' }>, ctx: Ctx) {
    const now = new Date(ctx.clock.now());
    const campaign = await campaignOf(state, msg.campaignId);
    const audit = { actor: msg.actor };
    const result = msg.type === 'aurora.confirm-campaign'
      ? await confirmCampaign(deps, state.orgId, campaign.id, now, audit)
      : await cancelCampaign(deps, state.orgId, campaign.id, now, audit);
    if (!result) {
      throw msg.type === 'aurora.confirm-campaign'
        ? new ValidationError('Only a draft campaign can be confirmed', { code: 'INVALID_TRANSITION' })
        : new ValidationError(`A ${campaign.status} campaign cannot be cancelled`, { code: 'INVALID_TRANSITION' });
    }
    // The sessions send what was queued (the same nudge the owner's "sim" gives them).
    for (const instanceId of result.instances) ctx.tell<SessionMsg>(sessionAddress(state.orgId, instanceId), { type: 'session.flush' });
    return campaignOf(state, campaign.id);
  }

  return defineActor<AuroraState, AuroraMsg>({
    async init(ctx) {
      // A first tick at once: a summary or reminders missed while the node was down go out now.
      ctx.timers.start('tick', 0, { type: '$aurora.tick' });
      return { orgId: parseAuroraKey(ctx.args.key).orgId };
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
        case 'aurora.confirm-campaign':
        case 'aurora.cancel-campaign':
          return { state, reply: await changeCampaign(state, msg, ctx) };
        case '$aurora.tick': {
          await checkSettings(state, ctx);
          publish(await runAuroraJobs(deps, state.orgId, new Date(ctx.clock.now())), ctx);
          const retention = await runDailyRetention(deps.db, state.orgId, new Date(ctx.clock.now()));
          if (retention.run) {
            const { customerIds: _ids, ...counts } = retention.run.report;
            ctx.logger.info({ orgId: state.orgId, day: retention.run.day, ...retention.run.policy, ...counts }, 'retention applied');
          }
          publish(retention.effects, ctx);
          return { state: await schedule(state, ctx) };
        }
      }
    },

  });
}
