import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/** Tenants, their WhatsApp numbers, the Baileys auth store, cluster leases and the audit log. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table organizations (
       id uuid primary key default gen_random_uuid(),
       name text not null check (length(name) between 1 and 200),
       timezone text not null default 'America/Sao_Paulo',
       owner_numbers text[] not null default '{}',
       api_token_hash text unique,
       settings jsonb not null default '{}'::jsonb,
       created_at timestamptz not null default now(),
       updated_at timestamptz not null default now()
     )`,
    `create table instances (
       id uuid primary key default gen_random_uuid(),
       org_id uuid not null references organizations(id) on delete cascade,
       name text not null check (length(name) between 1 and 100),
       phone text,
       transport text not null check (transport in ('simulator', 'baileys')),
       status text not null default 'created' check (status in
         ('created','connecting','qr','pairing','open','reconnecting','logged_out','replaced','banned','failed')),
       auth_method text check (auth_method in ('pairing','qr','imported')),
       last_connected_at timestamptz,
       consecutive_failures integer not null default 0 check (consecutive_failures >= 0),
       metadata jsonb not null default '{}'::jsonb,
       stale_flagged_at timestamptz,
       created_at timestamptz not null default now(),
       updated_at timestamptz not null default now(),
       unique (org_id, id)
     )`,
    `create index instances_org_idx on instances (org_id)`,
    // Creds and Signal keys of one WhatsApp number; values are AES-256-GCM ciphertext.
    `create table wa_auth (
       instance_id uuid not null references instances(id) on delete cascade,
       org_id uuid not null references organizations(id) on delete cascade,
       type text not null,
       key_id text not null,
       value text not null,
       updated_at timestamptz not null default now(),
       primary key (instance_id, type, key_id)
     )`,
    // One holder per name cluster-wide (a WhatsApp number has exactly one live socket).
    `create table leases (
       name text primary key,
       holder text not null,
       expires_at timestamptz not null,
       updated_at timestamptz not null default now()
     )`,
    `create table audit_log (
       id bigserial primary key,
       org_id uuid references organizations(id) on delete cascade,
       actor text not null,
       action text not null,
       entity text not null,
       entity_id text,
       details jsonb not null default '{}'::jsonb,
       created_at timestamptz not null default now()
     )`,
    `create index audit_log_org_created_idx on audit_log (org_id, created_at)`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    'drop table audit_log',
    'drop table leases',
    'drop table wa_auth',
    'drop table instances',
    'drop table organizations',
  ]);
}
