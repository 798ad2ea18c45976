import { sql } from 'kysely';
import type { Executor } from './executor.js';

export interface AiInteraction {
  orgId: string;
  conversationId: string | null;
  agent: 'customer' | 'aurora';
  model: string;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
  costUsd: number;
  toolCalls: unknown[];
  error: string | null;
  /** When the call was made, from the injected clock (the daily budget compares it). */
  at: Date;
}

/** One row per model call (or failed attempt): what it cost and what it did. */
export class AiInteractionsRepository {
  constructor(readonly db: Executor) {}

  async record(entry: AiInteraction): Promise<void> {
    await this.db
      .insertInto('ai_interactions')
      .values({
        org_id: entry.orgId,
        conversation_id: entry.conversationId,
        agent: entry.agent,
        model: entry.model,
        prompt_tokens: entry.promptTokens,
        completion_tokens: entry.completionTokens,
        latency_ms: Math.round(entry.latencyMs),
        cost_usd: entry.costUsd,
        tool_calls: JSON.stringify(entry.toolCalls),
        error: entry.error,
        created_at: entry.at,
      })
      .execute();
  }

  /** Tokens an org spent since `since` (its daily budget is checked against this). */
  async tokensSince(orgId: string, since: Date): Promise<number> {
    const row = await this.db
      .selectFrom('ai_interactions')
      .select(sql<number>`coalesce(sum(prompt_tokens + completion_tokens), 0)`.as('tokens'))
      .where('org_id', '=', orgId)
      .where('created_at', '>=', since)
      .executeTakeFirstOrThrow();
    return Number(row.tokens);
  }
}
