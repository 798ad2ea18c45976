import { phoneToJid } from '../../domain/phone.js';
import type { Executor } from '../../storage/executor.js';
import { repositories } from '../../storage/repositories.js';
import type { ConversationNotice } from '../conversation/conversation.protocol.js';
import { messageNotice, queueOutbound } from '../outbound-message.js';

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
  const instance = await repos.instances.preferredForSending(orgId);
  if (!instance) return [];
  const notices: ConversationNotice[] = [];
  for (const phone of org.ownerNumbers) {
    const owner = await repos.contacts.findOrCreateByPhone(orgId, { phone }, now);
    const conversation = await repos.conversations.findOrCreate(orgId, owner.id, instance.id, now);
    const message = await queueOutbound(db, {
      orgId, conversationId: conversation.id, instanceId: instance.id, toPhone: phone, toJid: phoneToJid(phone), text, kind: 'aurora', author: 'aurora',
      idempotencyKey: `${key}:${phone}`, waMessageId: newMessageId(), now,
    });
    if (!message) continue;
    await repos.conversations.touch(orgId, conversation.id, now);
    notices.push(messageNotice(orgId, conversation.id, message));
  }
  notices.push({ kind: 'outbox', orgId, instanceId: instance.id });
  return notices;
}
