import type { AgentUsage, ToolCallRecord } from '../agents/customer-agent.js';
import { AiInteractionsRepository } from '../storage/ai-interactions.repository.js';
import type { MessageAuthor, OutboxKind } from '../storage/database.js';
import type { Executor } from '../storage/executor.js';
import { MessagesRepository, type Message } from '../storage/messages.repository.js';
import { OutboxRepository } from '../storage/outbox.repository.js';
import type { ConversationNotice } from './conversation/conversation.protocol.js';

/**
 * What every actor does to say something on WhatsApp: queue it in the outbox
 * (once per idempotency key, with its WhatsApp id fixed now) and keep it in
 * the conversation's history. Run it in the caller's transaction.
 */
export interface OutboundMessage {
  orgId: string;
  conversationId: string;
  instanceId: string;
  toPhone: string;
  toJid: string;
  text: string;
  kind: OutboxKind;
  author: Extract<MessageAuthor, 'bot' | 'staff' | 'aurora'>;
  idempotencyKey: string;
  waMessageId: string;
  now: Date;
  /** The org lease the caller's transaction checked (`assertFenced`), recorded on the row. */
  fencingToken?: number;
  /** Who of the team wrote it (a staff reply): an audit actor label, kept on the message. */
  sentBy?: string;
}

/** Returns the stored message, or undefined when the key was queued before (nothing is written twice). */
export async function queueOutbound(db: Executor, m: OutboundMessage): Promise<Message | undefined> {
  const { created } = await new OutboxRepository(db).enqueue({
    orgId: m.orgId, instanceId: m.instanceId, idempotencyKey: m.idempotencyKey, waMessageId: m.waMessageId, toPhone: m.toPhone,
    toJid: m.toJid, text: m.text, kind: m.kind, conversationId: m.conversationId, queuedAt: m.now, fencingToken: m.fencingToken,
  });
  if (!created) return undefined;
  return new MessagesRepository(db).insertOnce({
    orgId: m.orgId, conversationId: m.conversationId, instanceId: m.instanceId, remoteJid: m.toJid, waMessageId: m.waMessageId,
    fromMe: true, direction: 'out', author: m.author, text: m.text, createdAt: m.now, sentBy: m.sentBy,
  });
}

/** The realtime notice for a stored message. */
export function messageNotice(orgId: string, conversationId: string, m: Message): ConversationNotice {
  return {
    kind: 'message', orgId, conversationId,
    message: { id: m.id, direction: m.direction, author: m.author, text: m.text, createdAt: m.createdAt, ...(m.sentBy && { sentBy: m.sentBy }) },
  };
}

export interface ModelCall {
  orgId: string;
  conversationId: string;
  agent: 'customer' | 'aurora';
  usage?: AgentUsage;
  toolCalls: ToolCallRecord[];
  error?: string;
  /** When the call was made (the daily token budget compares it with the clock). */
  at: Date;
}

/** What a model call cost, with zeros (and model "unknown") for what a failed call never reported. */
export function modelCallFigures(u: AgentUsage | undefined) {
  return {
    model: u?.model ?? 'unknown', promptTokens: u?.promptTokens ?? 0, completionTokens: u?.completionTokens ?? 0,
    latencyMs: u?.latencyMs ?? 0, costUsd: u?.costUsd ?? 0,
  };
}

/** The realtime notice metrics count a model call from. */
export function modelCallNotice(orgId: string, agent: 'customer' | 'aurora', figures: ReturnType<typeof modelCallFigures>, error: boolean): ConversationNotice {
  return { kind: 'llm', orgId, agent, ...figures, error };
}

/** Records a model call (or its failure) in ai_interactions and returns the notice metrics count it from. */
export async function recordModelCall(db: Executor, call: ModelCall): Promise<ConversationNotice> {
  const figures = modelCallFigures(call.usage);
  await new AiInteractionsRepository(db).record({
    orgId: call.orgId, conversationId: call.conversationId, agent: call.agent, ...figures, toolCalls: call.toolCalls, error: call.error ?? null, at: call.at,
  });
  return modelCallNotice(call.orgId, call.agent, figures, !!call.error);
}
