import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * What Conversas needs beside the thread:
 * - `messages.sent_by`: who of the team sent a reply from the dashboard or the API, as the audit
 *   log names them (`staff:<user id>`, `org-token:<fingerprint>`, `admin-token:<fingerprint>`);
 *   null for the customer, the bot, Aurora and a reply typed on the shop's own phone. (`author`
 *   keeps saying which side spoke: customer, bot, staff…)
 * - `contacts.notes`: the team's free-text note about a customer (never shown to the model).
 * - `canned_replies`: a shop's ready answers, with variables such as {cliente} and {pet}.
 * Times are the app's clock (no database `now()` defaults).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    'alter table messages add column sent_by text check (sent_by is null or length(sent_by) between 1 and 200)',
    'alter table contacts add column notes text check (notes is null or length(notes) between 1 and 2000)',
    `create table canned_replies (
       id uuid primary key default gen_random_uuid(),
       org_id uuid not null references organizations(id) on delete cascade,
       title text not null check (length(title) between 1 and 60),
       text text not null check (length(text) between 1 and 2000),
       created_at timestamptz not null,
       updated_at timestamptz not null,
       unique (org_id, id)
     )`,
    // One title per shop, whatever its case: the picker lists them by title.
    'create unique index canned_replies_org_title_key on canned_replies (org_id, lower(title))',
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    'drop table canned_replies',
    'alter table contacts drop column notes',
    'alter table messages drop column sent_by',
  ]);
}
