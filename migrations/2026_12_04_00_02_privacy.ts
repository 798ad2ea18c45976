import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * The data subject's rights (LGPD): a customer can be anonymised — the contact row stays, so
 * bookings keep counting, but its phone becomes null and `anonymized_at` says when; a message
 * whose text was erased (by a deletion or by retention) says so in `erased_at`; an outbox row
 * may keep its destination only until it is sent (`forget_destination_on_send`, the deletion
 * confirmation). Marketing consent is a ledger (`consent_events`: when, how, on what evidence)
 * plus the current answer on the contact, which the campaign audience reads
 * (docs/decisions.md, docs/privacy.md).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    'alter table contacts alter column phone drop not null',
    'alter table contacts add column anonymized_at timestamptz',
    'alter table contacts add column marketing_consent_at timestamptz',
    'alter table contacts add column marketing_consent_asked_at timestamptz',
    // A live contact has a phone; only an anonymised one may lose it.
    'alter table contacts add constraint contacts_phone_until_anonymized check (phone is not null or anonymized_at is not null)',
    'create index contacts_org_retention_idx on contacts (org_id, coalesce(last_interaction_at, created_at)) where anonymized_at is null',
    'alter table messages add column erased_at timestamptz',
    'create index messages_org_created_unerased_idx on messages (org_id, created_at) where erased_at is null',
    'alter table outbox add column forget_destination_on_send boolean not null default false',
    `create table consent_events (
       id bigserial primary key,
       org_id uuid not null,
       contact_id uuid not null,
       purpose text not null check (purpose in ('marketing')),
       decision text not null check (decision in ('granted','revoked')),
       source text not null check (source in ('whatsapp','staff')),
       evidence text not null check (length(evidence) between 1 and 200),
       created_at timestamptz not null,
       foreign key (org_id, contact_id) references contacts(org_id, id) on delete cascade
     )`,
    'create index consent_events_contact_idx on consent_events (contact_id, id)',
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    'drop table consent_events',
    'alter table outbox drop column forget_destination_on_send',
    'drop index messages_org_created_unerased_idx',
    'alter table messages drop column erased_at',
    'drop index contacts_org_retention_idx',
    'alter table contacts drop constraint contacts_phone_until_anonymized',
    'alter table contacts drop column marketing_consent_asked_at',
    'alter table contacts drop column marketing_consent_at',
    'alter table contacts drop column anonymized_at',
    // Anonymised contacts have no phone: the down migration removes them before restoring NOT NULL.
    'delete from contacts where phone is null',
    'alter table contacts alter column phone set not null',
  ]);
}
