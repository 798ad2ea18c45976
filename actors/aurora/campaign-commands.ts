import type { Kysely } from 'kysely';
import { campaignMessage, draftPreview, type CampaignKind } from '../../domain/campaign-draft.js';
import { phoneToJid } from '../../domain/phone.js';
import { CampaignsRepository } from '../../storage/campaigns.repository.js';
import type { Database } from '../../storage/database.js';
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

/** Confirms one draft: its audience (recomputed now, opt-outs excluded) goes to the outbox. Undefined if it is no draft. */
export async function confirmCampaign(deps: CampaignDeps, orgId: string, campaignId: string, now: Date): Promise<CommandResult | undefined> {
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
    return true;
  });
  if (!sent) return undefined;
  return {
    reply: `🚀 Campanha confirmada! Enviando para ${members.length} cliente${members.length === 1 ? '' : 's'}, com intervalos para proteger o número. Aviso quando terminar. Para interromper, diga "parar campanha".`,
    instances: [instance.id],
    counts: { sending: members.length },
  };
}

export async function cancelLatestDraft(deps: CampaignDeps, orgId: string, now: Date): Promise<CommandResult | undefined> {
  const campaigns = new CampaignsRepository(deps.db);
  const draft = await campaigns.latestDraft(orgId, now);
  if (!draft || !(await campaigns.transition(orgId, draft.id, 'draft', 'cancelled', now))) return undefined;
  return { reply: 'Tudo bem, campanha cancelada. Nada foi enviado.', instances: [] };
}

export async function stopRunningCampaign(deps: CampaignDeps, orgId: string, now: Date): Promise<CommandResult> {
  const campaigns = new CampaignsRepository(deps.db);
  const running = await campaigns.latestSending(orgId);
  if (!running) return { reply: 'Não há campanha em andamento.', instances: [] };
  const cancelled = await deps.db.transaction().execute(async (trx) => {
    const t = new CampaignsRepository(trx);
    if (!(await t.transition(orgId, running.id, 'sending', 'stopped', now))) return 0;
    return repositories(trx).outbox.cancelCampaign(running.id, now);
  });
  const progress = await campaigns.progress(running.id);
  await campaigns.recordCounts(running.id, progress.sent, running.skippedCount, now);
  return {
    reply: `⏹️ Campanha interrompida: ${progress.sent} enviada${progress.sent === 1 ? '' : 's'}, ${cancelled} cancelada${cancelled === 1 ? '' : 's'}.`,
    instances: [],
    counts: { sent: progress.sent, cancelled },
  };
}
