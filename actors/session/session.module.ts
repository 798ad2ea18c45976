import type { NodeContext } from '../node-context.js';
import type { SessionNotice } from './session.protocol.js';
import { createSessionActor } from './session.actor.js';
import { orgLeaseClaim } from './number-claim.js';

/** How soon a session refused its number (its org not held here) asks again. */
const ORG_CLAIM_RETRY_MS = 5_000;

/**
 * The SessionActor as `actors.json` names it (`"module"`, `"export"`), built from the context of
 * the process that runs it. Under placement the number is this node's while its org is; without
 * placement each number has its own lease.
 */
export function sessionActor(node: NodeContext) {
  const placement = node.placement;
  return createSessionActor({
    db: node.db,
    transportFor: (kind) => node.transportFor(kind),
    random: node.random,
    notify: (notice: SessionNotice) => node.notify(notice),
    bootStaggerMs: node.tuning.bootStaggerMs,
    nodeId: node.nodeId,
    claim: placement && orgLeaseClaim((orgId) => placement.holds(orgId), ORG_CLAIM_RETRY_MS),
  });
}
