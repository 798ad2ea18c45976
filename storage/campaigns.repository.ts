import { sql } from 'kysely';
import type { CampaignKind, CampaignRow, CampaignStatus } from './database.js';
import type { Executor } from './executor.js';

export interface Campaign {
  id: string;
  kind: CampaignKind;
  status: CampaignStatus;
  message: string;
  audienceSize: number;
  sentCount: number;
  skippedCount: number;
  createdAt: string;
  confirmedAt: string | null;
  completedAt: string | null;
  stoppedAt: string | null;
}

export function campaignRowToCampaign(row: CampaignRow): Campaign {
  return {
    id: row.id, kind: row.kind, status: row.status, message: row.message, audienceSize: row.audience_size, sentCount: row.sent_count,
    skippedCount: row.skipped_count, createdAt: row.created_at.toISOString(), confirmedAt: row.confirmed_at?.toISOString() ?? null,
    completedAt: row.completed_at?.toISOString() ?? null, stoppedAt: row.stopped_at?.toISOString() ?? null,
  };
}

export interface AudienceMember {
  contactId: string;
  phone: string;
}

/** A draft lives this long waiting for the owner's "sim". */
export const DRAFT_TTL_MS = 60 * 60_000;

/**
 * Campaigns: drafted by Aurora, sent only after the owner confirms, through
 * the outbox (campaign pacing), never to opted-out customers.
 */
export class CampaignsRepository {
  constructor(readonly db: Executor) {}

  /**
   * Who a campaign of `kind` would reach: only customers whose marketing consent is on record
   * (LGPD art. 7, I) — so never the opted-out, the never-asked or the anonymised — and never the
   * owner's own numbers.
   */
  async audience(orgId: string, kind: CampaignKind, now: Date, options: { inactiveDays: number; excludePhones: readonly string[]; timezone: string }): Promise<AudienceMember[]> {
    let query = this.db
      .selectFrom('contacts')
      .select(['contacts.id as contactId', 'contacts.phone as phone'])
      .where('contacts.org_id', '=', orgId)
      .where('contacts.marketing_consent_at', 'is not', null)
      .where('contacts.marketing_opt_out', '=', false)
      .where('contacts.phone', 'is not', null)
      .$narrowType<{ phone: string }>();
    if (options.excludePhones.length) query = query.where('contacts.phone', 'not in', [...options.excludePhones]);
    if (kind === 'reativacao') {
      const since = new Date(now.getTime() - options.inactiveDays * 86_400_000);
      query = query.where((eb) => eb.or([eb('contacts.last_interaction_at', '<', since), eb('contacts.last_interaction_at', 'is', null)]));
    } else if (kind === 'aniversario') {
      // Pets born this month (in the shop's calendar): their owners get the birthday message.
      query = query.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('pets')
            .select('pets.id')
            .whereRef('pets.contact_id', '=', 'contacts.id')
            .where(sql<boolean>`extract(month from pets.birth_date) = extract(month from (${now}::timestamptz at time zone ${options.timezone}))`),
        ),
      );
    }
    return query.orderBy('contacts.id').limit(5000).execute();
  }

  async createDraft(orgId: string, kind: CampaignKind, message: string, audienceSize: number, now: Date): Promise<Campaign> {
    const row = await this.db
      .insertInto('campaigns')
      .values({ org_id: orgId, kind, message, audience_size: audienceSize, created_at: now, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    return campaignRowToCampaign(row);
  }

  async findById(orgId: string, id: string): Promise<Campaign | undefined> {
    const row = await this.db.selectFrom('campaigns').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
    return row && campaignRowToCampaign(row);
  }

  /** The newest draft still waiting for the owner, if recent enough to confirm by "sim". */
  async latestDraft(orgId: string, now: Date): Promise<Campaign | undefined> {
    const row = await this.db
      .selectFrom('campaigns')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('status', '=', 'draft')
      .where('created_at', '>', new Date(now.getTime() - DRAFT_TTL_MS))
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    return row && campaignRowToCampaign(row);
  }

  async latestSending(orgId: string): Promise<Campaign | undefined> {
    const row = await this.db.selectFrom('campaigns').selectAll().where('org_id', '=', orgId).where('status', '=', 'sending').orderBy('confirmed_at', 'desc').executeTakeFirst();
    return row && campaignRowToCampaign(row);
  }

  async list(orgId: string, limit = 50): Promise<Campaign[]> {
    const rows = await this.db.selectFrom('campaigns').selectAll().where('org_id', '=', orgId).orderBy('created_at', 'desc').limit(limit).execute();
    return rows.map(campaignRowToCampaign);
  }

  async listSending(): Promise<Array<Campaign & { orgId: string }>> {
    const rows = await this.db.selectFrom('campaigns').selectAll().where('status', '=', 'sending').execute();
    return rows.map((r) => ({ ...campaignRowToCampaign(r), orgId: r.org_id }));
  }

  /** Moves a campaign from one status to another exactly once; false when it was not in `from`. */
  async transition(orgId: string, id: string, from: CampaignStatus, to: CampaignStatus, now: Date): Promise<boolean> {
    const stamp = to === 'sending' ? { confirmed_at: now } : to === 'completed' ? { completed_at: now } : to === 'stopped' ? { stopped_at: now } : {};
    const result = await this.db
      .updateTable('campaigns')
      .set({ status: to, updated_at: now, ...stamp })
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .where('status', '=', from)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async addRecipients(orgId: string, campaignId: string, recipients: Array<{ contactId: string; outboxId: number }>, now: Date): Promise<void> {
    if (!recipients.length) return;
    await this.db
      .insertInto('campaign_recipients')
      .values(recipients.map((r) => ({ campaign_id: campaignId, org_id: orgId, contact_id: r.contactId, outbox_id: r.outboxId, updated_at: now })))
      .onConflict((oc) => oc.columns(['campaign_id', 'contact_id']).doNothing())
      .execute();
  }

  /** Sent / pending / cancelled counts from the outbox rows of a campaign. */
  async progress(campaignId: string): Promise<{ sent: number; pending: number; failed: number; cancelled: number }> {
    const rows = await this.db
      .selectFrom('outbox')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('campaign_id', '=', campaignId)
      .groupBy('status')
      .execute();
    const by = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    return { sent: by.sent ?? 0, pending: (by.pending ?? 0) + (by.sending ?? 0), failed: by.failed ?? 0, cancelled: by.cancelled ?? 0 };
  }

  async recordCounts(id: string, sent: number, skipped: number, now: Date): Promise<void> {
    await this.db.updateTable('campaigns').set({ sent_count: sent, skipped_count: skipped, updated_at: now }).where('id', '=', id).execute();
  }
}
