import type { Executor } from './executor.js';
import type { PendingActionRow } from './database.js';

export type PendingActionKind = 'cadastrar_pet' | 'agendar_servico' | 'cancelar_agendamento' | 'remarcar_agendamento' | 'apagar_dados';

export interface PendingAction {
  id: string;
  conversationId: string;
  kind: PendingActionKind;
  payload: Record<string, unknown>;
  summary: string;
  status: PendingActionRow['status'];
  expiresAt: Date;
  resolvedByInboxId: number | null;
  resultText: string | null;
}

function rowToPendingAction(row: PendingActionRow): PendingAction {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    kind: row.kind as PendingActionKind,
    payload: row.payload,
    summary: row.summary,
    status: row.status,
    expiresAt: row.expires_at,
    resolvedByInboxId: row.resolved_by_inbox_id,
    resultText: row.result_text,
  };
}

export const DEFAULT_PENDING_ACTION_TTL_MS = 30 * 60_000;

/**
 * Writes the assistant proposed and the customer has yet to confirm. At most
 * one is open per conversation: a new proposal supersedes the previous one.
 */
export class PendingActionsRepository {
  constructor(readonly db: Executor) {}

  async propose(orgId: string, conversationId: string, kind: PendingActionKind, payload: Record<string, unknown>, summary: string, now: Date, ttlMs = DEFAULT_PENDING_ACTION_TTL_MS): Promise<PendingAction> {
    await this.db
      .updateTable('pending_actions')
      .set({ status: 'superseded', resolved_at: now })
      .where('org_id', '=', orgId)
      .where('conversation_id', '=', conversationId)
      .where('status', '=', 'pending')
      .execute();
    const row = await this.db
      .insertInto('pending_actions')
      .values({ org_id: orgId, conversation_id: conversationId, kind, payload: JSON.stringify(payload), summary, expires_at: new Date(now.getTime() + ttlMs), created_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    return rowToPendingAction(row);
  }

  /** The open proposal, if any and not expired (an expired one is marked so on the way). */
  async findOpen(orgId: string, conversationId: string, now: Date): Promise<PendingAction | undefined> {
    const row = await this.db
      .selectFrom('pending_actions')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('conversation_id', '=', conversationId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (!row) return undefined;
    if (row.expires_at <= now) {
      await this.db.updateTable('pending_actions').set({ status: 'expired', resolved_at: now }).where('id', '=', row.id).where('status', '=', 'pending').execute();
      return undefined;
    }
    return rowToPendingAction(row);
  }

  /** The action a given inbound message already resolved (a replayed turn reuses its outcome). */
  async findResolvedBy(orgId: string, inboxId: number): Promise<PendingAction | undefined> {
    const row = await this.db
      .selectFrom('pending_actions')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('resolved_by_inbox_id', '=', inboxId)
      .executeTakeFirst();
    return row && rowToPendingAction(row);
  }

  /** Resolves an open action exactly once; false when it was no longer pending. */
  async resolve(id: string, status: 'confirmed' | 'rejected' | 'failed', inboxId: number, resultText: string, now: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('pending_actions')
      .set({ status, resolved_at: now, resolved_by_inbox_id: inboxId, result_text: resultText })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}
