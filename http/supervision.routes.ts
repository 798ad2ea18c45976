import { z } from 'zod';
import { findByAddress } from '../runtime/node.js';
import { toActorNode } from './actor-node.js';
import type { ActorsPort } from './actors-port.js';
import type { ApiDeps } from './api-deps.js';
import type { ApiRouter } from './api-router.js';
import { nodeViewSchema, otherNodes, type NodeView } from './cluster-supervision.js';
import { HttpError } from './errors.js';

/** How long a restart on another node may take to be acknowledged. */
export const REMOTE_RESTART_ASK_MS = 5_000;

const restartAnswer = z.object({ address: z.string(), state: z.string() });

/** Restarts the actor at `address` in this node's tree; NOT_FOUND when there is none. */
export async function restartActor(port: Pick<ActorsPort, 'tree' | 'restart'>, address: string): Promise<{ address: string; state: string }> {
  if (!findByAddress(port.tree(), address)) throw new HttpError(404, 'NOT_FOUND', `No actor at ${address}`);
  await port.restart(address);
  const node = findByAddress(port.tree(), address);
  return { address, state: node?.state ?? 'restarting' };
}

/** Operators: the supervision tree of every node and restarts by address. */
export function supervisionRoutes(api: ApiRouter, deps: ApiDeps): void {
  const actors = () => {
    if (!deps.actors) throw new HttpError(503, 'NOT_READY', 'The actor system is not running');
    return deps.actors;
  };
  const selfId = () => deps.cluster?.nodeId ?? actors().nodeId;

  api.route(
    {
      method: 'get', path: '/supervision', tag: 'admin',
      summary: 'The supervision tree of every node: this one first, then every node seen within a day (live with its tree, or gone since its last heartbeat)',
      response: z.object({ nodes: z.array(nodeViewSchema) }),
    },
    async () => {
      const self: NodeView = { nodeId: selfId(), status: 'live', tree: toActorNode(actors().tree()) };
      return { nodes: [self, ...(deps.cluster ? await otherNodes(deps.cluster, deps.logger) : [])] };
    },
  );

  api.route(
    {
      method: 'post', path: '/actors/restart', tag: 'admin', summary: 'Restart one actor (and its subtree) by address, on this node or on `nodeId`', status: 202,
      body: z.strictObject({ address: z.string().min(1).max(300), nodeId: z.string().min(1).max(200).optional() }),
      response: z.object({ nodeId: z.string(), address: z.string(), state: z.string() }),
      errors: ['NODE_UNREACHABLE'],
    },
    async ({ body }) => {
      const nodeId = body.nodeId ?? selfId();
      if (nodeId === selfId()) return { nodeId, ...(await restartActor(actors(), body.address)) };
      if (!deps.cluster) throw new HttpError(404, 'NOT_FOUND', `No node ${nodeId}`);
      const answer = restartAnswer.parse(await deps.cluster.ask(nodeId, { type: 'actors.restart', address: body.address }, REMOTE_RESTART_ASK_MS));
      return { nodeId, ...answer };
    },
  );
}
