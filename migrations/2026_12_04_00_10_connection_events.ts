import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * Each status a number's session moved to, with the disconnect code and reason where there was
 * one: Conexão's connection history and its reconnects in 24 h. `at` is the session's clock.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table connection_events (
       id bigserial primary key,
       org_id uuid not null,
       instance_id uuid not null,
       at timestamptz not null,
       status text not null,
       code integer,
       reason text,
       foreign key (org_id, instance_id) references instances(org_id, id) on delete cascade
     )`,
    'create index connection_events_instance_at on connection_events (instance_id, at desc)',
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, ['drop table connection_events']);
}
