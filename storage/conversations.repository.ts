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
}

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

  /** Most recent activity first; keyset on (last_message_at, id). */
  async list(orgId: string, options: { mode?: ConversationMode; cursor?: string; limit?: number } = {}): Promise<Page<Conversation>> {
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    let query = this.db.selectFrom('conversations').selectAll().where('org_id', '=', orgId).where('last_message_at', 'is not', null);
    if (options.mode) query = query.where('mode', '=', options.mode);
    const after = options.cursor ? decodeCursor(options.cursor, 'instant') : undefined;
    if (after) {
      const at = new Date(after.key);
      query = query.where((eb) => eb.or([eb('last_message_at', '<', at), eb.and([eb('last_message_at', '=', at), eb('id', '<', after.id)])]));
    }
    const rows = await query.orderBy('last_message_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
    return toPage(rows, limit, conversationRowToConversation, (r) => ({ key: r.last_message_at!.toISOString(), id: r.id }));
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
