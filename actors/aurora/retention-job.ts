import type { Kysely } from 'kysely';
import { readOrgSettings } from '../../domain/org-settings.js';
import { retentionCutoffs, retentionPolicyOf, type RetentionPolicy } from '../../domain/retention-policy.js';
import { localDateOf } from '../../domain/zoned-time.js';
import type { Database } from '../../storage/database.js';
import { repositories } from '../../storage/repositories.js';
import { applyRetention, type RetentionReport } from '../../storage/retention.js';
import type { AuroraEffect } from './aurora.protocol.js';

export const RETENTION_ACTION = 'retention.applied';

export interface RetentionRun {
  /** The shop's local day the run counts for. */
  day: string;
  policy: RetentionPolicy;
  report: RetentionReport;
}

/**
 * The shop's daily retention run, on Aurora's schedule (its tick, on the injected clock): once
 * per local day, claimed by its own audit entry (`retention.applied` for that day), which also
 * carries the counts the owner sees. Undefined when today's run already happened. The customers
 * it anonymised come back as effects: their actors and the shop's directory forget them.
 */
export async function runDailyRetention(db: Kysely<Database>, orgId: string, now: Date): Promise<{ run?: RetentionRun; effects: AuroraEffect[] }> {
  const repos = repositories(db);
  const org = await repos.organizations.findById(orgId);
  if (!org) return { effects: [] };
  const day = localDateOf(now, org.timezone);
  const done = await db.selectFrom('audit_log').select('id').where('org_id', '=', orgId).where('action', '=', RETENTION_ACTION).where('entity_id', '=', day).executeTakeFirst();
  if (done) return { effects: [] };
  const policy = retentionPolicyOf(readOrgSettings(org.settings).settings);
  const report = await applyRetention(db, orgId, now, { ...retentionCutoffs(now, policy), excludePhones: org.ownerNumbers });
  const { customerIds, ...counts } = report;
  await repos.auditLog.record({
    at: now, orgId, actor: { kind: 'system', id: 'retention' }, action: RETENTION_ACTION, entity: 'retention', entityId: day, details: { policy, ...counts },
  });
  return {
    run: { day, policy, report },
    effects: customerIds.map((contactId) => ({ kind: 'customer-erased' as const, orgId, contactId })),
  };
}
