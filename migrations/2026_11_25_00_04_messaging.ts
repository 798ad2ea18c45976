import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * The message pipeline's durable state. The inbox's `dedupe_key` and the
 * outbox's `idempotency_key` are what make "no lost and no duplicated message"
 * hold across crashes and redeliveries.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table conversations (
       id uuid primary key default gen_random_uuid(),
       org_id uuid not null references organizations(id) on delete cascade,
       contact_id uuid not null,
       instance_id uuid not null,
       mode text not null default 'bot' check (mode in ('bot','human')),
       escalated_at timestamptz,
       escalation_reason text,
       last_message_at timestamptz,
       last_staff_message_at timestamptz,
       created_at timestamptz not null default now(),
       updated_at timestamptz not null default now(),
       unique (org_id, id),
       unique (org_id, contact_id, instance_id),
       foreign key (org_id, contact_id) references contacts(org_id, id) on delete cascade,
       foreign key (org_id, instance_id) references instances(org_id, id) on delete cascade
     )`,
    `create index conversations_org_mode_idx on conversations (org_id, mode, last_message_at desc)`,
    `create table messages (
       id uuid primary key default gen_random_uuid(),
       org_id uuid not null,
       conversation_id uuid not null,
       instance_id uuid not null,
       remote_jid text not null,
       wa_message_id text not null,
       from_me boolean not null,
       direction text not null check (direction in ('in','out')),
       author text not null check (author in ('customer','bot','staff','aurora','owner')),
       text text not null,
       created_at timestamptz not null default now(),
       unique (instance_id, remote_jid, wa_message_id, from_me),
       foreign key (org_id, conversation_id) references conversations(org_id, id) on delete cascade
     )`,
    `create index messages_conversation_created_idx on messages (conversation_id, created_at desc)`,
    `create table inbox (
       id bigserial primary key,
       org_id uuid not null references organizations(id) on delete cascade,
       instance_id uuid not null references instances(id) on delete cascade,
       dedupe_key text not null unique,
       remote_jid text not null,
       sender_phone text,
       sender_lid text,
       push_name text,
       wa_message_id text not null,
       from_me boolean not null default false,
       text text not null,
       received_at timestamptz not null default now(),
       attempts integer not null default 0,
       claimed_until timestamptz,
       processed_at timestamptz,
       outcome text,
       last_error text
     )`,
    // Replay on start reads exactly the unprocessed rows, oldest first.
    `create index inbox_unprocessed_idx on inbox (org_id, id) where processed_at is null`,
    `create table outbox (
       id bigserial primary key,
       org_id uuid not null references organizations(id) on delete cascade,
       instance_id uuid not null references instances(id) on delete cascade,
       idempotency_key text not null unique,
       wa_message_id text not null,
       to_phone text not null,
       to_jid text not null,
       text text not null,
       kind text not null check (kind in ('reply','notice','reminder','campaign','aurora','staff')),
       status text not null default 'pending' check (status in ('pending','sending','sent','failed','cancelled')),
       attempts integer not null default 0,
       not_before timestamptz not null default now(),
       sent_at timestamptz,
       last_error text,
       conversation_id uuid,
       campaign_id uuid,
       created_at timestamptz not null default now(),
       updated_at timestamptz not null default now(),
       unique (instance_id, wa_message_id)
     )`,
    `create index outbox_pending_idx on outbox (instance_id, not_before, id) where status in ('pending','sending')`,
    // A write the assistant proposed and the customer (or owner) has yet to confirm.
    `create table pending_actions (
       id uuid primary key default gen_random_uuid(),
       org_id uuid not null,
       conversation_id uuid not null,
       kind text not null,
       payload jsonb not null,
       summary text not null,
       status text not null default 'pending' check (status in ('pending','confirmed','rejected','expired','superseded','failed')),
       expires_at timestamptz not null,
       resolved_at timestamptz,
       created_at timestamptz not null default now(),
       foreign key (org_id, conversation_id) references conversations(org_id, id) on delete cascade
     )`,
    `create unique index pending_actions_one_open_key on pending_actions (conversation_id) where status = 'pending'`,
    `create table ai_interactions (
       id bigserial primary key,
       org_id uuid not null references organizations(id) on delete cascade,
       conversation_id uuid,
       agent text not null check (agent in ('customer','aurora')),
       model text not null,
       prompt_tokens integer not null default 0,
       completion_tokens integer not null default 0,
       latency_ms integer not null default 0,
       cost_usd numeric(12,6) not null default 0,
       tool_calls jsonb not null default '[]'::jsonb,
       error text,
       created_at timestamptz not null default now()
     )`,
    `create index ai_interactions_org_created_idx on ai_interactions (org_id, created_at)`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    'drop table ai_interactions',
    'drop table pending_actions',
    'drop table outbox',
    'drop table inbox',
    'drop table messages',
    'drop table conversations',
  ]);
}
