/**
 * Which node should act for each org: rendezvous (highest-random-weight)
 * hashing. Every node scores every (node, org) pair with the same hash and an
 * org goes to the live node with the highest score, so all nodes agree
 * without talking, orgs spread evenly, and when a node joins or leaves only
 * the orgs it wins or held move. The lease (storage/org-leases.repository.ts)
 * stays the authority: this only says which leases a node should try for.
 *
 * Pure and deterministic: no randomness, no clock.
 */
import { placementHash } from '../runtime/placement-hash.js';

export { placementHash };

/** The score of `nodeId` for `orgId`; the separator keeps ("ab","c") and ("a","bc") apart. */
function weight(nodeId: string, orgId: string): number {
  return placementHash(`${nodeId}\u0000${orgId}`);
}

/** The live node that should act for `orgId`; undefined when no node is live. Ties go to the smaller node id. */
export function ownerOf(orgId: string, nodeIds: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestWeight = -1;
  for (const nodeId of nodeIds) {
    const w = weight(nodeId, orgId);
    if (w > bestWeight || (w === bestWeight && best !== undefined && nodeId < best)) {
      best = nodeId;
      bestWeight = w;
    }
  }
  return best;
}

/** Every org's owner among `nodeIds` (duplicates in either list are harmless). */
export function placeOrgs(orgIds: readonly string[], nodeIds: readonly string[]): Map<string, string> {
  const nodes = [...new Set(nodeIds)];
  const placement = new Map<string, string>();
  for (const orgId of orgIds) {
    const owner = ownerOf(orgId, nodes);
    if (owner !== undefined) placement.set(orgId, owner);
  }
  return placement;
}

/** The orgs `nodeId` should try to lease, given the live nodes (itself included or not) and every org. */
export function orgsToAcquire(nodeId: string, liveNodeIds: readonly string[], orgIds: readonly string[]): string[] {
  const nodes = liveNodeIds.includes(nodeId) ? liveNodeIds : [...liveNodeIds, nodeId];
  return orgIds.filter((orgId) => ownerOf(orgId, nodes) === nodeId);
}
