import type { Selectable } from 'kysely';
import type { CannedRepliesTable } from './database.js';
import type { Executor } from './executor.js';
import { ConflictError, isUniqueViolation } from './storage-errors.js';

/** How many canned replies a shop keeps: the picker lists them all, unpaginated. */
export const MAX_CANNED_REPLIES = 100;

export interface CannedReply {
  id: string;
  title: string;
  /** The template, with variables such as {cliente} (domain/canned-replies.ts). */
  text: string;
  createdAt: string;
  updatedAt: string;
}

type CannedReplyRow = Selectable<CannedRepliesTable>;

function toCannedReply(row: CannedReplyRow): CannedReply {
  return { id: row.id, title: row.title, text: row.text, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString() };
}

const titleTaken = () => new ConflictError('ALREADY_EXISTS', 'Another canned reply already has this title');

/** A shop's canned replies ("respostas prontas"), by title. */
export class CannedRepliesRepository {
  constructor(readonly db: Executor) {}

  async list(orgId: string): Promise<CannedReply[]> {
    const rows = await this.db.selectFrom('canned_replies').selectAll().where('org_id', '=', orgId).orderBy('title').orderBy('id').execute();
    return rows.map(toCannedReply);
  }

  async findById(orgId: string, id: string): Promise<CannedReply | undefined> {
    const row = await this.db.selectFrom('canned_replies').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
    return row && toCannedReply(row);
  }

  /** ALREADY_EXISTS for a title the shop uses (any case); CONFLICT past MAX_CANNED_REPLIES. */
  async create(orgId: string, input: { title: string; text: string }, now: Date): Promise<CannedReply> {
    const { n } = await this.db.selectFrom('canned_replies').select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', orgId).executeTakeFirstOrThrow();
    if (Number(n) >= MAX_CANNED_REPLIES) throw new ConflictError('CONFLICT', `A shop keeps at most ${MAX_CANNED_REPLIES} canned replies`);
    try {
      const row = await this.db.insertInto('canned_replies')
        .values({ org_id: orgId, title: input.title, text: input.text, created_at: now, updated_at: now })
        .returningAll().executeTakeFirstOrThrow();
      return toCannedReply(row);
    } catch (error) {
      if (isUniqueViolation(error, 'canned_replies_org_title_key')) throw titleTaken();
      throw error;
    }
  }

  /** Undefined when the shop has no such reply. */
  async update(orgId: string, id: string, patch: { title?: string; text?: string }, now: Date): Promise<CannedReply | undefined> {
    try {
      const row = await this.db.updateTable('canned_replies')
        .set({ ...patch, updated_at: now })
        .where('org_id', '=', orgId).where('id', '=', id)
        .returningAll().executeTakeFirst();
      return row && toCannedReply(row);
    } catch (error) {
      if (isUniqueViolation(error, 'canned_replies_org_title_key')) throw titleTaken();
      throw error;
    }
  }

  /** Whether there was such a reply. */
  async delete(orgId: string, id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('canned_replies').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
