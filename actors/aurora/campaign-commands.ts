import type { Kysely } from 'kysely';
import { campaignMessage, draftPreview, type CampaignKind } from '../../domain/campaign-draft.js';
import { phoneToJid } from '../../domain/phone.js';
import { AuditLogRepository } from '../../storage/audit-log.repository.js';
import { CampaignsRepository } from '../../storage/campaigns.repository.js';
import type { Database } from '../../storage/database.js';
import type { Executor } from '../../storage/executor.js';
import { repositories } from '../../storage/repositories.js';

/**
 * The owner's campaign commands. A campaign is drafted (audience counted,
 * message previewed), goes out only after the owner's explicit "sim", and
 * then only through the outbox with campaign pacing — opted-out customers
 * are left out at confirmation time, not just at drafting time.
 */
export interface CampaignDeps {
  db: Kysely<Database>;
  newMessageId(): string;
  inactiveDays: number;
}

export interface CommandResult {
  reply: string;
  /** Numbers with new outbox rows to flush. */
  instances: string[];
  /** Audience of a draft, messages queued, sent or cancelled: what the reply says, as numbers. */
  counts?: { audience?: number; sending?: number; sent?: number; cancelled?: number };
}

/** Who changed a campaign from the dashboard or the API; written in the same transaction as the change. */
export interface CampaignAudit {
  actor: string;
}

async function audited(trx: Executor, audit: CampaignAudit | undefined, orgId: string, action: string, campaignId: string, now: Date): Promise<void> {
  if (audit) await new AuditLogRepository(trx).record({ at: now, orgId, actor: audit.actor, action, entity: 'campaign', entityId: campaignId });
}

async function audienceFor(deps: CampaignDeps, orgId: string, kind: CampaignKind, now: Date) {
  const org = (await repositories(deps.db).organizations.findById(orgId))!;
  const members = await new CampaignsRepository(deps.db).audience(orgId, kind, now, {
    inactiveDays: deps.inactiveDays, excludePhones: org.ownerNumbers, timezone: org.timezone,
  });
  return { org, members };
}

export async function suggestCampaign(deps: CampaignDeps, orgId: string, kind: CampaignKind, now: Date): Promise<CommandResult> {
  const { org, members } = await audienceFor(deps, orgId, kind, now);
  const message = campaignMessage(kind, org.name);
  if (members.length > 0) await new CampaignsRepository(deps.db).createDraft(orgId, kind, message, members.length, now);
  return { reply: draftPreview(kind, members.length, message), instances: [], counts: { audience: members.length } };
}

export async function confirmLatestCampaign(deps: CampaignDeps, orgId: string, now: Date): Promise<CommandResult | undefined> {
  const draft = await new CampaignsRepository(deps.db).latestDraft(orgId, now);
  return draft ? confirmCampaign(deps, orgId, draft.id, now) : undefined;
}

/**
 * Confirms one draft: its audience (recomputed now, opt-outs excluded) goes to the outbox. Undefined if it is no draft.
 * The owner's "sim" on WhatsApp and the dashboard's button both come here, inside the org's AuroraActor.
 */
export async function confirmCampaign(deps: CampaignDeps, orgId: string, campaignId: string, now: Date, audit?: CampaignAudit): Promise<CommandResult | undefined> {
  const draft = await new CampaignsRepository(deps.db).findById(orgId, campaignId);
  if (!draft || draft.status !== 'draft') return undefined;
  const { members } = await audienceFor(deps, orgId, draft.kind, now);
  const instance = await repositories(deps.db).instances.preferredForSending(orgId);
  if (!instance) return { reply: 'Não há nenhum número de WhatsApp conectado para enviar a campanha.', instances: [] };
  const sent = await deps.db.transaction().execute(async (trx) => {
    const t = new CampaignsRepository(trx);
    if (!(await t.transition(orgId, draft.id, 'draft', 'sending', now))) return false;
    const repos = repositories(trx);
    const recipients: Array<{ contactId: string; outboxId: number }> = [];
    for (const member of members) {
      const { message } = await repos.outbox.enqueue({
        orgId, instanceId: instance.id, idempotencyKey: `campaign:${draft.id}:${member.contactId}`, waMessageId: deps.newMessageId(),
        toPhone: member.phone, toJid: phoneToJid(member.phone), text: draft.message, kind: 'campaign', campaignId: draft.id, queuedAt: now,
      });
      recipients.push({ contactId: member.contactId, outboxId: message.id });
    }
    await t.addRecipients(orgId, draft.id, recipients, now);
    await t.recordCounts(draft.id, 0, Math.max(0, draft.audienceSize - members.length), now);
    await audited(trx, audit, orgId, 'campaign.confirmed', draft.id, now);
    return true;
  });
  if (!sent) return undefined;
  return {
    reply: `🚀 Campanha confirmada! Enviando para ${members.length} cliente${members.length === 1 ? '' : 's'}, com intervalos para proteger o número. Aviso quando terminar. Para interromper, diga "parar campanha".`,
    instances: [instance.id],
    counts: { sending: members.length },
  };
}

const DRAFT_CANCELLED = 'Tudo bem, campanha cancelada. Nada foi enviado.';

export async function cancelLatestDraft(deps: CampaignDeps, orgId: string, now: Date): Promise<CommandResult | undefined> {
  const campaigns = new CampaignsRepository(deps.db);
  const draft = await campaigns.latestDraft(orgId, now);
  if (!draft || !(await campaigns.transition(orgId, draft.id, 'draft', 'cancelled', now))) return undefined;
  return { reply: DRAFT_CANCELLED, instances: [] };
}

export async function stopRunningCampaign(deps: CampaignDeps, orgId: string, now: Date): Promise<CommandResult> {
  const running = await new CampaignsRepository(deps.db).latestSending(orgId);
  const result = running && (await cancelCampaign(deps, orgId, running.id, now));
  return result ?? { reply: 'Não há campanha em andamento.', instances: [] };
}

/**
 * Cancels a draft (nothing was sent), or stops a campaign that is sending: it moves to stopped
 * and its messages still waiting in the outbox are cancelled in the same transaction, then what
 * went out before the stop is recorded. Undefined when it was neither a draft nor sending.
 * The owner's "parar campanha" on WhatsApp and the dashboard's button both come here.
 */
export async function cancelCampaign(deps: CampaignDeps, orgId: string, campaignId: string, now: Date, audit?: CampaignAudit): Promise<CommandResult | undefined> {
  const outcome = await deps.db.transaction().execute(async (trx) => {
    const t = new CampaignsRepository(trx);
    let stopped: number | undefined;
    if (!(await t.transition(orgId, campaignId, 'draft', 'cancelled', now))) {
      if (!(await t.transition(orgId, campaignId, 'sending', 'stopped', now))) return undefined;
      stopped = await repositories(trx).outbox.cancelCampaign(campaignId, now);
    }
    await audited(trx, audit, orgId, 'campaign.cancelled', campaignId, now);
    return { stopped };
  });
  if (!outcome) return undefined;
  const cancelled = outcome.stopped;
  if (cancelled === undefined) return { reply: DRAFT_CANCELLED, instances: [] };
  const campaigns = new CampaignsRepository(deps.db);
  const [progress, campaign] = await Promise.all([campaigns.progress(campaignId), campaigns.findById(orgId, campaignId)]);
  await campaigns.recordCounts(campaignId, progress.sent, campaign!.skippedCount, now);
  return {
    reply: `⏹️ Campanha interrompida: ${progress.sent} enviada${progress.sent === 1 ? '' : 's'}, ${cancelled} cancelada${cancelled === 1 ? '' : 's'}.`,
    instances: [],
    counts: { sent: progress.sent, cancelled },
  };
}
