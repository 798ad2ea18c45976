import { queueOutbound } from '../../actors/outbound-message.js';
import { phoneToJid } from '../../domain/phone.js';
import { AiInteractionsRepository } from '../../storage/ai-interactions.repository.js';
import { CampaignsRepository } from '../../storage/campaigns.repository.js';
import { ConsentRepository } from '../../storage/consent.repository.js';
import type { Executor } from '../../storage/executor.js';
import { PendingActionsRepository } from '../../storage/pending-actions.repository.js';
import { repositories } from '../../storage/repositories.js';

export interface Customer {
  phone: string;
  name: string;
  petName: string;
}

/**
 * A customer with a bit of everything the shop keeps about people: a pet with breed and notes,
 * a conversation (their message in the inbox and the messages, the bot's answer in the outbox),
 * a proposal naming the pet, a model call whose tool arguments name it, a completed and a
 * cancelled booking (the cancel reason naming them), marketing consent given on WhatsApp, a
 * campaign message, and Aurora quoting their name and phone to the owner. Returns the ids.
 */
export async function seedCustomerHistory(
  db: Executor,
  world: { orgId: string; instanceId: string; serviceId: string; ownerConversationId?: string },
  customer: Customer,
  at: Date,
  tag: string,
) {
  const repos = repositories(db);
  const { orgId, instanceId } = world;
  const contact = await repos.contacts.findOrCreateByPhone(orgId, { phone: customer.phone, name: customer.name, lid: `${tag}99887766@lid` }, at);
  await repos.contacts.update(orgId, contact.id, { email: `${tag}@exemplo.com.br`, birthday: '1990-05-17' }, at);
  const pet = await repos.pets.upsert(orgId, contact.id, { name: customer.petName, species: 'cão', size: 'M', breed: 'vira-lata', birthDate: '2020-03-01', notes: `${customer.petName} morde` }, at);
  const conversation = await repos.conversations.findOrCreate(orgId, contact.id, instanceId, at);
  const jid = phoneToJid(customer.phone);
  const text = `Oi, sou ${customer.name}, quero banho pro ${customer.petName}. Meu número é ${customer.phone}`;
  const [inboxId] = await repos.inbox.acceptMany([{ orgId, instanceId, remoteJid: jid, waMessageId: `WA-${tag}-1`, fromMe: false, senderPhone: customer.phone, pushName: customer.name, text, receivedAt: at }]);
  await repos.inbox.markProcessed(inboxId!, 'agent', at);
  await repos.messages.insertOnce({ orgId, conversationId: conversation.id, instanceId, remoteJid: jid, waMessageId: `WA-${tag}-1`, fromMe: false, direction: 'in', author: 'customer', text, createdAt: at });
  await queueOutbound(db, {
    orgId, conversationId: conversation.id, instanceId, toPhone: customer.phone, toJid: jid, text: `Olá, ${customer.name}! Vamos agendar o banho do ${customer.petName}.`,
    kind: 'reply', author: 'bot', idempotencyKey: `reply:${tag}`, waMessageId: `OUT-${tag}-1`, now: at,
  });
  await new PendingActionsRepository(db).propose(orgId, conversation.id, 'cadastrar_pet', { name: customer.petName, species: 'cão' }, `Cadastrar ${customer.petName}`, at);
  await new AiInteractionsRepository(db).record({
    orgId, conversationId: conversation.id, agent: 'customer', model: 'gpt-4o-mini', promptTokens: 100, completionTokens: 20, latencyMs: 300, costUsd: 0.0001,
    toolCalls: [{ name: 'cadastrar_pet', arguments: { nome: customer.petName }, ok: true }], error: null, at,
  });
  const booking = async (startsAt: string, status: 'completed' | 'cancelled', cancelReason: string | null) => {
    const ends = new Date(new Date(startsAt).getTime() + 3_600_000);
    return db.insertInto('bookings').values({
      org_id: orgId, contact_id: contact.id, pet_id: pet.id, service_id: world.serviceId, category: 'banho', pet_size: 'M', starts_at: startsAt, ends_at: ends, blocked_until: ends,
      status, price_cents: 6000, source: 'whatsapp', cancel_reason: cancelReason, created_at: at, updated_at: at,
    }).returning('id').executeTakeFirstOrThrow();
  };
  const completed = await booking(tag === 'a' ? '2025-11-10T13:00:00Z' : '2025-11-11T13:00:00Z', 'completed', null);
  const cancelled = await booking(tag === 'a' ? '2025-11-12T13:00:00Z' : '2025-11-13T13:00:00Z', 'cancelled', `${customer.name} desmarcou por telefone`);
  await new ConsentRepository(db).record({ orgId, contactId: contact.id, decision: 'granted', source: 'whatsapp', evidence: `inbox:${inboxId}`, now: at });
  const campaigns = new CampaignsRepository(db);
  const campaign = await campaigns.createDraft(orgId, 'promocional', 'Promoção de banho!', 1, at);
  const { message: sent } = await repos.outbox.enqueue({
    orgId, instanceId, idempotencyKey: `campaign:${campaign.id}:${contact.id}`, waMessageId: `CAMP-${tag}`, toPhone: customer.phone, toJid: jid, text: 'Promoção de banho!', kind: 'campaign', campaignId: campaign.id, queuedAt: at,
  });
  await campaigns.addRecipients(orgId, campaign.id, [{ contactId: contact.id, outboxId: sent.id }], at);
  if (world.ownerConversationId) {
    await repos.messages.insertOnce({
      orgId, conversationId: world.ownerConversationId, instanceId, remoteJid: '5511900000001@s.whatsapp.net', waMessageId: `AUR-${tag}`, fromMe: true, direction: 'out', author: 'aurora',
      text: `Clientes inativos: ${customer.name} (${customer.phone}), Fulano`, createdAt: at,
    });
  }
  return { contact, pet, conversation, bookings: [completed.id, cancelled.id], campaignId: campaign.id, inboxId: inboxId! };
}
