/**
 * Every Redis name the cluster uses, under one prefix (`patinha` by default; tests use their
 * own so runs sharing one Redis never see each other). A Redis ACL user for a node needs the
 * channels `<prefix>:node:*` and the keys `<prefix>:nodes:*`.
 */
export const DEFAULT_CLUSTER_PREFIX = 'patinha';

/** The channel a node subscribes to: tells, asks and replies addressed to it. */
export const nodeChannel = (nodeId: string, prefix = DEFAULT_CLUSTER_PREFIX) => `${prefix}:node:${nodeId}`;
/** Exists while the node beats (a TTL); gone when it stops or dies. */
export const liveKey = (nodeId: string, prefix = DEFAULT_CLUSTER_PREFIX) => `${prefix}:nodes:live:${nodeId}`;
/** Hash nodeId → last heartbeat (ms since the epoch): who was here, so the dead show as gone. */
export const seenKey = (prefix = DEFAULT_CLUSTER_PREFIX) => `${prefix}:nodes:seen`;
