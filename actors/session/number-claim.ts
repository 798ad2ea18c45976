import type { Executor } from '../../storage/executor.js';
import { LeasesRepository } from '../../storage/leases.repository.js';

/**
 * The right to hold a number's socket: exactly one live socket per number in the cluster.
 * Where orgs are placed (cluster/org-tenancy.ts) the org's lease is that right — its sessions
 * live only on the node holding it; without placement each number has its own lease.
 */
export interface NumberClaim {
  /** Takes or renews this node's claim on the number; false while someone else holds it. */
  claim(orgId: string, instanceId: string, now: Date): Promise<boolean>;
  release(orgId: string, instanceId: string): Promise<void>;
  /** How long to wait before trying again after a refused claim (when the other's could have lapsed). */
  readonly retryMs: number;
}

/** One lease per number (`wa:<instanceId>`), renewed by the session's health check. */
export function numberLeases(db: Executor, holder: string, ttlMs: number): NumberClaim {
  const leases = new LeasesRepository(db);
  const name = (instanceId: string) => `wa:${instanceId}`;
  return {
    retryMs: ttlMs,
    claim: (_orgId, instanceId, now) => leases.acquire(name(instanceId), holder, ttlMs, now),
    release: (_orgId, instanceId) => leases.release(name(instanceId), holder),
  };
}

/** Under placement: the number is this node's while its org is (the tenancy stops the session before the lease can lapse). */
export function orgLeaseClaim(holds: (orgId: string) => boolean, retryMs: number): NumberClaim {
  return {
    retryMs,
    claim: async (orgId) => holds(orgId),
    release: async () => undefined,
  };
}
