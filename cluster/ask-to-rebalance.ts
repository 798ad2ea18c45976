import type { NodeCluster } from './node-cluster.js';

/**
 * Asks other nodes for a placement round now (orgs were released for them, or one was created);
 * best effort: their own rounds follow within `renewMs` anyway.
 */
export async function askToRebalance(cluster: NodeCluster | undefined, nodeIds: readonly string[]): Promise<void> {
  if (!cluster) return;
  const others = [...new Set(nodeIds)].filter((n) => n !== cluster.nodeId);
  await Promise.all(others.map((n) => cluster.link.tell(n, { type: 'placement.rebalance' }).catch(() => undefined)));
}

/** The same, to every live node but this one. */
export async function askAllToRebalance(cluster: NodeCluster | undefined): Promise<void> {
  if (!cluster) return;
  await askToRebalance(cluster, await cluster.membership.liveNodes().catch(() => []));
}
