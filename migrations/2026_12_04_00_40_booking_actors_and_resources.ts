import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

const ACTIVE = `status in ('scheduled','confirmed')`;

/**
 * Who booked and who last changed a booking, and the shop's optional resources — professionals
 * and rooms — each with its own capacity and the categories it serves.
 *
 * `created_by` / `changed_by` hold an actor label (`staff:<userId>`, `org-token:<fingerprint>`,
 * `admin-token:<fingerprint>`, `customer:<contactId>`); null on bookings older than this.
 *
 * Capacity stays the database's: a booking of a category that resources serve holds one unit
 * (1..capacity) of its resource, and a second exclusion constraint refuses two active bookings on
 * the same resource unit whose ranges (buffer included) overlap — the same construction as the
 * category's units. The category constraint now covers only bookings without a resource.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table resources (
       id uuid primary key default gen_random_uuid(),
       org_id uuid not null references organizations(id) on delete cascade,
       name text not null check (length(name) between 1 and 80),
       kind text not null check (kind in ('professional','room')),
       capacity smallint not null check (capacity between 1 and 100),
       categories text[] not null default '{}',
       active boolean not null default true,
       created_at timestamptz not null,
       updated_at timestamptz not null,
       unique (org_id, id)
     )`,
    'create unique index resources_org_name_key on resources (org_id, lower(name))',
    'alter table bookings add column created_by text',
    'alter table bookings add column changed_by text',
    'alter table bookings add column resource_id uuid',
    'alter table bookings add constraint bookings_resource_fkey foreign key (org_id, resource_id) references resources(org_id, id)',
    'alter table bookings drop constraint bookings_no_overbooking',
    `alter table bookings add constraint bookings_no_overbooking exclude using gist (
       org_id with =, category with =, unit with =, tstzrange(starts_at, blocked_until) with &&
     ) where (${ACTIVE} and resource_id is null)`,
    `alter table bookings add constraint bookings_resource_no_overbooking exclude using gist (
       org_id with =, resource_id with =, unit with =, tstzrange(starts_at, blocked_until) with &&
     ) where (${ACTIVE} and resource_id is not null)`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    'alter table bookings drop constraint bookings_resource_no_overbooking',
    'alter table bookings drop constraint bookings_no_overbooking',
    `alter table bookings add constraint bookings_no_overbooking exclude using gist (
       org_id with =, category with =, unit with =, tstzrange(starts_at, blocked_until) with &&
     ) where (${ACTIVE})`,
    'alter table bookings drop constraint bookings_resource_fkey',
    'alter table bookings drop column resource_id',
    'alter table bookings drop column changed_by',
    'alter table bookings drop column created_by',
    'drop table resources',
  ]);
}
