import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/** Aurora's state: campaigns, daily summaries (once per org and day) and alerts (once per kind and day). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table campaigns (
       id uuid primary key default gen_random_uuid(),
       org_id uuid not null references organizations(id) on delete cascade,
       kind text not null check (kind in ('reativacao','promocional','aniversario')),
       status text not null default 'draft' check (status in ('draft','confirmed','sending','completed','cancelled','stopped')),
       message text not null,
       audience_size integer not null default 0,
       sent_count integer not null default 0,
       skipped_count integer not null default 0,
       confirmed_at timestamptz,
       completed_at timestamptz,
       stopped_at timestamptz,
       created_at timestamptz not null default now(),
       updated_at timestamptz not null default now(),
       unique (org_id, id)
     )`,
    `create index campaigns_org_created_idx on campaigns (org_id, created_at desc)`,
    `create table campaign_recipients (
       campaign_id uuid not null,
       org_id uuid not null,
       contact_id uuid not null,
       status text not null default 'pending' check (status in ('pending','queued','sent','skipped','cancelled')),
       outbox_id bigint references outbox(id),
       updated_at timestamptz not null default now(),
       primary key (campaign_id, contact_id),
       foreign key (org_id, campaign_id) references campaigns(org_id, id) on delete cascade,
       foreign key (org_id, contact_id) references contacts(org_id, id) on delete cascade
     )`,
    `create table daily_summaries (
       id uuid primary key default gen_random_uuid(),
       org_id uuid not null references organizations(id) on delete cascade,
       date date not null,
       text text not null,
       figures jsonb not null default '{}'::jsonb,
       sent_at timestamptz,
       created_at timestamptz not null default now(),
       unique (org_id, date)
     )`,
    `create table alerts (
       id bigserial primary key,
       org_id uuid not null references organizations(id) on delete cascade,
       kind text not null,
       day date not null,
       subject text not null default '',
       message text not null,
       created_at timestamptz not null default now(),
       unique (org_id, kind, day, subject)
     )`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, ['drop table alerts', 'drop table daily_summaries', 'drop table campaign_recipients', 'drop table campaigns']);
}
