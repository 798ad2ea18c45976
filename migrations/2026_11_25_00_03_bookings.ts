import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * Bookings. Overbooking is impossible by construction: each booking holds one
 * unit (a bath station, a vet's chair) of its service category, and an
 * exclusion constraint forbids two active bookings on the same unit whose
 * time ranges (buffer included) overlap. Capacity N = units 1..N.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    'create extension if not exists btree_gist',
    `create table bookings (
       id uuid primary key default gen_random_uuid(),
       org_id uuid not null references organizations(id) on delete cascade,
       contact_id uuid not null,
       pet_id uuid not null,
       service_id uuid not null,
       category text not null,
       unit smallint not null default 1 check (unit >= 1),
       pet_size text not null check (pet_size in ('P','M','G','GG')),
       starts_at timestamptz not null,
       ends_at timestamptz not null,
       blocked_until timestamptz not null,
       status text not null default 'scheduled' check (status in ('scheduled','confirmed','completed','cancelled','no_show')),
       price_cents integer not null check (price_cents >= 0),
       source text not null check (source in ('whatsapp','staff')),
       rescheduled_from uuid references bookings(id),
       reminder_sent_at timestamptz,
       confirmed_at timestamptz,
       completed_at timestamptz,
       cancelled_at timestamptz,
       cancel_reason text,
       created_at timestamptz not null default now(),
       updated_at timestamptz not null default now(),
       unique (org_id, id),
       check (ends_at > starts_at),
       check (blocked_until >= ends_at),
       foreign key (org_id, contact_id) references contacts(org_id, id) on delete cascade,
       foreign key (org_id, pet_id) references pets(org_id, id) on delete cascade,
       foreign key (org_id, service_id) references services(org_id, id),
       constraint bookings_no_overbooking exclude using gist (
         org_id with =, category with =, unit with =, tstzrange(starts_at, blocked_until) with &&
       ) where (status in ('scheduled','confirmed'))
     )`,
    `create index bookings_org_starts_idx on bookings (org_id, starts_at)`,
    `create index bookings_contact_starts_idx on bookings (contact_id, starts_at)`,
    // The reminder job scans tomorrow's active bookings still without a reminder.
    `create index bookings_reminder_due_idx on bookings (starts_at) where reminder_sent_at is null and status in ('scheduled','confirmed')`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, ['drop table bookings']);
}
