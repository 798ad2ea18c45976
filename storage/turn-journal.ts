import { sql } from 'kysely';
import type { Executor } from './executor.js';
import type { Message } from './messages.repository.js';
import type { StoredOutbound } from './outbox.repository.js';

/**
 * The common customer turn written as ONE statement (a data-modifying CTE is atomic on its own:
 * no BEGIN/COMMIT round trips): the inbox rows marked processed, the customer's messages and
 * the reply stored, the reply queued in the outbox, the conversation and contact touched, the
 * agent state saved and the model call recorded. Everything after the first step happens only
 * when every inbox row was still unprocessed — a turn that lost the race writes nothing.
 */
export interface TurnJournalEntry {
  orgId: string;
  contactId: string;
  conversationId: string;
  now: Date;
  /** The inbox rows this turn answers, and the outcome recorded on them. */
  inboxIds: readonly number[];
  outcome: string;
  inbound: ReadonlyArray<{ instanceId: string; remoteJid: string; waMessageId: string; text: string; receivedAt: Date }>;
  /** Replaces the agent state when given. */
  agentState?: Record<string, unknown>;
  /** Hands the conversation to a person with this reason. */
  escalation?: string;
  reply?: { instanceId: string; toPhone: string; toJid: string; text: string; idempotencyKey: string; waMessageId: string };
  modelCall?: { model: string; promptTokens: number; completionTokens: number; latencyMs: number; costUsd: number; toolCalls: unknown[]; error: string | null };
}

export interface TurnJournalResult {
  /** False when another turn had already processed one of the rows: nothing was written. */
  applied: boolean;
  inbound: Message[];
  reply?: { message: Message; outbound: StoredOutbound };
}

type Row = { applied: boolean; inbound: Array<{ id: string; wa_message_id: string; text: string; created_at: string }> | null; outbox_id: string | number | null; bot_id: string | null };

export async function writeTurn(db: Executor, e: TurnJournalEntry): Promise<TurnJournalResult> {
  const now = e.now.toISOString();
  const inbound = JSON.stringify(e.inbound.map((m) => ({ instance_id: m.instanceId, remote_jid: m.remoteJid, wa_message_id: m.waMessageId, text: m.text, created_at: m.receivedAt.toISOString() })));
  const reply = e.reply;
  const call = e.modelCall;
  const result = await sql<Row>`
    with marked as (
      update inbox set processed_at = ${now}::timestamptz, outcome = ${e.outcome}::text, claimed_until = null
      where id in (select value::bigint from jsonb_array_elements_text(${JSON.stringify(e.inboxIds)}::jsonb)) and processed_at is null
      returning id
    ), ok as (
      select count(*) = ${e.inboxIds.length}::int as applied from marked
    ), inbound as (
      insert into messages (org_id, conversation_id, instance_id, remote_jid, wa_message_id, from_me, direction, author, text, created_at)
      select ${e.orgId}::uuid, ${e.conversationId}::uuid, x.instance_id, x.remote_jid, x.wa_message_id, false, 'in', 'customer', x.text, x.created_at
      from jsonb_to_recordset(${inbound}::jsonb) as x(instance_id uuid, remote_jid text, wa_message_id text, text text, created_at timestamptz)
      where (select applied from ok)
      on conflict (instance_id, remote_jid, wa_message_id, from_me) do nothing
      returning id, wa_message_id, text, created_at
    ), conversation as (
      update conversations set last_message_at = ${now}::timestamptz, updated_at = ${now}::timestamptz,
        agent_state = coalesce(${e.agentState === undefined ? null : JSON.stringify(e.agentState)}::jsonb, agent_state),
        mode = case when ${e.escalation ?? null}::text is null then mode else 'human' end,
        escalated_at = case when ${e.escalation ?? null}::text is null then escalated_at else ${now}::timestamptz end,
        escalation_reason = coalesce(${e.escalation ?? null}::text, escalation_reason)
      where org_id = ${e.orgId}::uuid and id = ${e.conversationId}::uuid and (select applied from ok)
      returning id
    ), contact as (
      update contacts set last_interaction_at = ${now}::timestamptz
      where org_id = ${e.orgId}::uuid and id = ${e.contactId}::uuid and (last_interaction_at is null or last_interaction_at < ${now}::timestamptz) and (select applied from ok)
      returning id
    ), queued as (
      insert into outbox (org_id, instance_id, idempotency_key, wa_message_id, to_phone, to_jid, text, kind, conversation_id, not_before, created_at, updated_at)
      select ${e.orgId}::uuid, ${reply?.instanceId ?? null}::uuid, ${reply?.idempotencyKey ?? null}::text, ${reply?.waMessageId ?? null}::text, ${reply?.toPhone ?? null}::text, ${reply?.toJid ?? null}::text,
        ${reply?.text ?? null}::text, 'reply', ${e.conversationId}::uuid, ${now}::timestamptz, ${now}::timestamptz, ${now}::timestamptz
      where ${reply !== undefined}::boolean and (select applied from ok)
      on conflict (idempotency_key) do nothing
      returning id
    ), bot as (
      insert into messages (org_id, conversation_id, instance_id, remote_jid, wa_message_id, from_me, direction, author, text, created_at)
      select ${e.orgId}::uuid, ${e.conversationId}::uuid, ${reply?.instanceId ?? null}::uuid, ${reply?.toJid ?? null}::text, ${reply?.waMessageId ?? null}::text, true, 'out', 'bot', ${reply?.text ?? null}::text, ${now}::timestamptz
      from queued
      on conflict (instance_id, remote_jid, wa_message_id, from_me) do nothing
      returning id
    ), model_call as (
      insert into ai_interactions (org_id, conversation_id, agent, model, prompt_tokens, completion_tokens, latency_ms, cost_usd, tool_calls, error, created_at)
      select ${e.orgId}::uuid, ${e.conversationId}::uuid, 'customer', ${call?.model ?? null}::text, ${call?.promptTokens ?? 0}::int, ${call?.completionTokens ?? 0}::int,
        ${Math.round(call?.latencyMs ?? 0)}::int, ${call?.costUsd ?? 0}::numeric, ${JSON.stringify(call?.toolCalls ?? [])}::jsonb, ${call?.error ?? null}::text, ${now}::timestamptz
      where ${call !== undefined}::boolean and (select applied from ok)
      returning id
    )
    select (select applied from ok) as applied,
      (select json_agg(json_build_object('id', id, 'wa_message_id', wa_message_id, 'text', text, 'created_at', created_at)) from inbound) as inbound,
      (select id from queued) as outbox_id,
      (select id from bot) as bot_id`.execute(db);
  const row = result.rows[0]!;
  const applied = row.applied === true;
  const stored: Message[] = (row.inbound ?? []).map((m) => ({
    id: m.id, conversationId: e.conversationId, direction: 'in', author: 'customer', text: m.text, waMessageId: m.wa_message_id, createdAt: new Date(m.created_at).toISOString(),
  }));
  if (!applied || !reply || row.outbox_id === null || row.bot_id === null) return { applied, inbound: stored };
  return {
    applied,
    inbound: stored,
    reply: {
      message: { id: row.bot_id, conversationId: e.conversationId, direction: 'out', author: 'bot', text: reply.text, waMessageId: reply.waMessageId, createdAt: now },
      outbound: {
        id: Number(row.outbox_id), orgId: e.orgId, instanceId: reply.instanceId, idempotencyKey: reply.idempotencyKey, waMessageId: reply.waMessageId,
        toPhone: reply.toPhone, toJid: reply.toJid, text: reply.text, kind: 'reply', status: 'pending', attempts: 0, notBefore: e.now, sentAt: null,
        lastError: null, conversationId: e.conversationId, campaignId: null, createdAt: e.now,
      },
    },
  };
}
