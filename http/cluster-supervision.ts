import { z } from 'zod';
import type { Logger } from 'pino';
import { actorNodeSchema, type ActorNode } from './actor-node.js';
import type { NodeSighting } from '../cluster/membership.js';
import type { ClusterPort } from './cluster-port.js';

/** How long the supervision view waits for another node's tree. */
export const SUPERVISION_ASK_MS = 2_000;

const restartsPerMinute = z.array(z.number().int().min(0)).max(1_440).describe('Restarts its supervisors scheduled in each of the last 60 minutes, oldest first');

/** What a node answers `supervision.tree` with. */
const treeAnswerSchema = z.object({ tree: actorNodeSchema, restartsPerMinute });

export const nodeViewSchema = z.discriminatedUnion('status', [
  z.object({ nodeId: z.string(), status: z.literal('live'), tree: actorNodeSchema, restartsPerMinute }),
  z.object({
    nodeId: z.string(),
    status: z.literal('gone'),
    /** Its last heartbeat. */
    lastSeenAt: z.string(),
    tree: z.null(),
    reason: z.string().describe('HEARTBEAT_LAPSED (stopped or died), NODE_UNREACHABLE (beating but no answer in time), or the error code it answered with'),
  }),
]);

export type NodeView = z.infer<typeof nodeViewSchema>;

/**
 * Every other node seen within a day, by node id: the live ones with the tree they sent (asked in
 * parallel, each for at most `timeoutMs`), the others — and any that did not answer — gone.
 * Without the membership (Redis down) only what this node knows: nothing.
 */
export async function otherNodes(cluster: ClusterPort, logger: Pick<Logger, 'warn'>, timeoutMs = SUPERVISION_ASK_MS): Promise<NodeView[]> {
  let sightings: NodeSighting[];
  try {
    sightings = await cluster.nodes();
  } catch (error) {
    logger.warn({ err: error }, 'cluster membership unavailable: the supervision view shows this node only');
    return [];
  }
  return Promise.all(
    sightings
      .filter((s) => s.nodeId !== cluster.nodeId)
      .map(async (s): Promise<NodeView> => {
        const gone = (reason: string): NodeView => ({ nodeId: s.nodeId, status: 'gone', lastSeenAt: new Date(s.lastSeenAt).toISOString(), tree: null, reason });
        if (!s.live) return gone('HEARTBEAT_LAPSED');
        let answer: unknown;
        try {
          answer = await cluster.ask(s.nodeId, { type: 'supervision.tree' }, timeoutMs);
        } catch (error) {
          const code = (error as { code?: unknown }).code;
          return gone(typeof code === 'string' ? code : 'NODE_UNREACHABLE');
        }
        const read = treeAnswerSchema.safeParse(answer);
        if (!read.success) {
          logger.warn({ nodeId: s.nodeId }, 'another node answered with a tree this node cannot read');
          return gone('INVALID_ANSWER');
        }
        return { nodeId: s.nodeId, status: 'live', tree: read.data.tree as ActorNode, restartsPerMinute: read.data.restartsPerMinute };
      }),
  );
}
