import type { Executor } from './executor.js';

/**
 * What Aurora already told the owner: daily summaries (one per org and local
 * day) and alerts (one per org, kind, day and subject). Claiming inserts the
 * row; the UNIQUE key makes a second claim — after a restart, or on another
 * node — come back empty, so nothing is said twice.
 */
export class OwnerNotesRepository {
  constructor(readonly db: Executor) {}

  async claimSummary(orgId: string, date: string, text: string, figures: Record<string, unknown>, now: Date): Promise<boolean> {
    const row = await this.db
      .insertInto('daily_summaries')
      .values({ org_id: orgId, date, text, figures: JSON.stringify(figures), created_at: now })
      .onConflict((oc) => oc.columns(['org_id', 'date']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  }

  async markSummarySent(orgId: string, date: string, now: Date): Promise<void> {
    await this.db.updateTable('daily_summaries').set({ sent_at: now }).where('org_id', '=', orgId).where('date', '=', date).execute();
  }

  async listSummaries(orgId: string, limit = 60) {
    const rows = await this.db.selectFrom('daily_summaries').selectAll().where('org_id', '=', orgId).orderBy('date', 'desc').limit(limit).execute();
    return rows.map((r) => ({ date: r.date, text: r.text, figures: r.figures, sentAt: r.sent_at?.toISOString() ?? null }));
  }

  async claimAlert(orgId: string, kind: string, day: string, subject: string, message: string, now: Date): Promise<boolean> {
    const row = await this.db
      .insertInto('alerts')
      .values({ org_id: orgId, kind, day, subject, message, created_at: now })
      .onConflict((oc) => oc.columns(['org_id', 'kind', 'day', 'subject']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  }
}
