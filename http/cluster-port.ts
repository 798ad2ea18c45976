import type { NodeSighting } from '../cluster/membership.js';
import type { NodeRequest } from '../cluster/node-requests.js';

/** What the HTTP edge needs of the cluster (absent without Redis: a cluster of one). */
export interface ClusterPort {
  /** This node's name in the cluster. */
  readonly nodeId: string;
  /** Every node seen within a day, this one included, live or not. */
  nodes(): Promise<NodeSighting[]>;
  /** Another node's answer; rejects NODE_UNREACHABLE when it does not answer within `timeoutMs`. */
  ask<T = unknown>(nodeId: string, request: NodeRequest, timeoutMs: number): Promise<T>;
}
