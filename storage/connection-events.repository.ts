import type { InstanceStatus } from './database.js';
import type { Executor } from './executor.js';

export interface ConnectionEvent {
  at: string;
  status: InstanceStatus;
  code: number | null;
  reason: string | null;
}

/** How long a number's connection history is kept. */
export const CONNECTION_HISTORY_DAYS = 30;
const DAY_MS = 86_400_000;

/** A number's connection history: what its session went through, for Conexão. */
export class ConnectionEventsRepository {
  constructor(readonly db: Executor) {}

  /** Records a status change; on `open` the number's history older than the retention goes (bounded growth, one indexed delete). */
  async record(orgId: string, instanceId: string, at: Date, status: InstanceStatus, detail: { code?: number; reason?: string } = {}): Promise<void> {
    await this.db.insertInto('connection_events').values({ org_id: orgId, instance_id: instanceId, at, status, code: detail.code ?? null, reason: detail.reason ?? null }).execute();
    if (status === 'open') {
      await this.db.deleteFrom('connection_events').where('instance_id', '=', instanceId).where('at', '<', new Date(at.getTime() - CONNECTION_HISTORY_DAYS * DAY_MS)).execute();
    }
  }

  /** The newest `limit` events, newest first. */
  async latest(orgId: string, instanceId: string, limit: number): Promise<ConnectionEvent[]> {
    const rows = await this.db.selectFrom('connection_events').select(['at', 'status', 'code', 'reason'])
      .where('org_id', '=', orgId).where('instance_id', '=', instanceId).orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => ({ at: new Date(r.at).toISOString(), status: r.status, code: r.code, reason: r.reason }));
  }

  /** How many times the number went to `reconnecting` since `since`. */
  async reconnectsSince(orgId: string, instanceId: string, since: Date): Promise<number> {
    const row = await this.db.selectFrom('connection_events').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', '=', orgId).where('instance_id', '=', instanceId).where('status', '=', 'reconnecting').where('at', '>=', since).executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
