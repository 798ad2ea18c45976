import type { ConsentSource } from './database.js';
import type { Executor } from './executor.js';

export type ConsentDecision = 'granted' | 'revoked';

export interface ConsentEvent {
  id: number;
  purpose: 'marketing';
  decision: ConsentDecision;
  source: ConsentSource;
  /** What proves it: the inbox row of the customer's message, or who on the staff recorded it. */
  evidence: string;
  at: string;
}

export interface ConsentChange {
  orgId: string;
  contactId: string;
  decision: ConsentDecision;
  source: ConsentSource;
  evidence: string;
  now: Date;
}

/**
 * Marketing consent: every answer is kept (when, how, on what evidence — the controller must be
 * able to prove it), and the current one is written on the contact in the same transaction,
 * where the campaign audience reads it. Run it in the caller's transaction.
 */
export class ConsentRepository {
  constructor(readonly db: Executor) {}

  /** Records an answer; false (and nothing written) for a contact that is not there or was anonymised. */
  async record(change: ConsentChange): Promise<boolean> {
    const { orgId, contactId, now } = change;
    const granted = change.decision === 'granted';
    const updated = await this.db
      .updateTable('contacts')
      .set({
        marketing_consent_at: granted ? now : null,
        marketing_opt_out: !granted,
        opted_out_at: granted ? null : now,
        updated_at: now,
      })
      .where('org_id', '=', orgId)
      .where('id', '=', contactId)
      .where('anonymized_at', 'is', null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return false;
    await this.db
      .insertInto('consent_events')
      .values({ org_id: orgId, contact_id: contactId, purpose: 'marketing', decision: change.decision, source: change.source, evidence: change.evidence.slice(0, 200), created_at: now })
      .execute();
    return true;
  }

  /** The question was asked (once): it is not asked again. */
  async markAsked(orgId: string, contactId: string, now: Date): Promise<void> {
    await this.db.updateTable('contacts').set({ marketing_consent_asked_at: now }).where('org_id', '=', orgId).where('id', '=', contactId).execute();
  }

  async listForContact(orgId: string, contactId: string): Promise<ConsentEvent[]> {
    const rows = await this.db.selectFrom('consent_events').selectAll().where('org_id', '=', orgId).where('contact_id', '=', contactId).orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, purpose: r.purpose, decision: r.decision, source: r.source, evidence: r.evidence, at: r.created_at.toISOString() }));
  }
}
