import { sql } from 'kysely';
import type { Executor } from './executor.js';

/**
 * Cluster-wide ownership with expiry: a WhatsApp number has exactly one live
 * socket because only the node holding its lease may open one. A node that
 * dies stops renewing; once the lease expires another node takes it over.
 */
export class LeasesRepository {
  constructor(readonly db: Executor) {}

  /** Takes or renews `name` for `holder` until now + ttl; false while someone else holds an unexpired lease. */
  async acquire(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
    const expires = new Date(now.getTime() + ttlMs);
    const row = await this.db
      .insertInto('leases')
      .values({ name, holder, expires_at: expires, updated_at: now })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet({ holder, expires_at: expires, updated_at: now })
          .where((eb) => eb.or([eb('leases.holder', '=', holder), eb('leases.expires_at', '<', sql<Date>`${now}::timestamptz`)])),
      )
      .returning('holder')
      .executeTakeFirst();
    return row?.holder === holder;
  }

  async release(name: string, holder: string): Promise<void> {
    await this.db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute();
  }

  async holderOf(name: string, now: Date): Promise<string | undefined> {
    const row = await this.db.selectFrom('leases').select(['holder', 'expires_at']).where('name', '=', name).executeTakeFirst();
    return row && row.expires_at > now ? row.holder : undefined;
  }
}
