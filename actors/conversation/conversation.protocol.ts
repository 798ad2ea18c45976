/** Messages a ConversationActor (one customer of one org) understands. */
export type ConversationMsg =
  /** A durable inbox row for this customer is waiting (from the router). */
  | { type: 'conversation.inbound'; inboxId: number }
  /** Staff answers from the dashboard/API; the conversation goes to human mode. Replies the stored message. */
  | { type: 'conversation.staff-reply'; conversationId: string; text: string }
  /** Hand the conversation back to the bot. */
  | { type: 'conversation.release'; conversationId: string }
  /** @internal The burst window of generation `generation` closed: answer what arrived. */
  | { type: '$conversation.flush'; generation: number };

/** What a turn tells the outside world once its transaction committed. */
export type ConversationNotice =
  | { kind: 'message'; orgId: string; conversationId: string; message: { id: string; direction: 'in' | 'out'; author: string; text: string; createdAt: string } }
  | { kind: 'escalated'; orgId: string; conversationId: string; reason: string }
  | { kind: 'released'; orgId: string; conversationId: string }
  | { kind: 'booking'; orgId: string; bookingId: string }
  | { kind: 'outbox'; orgId: string; instanceId: string }
  /** A model call finished (or failed): what it cost. */
  | { kind: 'llm'; orgId: string; agent: 'customer' | 'aurora'; model: string; latencyMs: number; promptTokens: number; completionTokens: number; costUsd: number; error: boolean };
