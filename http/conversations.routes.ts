import { z } from 'zod';
import type { ApiDeps } from './api-deps.js';
import type { ApiRouter } from './api-router.js';
import { currentActor, currentOrg } from './auth.js';
import { HttpError, notFound } from './errors.js';
import { messageSenderSchema, senderNames } from './message-sender.js';
import { cursorQuery, idParams, orgParams, pageOf } from './schema-primitives.js';
import { MAX_TEXT_LENGTH } from './whatsapp.routes.js';

export const conversationSchema = z.object({
  id: z.string(), contactId: z.string(), instanceId: z.string(), mode: z.enum(['bot', 'human']), escalatedAt: z.string().nullable(),
  escalationReason: z.string().nullable().describe('Why the conversation is with the team (null in bot mode)'), lastMessageAt: z.string().nullable(),
  waitingSince: z.string().nullable().describe('Human mode: the oldest customer message nobody of the team has answered yet (null when the team spoke last, and in bot mode)'),
});
export const messageSchema = z.object({
  id: z.string(), direction: z.enum(['in', 'out']), author: z.string(), text: z.string(), createdAt: z.string(), sentBy: messageSenderSchema,
});

type StoredConversation = Omit<z.infer<typeof conversationSchema>, 'waitingSince'> & { waitingSince?: string | null };
type StoredMessage = Omit<z.infer<typeof messageSchema>, 'sentBy'> & { sentBy?: string | null };

const publicConversation = (c: StoredConversation): z.infer<typeof conversationSchema> => ({
  id: c.id, contactId: c.contactId, instanceId: c.instanceId, mode: c.mode, escalatedAt: c.escalatedAt,
  escalationReason: c.mode === 'human' ? c.escalationReason : null, lastMessageAt: c.lastMessageAt,
  waitingSince: c.mode === 'human' ? (c.waitingSince ?? null) : null,
});
const publicMessage = (m: StoredMessage, sentBy: z.infer<typeof messageSenderSchema>): z.infer<typeof messageSchema> => ({
  id: m.id, direction: m.direction, author: m.author, text: m.text, createdAt: m.createdAt, sentBy,
});

const listQuery = z.object({
  mode: z.enum(['bot', 'human']).optional(),
  q: z.string().trim().min(1).max(100).optional().describe('Customer name, phone (any digits of it) or the text of a message'),
  sort: z.enum(['recent', 'waiting']).optional()
    .describe('recent (default): latest activity first; waiting: only customers waiting on the team (human mode, unanswered), longest wait first'),
  ...cursorQuery,
});

/** Live chats and the human inbox: staff read, answer and hand back to the bot. */
export function conversationsRoutes(api: ApiRouter, deps: ApiDeps): void {
  const conversationOf = async (orgId: string, id: string) => {
    const conversation = await deps.repos.conversations.findById(orgId, id);
    if (!conversation) throw notFound('Conversation');
    return conversation;
  };
  const actors = () => {
    if (!deps.actors) throw new HttpError(503, 'NOT_READY', 'The actor system is not running');
    return deps.actors;
  };

  api.route(
    {
      method: 'get', path: '/conversations', tag: 'conversations', params: orgParams, query: listQuery, response: pageOf(conversationSchema),
      summary: 'Conversations, most recent first; mode=human is the human inbox, sort=waiting the customers waiting longest on the team, q searches name, phone and messages',
    },
    async ({ res, query }) => {
      const page = await deps.repos.conversations.list(currentOrg(res).id, query);
      return { items: page.items.map((c) => publicConversation(c)), nextCursor: page.nextCursor };
    },
  );

  api.route(
    { method: 'get', path: '/conversations/:id/messages', tag: 'conversations', summary: 'Messages, oldest first; the read is written to the audit log', params: idParams, query: z.object(cursorQuery), response: pageOf(messageSchema) },
    async ({ res, params, query }) => {
      const org = currentOrg(res);
      const conversation = await conversationOf(org.id, params.id);
      const page = await deps.repos.messages.list(org.id, params.id, query);
      const senderOf = await senderNames(deps.repos.users, org.id, page.items.map((m) => m.sentBy));
      // The access log (LGPD): who read whose conversation, and when.
      await deps.repos.auditLog.record({
        at: new Date(deps.clock.now()), orgId: org.id, actor: currentActor(res), action: 'conversation.read', entity: 'conversation', entityId: conversation.id,
        details: { contactId: conversation.contactId },
      });
      return { items: page.items.map((m) => publicMessage(m, senderOf(m.sentBy))), nextCursor: page.nextCursor };
    },
  );

  api.route(
    {
      method: 'post', path: '/conversations/:id/reply', tag: 'conversations', summary: 'Answer as staff; the conversation goes to human mode', params: idParams, status: 201,
      body: z.strictObject({ text: z.string().trim().min(1).max(MAX_TEXT_LENGTH) }), response: messageSchema,
    },
    async ({ res, params, body }) => {
      const org = currentOrg(res);
      const conversation = await conversationOf(org.id, params.id);
      // Who answered is kept on the message itself (shown in the thread) as well as in the audit log.
      const sentBy = currentActor(res);
      const message = await actors().conversation(org.id, conversation.contactId).ask<StoredMessage>(
        { type: 'conversation.staff-reply', conversationId: conversation.id, text: body.text, sentBy },
        { timeoutMs: 10_000 },
      );
      await deps.repos.auditLog.record({ at: new Date(deps.clock.now()), orgId: org.id, actor: sentBy, action: 'conversation.staff_reply', entity: 'conversation', entityId: conversation.id });
      return publicMessage(message, (await senderNames(deps.repos.users, org.id, [message.sentBy]))(message.sentBy));
    },
  );

  api.route(
    { method: 'post', path: '/conversations/:id/release', tag: 'conversations', summary: 'Hand the conversation back to the bot', params: idParams, body: z.strictObject({}).optional(), response: conversationSchema },
    async ({ res, params }) => {
      const org = currentOrg(res);
      const conversation = await conversationOf(org.id, params.id);
      const released = await actors().conversation(org.id, conversation.contactId).ask<StoredConversation>(
        { type: 'conversation.release', conversationId: conversation.id },
        { timeoutMs: 10_000 },
      );
      await deps.repos.auditLog.record({ at: new Date(deps.clock.now()), orgId: org.id, actor: currentActor(res), action: 'conversation.released', entity: 'conversation', entityId: conversation.id });
      return publicConversation(released);
    },
  );
}
