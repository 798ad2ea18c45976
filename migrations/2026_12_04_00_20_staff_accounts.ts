import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * People who sign in to a shop's dashboard: its owners and staff, each with an e-mail and a
 * password (scrypt, per-user salt; null until the invite is accepted). Sessions and invite or
 * reset links are stored by the SHA-256 of their random token only. Every time is the app's clock.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table users (
       id uuid primary key default gen_random_uuid(),
       org_id uuid not null references organizations(id) on delete cascade,
       email text not null check (email = lower(email) and length(email) between 3 and 254 and position('@' in email) > 1),
       name text not null check (length(name) between 1 and 120),
       role text not null check (role in ('owner', 'staff')),
       password_hash text,
       created_at timestamptz not null,
       disabled_at timestamptz,
       unique (org_id, id)
     )`,
    // One account per e-mail: signing in needs no shop to be chosen first.
    'create unique index users_email_key on users (email)',
    `create table user_sessions (
       token_hash text primary key,
       org_id uuid not null,
       user_id uuid not null,
       created_at timestamptz not null,
       expires_at timestamptz not null,
       foreign key (org_id, user_id) references users(org_id, id) on delete cascade
     )`,
    'create index user_sessions_user on user_sessions (user_id)',
    `create table user_links (
       token_hash text primary key,
       kind text not null check (kind in ('invite', 'reset')),
       org_id uuid not null,
       user_id uuid not null,
       created_by text not null,
       created_at timestamptz not null,
       expires_at timestamptz not null,
       used_at timestamptz,
       foreign key (org_id, user_id) references users(org_id, id) on delete cascade
     )`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, ['drop table user_links', 'drop table user_sessions', 'drop table users']);
}
