import type { Kysely } from 'kysely';
import { shopStoppedAlert } from '../domain/owner-alerts.js';
import { localDateOf } from '../domain/zoned-time.js';
import type { Database } from '../storage/database.js';
import { OwnerNotesRepository } from '../storage/owner-notes.repository.js';
import { repositories } from '../storage/repositories.js';
import { sendToOwners } from './aurora/owner-outbox.js';
import type { ConversationNotice } from './conversation/conversation.protocol.js';

/**
 * A shop whose actors kept failing is stopped alone (the `orgs` bulkhead) — Aurora included,
 * so the owner cannot be told by Aurora. The alert is written from outside the shop's subtree
 * instead: once a local day, to the owner's conversation and the outbox, which the shop's number
 * sends as soon as its retry brings the session back (the dashboard shows it at once).
 */
export async function alertOwnerOfOutage(
  deps: { db: Kysely<Database>; newMessageId(): string },
  orgId: string,
  retryInMs: number,
  now: Date,
): Promise<ConversationNotice[]> {
  const org = await repositories(deps.db).organizations.findById(orgId);
  if (!org) return [];
  const alert = shopStoppedAlert(Math.ceil(retryInMs / 60_000));
  const day = localDateOf(now, org.timezone);
  return deps.db.transaction().execute(async (trx) => {
    if (!(await new OwnerNotesRepository(trx).claimAlert(orgId, alert.kind, day, alert.subject, alert.message, now))) return [];
    return sendToOwners(trx, orgId, alert.message, `alert:${alert.kind}:${day}:${alert.subject}`, now, deps.newMessageId);
  });
}
