import { sql } from 'kysely';
import type { Executor } from './executor.js';
import type { Message } from './messages.repository.js';
import type { StoredOutbound } from './outbox.repository.js';
import type { OrgLease } from './org-leases.repository.js';

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
  /** The reply told a customer waiting on the team that the team knows: stamped so it is said once. */
  teamNotified?: boolean;
  reply?: { instanceId: string; toPhone: string; toJid: string; text: string; idempotencyKey: string; waMessageId: string };
  modelCall?: { model: string; promptTokens: number; completionTokens: number; latencyMs: number; costUsd: number; toolCalls: unknown[]; error: string | null };
  /**
   * The org lease this node acts under: the turn applies only while it is still live (checked
   * and share-locked in the same statement, so a takeover waits for it) and its reply records
   * the token. Without it (no placement) nothing is checked.
   */
  fence?: OrgLease;
}

export interface TurnJournalResult {
  /** False when another turn had already processed one of the rows, or the lease was lost: nothing was written. */
  applied: boolean;
  /** The turn's `fence` was no longer this node's lease: nothing was written, and the node must stop acting for the org. */
  leaseLost: boolean;
  inbound: Message[];
  reply?: { message: Message; outbound: StoredOutbound };
}

type Row = {
  i: number;
  applied: boolean;
  lease_lost: boolean;
  inbound: Array<{ id: string; wa_message_id: string; text: string; created_at: string }> | null;
  outbox_id: string | number | null;
  bot_id: string | null;
};

/** One turn: the common case of `writeTurns`. */
export async function writeTurn(db: Executor, e: TurnJournalEntry): Promise<TurnJournalResult> {
  return (await writeTurns(db, [e]))[0]!;
}

/**
 * Many turns (of different customers) in ONE statement — a group commit: each entry is applied
 * or not on its own (its inbox rows still unprocessed), all of them commit together. At most one
 * entry per conversation: an actor has one turn in flight.
 */
export async function writeTurns(db: Executor, entries: readonly TurnJournalEntry[]): Promise<TurnJournalResult[]> {
  if (entries.length === 0) return [];
  const at = (d: Date) => d.toISOString();
  const turns = JSON.stringify(entries.map((e, i) => ({
    i, now: at(e.now), org_id: e.orgId, f_holder: e.fence?.holder ?? null, f_token: e.fence?.token ?? null, contact_id: e.contactId, conversation_id: e.conversationId, outcome: e.outcome, n: e.inboxIds.length,
    agent_state: e.agentState ?? null, escalation: e.escalation ?? null, team_notified: e.teamNotified === true,
    has_reply: !!e.reply, r_instance_id: e.reply?.instanceId ?? null, r_key: e.reply?.idempotencyKey ?? null, r_wa_id: e.reply?.waMessageId ?? null,
    r_to_phone: e.reply?.toPhone ?? null, r_to_jid: e.reply?.toJid ?? null, r_text: e.reply?.text ?? null,
    has_call: !!e.modelCall, m_model: e.modelCall?.model ?? null, m_prompt: e.modelCall?.promptTokens ?? 0, m_completion: e.modelCall?.completionTokens ?? 0,
    m_latency: Math.round(e.modelCall?.latencyMs ?? 0), m_cost: e.modelCall?.costUsd ?? 0, m_tools: e.modelCall?.toolCalls ?? [], m_error: e.modelCall?.error ?? null,
  })));
  const ids = JSON.stringify(entries.flatMap((e, i) => e.inboxIds.map((id) => ({ i, id }))));
  const inbound = JSON.stringify(entries.flatMap((e, i) => e.inbound.map((m) => ({ i, instance_id: m.instanceId, remote_jid: m.remoteJid, wa_message_id: m.waMessageId, text: m.text, created_at: at(m.receivedAt) }))));
  // Only a fenced batch touches org_leases: an unfenced one (a tree without placement) takes no lock there.
  const fenced = entries.some((e) => e.fence)
    ? sql`select e.i from e join org_leases l
        on l.org_id = e.org_id and l.holder = e.f_holder and l.fencing_token = e.f_token and l.expires_at > e.now
      for share of l`
    : sql`select null::int as i where false`;
  const result = await sql<Row>`
    with e as (
      select * from jsonb_to_recordset(${turns}::jsonb) as x(
        i int, now timestamptz, org_id uuid, f_holder text, f_token bigint, contact_id uuid, conversation_id uuid, outcome text, n int, agent_state jsonb, escalation text, team_notified boolean,
        has_reply boolean, r_instance_id uuid, r_key text, r_wa_id text, r_to_phone text, r_to_jid text, r_text text,
        has_call boolean, m_model text, m_prompt int, m_completion int, m_latency int, m_cost numeric, m_tools jsonb, m_error text)
    ), ids as (
      select * from jsonb_to_recordset(${ids}::jsonb) as x(i int, id bigint)
    ), said as (
      select * from jsonb_to_recordset(${inbound}::jsonb) as x(i int, instance_id uuid, remote_jid text, wa_message_id text, text text, created_at timestamptz)
    ), fence as (
      ${fenced}
    ), marked as (
      update inbox set processed_at = e.now, outcome = e.outcome, claimed_until = null
      from ids join e using (i)
      where inbox.id = ids.id and inbox.processed_at is null
        and (e.f_holder is null or e.i in (select i from fence))
      returning ids.i
    ), ok as (
      select e.i from e where (select count(*) from marked where marked.i = e.i) = e.n
    ), inbound as (
      insert into messages (org_id, conversation_id, instance_id, remote_jid, wa_message_id, from_me, direction, author, text, created_at)
      select e.org_id, e.conversation_id, said.instance_id, said.remote_jid, said.wa_message_id, false, 'in', 'customer', said.text, said.created_at
      from said join e using (i) join ok using (i)
      on conflict (instance_id, remote_jid, wa_message_id, from_me) do nothing
      returning id, conversation_id, wa_message_id, text, created_at
    ), conversation as (
      update conversations c set last_message_at = e.now, updated_at = e.now,
        agent_state = coalesce(e.agent_state, c.agent_state),
        mode = case when e.escalation is null then c.mode else 'human' end,
        escalated_at = case when e.escalation is null then c.escalated_at else e.now end,
        escalation_reason = coalesce(e.escalation, c.escalation_reason),
        human_ack_at = case when e.team_notified then e.now else c.human_ack_at end
      from e join ok using (i)
      where c.org_id = e.org_id and c.id = e.conversation_id
      returning c.id
    ), contact as (
      update contacts c set last_interaction_at = e.now
      from e join ok using (i)
      where c.org_id = e.org_id and c.id = e.contact_id and (c.last_interaction_at is null or c.last_interaction_at < e.now)
      returning c.id
    ), queued as (
      insert into outbox (org_id, instance_id, idempotency_key, wa_message_id, to_phone, to_jid, text, kind, conversation_id, fencing_token, not_before, created_at, updated_at)
      select e.org_id, e.r_instance_id, e.r_key, e.r_wa_id, e.r_to_phone, e.r_to_jid, e.r_text, 'reply', e.conversation_id, e.f_token, e.now, e.now, e.now
      from e join ok using (i) where e.has_reply
      on conflict (idempotency_key) do nothing
      returning id, idempotency_key
    ), bot as (
      insert into messages (org_id, conversation_id, instance_id, remote_jid, wa_message_id, from_me, direction, author, text, created_at)
      select e.org_id, e.conversation_id, e.r_instance_id, e.r_to_jid, e.r_wa_id, true, 'out', 'bot', e.r_text, e.now
      from queued join e on e.r_key = queued.idempotency_key
      on conflict (instance_id, remote_jid, wa_message_id, from_me) do nothing
      returning id, wa_message_id
    ), model_call as (
      insert into ai_interactions (org_id, conversation_id, agent, model, prompt_tokens, completion_tokens, latency_ms, cost_usd, tool_calls, error, created_at)
      select e.org_id, e.conversation_id, 'customer', e.m_model, e.m_prompt, e.m_completion, e.m_latency, e.m_cost, e.m_tools, e.m_error, e.now
      from e join ok using (i) where e.has_call
      returning id
    )
    select e.i, (e.i in (select i from ok)) as applied,
      (e.f_holder is not null and e.i not in (select i from fence)) as lease_lost,
      (select json_agg(json_build_object('id', inbound.id, 'wa_message_id', inbound.wa_message_id, 'text', inbound.text, 'created_at', inbound.created_at))
         from inbound where inbound.conversation_id = e.conversation_id) as inbound,
      (select queued.id from queued where queued.idempotency_key = e.r_key) as outbox_id,
      (select bot.id from bot where bot.wa_message_id = e.r_wa_id) as bot_id
    from e order by e.i`.execute(db);
  return entries.map((e, i) => toResult(e, result.rows[i]!));
}

function toResult(e: TurnJournalEntry, row: Row): TurnJournalResult {
  const applied = row.applied === true;
  const leaseLost = row.lease_lost === true;
  const stored: Message[] = (row.inbound ?? []).map((m) => ({
    id: m.id, conversationId: e.conversationId, direction: 'in', author: 'customer', text: m.text, waMessageId: m.wa_message_id, createdAt: new Date(m.created_at).toISOString(),
  }));
  const reply = e.reply;
  if (!applied || !reply || row.outbox_id === null || row.bot_id === null) return { applied, leaseLost, inbound: stored };
  return {
    applied,
    leaseLost,
    inbound: stored,
    reply: {
      message: { id: row.bot_id, conversationId: e.conversationId, direction: 'out', author: 'bot', text: reply.text, waMessageId: reply.waMessageId, createdAt: e.now.toISOString() },
      outbound: {
        id: Number(row.outbox_id), orgId: e.orgId, instanceId: reply.instanceId, idempotencyKey: reply.idempotencyKey, waMessageId: reply.waMessageId,
        toPhone: reply.toPhone, toJid: reply.toJid, text: reply.text, kind: 'reply', status: 'pending', attempts: 0, notBefore: e.now, sentAt: null,
        lastError: null, conversationId: e.conversationId, campaignId: null, createdAt: e.now,
      },
    },
  };
}
