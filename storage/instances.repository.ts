import { sql } from 'kysely';
import type { Executor } from './executor.js';
import type { InstanceRow, InstanceStatus } from './database.js';

export interface Instance {
  id: string;
  orgId: string;
  name: string;
  phone: string | null;
  transport: 'simulator' | 'baileys';
  status: InstanceStatus;
  authMethod: 'pairing' | 'qr' | 'imported' | null;
  lastConnectedAt: string | null;
  consecutiveFailures: number;
  createdAt: string;
}

export interface NewInstance {
  orgId: string;
  name: string;
  phone?: string | null;
  transport: 'simulator' | 'baileys';
  /** From the injected clock: stale-number retirement compares it. */
  createdAt: Date;
}

export function instanceRowToInstance(row: InstanceRow): Instance {
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    phone: row.phone,
    transport: row.transport,
    status: row.status,
    authMethod: row.auth_method,
    lastConnectedAt: row.last_connected_at?.toISOString() ?? null,
    consecutiveFailures: row.consecutive_failures,
    createdAt: row.created_at.toISOString(),
  };
}

export class InstancesRepository {
  constructor(readonly db: Executor) {}

  async create(input: NewInstance): Promise<Instance> {
    const row = await this.db
      .insertInto('instances')
      .values({ org_id: input.orgId, name: input.name, phone: input.phone ?? null, transport: input.transport, auth_method: null, created_at: input.createdAt, updated_at: input.createdAt })
      .returningAll()
      .executeTakeFirstOrThrow();
    return instanceRowToInstance(row);
  }

  /** Scoped by org: another org's instance id is simply not found. */
  async findById(orgId: string, id: string): Promise<Instance | undefined> {
    const row = await this.db.selectFrom('instances').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
    return row && instanceRowToInstance(row);
  }

  async listByOrg(orgId: string): Promise<Instance[]> {
    const rows = await this.db.selectFrom('instances').selectAll().where('org_id', '=', orgId).orderBy('created_at').orderBy('id').execute();
    return rows.map(instanceRowToInstance);
  }

  /** The number an org's own messages go out from: a connected one if any, else its first. */
  async preferredForSending(orgId: string): Promise<Instance | undefined> {
    const instances = await this.listByOrg(orgId);
    return instances.find((i) => i.status === 'open') ?? instances[0];
  }

  async listAll(): Promise<Instance[]> {
    const rows = await this.db.selectFrom('instances').selectAll().orderBy('created_at').orderBy('id').execute();
    return rows.map(instanceRowToInstance);
  }

  async setStatus(id: string, status: InstanceStatus, now: Date): Promise<void> {
    await this.db.updateTable('instances').set({ status, updated_at: now }).where('id', '=', id).execute();
  }

  async setPhone(id: string, phone: string, now: Date): Promise<void> {
    await this.db.updateTable('instances').set({ phone, updated_at: now }).where('id', '=', id).execute();
  }

  async setAuthMethod(id: string, authMethod: 'pairing' | 'qr' | 'imported', now: Date): Promise<void> {
    await this.db.updateTable('instances').set({ auth_method: authMethod, updated_at: now }).where('id', '=', id).execute();
  }

  /** A socket reached `open`: failures reset, stale flag cleared. */
  async recordConnected(id: string, now: Date): Promise<void> {
    await this.db
      .updateTable('instances')
      .set({ status: 'open', last_connected_at: now, consecutive_failures: 0, stale_flagged_at: null, updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  /** Counts one more failed connection attempt and returns the new streak. */
  async recordFailure(id: string, now: Date): Promise<number> {
    const row = await this.db
      .updateTable('instances')
      .set({ consecutive_failures: sql`consecutive_failures + 1`, updated_at: now })
      .where('id', '=', id)
      .returning('consecutive_failures')
      .executeTakeFirst();
    return row?.consecutive_failures ?? 0;
  }

  async mergeMetadata(id: string, patch: Record<string, unknown>, now: Date): Promise<void> {
    await this.db
      .updateTable('instances')
      .set({ metadata: sql`metadata || ${JSON.stringify(patch)}::jsonb`, updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  /** Instances whose last connection (or creation) is older than `before` and not yet flagged. */
  async listStale(before: Date): Promise<Instance[]> {
    const rows = await this.db
      .selectFrom('instances')
      .selectAll()
      .where('stale_flagged_at', 'is', null)
      .where('status', '!=', 'open')
      .where(sql<boolean>`coalesce(last_connected_at, created_at) < ${before}`)
      .execute();
    return rows.map(instanceRowToInstance);
  }

  async flagStale(id: string, now: Date): Promise<void> {
    await this.db.updateTable('instances').set({ stale_flagged_at: now, updated_at: now }).where('id', '=', id).execute();
  }
}
