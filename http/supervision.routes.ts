import { z } from 'zod';
import { findByAddress } from '../runtime/node.js';
import { findActorLabels, type ActorLabels } from '../storage/actor-labels.repository.js';
import { toActorNode, type ActorNode } from './actor-node.js';
import { idsInTrees, labelOf, treeOfOrg } from './supervision-view.js';
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
      summary: 'The supervision tree of every node: this one first, then every node seen within a day (live with its tree, or gone since its last heartbeat). '
        + 'Actors of a shop carry a `label` (shop name; number or customer name and phone); `orgId` keeps only that shop\'s actors; `shops` lists the shops seen in the trees.',
      query: z.object({ orgId: z.uuid().optional() }),
      response: z.object({ nodes: z.array(nodeViewSchema), shops: z.array(z.object({ id: z.string(), name: z.string() })) }),
    },
    async ({ query }) => {
      const self: NodeView = { nodeId: selfId(), status: 'live', tree: toActorNode(actors().tree()), restartsPerMinute: actors().restartsPerMinute() };
      const nodes = [self, ...(deps.cluster ? await otherNodes(deps.cluster, deps.logger) : [])];
      const trees = nodes.flatMap((node) => (node.tree ? [node.tree] : []));
      const labels = await findActorLabels(deps.db, idsInTrees(trees));
      const shops = Object.entries(labels.orgs).map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, 'pt-BR'));
      const view = (tree: ActorNode) => withLabels(query.orgId ? treeOfOrg(tree, query.orgId)! : tree, labels);
      return { nodes: nodes.map((node) => (node.status === 'live' ? { ...node, tree: view(node.tree) } : node)), shops };
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

/** The tree with each shop actor's label (nodes without one are left as they are). */
function withLabels(node: ActorNode, labels: ActorLabels): ActorNode {
  const label = labelOf(node.address, labels);
  return { ...node, ...(label && { label }), children: node.children.map((child) => withLabels(child, labels)) };
}
