import type { Kysely } from 'kysely';
import { normalizePhone, samePhone } from '../domain/phone.js';
import type { Database } from '../storage/database.js';
import { repositories } from '../storage/repositories.js';
import { auroraAddress, conversationAddress } from './addresses.js';

/**
 * Decides who answers an inbound message already in the inbox: the org's
 * AuroraActor when the sender is one of the owner's authorized numbers
 * (compared after normalization), otherwise the customer's ConversationActor
 * (contact found or created by phone, so one person is one contact).
 */
export type Route =
  | { to: 'aurora'; address: string; inboxId: number }
  | { to: 'conversation'; address: string; inboxId: number; contactId: string }
  | { to: 'none'; inboxId: number; reason: string };

export async function routeInbound(db: Kysely<Database>, inboxId: number, now: Date): Promise<Route> {
  const repos = repositories(db);
  const row = await repos.inbox.findById(inboxId);
  if (!row) return { to: 'none', inboxId, reason: 'unknown inbox row' };
  const org = await repos.organizations.findById(row.orgId);
  if (!org) return { to: 'none', inboxId, reason: 'unknown org' };
  const phone = row.senderPhone ? normalizePhone(row.senderPhone) : null;
  if (!row.fromMe && phone && org.ownerNumbers.some((owner) => samePhone(owner, phone))) {
    return { to: 'aurora', address: auroraAddress(org.id), inboxId };
  }
  let contact = row.senderLid ? await repos.contacts.findByLid(org.id, row.senderLid) : undefined;
  if (!contact) {
    if (!phone) {
      await repos.inbox.markProcessed(inboxId, 'no_phone', now);
      return { to: 'none', inboxId, reason: 'sender phone unknown' };
    }
    contact = await repos.contacts.findOrCreateByPhone(org.id, { phone, name: row.pushName, lid: row.senderLid }, now);
  }
  return { to: 'conversation', address: conversationAddress(org.id, contact.id), inboxId, contactId: contact.id };
}
