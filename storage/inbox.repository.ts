import { sql } from 'kysely';
import type { Executor } from './executor.js';
import type { InboxRow } from './database.js';
import type { InboundMedia } from '../domain/inbound-media.js';

export interface InboundMessage {
  orgId: string;
  instanceId: string;
  remoteJid: string;
  waMessageId: string;
  fromMe: boolean;
  senderPhone: string | null;
  senderLid?: string | null;
  pushName?: string | null;
  /** What the customer wrote: the text, or the media's caption (maybe empty). */
  text: string;
  /** A voice note, photo, location, sticker or document the message carried. */
  media?: InboundMedia | null;
  /** When we received it, from the injected clock (replay and analytics compare it). */
  receivedAt: Date;
}

export interface StoredInbound extends InboundMessage {
  id: number;
  attempts: number;
  receivedAt: Date;
  /**
   * When this process took the message from WhatsApp (its clock), on rows handed over as they
   * arrive; absent on rows read back from the inbox. `receivedAt` is the sender's own stamp
   * (WhatsApp gives whole seconds), so it cannot time a window of our own.
   */
  acceptedAtMs?: number;
}

/** The identity of a WhatsApp message as WhatsApp itself defines it. */
export function inboxDedupeKey(m: Pick<InboundMessage, 'instanceId' | 'remoteJid' | 'waMessageId' | 'fromMe'>): string {
  return `${m.instanceId}/${m.remoteJid}/${m.waMessageId}/${m.fromMe ? 1 : 0}`;
}

function inboxRowOf(message: InboundMessage, dedupeKey: string) {
  return {
    org_id: message.orgId,
    instance_id: message.instanceId,
    dedupe_key: dedupeKey,
    remote_jid: message.remoteJid,
    wa_message_id: message.waMessageId,
    from_me: message.fromMe,
    sender_phone: message.senderPhone,
    sender_lid: message.senderLid ?? null,
    push_name: message.pushName ?? null,
    text: message.text,
    media: message.media ? JSON.stringify(message.media) : null,
    received_at: message.receivedAt,
  };
}

function inboxRowToInbound(row: InboxRow): StoredInbound {
  return {
    id: row.id,
    orgId: row.org_id,
    instanceId: row.instance_id,
    remoteJid: row.remote_jid,
    waMessageId: row.wa_message_id,
    fromMe: row.from_me,
    senderPhone: row.sender_phone,
    senderLid: row.sender_lid,
    pushName: row.push_name,
    text: row.text,
    media: row.media ?? null,
    attempts: row.attempts,
    receivedAt: row.received_at,
  };
}

export class InboxRepository {
  constructor(readonly db: Executor) {}

  /**
   * Makes inbound messages durable before anything else happens, many in one statement (a
   * session's group commit). Returns, in input order, the stored row's id for each new message
   * and undefined for a duplicate (already in the inbox, or earlier in the same batch).
   */
  async acceptMany(messages: readonly InboundMessage[]): Promise<Array<number | undefined>> {
    if (messages.length === 0) return [];
    const keys = messages.map(inboxDedupeKey);
    const rows = await this.db
      .insertInto('inbox')
      .values(messages.map((message, i) => inboxRowOf(message, keys[i]!)))
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning(['id', 'dedupe_key'])
      .execute();
    const ids = new Map(rows.map((row) => [row.dedupe_key, row.id]));
    // A key twice in one batch is inserted once: only its first occurrence gets the id.
    return keys.map((key) => {
      const id = ids.get(key);
      ids.delete(key);
      return id;
    });
  }

  async findById(id: number): Promise<StoredInbound | undefined> {
    const row = await this.db.selectFrom('inbox').selectAll().where('id', '=', id).executeTakeFirst();
    return row && inboxRowToInbound(row);
  }

  async isProcessed(id: number): Promise<boolean> {
    const row = await this.db.selectFrom('inbox').select('processed_at').where('id', '=', id).executeTakeFirst();
    return !!row?.processed_at;
  }

  /** Unprocessed rows, oldest first: what a restart must replay. */
  async listUnprocessed(options: { orgId?: string; instanceId?: string; limit?: number } = {}): Promise<StoredInbound[]> {
    let query = this.db.selectFrom('inbox').selectAll().where('processed_at', 'is', null);
    if (options.orgId) query = query.where('org_id', '=', options.orgId);
    if (options.instanceId) query = query.where('instance_id', '=', options.instanceId);
    const rows = await query.orderBy('id').limit(options.limit ?? 1000).execute();
    return rows.map(inboxRowToInbound);
  }

  /** One customer's unprocessed rows (by phone, or by LID when WhatsApp hid the phone): a restarted actor's replay. */
  async listUnprocessedForSender(orgId: string, sender: { phone: string; lid?: string | null }): Promise<StoredInbound[]> {
    const rows = await this.db
      .selectFrom('inbox')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('processed_at', 'is', null)
      .where((eb) => (sender.lid ? eb.or([eb('sender_phone', '=', sender.phone), eb('sender_lid', '=', sender.lid)]) : eb('sender_phone', '=', sender.phone)))
      .orderBy('id')
      .execute();
    return rows.map(inboxRowToInbound);
  }

  /**
   * Marks a row processed inside the turn's transaction. Returns false when it
   * already was: the caller must then abandon the turn (roll back), which is
   * what keeps a redelivered message from producing a second reply.
   */
  async markProcessed(id: number, outcome: string, now: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('inbox')
      .set({ processed_at: now, outcome, claimed_until: null })
      .where('id', '=', id)
      .where('processed_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async recordAttempt(id: number, error: string | null): Promise<void> {
    await this.db
      .updateTable('inbox')
      .set({ attempts: sql`attempts + 1`, last_error: error })
      .where('id', '=', id)
      .execute();
  }
}
