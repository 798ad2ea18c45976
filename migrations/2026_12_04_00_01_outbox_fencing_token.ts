import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * The org lease's fencing token under which a reply was queued (null where no lease fences the
 * write: a node without placement, staff and Aurora messages). Replies of one org, in queue
 * order, never go back to an older token: the record that no two nodes acted for it at once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, ['alter table outbox add column fencing_token bigint check (fencing_token > 0)']);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, ['alter table outbox drop column fencing_token']);
}
