import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * Times the code compares with the injected clock are stamped by the code,
 * never by the database's `now()`: a database clock and a fake (or merely
 * different) application clock disagree, and then due messages are never due,
 * budgets never reset and windows come out of order. Every row now carries the
 * application's time; only `wa_auth.updated_at`, which nothing ever compares,
 * keeps its default (docs/decisions.md).
 */
const CLOCK_OWNED: ReadonlyArray<readonly [table: string, columns: readonly string[]]> = [
  ['organizations', ['created_at', 'updated_at']],
  ['instances', ['created_at', 'updated_at']],
  ['leases', ['updated_at']],
  ['audit_log', ['created_at']],
  ['contacts', ['created_at', 'updated_at']],
  ['pets', ['created_at', 'updated_at']],
  ['services', ['created_at', 'updated_at']],
  ['closures', ['created_at']],
  ['bookings', ['created_at', 'updated_at']],
  ['conversations', ['created_at', 'updated_at']],
  ['messages', ['created_at']],
  ['inbox', ['received_at']],
  ['outbox', ['not_before', 'created_at', 'updated_at']],
  ['pending_actions', ['created_at']],
  ['ai_interactions', ['created_at']],
  ['campaigns', ['created_at', 'updated_at']],
  ['campaign_recipients', ['updated_at']],
  ['daily_summaries', ['created_at']],
  ['alerts', ['created_at']],
];

function alterDefaults(action: 'drop default' | 'set default now()'): string[] {
  return CLOCK_OWNED.flatMap(([table, columns]) => columns.map((column) => `alter table ${table} alter column ${column} ${action}`));
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, alterDefaults('drop default'));
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, alterDefaults('set default now()'));
}
