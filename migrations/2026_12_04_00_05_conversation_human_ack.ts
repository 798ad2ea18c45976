import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * When the bot last told a customer waiting on the team that the team had been told: a
 * conversation handed to a person acknowledges the customer once per quiet period, not
 * once per message (and never the silence the issue called "alo??").
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, ['alter table conversations add column human_ack_at timestamptz']);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, ['alter table conversations drop column human_ack_at']);
}
