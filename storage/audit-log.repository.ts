import type { Executor } from './executor.js';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage, type Page } from './cursor.js';

/**
 * Who did something, described without any secret: what kind of credential or person it was
 * and, when known, an identifier of it (a fingerprint of the token — never the token — or a
 * staff user's id once staff accounts exist). Stored as `kind` or `kind:id`.
 */
export interface AuditActor {
  kind: 'admin-token' | 'org-token' | 'staff' | 'customer' | 'system';
  id?: string;
}

export function auditActorLabel(actor: AuditActor | string): string {
  if (typeof actor === 'string') return actor;
  return actor.id ? `${actor.kind}:${actor.id}` : actor.kind;
}

export interface AuditEntry {
  orgId: string | null;
  /** An `AuditActor`, or its label (what an actor message carries). */
  actor: AuditActor | string;
  action: string;
  entity: string;
  entityId?: string | null;
  details?: Record<string, unknown>;
  /** When it happened, from the injected clock. */
  at: Date;
}

export interface AuditRecord {
  id: number;
  actor: string;
  action: string;
  entity: string;
  entityId: string | null;
  details: Record<string, unknown>;
  at: string;
}

/** Who did what to which record: admin actions, token rotations, staff takeovers, reads of personal data. */
export class AuditLogRepository {
  constructor(readonly db: Executor) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.db
      .insertInto('audit_log')
      .values({
        org_id: entry.orgId,
        actor: auditActorLabel(entry.actor),
        action: entry.action,
        entity: entry.entity,
        entity_id: entry.entityId ?? null,
        details: JSON.stringify(entry.details ?? {}),
        created_at: entry.at,
      })
      .execute();
  }

  async list(orgId: string, limit = 100) {
    return this.db.selectFrom('audit_log').selectAll().where('org_id', '=', orgId).orderBy('id', 'desc').limit(limit).execute();
  }

  /** Newest first, keyset-paginated by id; `entityId` narrows it to one record (a contact, a conversation). */
  async page(orgId: string, options: { cursor?: string; limit?: number; entityId?: string; action?: string } = {}): Promise<Page<AuditRecord>> {
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    let query = this.db.selectFrom('audit_log').selectAll().where('org_id', '=', orgId);
    if (options.entityId) query = query.where('entity_id', '=', options.entityId);
    if (options.action) query = query.where('action', '=', options.action);
    const before = options.cursor ? decodeCursor(options.cursor, 'instant', 'integer') : undefined;
    if (before) query = query.where('id', '<', Number(before.id));
    const rows = await query.orderBy('id', 'desc').limit(limit + 1).execute();
    return toPage(
      rows,
      limit,
      (r) => ({ id: r.id, actor: r.actor, action: r.action, entity: r.entity, entityId: r.entity_id, details: r.details, at: r.created_at.toISOString() }),
      (r) => ({ key: r.created_at.toISOString(), id: String(r.id) }),
    );
  }
}
