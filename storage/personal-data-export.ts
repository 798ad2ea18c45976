import { bookingRowToBooking } from './bookings.repository.js';
import { ConsentRepository } from './consent.repository.js';
import { contactRowToContact } from './contacts.repository.js';
import { conversationRowToConversation } from './conversations.repository.js';
import type { Executor } from './executor.js';
import { messageRowToMessage } from './messages.repository.js';
import { petRowToPet } from './pets.repository.js';

/** Bumped when the document's shape changes, so a reader knows what it holds. */
export const EXPORT_FORMAT = 'patinha.personal-data.v1';

/**
 * Everything the shop holds about one customer, as one JSON document (LGPD art. 18, II and V:
 * access and portability): the contact (with the team's note about them), pets, bookings, conversations with every message,
 * marketing consent with its history, proposals awaiting or resolved, campaigns sent to them and
 * the model calls made while answering them (figures and the tools used — Patinha keeps no
 * prompts). Every query is scoped to the org and the contact, or to that contact's conversations,
 * so nothing of another customer can enter it. Undefined when the contact does not exist.
 */
export async function exportPersonalData(db: Executor, orgId: string, contactId: string, now: Date) {
  const contactRow = await db.selectFrom('contacts').selectAll().where('org_id', '=', orgId).where('id', '=', contactId).executeTakeFirst();
  if (!contactRow) return undefined;
  const org = await db.selectFrom('organizations').select(['id', 'name']).where('id', '=', orgId).executeTakeFirstOrThrow();
  const [pets, bookings, conversationRows, consents] = await Promise.all([
    db.selectFrom('pets').selectAll().where('org_id', '=', orgId).where('contact_id', '=', contactId).orderBy('created_at').orderBy('id').execute(),
    db.selectFrom('bookings').selectAll().where('org_id', '=', orgId).where('contact_id', '=', contactId).orderBy('starts_at').orderBy('id').execute(),
    db.selectFrom('conversations').selectAll().where('org_id', '=', orgId).where('contact_id', '=', contactId).orderBy('created_at').orderBy('id').execute(),
    new ConsentRepository(db).listForContact(orgId, contactId),
  ]);
  const conversationIds = conversationRows.map((c) => c.id);
  const ofConversations = conversationIds.length > 0;
  const [messages, proposals, modelCalls, campaigns] = await Promise.all([
    ofConversations
      ? db.selectFrom('messages').selectAll().where('org_id', '=', orgId).where('conversation_id', 'in', conversationIds).orderBy('created_at').orderBy('id').execute()
      : [],
    ofConversations
      ? db.selectFrom('pending_actions').selectAll().where('org_id', '=', orgId).where('conversation_id', 'in', conversationIds).orderBy('created_at').orderBy('id').execute()
      : [],
    ofConversations
      ? db.selectFrom('ai_interactions').selectAll().where('org_id', '=', orgId).where('conversation_id', 'in', conversationIds).orderBy('id').execute()
      : [],
    db.selectFrom('campaign_recipients')
      .innerJoin('campaigns', (join) => join.onRef('campaigns.id', '=', 'campaign_recipients.campaign_id').onRef('campaigns.org_id', '=', 'campaign_recipients.org_id'))
      .select(['campaigns.id', 'campaigns.kind', 'campaigns.message', 'campaign_recipients.status', 'campaign_recipients.updated_at'])
      .where('campaign_recipients.org_id', '=', orgId)
      .where('campaign_recipients.contact_id', '=', contactId)
      .orderBy('campaign_recipients.updated_at')
      .execute(),
  ]);
  const messagesOf = (conversationId: string) => messages.filter((m) => m.conversation_id === conversationId).map((m) => {
    const { id, direction, author, text, createdAt } = messageRowToMessage(m);
    return { id, direction, author, text, createdAt };
  });
  const contact = contactRowToContact(contactRow);
  return {
    format: EXPORT_FORMAT,
    generatedAt: now.toISOString(),
    controller: { id: org.id, name: org.name },
    contact: {
      id: contact.id, phone: contact.phone, whatsappLid: contact.lid, name: contact.name, email: contact.email, birthday: contact.birthday,
      lastInteractionAt: contact.lastInteractionAt, createdAt: contact.createdAt, anonymizedAt: contact.anonymizedAt,
      teamNotes: contactRow.notes,
    },
    consent: {
      marketing: { granted: contact.marketingConsentAt !== null, since: contact.marketingConsentAt, optedOut: contact.marketingOptOut, askedAt: contact.marketingConsentAskedAt },
      history: consents,
    },
    pets: pets.map(petRowToPet),
    bookings: bookings.map(bookingRowToBooking),
    conversations: conversationRows.map(conversationRowToConversation).map((c) => ({
      id: c.id, instanceId: c.instanceId, mode: c.mode, lastMessageAt: c.lastMessageAt, messages: messagesOf(c.id),
    })),
    proposals: proposals.map((p) => ({ id: p.id, conversationId: p.conversation_id, kind: p.kind, summary: p.summary, status: p.status, createdAt: p.created_at.toISOString() })),
    campaignsReceived: campaigns.map((c) => ({ campaignId: c.id, kind: c.kind, message: c.message, status: c.status, at: c.updated_at.toISOString() })),
    assistantCalls: modelCalls.map((a) => ({
      conversationId: a.conversation_id, agent: a.agent, model: a.model, promptTokens: a.prompt_tokens, completionTokens: a.completion_tokens,
      toolCalls: a.tool_calls, error: a.error, at: a.created_at.toISOString(),
    })),
  };
}

export type PersonalDataExport = NonNullable<Awaited<ReturnType<typeof exportPersonalData>>>;
