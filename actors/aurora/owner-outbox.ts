import { phoneToJid } from '../../domain/phone.js';
import type { Executor } from '../../storage/executor.js';
import { repositories } from '../../storage/repositories.js';
import type { ConversationNotice } from '../conversation/conversation.protocol.js';

/**
 * Aurora's own messages to the owner (summaries, alerts, campaign reports),
 * sent from the org's connected number through the outbox, each once per
 * `key`, and kept in the owner's conversation so the dashboard shows them.
 */
export async function sendToOwners(
  db: Executor,
  orgId: string,
  text: string,
  key: string,
  now: Date,
  newMessageId: () => string,
): Promise<ConversationNotice[]> {
  const repos = repositories(db);
  const org = await repos.organizations.findById(orgId);
  if (!org || org.ownerNumbers.length === 0) return [];
  const instances = await repos.instances.listByOrg(orgId);
  const instance = instances.find((i) => i.status === 'open') ?? instances[0];
  if (!instance) return [];
  const notices: ConversationNotice[] = [];
  for (const phone of org.ownerNumbers) {
    const owner = await repos.contacts.findOrCreateByPhone(orgId, { phone });
    const conversation = await repos.conversations.findOrCreate(orgId, owner.id, instance.id);
    const waMessageId = newMessageId();
    const toJid = phoneToJid(phone);
    const { created } = await repos.outbox.enqueue({
      orgId, instanceId: instance.id, idempotencyKey: `${key}:${phone}`, waMessageId, toPhone: phone, toJid, text, kind: 'aurora', conversationId: conversation.id,
    });
    if (!created) continue;
    const message = await repos.messages.insertOnce({
      orgId, conversationId: conversation.id, instanceId: instance.id, remoteJid: toJid, waMessageId, fromMe: true, direction: 'out', author: 'aurora', text, createdAt: now,
    });
    await repos.conversations.touch(orgId, conversation.id, now);
    if (message) notices.push({ kind: 'message', orgId, conversationId: conversation.id, message: { id: message.id, direction: 'out', author: 'aurora', text, createdAt: message.createdAt } });
  }
  notices.push({ kind: 'outbox', orgId, instanceId: instance.id });
  return notices;
}
