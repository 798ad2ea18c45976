import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * One node acts for an org at a time. The row outlives every holder: a
 * release only clears `holder`, so the fencing token keeps counting and the
 * next tenure always gets a token no earlier holder ever had. Times are the
 * application's clock (no `default now()`), like every other compared time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table org_leases (
       org_id uuid primary key references organizations(id) on delete cascade,
       holder text check (holder is null or length(holder) between 1 and 200),
       fencing_token bigint not null check (fencing_token > 0),
       expires_at timestamptz not null,
       updated_at timestamptz not null
     )`,
    'create index org_leases_holder_idx on org_leases (holder) where holder is not null',
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, ['drop table org_leases']);
}
