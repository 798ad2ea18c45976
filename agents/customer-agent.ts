/**
 * The contract between a ConversationActor and whatever writes the replies:
 * the OpenAI-backed agent (with a key) or the deterministic offline pt-BR
 * agent (without). Both see the same context and use the same tools; neither
 * ever chooses an org or a contact — the tools are already bound to them.
 */
import type { CustomerToolbox } from './customer-tools.js';

export interface ShopContext {
  name: string;
  timezone: string;
  address: string | null;
  paymentMethods: string[];
  /** Opening hours as pt-BR lines, e.g. "seg a sex: 8h às 18h". */
  hoursText: string[];
  services: Array<{
    id: string;
    name: string;
    category: string;
    species: string[];
    bySize: Partial<Record<'P' | 'M' | 'G' | 'GG', { durationMin: number; priceCents: number }>>;
  }>;
}

export interface CustomerContext {
  /** ISO instant of "now" (the injected clock), for relative dates. */
  now: string;
  shop: ShopContext;
  contact: { name: string | null; phone: string };
  /** `sex` chooses the pt-BR agreement ("banho da Mel"); null or absent when nobody said. */
  pets: Array<{ id: string; name: string; species: string; breed: string | null; size: 'P' | 'M' | 'G' | 'GG'; sex?: 'macho' | 'fêmea' | null }>;
  /** Last 30 days and all future bookings, times as ISO with the shop's offset. */
  bookings: Array<{ id: string; serviceName: string; petName: string; startsAt: string; status: string }>;
  /** A write waiting for the customer's "sim", if any. */
  pendingAction: { kind: string; summary: string } | null;
}

export interface WindowMessage {
  role: 'customer' | 'assistant' | 'staff';
  text: string;
  at: string;
}

export interface AgentUsage {
  model: string;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
  costUsd: number;
}

export interface ToolCallRecord {
  name: string;
  arguments: unknown;
  ok: boolean;
  error?: string;
}

export interface AgentTurnInput {
  /** The customer's message(s) of this turn, joined (a burst is one turn). */
  text: string;
  /** The last N messages before this turn, oldest first. */
  window: WindowMessage[];
  context: CustomerContext;
  tools: CustomerToolbox;
  /** The agent's own memory across turns (slot filling), as it returned it last time. */
  agentState: Record<string, unknown>;
  signal?: AbortSignal;
}

export interface AgentTurnResult {
  /** What to send the customer (pt-BR). Never empty. */
  reply: string;
  /** Hand the conversation to a person (the actor escalates and the bot goes silent). */
  escalate?: { reason: string };
  agentState: Record<string, unknown>;
  toolCalls: ToolCallRecord[];
  /** Present when a model was called (ai_interactions row). */
  usage?: AgentUsage;
  /** A model failure the agent recovered from with a fallback reply (recorded, conversation escalated). */
  error?: string;
}

export interface CustomerAgent {
  readonly kind: 'openai' | 'offline';
  respond(input: AgentTurnInput): Promise<AgentTurnResult>;
  /**
   * The next question after the customer confirmed a proposed write (the actor commits it
   * without the agent), so a flow the agent was in goes on in the same reply — e.g. "for when?"
   * after a pet registered in the middle of a booking. Undefined: the actor's default question.
   */
  followUpAfterConfirmation?(kind: string, agentState: Record<string, unknown>): string | undefined;
}
