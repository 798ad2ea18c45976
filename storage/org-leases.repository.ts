import { sql } from 'kysely';
import type { Executor } from './executor.js';
import { LeaseLostError } from './storage-errors.js';

/** A tenure: `holder` acts for `orgId` under `token` until it loses the lease. */
export interface OrgLease {
  orgId: string;
  holder: string;
  token: number;
}

export interface HeldOrgLease extends OrgLease {
  expiresAt: Date;
}

const at = (time: Date) => sql<Date>`${time}::timestamptz`;

/**
 * Which node acts for an org: exactly one at a time, each tenure under a
 * fencing token that only grows (a takeover, or a new tenure after a release
 * or an expiry, gets token + 1; a renewal keeps it). Every write a holder
 * commits for the org checks its token in the same transaction
 * (`assertFenced`), so a node that lost the lease, however late it notices,
 * cannot commit. Each change is one conditional statement: concurrent takers
 * race on the row, and exactly one wins.
 */
export class OrgLeasesRepository {
  constructor(readonly db: Executor) {}

  /**
   * Takes `orgId` for `holder` until now + ttl when the lease is free, released
   * or expired (token + 1, or 1 for an org never leased), or renews `holder`'s
   * live lease (same token). Undefined while another holder's lease is live.
   */
  async acquire(orgId: string, holder: string, ttlMs: number, now: Date): Promise<{ token: number } | undefined> {
    const expires = new Date(now.getTime() + ttlMs);
    const row = await this.db
      .insertInto('org_leases')
      .values({ org_id: orgId, holder, fencing_token: 1, expires_at: expires, updated_at: now })
      .onConflict((oc) =>
        oc
          .column('org_id')
          .doUpdateSet((eb) => ({
            // Still ours and live: a renewal. Otherwise a new tenure, under a new token.
            fencing_token: eb
              .case()
              .when(eb.and([eb('org_leases.holder', '=', holder), eb('org_leases.expires_at', '>', at(now))]))
              .then(eb.ref('org_leases.fencing_token'))
              .else(sql<number>`org_leases.fencing_token + 1`)
              .end(),
            holder,
            expires_at: expires,
            updated_at: now,
          }))
          .where((eb) =>
            eb.or([eb('org_leases.holder', 'is', null), eb('org_leases.holder', '=', holder), eb('org_leases.expires_at', '<=', at(now))]),
          ),
      )
      .returning(['holder', 'fencing_token'])
      .executeTakeFirst();
    return row?.holder === holder ? { token: row.fencing_token } : undefined;
  }

  /** Extends `holder`'s lease to now + ttl; false when it lost the lease (moved, released or already expired). */
  async renew(orgId: string, holder: string, token: number, ttlMs: number, now: Date): Promise<boolean> {
    const row = await this.db
      .updateTable('org_leases')
      .set({ expires_at: new Date(now.getTime() + ttlMs), updated_at: now })
      .where('org_id', '=', orgId)
      .where('holder', '=', holder)
      .where('fencing_token', '=', token)
      .where('expires_at', '>', at(now))
      .returning('org_id')
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * `renew` for many leases of one holder in one statement (a node renews everything it holds
   * at once); returns the org ids still held — a lease missing from the answer was lost.
   */
  async renewMany(holder: string, leases: ReadonlyArray<Pick<OrgLease, 'orgId' | 'token'>>, ttlMs: number, now: Date): Promise<Set<string>> {
    if (leases.length === 0) return new Set();
    const held = JSON.stringify(leases.map((l) => ({ org_id: l.orgId, token: l.token })));
    const rows = await sql<{ org_id: string }>`
      update org_leases l set expires_at = ${new Date(now.getTime() + ttlMs)}::timestamptz, updated_at = ${now}::timestamptz
      from jsonb_to_recordset(${held}::jsonb) as h(org_id uuid, token int)
      where l.org_id = h.org_id and l.fencing_token = h.token and l.holder = ${holder} and l.expires_at > ${now}::timestamptz
      returning l.org_id`.execute(this.db);
    return new Set(rows.rows.map((r) => r.org_id));
  }

  /** Every live lease: who acts for which org right now (the cluster's directory). */
  async listLive(now: Date): Promise<HeldOrgLease[]> {
    const rows = await this.db
      .selectFrom('org_leases')
      .select(['org_id', 'holder', 'fencing_token', 'expires_at'])
      .where('holder', 'is not', null)
      .where('expires_at', '>', at(now))
      .execute();
    return rows.map((r) => ({ orgId: r.org_id, holder: r.holder!, token: r.fencing_token, expiresAt: r.expires_at }));
  }

  /**
   * Frees the lease if `holder` still has it under `token` (a no-op otherwise).
   * The row stays, holder cleared, so the next tenure gets token + 1.
   */
  async release(orgId: string, holder: string, token: number, now: Date): Promise<void> {
    await this.db
      .updateTable('org_leases')
      .set({ holder: null, expires_at: now, updated_at: now })
      .where('org_id', '=', orgId)
      .where('holder', '=', holder)
      .where('fencing_token', '=', token)
      .execute();
  }

  /** Who acts for `orgId` now, if anyone. */
  async holderOf(orgId: string, now: Date): Promise<{ holder: string; token: number } | undefined> {
    const row = await this.db
      .selectFrom('org_leases')
      .select(['holder', 'fencing_token'])
      .where('org_id', '=', orgId)
      .where('holder', 'is not', null)
      .where('expires_at', '>', at(now))
      .executeTakeFirst();
    return row?.holder ? { holder: row.holder, token: row.fencing_token } : undefined;
  }

  /** The orgs `holder` holds a live lease on, by org id. */
  async listHeldBy(holder: string, now: Date): Promise<HeldOrgLease[]> {
    const rows = await this.db
      .selectFrom('org_leases')
      .select(['org_id', 'fencing_token', 'expires_at'])
      .where('holder', '=', holder)
      .where('expires_at', '>', at(now))
      .orderBy('org_id')
      .execute();
    return rows.map((r) => ({ orgId: r.org_id, holder, token: r.fencing_token, expiresAt: r.expires_at }));
  }

  /** `assertFenced` on this repository's executor (construct it with the write transaction). */
  assertFenced(lease: OrgLease, now: Date): Promise<void> {
    return assertFenced(this.db, lease.orgId, lease.holder, lease.token, now);
  }
}

/**
 * Throws LeaseLostError unless `holder` still holds `orgId`'s live lease under
 * `token`. Call it inside the write transaction, before its writes: the row
 * is share-locked until commit, so a takeover (an update of that row) waits
 * for this transaction to end, and everything committed under `token` lands
 * before `token + 1` exists. Renewals by the same holder wait too (briefly);
 * fenced writes of one holder do not block each other.
 */
export async function assertFenced(trx: Executor, orgId: string, holder: string, token: number, now: Date): Promise<void> {
  const row = await trx
    .selectFrom('org_leases')
    .select('org_id')
    .where('org_id', '=', orgId)
    .where('holder', '=', holder)
    .where('fencing_token', '=', token)
    .where('expires_at', '>', at(now))
    .forShare()
    .executeTakeFirst();
  if (!row) throw new LeaseLostError(orgId, holder, token);
}
