import { ClusterError } from '../cluster/cluster-error.js';
import type { NodeRequestHandler } from '../cluster/node-link.js';
import { nodeRequestSchema } from '../cluster/node-requests.js';
import { toActorNode } from '../http/actor-node.js';
import type { ActorsPort } from '../http/actors-port.js';
import { restartActor } from '../http/supervision.routes.js';

/** How this node answers the others: its supervision tree, and restarts in it. */
export function answerNodeRequests(actors: Pick<ActorsPort, 'tree' | 'restart'>): NodeRequestHandler {
  return async (payload) => {
    const parsed = nodeRequestSchema.safeParse(payload);
    if (!parsed.success) throw new ClusterError('VALIDATION_FAILED', 'Not a request this node answers');
    const request = parsed.data;
    switch (request.type) {
      case 'supervision.tree':
        return toActorNode(actors.tree());
      case 'actors.restart':
        return restartActor(actors, request.address);
    }
  };
}
