import type { NodeContext } from '../../app/node-context.js';
import type { SessionNotice } from './session.protocol.js';
import { createSessionActor } from './session.actor.js';
import { orgLeaseClaim } from './number-claim.js';

/** Spread reconnects at a host's start, as the node does at boot. */
const HOST_BOOT_STAGGER_MS = 3_000;

/**
 * The SessionActor as a host process loads it (`actors.json`: `"module"` and `"export"` of
 * `session`). The node placed the session here because it holds the number's shop, and stops it
 * before it could lose that shop: the claim is the node's, so it always holds here.
 */
export function createHostedSession(node: NodeContext) {
  return createSessionActor({
    db: node.db,
    transportFor: (kind) => node.transportFor(kind),
    random: node.random,
    notify: (notice: SessionNotice) => node.notify(notice),
    bootStaggerMs: HOST_BOOT_STAGGER_MS,
    nodeId: node.nodeId,
    claim: orgLeaseClaim(() => true, 5_000),
  });
}
