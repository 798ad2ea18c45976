import { z } from 'zod';
import type { TreeNode } from '../runtime/node.js';

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
  /** For a shop's actors, what the ids name: the shop, the number or the customer (set by the supervision route). */
  label?: string;
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

/** An ActorNode: documents the route and checks the trees other nodes send. */
export const actorNodeSchema: z.ZodType<ActorNode> = z.lazy(() =>
  z.object({
    address: z.string(), kind: z.enum(['supervisor', 'worker']), state: z.string(), restarts: z.number(), mailbox: z.number(),
    lastError: z.string().nullable(), uptimeMs: z.number(),
    mode: z.string().optional(),
    pid: z.number().nullable().optional(),
    failure: z.object({ reason: z.string(), since: z.number(), retryAt: z.number(), attempts: z.number() }).optional(),
    label: z.string().optional(),
    children: z.array(actorNodeSchema),
  }),
);
