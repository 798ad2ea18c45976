import type { Executor } from './executor.js';

export interface AuditEntry {
  orgId: string | null;
  actor: string;
  action: string;
  entity: string;
  entityId?: string | null;
  details?: Record<string, unknown>;
  /** When it happened, from the injected clock. */
  at: Date;
}

/** Who did what to which record: admin actions, token rotations, staff takeovers. */
export class AuditLogRepository {
  constructor(readonly db: Executor) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.db
      .insertInto('audit_log')
      .values({
        org_id: entry.orgId,
        actor: entry.actor,
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
}
