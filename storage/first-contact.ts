import { sql } from 'kysely';
import type { ContactRow } from './database.js';
import type { Executor } from './executor.js';
import { contactRowToContact, type Contact, type ContactIdentity } from './contacts.repository.js';
import type { Conversation } from './conversations.repository.js';

/** A sender the shop does not know yet, and the number they wrote to. */
export interface ArrivingSender extends ContactIdentity {
  instanceId: string;
}

export interface KnownSender {
  contact: Contact;
  /** True when this statement created the contact. */
  created: boolean;
  /** The new contact's conversation on the number they wrote to (created with it); undefined for a contact that existed. */
  conversation?: Conversation;
}

/**
 * Finds or creates the contacts of many senders at once, in ONE statement, and opens the
 * conversation of each new one on the number they wrote to: a burst of first messages costs
 * the shop one round trip, and a new customer's actor starts without reading anything.
 * Phones must be distinct (one row per phone).
 */
export async function upsertSenders(db: Executor, orgId: string, senders: readonly ArrivingSender[], now: Date): Promise<Map<string, KnownSender>> {
  const found = new Map<string, KnownSender>();
  if (senders.length === 0) return found;
  const input = JSON.stringify(senders.map((s) => ({ phone: s.phone, name: s.name ?? null, lid: s.lid ?? null, instance_id: s.instanceId })));
  const at = now.toISOString();
  const result = await sql<ContactRow & { created: boolean; conversation_id: string | null; conversation_instance_id: string | null }>`
    with input as (
      select * from jsonb_to_recordset(${input}::jsonb) as x(phone text, name text, lid text, instance_id uuid)
    ), contact as (
      insert into contacts (org_id, phone, name, lid, created_at, updated_at)
      select ${orgId}::uuid, phone, name, lid, ${at}::timestamptz, ${at}::timestamptz from input
      on conflict (org_id, phone) do update set name = coalesce(contacts.name, excluded.name), lid = coalesce(contacts.lid, excluded.lid)
      returning *, (xmax = 0) as created
    ), conversation as (
      insert into conversations (org_id, contact_id, instance_id, created_at, updated_at)
      select ${orgId}::uuid, contact.id, input.instance_id, ${at}::timestamptz, ${at}::timestamptz
      from contact join input on input.phone = contact.phone
      where contact.created
      on conflict (org_id, contact_id, instance_id) do nothing
      returning id, contact_id, instance_id
    )
    select contact.*, conversation.id as conversation_id, conversation.instance_id as conversation_instance_id
    from contact left join conversation on conversation.contact_id = contact.id`.execute(db);
  for (const row of result.rows) {
    const { created, conversation_id, conversation_instance_id, ...contactRow } = row;
    const contact = contactRowToContact(contactRow as ContactRow);
    found.set(contact.phone!, { // upserted by phone: never null here
      contact,
      created: created === true,
      ...(conversation_id && conversation_instance_id && {
        conversation: { id: conversation_id, orgId, contactId: contact.id, instanceId: conversation_instance_id, mode: 'bot', escalatedAt: null, escalationReason: null, lastMessageAt: null, lastStaffMessageAt: null, humanAckAt: null },
      }),
    });
  }
  return found;
}
