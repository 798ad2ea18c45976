import type { Executor } from './executor.js';
import type { MessageAuthor, MessageRow } from './database.js';
import { DEFAULT_PAGE_SIZE, decodeCursor, toPage, type Page } from './cursor.js';

export interface Message {
  id: string;
  conversationId: string;
  direction: 'in' | 'out';
  author: MessageAuthor;
  text: string;
  waMessageId: string;
  createdAt: string;
  /** Who of the team sent it from the dashboard or the API (an audit actor label); null or absent otherwise. */
  sentBy?: string | null;
}

export interface NewMessage {
  orgId: string;
  conversationId: string;
  instanceId: string;
  remoteJid: string;
  waMessageId: string;
  fromMe: boolean;
  direction: 'in' | 'out';
  author: MessageAuthor;
  text: string;
  /** From the injected clock: the window and pages are ordered by it. */
  createdAt: Date;
  /** A staff reply's sender, as the audit log names them (`staff:<user id>`, `org-token:<fingerprint>`…). */
  sentBy?: string | null;
}

export function messageRowToMessage(row: MessageRow): Message {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    direction: row.direction,
    author: row.author,
    text: row.text,
    waMessageId: row.wa_message_id,
    createdAt: row.created_at.toISOString(),
    sentBy: row.sent_by ?? null,
  };
}

export class MessagesRepository {
  constructor(readonly db: Executor) {}

  /**
   * Stores a message once: WhatsApp redelivers, Baileys upserts a message more
   * than once, and a replayed turn writes its reply again. The UNIQUE
   * (instance, remote_jid, wa id, from_me) key turns repeats into no-ops.
   * Returns undefined when the message was already stored.
   */
  async insertOnce(message: NewMessage): Promise<Message | undefined> {
    const row = await this.db
      .insertInto('messages')
      .values({
        org_id: message.orgId,
        conversation_id: message.conversationId,
        instance_id: message.instanceId,
        remote_jid: message.remoteJid,
        wa_message_id: message.waMessageId,
        from_me: message.fromMe,
        direction: message.direction,
        author: message.author,
        text: message.text,
        created_at: message.createdAt,
        ...(message.sentBy && { sent_by: message.sentBy }),
      })
      .onConflict((oc) => oc.columns(['instance_id', 'remote_jid', 'wa_message_id', 'from_me']).doNothing())
      .returningAll()
      .executeTakeFirst();
    return row && messageRowToMessage(row);
  }

  /** The last `size` messages of a conversation, oldest first: the LLM's window. */
  async window(orgId: string, conversationId: string, size: number): Promise<Message[]> {
    const rows = await this.db
      .selectFrom('messages')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('conversation_id', '=', conversationId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(size)
      .execute();
    return rows.reverse().map(messageRowToMessage);
  }

  /** Oldest first, keyset on (created_at, id). */
  async list(orgId: string, conversationId: string, options: { cursor?: string; limit?: number } = {}): Promise<Page<Message>> {
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    let query = this.db.selectFrom('messages').selectAll().where('org_id', '=', orgId).where('conversation_id', '=', conversationId);
    const after = options.cursor ? decodeCursor(options.cursor, 'instant') : undefined;
    if (after) {
      const at = new Date(after.key);
      query = query.where((eb) => eb.or([eb('created_at', '>', at), eb.and([eb('created_at', '=', at), eb('id', '>', after.id)])]));
    }
    const rows = await query.orderBy('created_at').orderBy('id').limit(limit + 1).execute();
    return toPage(rows, limit, messageRowToMessage, (r) => ({ key: r.created_at.toISOString(), id: r.id }));
  }
}
