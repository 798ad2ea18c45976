import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * Customers, their pets, the shop's services and opening hours. Composite
 * foreign keys carry `org_id` so a row can never point into another tenant.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table contacts (
       id uuid primary key default gen_random_uuid(),
       org_id uuid not null references organizations(id) on delete cascade,
       phone text not null check (phone ~ '^\\+[1-9][0-9]{7,14}$'),
       lid text,
       name text,
       email text,
       birthday date,
       marketing_opt_out boolean not null default false,
       opted_out_at timestamptz,
       last_interaction_at timestamptz,
       created_at timestamptz not null default now(),
       updated_at timestamptz not null default now(),
       unique (org_id, id),
       unique (org_id, phone)
     )`,
    `create unique index contacts_org_lid_key on contacts (org_id, lid) where lid is not null`,
    `create index contacts_org_last_interaction_idx on contacts (org_id, last_interaction_at)`,
    `create table pets (
       id uuid primary key default gen_random_uuid(),
       org_id uuid not null,
       contact_id uuid not null,
       name text not null check (length(name) between 1 and 80),
       species text not null,
       breed text,
       size text not null check (size in ('P','M','G','GG')),
       birth_date date,
       notes text,
       created_at timestamptz not null default now(),
       updated_at timestamptz not null default now(),
       unique (org_id, id),
       foreign key (org_id, contact_id) references contacts(org_id, id) on delete cascade
     )`,
    // A customer registering "Rex" twice gets the same pet, not two.
    `create unique index pets_contact_name_key on pets (contact_id, lower(name))`,
    `create table services (
       id uuid primary key default gen_random_uuid(),
       org_id uuid not null references organizations(id) on delete cascade,
       name text not null check (length(name) between 1 and 120),
       category text not null,
       species text[] not null default '{}',
       active boolean not null default true,
       by_size jsonb not null default '{}'::jsonb,
       created_at timestamptz not null default now(),
       updated_at timestamptz not null default now(),
       unique (org_id, id)
     )`,
    `create unique index services_org_name_key on services (org_id, lower(name))`,
    `create table business_hours (
       org_id uuid not null references organizations(id) on delete cascade,
       weekday smallint not null check (weekday between 0 and 6),
       opens time not null,
       closes time not null,
       primary key (org_id, weekday, opens),
       check (closes > opens)
     )`,
    `create table closures (
       id uuid primary key default gen_random_uuid(),
       org_id uuid not null references organizations(id) on delete cascade,
       starts_at timestamptz not null,
       ends_at timestamptz not null,
       reason text,
       created_at timestamptz not null default now(),
       check (ends_at > starts_at)
     )`,
    `create index closures_org_idx on closures (org_id, starts_at)`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, ['drop table closures', 'drop table business_hours', 'drop table services', 'drop table pets', 'drop table contacts']);
}
