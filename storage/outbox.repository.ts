import { sql } from 'kysely';
import { decodeCursor, MAX_PAGE_SIZE, toPage, type Page } from './cursor.js';
import type { Executor } from './executor.js';
import type { OutboxKind, OutboxRow, OutboxStatus } from './database.js';

export interface OutboundMessage {
  orgId: string;
  instanceId: string;
  /** Same key, same message: a replayed turn cannot enqueue its reply twice. */
  idempotencyKey: string;
  /** Chosen before the first send attempt and reused on every retry. */
  waMessageId: string;
  toPhone: string;
  toJid: string;
  text: string;
  kind: OutboxKind;
  /** When it was queued, from the injected clock. */
  queuedAt: Date;
  /** Not sent before this instant; defaults to `queuedAt`. */
  notBefore?: Date;
  conversationId?: string | null;
  campaignId?: string | null;
  /** The org lease this reply is queued under (checked by the caller's transaction). */
  fencingToken?: number;
}

export interface StoredOutbound extends Required<Omit<OutboundMessage, 'notBefore' | 'queuedAt' | 'fencingToken'>> {
  id: number;
  status: OutboxStatus;
  attempts: number;
  notBefore: Date;
  sentAt: Date | null;
  lastError: string | null;
  createdAt: Date;
}

function outboxRowToOutbound(row: OutboxRow): StoredOutbound {
  return {
    id: row.id,
    orgId: row.org_id,
    instanceId: row.instance_id,
    idempotencyKey: row.idempotency_key,
    waMessageId: row.wa_message_id,
    toPhone: row.to_phone,
    toJid: row.to_jid,
    text: row.text,
    kind: row.kind,
    status: row.status,
    attempts: row.attempts,
    notBefore: row.not_before,
    sentAt: row.sent_at,
    lastError: row.last_error,
    conversationId: row.conversation_id,
    campaignId: row.campaign_id,
    createdAt: row.created_at,
  };
}

/** Once a row is done (sent or given up), the destination of a row that asked to forget it goes. */
const forgetDestinationIfAsked = {
  to_phone: sql<string>`case when forget_destination_on_send then '' else to_phone end`,
  to_jid: sql<string>`case when forget_destination_on_send then '' else to_jid end`,
};

export class OutboxRepository {
  constructor(readonly db: Executor) {}

  /** Enqueues once per idempotency key; returns the stored row and whether it was new. */
  async enqueue(message: OutboundMessage): Promise<{ message: StoredOutbound; created: boolean }> {
    const inserted = await this.db
      .insertInto('outbox')
      .values({
        org_id: message.orgId,
        instance_id: message.instanceId,
        idempotency_key: message.idempotencyKey,
        wa_message_id: message.waMessageId,
        to_phone: message.toPhone,
        to_jid: message.toJid,
        text: message.text,
        kind: message.kind,
        conversation_id: message.conversationId ?? null,
        campaign_id: message.campaignId ?? null,
        fencing_token: message.fencingToken ?? null,
        not_before: message.notBefore ?? message.queuedAt,
        created_at: message.queuedAt,
        updated_at: message.queuedAt,
      })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return { message: outboxRowToOutbound(inserted), created: true };
    const existing = await this.db
      .selectFrom('outbox')
      .selectAll()
      .where('idempotency_key', '=', message.idempotencyKey)
      .executeTakeFirstOrThrow();
    return { message: outboxRowToOutbound(existing), created: false };
  }

  /** Pending messages of one number that may go out now, in enqueue order. */
  async listDue(instanceId: string, now: Date, limit = 50): Promise<StoredOutbound[]> {
    const rows = await this.db
      .selectFrom('outbox')
      .selectAll()
      .where('instance_id', '=', instanceId)
      .where('status', 'in', ['pending', 'sending'])
      .where('not_before', '<=', now)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(outboxRowToOutbound);
  }

  /** When the earliest pending message of a number may go out, if any. */
  async nextDueAt(instanceId: string): Promise<Date | undefined> {
    const row = await this.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.min('not_before').as('at'))
      .where('instance_id', '=', instanceId)
      .where('status', 'in', ['pending', 'sending'])
      .executeTakeFirst();
    return row?.at ? new Date(row.at as unknown as string) : undefined;
  }

  async countPending(instanceId: string): Promise<number> {
    const row = await this.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('instance_id', '=', instanceId)
      .where('status', 'in', ['pending', 'sending'])
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Recorded before the transport call, so a crash mid-send is visible as 'sending' and retried with the same id. */
  async markSending(id: number, now: Date): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({ status: 'sending', attempts: sql`attempts + 1`, updated_at: now })
      .where('id', '=', id)
      .where('status', 'in', ['pending', 'sending'])
      .execute();
  }

  /**
   * `countAttempt`: the attempt was not counted before it went (a first send is marked once, after).
   * A row that was to forget its destination once delivered (a deletion's confirmation) forgets it here.
   */
  async markSent(id: number, now: Date, countAttempt = false): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({
        status: 'sent', sent_at: now, last_error: null, updated_at: now, ...(countAttempt && { attempts: sql`attempts + 1` }),
        ...forgetDestinationIfAsked,
      })
      .where('id', '=', id)
      .execute();
  }

  async scheduleRetry(id: number, error: string, notBefore: Date, now: Date): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({ status: 'pending', last_error: error, not_before: notBefore, updated_at: now })
      .where('id', '=', id)
      .where('status', '!=', 'cancelled')
      .execute();
  }

  async markFailed(id: number, error: string, now: Date): Promise<void> {
    await this.db.updateTable('outbox').set({ status: 'failed', last_error: error, updated_at: now, ...forgetDestinationIfAsked }).where('id', '=', id).execute();
  }

  async cancel(id: number, reason: string, now: Date): Promise<void> {
    await this.db.updateTable('outbox').set({ status: 'cancelled', last_error: reason, updated_at: now }).where('id', '=', id).where('status', 'in', ['pending', 'sending']).execute();
  }

  async cancelCampaign(campaignId: string, now: Date): Promise<number> {
    const result = await this.db
      .updateTable('outbox')
      .set({ status: 'cancelled', updated_at: now })
      .where('campaign_id', '=', campaignId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** What a number sent (the simulator's outbound view), oldest first; keyset on (sent_at, id). */
  async listSent(instanceId: string, options: { toPhone?: string; after?: Date; cursor?: string; limit?: number } = {}): Promise<Page<StoredOutbound>> {
    const limit = options.limit ?? MAX_PAGE_SIZE;
    let query = this.db.selectFrom('outbox').selectAll().where('instance_id', '=', instanceId).where('status', '=', 'sent');
    if (options.toPhone) query = query.where('to_phone', '=', options.toPhone);
    if (options.after) query = query.where('sent_at', '>', options.after);
    const position = options.cursor ? decodeCursor(options.cursor, 'instant', 'integer') : undefined;
    if (position) {
      const at = new Date(position.key);
      const id = Number(position.id);
      query = query.where((eb) => eb.or([eb('sent_at', '>', at), eb.and([eb('sent_at', '=', at), eb('id', '>', id)])]));
    }
    const rows = await query.orderBy('sent_at').orderBy('id').limit(limit + 1).execute();
    return toPage(rows, limit, outboxRowToOutbound, (r) => ({ key: r.sent_at!.toISOString(), id: String(r.id) }));
  }
}
