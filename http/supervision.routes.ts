import { z } from 'zod';
import { findByAddress, type TreeNode } from '../runtime/node.js';
import type { ApiDeps } from './api-deps.js';
import type { ApiRouter } from './api-router.js';
import { HttpError } from './errors.js';

/** The API's ActorNode: the runtime's tree with the mailbox as its depth. */
export interface ActorNode {
  address: string;
  kind: 'supervisor' | 'worker';
  state: string;
  restarts: number;
  mailbox: number;
  lastError: string | null;
  uptimeMs: number;
  mode?: string;
  pid?: number | null;
  /** A shop stopped alone (state `failed`): why, since when, when it is retried. */
  failure?: { reason: string; since: number; retryAt: number; attempts: number };
  children: ActorNode[];
}

export function toActorNode(node: TreeNode): ActorNode {
  return {
    address: node.address,
    kind: node.kind,
    state: node.state,
    restarts: node.restarts,
    mailbox: node.mailbox?.depth ?? 0,
    lastError: node.lastError,
    uptimeMs: node.uptimeMs,
    ...(node.mode !== undefined && { mode: node.mode }),
    ...(node.pid !== undefined && { pid: node.pid }),
    ...(node.failure && { failure: { ...node.failure } }),
    children: node.children.map(toActorNode),
  };
}


const actorNodeSchema: z.ZodType = z.lazy(() =>
  z.object({
    address: z.string(), kind: z.enum(['supervisor', 'worker']), state: z.string(), restarts: z.number(), mailbox: z.number(),
    lastError: z.string().nullable(), uptimeMs: z.number(),
    failure: z.object({ reason: z.string(), since: z.number(), retryAt: z.number(), attempts: z.number() }).optional(),
    children: z.array(actorNodeSchema),
  }),
);

/** Operators: the live supervision tree and restarts by address. */
export function supervisionRoutes(api: ApiRouter, deps: ApiDeps): void {
  const actors = () => {
    if (!deps.actors) throw new HttpError(503, 'NOT_READY', 'The actor system is not running');
    return deps.actors;
  };

  api.route(
    { method: 'get', path: '/supervision', tag: 'admin', summary: 'The live supervision tree of every node', response: z.object({ nodes: z.array(z.object({ nodeId: z.string(), tree: actorNodeSchema })) }) },
    async () => ({ nodes: [{ nodeId: actors().nodeId, tree: toActorNode(actors().tree()) }] }),
  );

  api.route(
    {
      method: 'post', path: '/actors/restart', tag: 'admin', summary: 'Restart one actor (and its subtree) by address', status: 202,
      body: z.strictObject({ address: z.string().min(1).max(300) }), response: z.object({ address: z.string(), state: z.string() }),
    },
    async ({ body }) => {
      const port = actors();
      if (!findByAddress(toActorNode(port.tree()), body.address)) throw new HttpError(404, 'NOT_FOUND', `No actor at ${body.address}`);
      await port.restart(body.address);
      const node = findByAddress(toActorNode(port.tree()), body.address);
      return { address: body.address, state: node?.state ?? 'restarting' };
    },
  );
}
