import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * A pet is in one place at a time: two active bookings of the same pet may not overlap, whatever
 * their category (a bath and a vet visit at the same hour are as impossible as two baths). Like
 * capacity (bookings_no_overbooking), the database has the last word, so two customers' turns —
 * or a staff booking racing the assistant — cannot both win.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `alter table bookings add constraint bookings_pet_no_overlap exclude using gist (
       org_id with =, pet_id with =, tstzrange(starts_at, ends_at) with &&
     ) where (status in ('scheduled','confirmed'))`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, ['alter table bookings drop constraint bookings_pet_no_overlap']);
}
