import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * The customer agent's memory across turns (offline slot filling), kept with
 * the conversation; and what resolved a pending action, so a turn replayed
 * after a crash reuses the outcome instead of committing twice.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `alter table conversations add column agent_state jsonb not null default '{}'::jsonb`,
    `alter table pending_actions add column resolved_by_inbox_id bigint`,
    `alter table pending_actions add column result_text text`,
    `create index pending_actions_resolved_by_idx on pending_actions (resolved_by_inbox_id) where resolved_by_inbox_id is not null`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    'alter table pending_actions drop column result_text',
    'alter table pending_actions drop column resolved_by_inbox_id',
    'alter table conversations drop column agent_state',
  ]);
}
