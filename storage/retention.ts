import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import type { Executor } from './executor.js';
import { ERASED_TEXT, erasePersonalData } from './personal-data-eraser.js';

/** What one retention run changed: the figures the audit log and the operator log carry. */
export interface RetentionReport {
  /** Messages whose text was erased (past the message limit). */
  messages: number;
  /** Inbox, outbox and proposal rows of those times whose text went with them. */
  otherTexts: number;
  /** Customers anonymised (past the inactivity limit). */
  customers: number;
  /** Their ids: their actors and the shop's directory must forget them. */
  customerIds: string[];
}

/** At most this many customers are anonymised per run; the next day's run takes the rest. */
const CUSTOMERS_PER_RUN = 500;

/**
 * Erases the text of every message of the org created before `messagesBefore` (and the inbox,
 * outbox and proposal rows of those times), then anonymises every customer whose last
 * interaction (or creation, for one never heard from) is before `customersBefore` and who has
 * no booking since then (nor one ahead) — never the owner's numbers. Only rows past a limit and not yet
 * erased are touched, so a second run changes nothing and reports zeros.
 */
export async function applyRetention(
  db: Kysely<Database>,
  orgId: string,
  now: Date,
  limits: { messagesBefore: Date; customersBefore: Date; excludePhones: readonly string[] },
): Promise<RetentionReport> {
  const report: RetentionReport = { messages: 0, otherTexts: 0, customers: 0, customerIds: [] };
  const count = (r: { numUpdatedRows: bigint }) => Number(r.numUpdatedRows);
  const cutoff = limits.messagesBefore;
  // One statement per table, each idempotent on its own, outside any transaction: no lock is held
  // across tables (a run never waits on a turn, nor a turn on it), and a run cut short is finished
  // by the next one.
  report.otherTexts += count(await db.updateTable('pending_actions').set({ payload: '{}', summary: ERASED_TEXT, result_text: null })
    .where('org_id', '=', orgId).where('created_at', '<', cutoff).where('status', '!=', 'pending').where('summary', '!=', ERASED_TEXT)
    .executeTakeFirstOrThrow());
  report.otherTexts += count(await db.updateTable('outbox').set({ text: ERASED_TEXT, updated_at: now })
    .where('org_id', '=', orgId).where('created_at', '<', cutoff).where('status', 'in', ['sent', 'failed', 'cancelled']).where('text', '!=', ERASED_TEXT)
    .executeTakeFirstOrThrow());
  report.otherTexts += count(await db.updateTable('inbox').set({ text: '', push_name: null })
    .where('org_id', '=', orgId).where('received_at', '<', cutoff).where('processed_at', 'is not', null).where((eb) => eb.or([eb('text', '!=', ''), eb('push_name', 'is not', null)]))
    .executeTakeFirstOrThrow());
  report.messages = count(await db.updateTable('messages').set({ text: ERASED_TEXT, erased_at: now })
    .where('org_id', '=', orgId).where('created_at', '<', cutoff).where('erased_at', 'is', null)
    .executeTakeFirstOrThrow());

  const due = await inactiveCustomers(db, orgId, limits.customersBefore, limits.excludePhones);
  for (const contactId of due) {
    const erased = await db.transaction().execute((trx) => erasePersonalData(trx, { orgId, contactId, now }));
    if (!erased) continue;
    report.customers++;
    report.customerIds.push(contactId);
  }
  return report;
}

async function inactiveCustomers(db: Executor, orgId: string, before: Date, excludePhones: readonly string[]): Promise<string[]> {
  let query = db
    .selectFrom('contacts')
    .select('id')
    .where('org_id', '=', orgId)
    .where('anonymized_at', 'is', null)
    .where(sql<Date>`coalesce(last_interaction_at, created_at)`, '<', before)
    .where(({ not, exists, selectFrom }) =>
      not(exists(
        selectFrom('bookings').select('bookings.id').whereRef('bookings.contact_id', '=', 'contacts.id')
          .where('bookings.starts_at', '>=', before),
      )),
    );
  if (excludePhones.length) query = query.where((eb) => eb.or([eb('phone', 'is', null), eb('phone', 'not in', [...excludePhones])]));
  const rows = await query.orderBy('id').limit(CUSTOMERS_PER_RUN).execute();
  return rows.map((r) => r.id);
}
