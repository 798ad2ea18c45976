import { sql } from 'kysely';
import type { Executor } from './executor.js';
import { SECRET_BOX_VERSION } from './secret-box.js';

/**
 * Rows of `wa_auth`: one WhatsApp number's creds and Signal keys. Values are
 * opaque here and always sealed (`storage/secret-box.ts`) by the caller — the
 * repository refuses anything that does not look sealed, so a bug upstream
 * cannot put a plaintext key in the database.
 */
export interface WaAuthChange {
  type: string;
  id: string;
  /** A sealed value to upsert, or null to delete the row. */
  value: string | null;
}

/** The creds object is one row: type `creds`, key id `creds`. */
export const CREDS_TYPE = 'creds';
export const CREDS_KEY_ID = 'creds';

/** Rows per INSERT: far below PostgreSQL's 65 535 bind parameters, and a pre-key upload (812 keys) fits in one. */
const UPSERT_CHUNK = 1000;
const SEALED_PREFIX = `${SECRET_BOX_VERSION}:`;

export class PlaintextAuthValueError extends Error {
  readonly code = 'PLAINTEXT_AUTH_VALUE';
  constructor(type: string) {
    super(`Refusing to store an unsealed ${type} value`);
    this.name = 'PlaintextAuthValueError';
  }
}

export class WaAuthRepository {
  constructor(readonly db: Executor) {}

  /** Sealed values of the given keys; ids without a row are absent from the map. */
  async get(instanceId: string, type: string, ids: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    if (!ids.length) return found;
    const rows = await this.db
      .selectFrom('wa_auth')
      .select(['key_id', 'value'])
      .where('instance_id', '=', instanceId)
      .where('type', '=', type)
      .where('key_id', 'in', [...new Set(ids)])
      .execute();
    for (const row of rows) found.set(row.key_id, row.value);
    return found;
  }

  async getCreds(instanceId: string): Promise<string | undefined> {
    return (await this.get(instanceId, CREDS_TYPE, [CREDS_KEY_ID])).get(CREDS_KEY_ID);
  }

  async hasCreds(instanceId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('wa_auth')
      .select('key_id')
      .where('instance_id', '=', instanceId)
      .where('type', '=', CREDS_TYPE)
      .where('key_id', '=', CREDS_KEY_ID)
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * Applies every change in ONE transaction (joins the caller's if `db` is
   * one): either all rows are written or none, and any failure is thrown —
   * Baileys retries a failed commit and must never believe a lost write
   * succeeded. A key named twice keeps its last change.
   */
  async writeBatch(orgId: string, instanceId: string, changes: readonly WaAuthChange[]): Promise<void> {
    const last = new Map<string, WaAuthChange>();
    for (const change of changes) {
      if (change.value !== null && !change.value.startsWith(SEALED_PREFIX)) throw new PlaintextAuthValueError(change.type);
      last.set(`${change.type}\u0000${change.id}`, change);
    }
    if (!last.size) return;
    const upserts: WaAuthChange[] = [];
    const deletes = new Map<string, string[]>();
    for (const change of last.values()) {
      if (change.value !== null) upserts.push(change);
      else deletes.set(change.type, [...(deletes.get(change.type) ?? []), change.id]);
    }
    const apply = async (trx: Executor) => {
      for (const [type, ids] of deletes) {
        await trx.deleteFrom('wa_auth').where('instance_id', '=', instanceId).where('type', '=', type).where('key_id', 'in', ids).execute();
      }
      for (let i = 0; i < upserts.length; i += UPSERT_CHUNK) {
        const rows = upserts.slice(i, i + UPSERT_CHUNK).map((c) => ({
          instance_id: instanceId,
          org_id: orgId,
          type: c.type,
          key_id: c.id,
          value: c.value!,
        }));
        await trx
          .insertInto('wa_auth')
          .values(rows)
          .onConflict((oc) =>
            oc.columns(['instance_id', 'type', 'key_id']).doUpdateSet({ value: (eb) => eb.ref('excluded.value'), updated_at: sql`now()` }),
          )
          .execute();
      }
    };
    if (this.db.isTransaction) await apply(this.db);
    else await this.db.transaction().execute(apply);
  }

  /** Removes the number's creds and every key; returns how many rows went. */
  async deleteAll(instanceId: string): Promise<number> {
    const result = await this.db.deleteFrom('wa_auth').where('instance_id', '=', instanceId).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Row count per type (diagnostics and tests). */
  async countByType(instanceId: string): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('wa_auth')
      .select(['type', (eb) => eb.fn.countAll<number>().as('n')])
      .where('instance_id', '=', instanceId)
      .groupBy('type')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.type, Number(r.n)]));
  }
}
