import { z } from 'zod';
import type { ApiDeps } from './api-deps.js';
import type { ApiRouter } from './api-router.js';
import { currentActor, currentOrg } from './auth.js';
import { HttpError, notFound } from './errors.js';
import { cursorQuery, idParams, orgParams, pageOf } from './schema-primitives.js';
import { MAX_TEXT_LENGTH } from './whatsapp.routes.js';

export const conversationSchema = z.object({
  id: z.string(), contactId: z.string(), instanceId: z.string(), mode: z.enum(['bot', 'human']), escalatedAt: z.string().nullable(),
  escalationReason: z.string().nullable().describe('Why the conversation is with the team (null in bot mode)'), lastMessageAt: z.string().nullable(),
});
export const messageSchema = z.object({
  id: z.string(), direction: z.enum(['in', 'out']), author: z.string(), text: z.string(), createdAt: z.string(),
});

const publicConversation = (c: z.infer<typeof conversationSchema>) => ({
  id: c.id, contactId: c.contactId, instanceId: c.instanceId, mode: c.mode, escalatedAt: c.escalatedAt,
  escalationReason: c.mode === 'human' ? c.escalationReason : null, lastMessageAt: c.lastMessageAt,
});
const publicMessage = (m: z.infer<typeof messageSchema>) => ({ id: m.id, direction: m.direction, author: m.author, text: m.text, createdAt: m.createdAt });

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
      method: 'get', path: '/conversations', tag: 'conversations', summary: 'Conversations, most recent first; mode=human is the human inbox', params: orgParams,
      query: z.object({ mode: z.enum(['bot', 'human']).optional(), ...cursorQuery }), response: pageOf(conversationSchema),
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
      // The access log (LGPD): who read whose conversation, and when.
      await deps.repos.auditLog.record({
        at: new Date(deps.clock.now()), orgId: org.id, actor: currentActor(res), action: 'conversation.read', entity: 'conversation', entityId: conversation.id,
        details: { contactId: conversation.contactId },
      });
      return { items: page.items.map((m) => publicMessage(m)), nextCursor: page.nextCursor };
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
      const message = await actors().conversation(org.id, conversation.contactId).ask<z.infer<typeof messageSchema>>(
        { type: 'conversation.staff-reply', conversationId: conversation.id, text: body.text },
        { timeoutMs: 10_000 },
      );
      await deps.repos.auditLog.record({ at: new Date(deps.clock.now()), orgId: org.id, actor: currentActor(res), action: 'conversation.staff_reply', entity: 'conversation', entityId: conversation.id });
      return publicMessage(message);
    },
  );

  api.route(
    { method: 'post', path: '/conversations/:id/release', tag: 'conversations', summary: 'Hand the conversation back to the bot', params: idParams, body: z.strictObject({}).optional(), response: conversationSchema },
    async ({ res, params }) => {
      const org = currentOrg(res);
      const conversation = await conversationOf(org.id, params.id);
      const released = await actors().conversation(org.id, conversation.contactId).ask<z.infer<typeof conversationSchema>>(
        { type: 'conversation.release', conversationId: conversation.id },
        { timeoutMs: 10_000 },
      );
      await deps.repos.auditLog.record({ at: new Date(deps.clock.now()), orgId: org.id, actor: currentActor(res), action: 'conversation.released', entity: 'conversation', entityId: conversation.id });
      return publicConversation(released);
    },
  );
}
