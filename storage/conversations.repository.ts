import { sql } from 'kysely';
import type { Executor } from './executor.js';
import type { ConversationMode, ConversationRow } from './database.js';
import { DEFAULT_PAGE_SIZE, decodeCursor, toPage, type Page } from './cursor.js';

export interface Conversation {
  id: string;
  orgId: string;
  contactId: string;
  instanceId: string;
  mode: ConversationMode;
  escalatedAt: string | null;
  escalationReason: string | null;
  lastMessageAt: string | null;
  /** When staff last wrote in it (dashboard or the shop's own phone). */
  lastStaffMessageAt: string | null;
  /** When the bot last acknowledged a customer waiting on the team (human mode). */
  humanAckAt: string | null;
  /**
   * Human mode only: the oldest customer message nobody of the team has answered yet (null when
   * the team spoke last). Computed by `list`; absent where a conversation was read otherwise.
   */
  waitingSince?: string | null;
}

/** What the conversations list reads: `mode`, a search (`q`) and the order. */
export interface ConversationListOptions {
  mode?: ConversationMode;
  /** Customer name, phone (digits anywhere in it) or the text of any message not erased. */
  q?: string;
  /** `recent`: latest activity first (default). `waiting`: customers waiting on the team, longest wait first. */
  sort?: 'recent' | 'waiting';
  cursor?: string;
  limit?: number;
}

/** `%text%` for LIKE/ILIKE with the pattern characters (`%`, `_`, `\`) taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Since when the customer of a human-mode conversation has waited on the team: their oldest
 * message after the team's last word — the last staff message, or the last thing the bot said
 * before the hand-off (what the bot says after it, "a equipe já foi avisada", answers nothing).
 * Both lookups walk `messages_conversation_created_idx`.
 */
const WAITING_SINCE = sql<Date | null>`case when c.mode = 'human' then (
  select min(m.created_at) from messages m
  where m.org_id = c.org_id and m.conversation_id = c.id and m.direction = 'in'
    and m.created_at > coalesce(greatest(c.last_staff_message_at, (
      select max(o.created_at) from messages o
      where o.org_id = c.org_id and o.conversation_id = c.id and o.direction = 'out' and o.created_at < c.escalated_at
    )), '-infinity'::timestamptz)
) end`;

export function conversationRowToConversation(row: ConversationRow): Conversation {
  return {
    id: row.id,
    orgId: row.org_id,
    contactId: row.contact_id,
    instanceId: row.instance_id,
    mode: row.mode,
    escalatedAt: row.escalated_at?.toISOString() ?? null,
    escalationReason: row.escalation_reason,
    lastMessageAt: row.last_message_at?.toISOString() ?? null,
    lastStaffMessageAt: row.last_staff_message_at?.toISOString() ?? null,
    humanAckAt: row.human_ack_at?.toISOString() ?? null,
  };
}

/** When staff last spoke or took the conversation over (the human-mode quiet period counts from here). */
export function lastHumanActivityOf(row: Pick<ConversationRow, 'last_staff_message_at' | 'escalated_at'>): Date | null {
  const times = [row.last_staff_message_at, row.escalated_at].filter((t): t is Date => !!t);
  return times.length ? new Date(Math.max(...times.map((t) => t.getTime()))) : null;
}

export class ConversationsRepository {
  constructor(readonly db: Executor) {}

  /** One conversation per contact and WhatsApp number, race-free through the UNIQUE key. */
  async findOrCreate(orgId: string, contactId: string, instanceId: string, now: Date): Promise<Conversation> {
    return conversationRowToConversation((await this.findOrCreateRow(orgId, contactId, instanceId, now)).row);
  }

  /** `findOrCreate` with the whole row (agent state, staff activity) and whether this call created it. */
  async findOrCreateRow(orgId: string, contactId: string, instanceId: string, now: Date): Promise<{ row: ConversationRow; created: boolean }> {
    const inserted = await this.db
      .insertInto('conversations')
      .values({ org_id: orgId, contact_id: contactId, instance_id: instanceId, created_at: now, updated_at: now })
      .onConflict((oc) => oc.columns(['org_id', 'contact_id', 'instance_id']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return { row: inserted, created: true };
    const row = await this.db
      .selectFrom('conversations')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('contact_id', '=', contactId)
      .where('instance_id', '=', instanceId)
      .executeTakeFirstOrThrow();
    return { row, created: false };
  }

  /** The number a contact last talked to the shop on, if they ever did. */
  async latestInstanceOf(orgId: string, contactId: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('conversations')
      .select('instance_id')
      .where('org_id', '=', orgId)
      .where('contact_id', '=', contactId)
      .orderBy(sql`last_message_at desc nulls last`)
      .limit(1)
      .executeTakeFirst();
    return row?.instance_id;
  }

  async findById(orgId: string, id: string): Promise<Conversation | undefined> {
    const row = await this.db.selectFrom('conversations').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
    return row && conversationRowToConversation(row);
  }

  /**
   * Most recent activity first, keyset on (last_message_at, id); or, with `sort: 'waiting'`, only
   * the human-mode conversations whose customer waits on the team, longest wait first (keyset on
   * (waiting_since, id)). Every row carries `waitingSince`.
   */
  async list(orgId: string, options: ConversationListOptions = {}): Promise<Page<Conversation>> {
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    let inner = this.db.selectFrom('conversations as c').selectAll('c').select(WAITING_SINCE.as('waiting_since'))
      .where('c.org_id', '=', orgId).where('c.last_message_at', 'is not', null);
    if (options.mode) inner = inner.where('c.mode', '=', options.mode);
    if (options.sort === 'waiting') inner = inner.where('c.mode', '=', 'human');
    if (options.q) {
      const like = containsPattern(options.q);
      const digits = options.q.replace(/\D/g, '');
      inner = inner.where((eb) => eb.or([
        eb.exists(eb.selectFrom('contacts as ct').select(sql`1`.as('one'))
          .whereRef('ct.org_id', '=', 'c.org_id').whereRef('ct.id', '=', 'c.contact_id')
          .where((w) => w.or([w('ct.name', 'ilike', like), ...(digits.length >= 4 ? [w('ct.phone', 'like', `%${digits}%`)] : [])]))),
        eb.exists(eb.selectFrom('messages as m').select(sql`1`.as('one'))
          .whereRef('m.org_id', '=', 'c.org_id').whereRef('m.conversation_id', '=', 'c.id')
          .where('m.erased_at', 'is', null).where('m.text', 'ilike', like)),
      ]));
    }
    const after = options.cursor ? decodeCursor(options.cursor, 'instant') : undefined;
    const at = after && new Date(after.key);
    const toConversation = (r: ConversationRow & { waiting_since: Date | string | null }): Conversation => ({
      ...conversationRowToConversation(r),
      waitingSince: r.waiting_since === null ? null : new Date(r.waiting_since).toISOString(),
    });
    if (options.sort === 'waiting') {
      let query = this.db.selectFrom(inner.as('w')).selectAll().where('waiting_since', 'is not', null);
      if (after && at) query = query.where((eb) => eb.or([eb('waiting_since', '>', at), eb.and([eb('waiting_since', '=', at), eb('id', '>', after.id)])]));
      const rows = await query.orderBy('waiting_since').orderBy('id').limit(limit + 1).execute();
      return toPage(rows, limit, toConversation, (r) => ({ key: new Date(r.waiting_since!).toISOString(), id: r.id }));
    }
    if (after && at) inner = inner.where((eb) => eb.or([eb('c.last_message_at', '<', at), eb.and([eb('c.last_message_at', '=', at), eb('c.id', '<', after.id)])]));
    const rows = await inner.orderBy('c.last_message_at', 'desc').orderBy('c.id', 'desc').limit(limit + 1).execute();
    return toPage(rows, limit, toConversation, (r) => ({ key: r.last_message_at!.toISOString(), id: r.id }));
  }

  async escalate(orgId: string, id: string, reason: string, now: Date): Promise<Conversation | undefined> {
    const row = await this.db
      .updateTable('conversations')
      .set({ mode: 'human', escalated_at: now, escalation_reason: reason, updated_at: now })
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row && conversationRowToConversation(row);
  }

  async release(orgId: string, id: string, now: Date): Promise<Conversation | undefined> {
    const row = await this.db
      .updateTable('conversations')
      .set({ mode: 'bot', escalated_at: null, escalation_reason: null, updated_at: now })
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row && conversationRowToConversation(row);
  }

  async saveAgentState(orgId: string, id: string, state: Record<string, unknown>): Promise<void> {
    await this.db.updateTable('conversations').set({ agent_state: JSON.stringify(state) }).where('org_id', '=', orgId).where('id', '=', id).execute();
  }

  async touch(orgId: string, id: string, at: Date, options: { staff?: boolean } = {}): Promise<void> {
    await this.db
      .updateTable('conversations')
      .set({ last_message_at: at, updated_at: at, ...(options.staff && { last_staff_message_at: at }) })
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .execute();
  }
}
