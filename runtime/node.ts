import type { ExitReason } from './actor.js';
import type { Envelope, Route } from './actor-ref.js';
import type { ChildFailure } from './bulkhead.js';
import type { MailboxStats } from './mailbox.js';

export type NodeKind = 'worker' | 'supervisor';
/** `failed`: down after exceeding its restart intensity under a bulkhead supervisor, until its retry. */
export type TreeState = 'running' | 'restarting' | 'stopped' | 'passivated' | 'failed';

/** One node of `system.tree()`: plain JSON for the admin endpoint. */
export interface TreeNode {
  readonly address: string;
  readonly kind: NodeKind;
  readonly state: TreeState;
  /** Restarts of this node since its supervisor (re)started it the first time. */
  readonly restarts: number;
  /** Workers only; null for supervisors. */
  readonly mailbox: MailboxStats | null;
  readonly lastError: string | null;
  readonly uptimeMs: number;
  /** Workers only: where `handle` runs. */
  readonly mode?: string;
  readonly incarnation?: number | null;
  readonly pid?: number | null;
  /** Only on a `failed` node: why, since when, when it is retried. */
  readonly failure?: ChildFailure;
  readonly children: readonly TreeNode[];
}

/** The node at `address` in a tree shaped like `tree()` (or a view of it), if any. */
export function findByAddress<N extends { readonly address: string; readonly children: readonly N[] }>(node: N, address: string): N | undefined {
  if (node.address === address) return node;
  for (const child of node.children) {
    const found = findByAddress(child, address);
    if (found) return found;
  }
  return undefined;
}

/** What the reaper looks at. */
export interface NodeActivity {
  readonly busy: boolean;
  readonly depth: number;
  readonly capacity: number;
}

/**
 * Anything a supervisor supervises: a worker (ActorCell) or another supervisor. The object is
 * long-lived — it keeps its address, mailbox and registry entry across restarts; `start()`
 * begins a fresh incarnation.
 */
export interface SupervisedNode {
  readonly address: string;
  readonly kind: NodeKind;
  /** Message route (workers); undefined for supervisors. */
  readonly route: Route | undefined;
  /** Running incarnation (workers); undefined otherwise. */
  readonly incarnation: number | undefined;
  /** Starts a fresh incarnation or subtree. Rejects when a worker's `init` fails. */
  start(): Promise<void>;
  /** Graceful stop. The caller bounds it with the child's `shutdownMs`, then calls `kill`. */
  stop(reason: ExitReason): Promise<void>;
  /** Immediate stop: abandons in-flight work, kills processes. */
  kill(reason: ExitReason): void;
  /** Removes and returns queued, unprocessed messages (workers; [] for supervisors). */
  drainPending(): Envelope[];
  /** Puts already-accepted messages back, bypassing capacity (workers). */
  requeue(envelopes: readonly Envelope[]): void;
  activity(): NodeActivity;
  tree(): TreeNode;
  /** Unregisters this node's subtree for good (the node itself is unregistered by its parent). */
  dispose(): void;
}

/** How a child talks to its supervisor. */
export interface ParentLink {
  /** The child ended on its own: crash, normal exit, escalation. Not called for stops the parent asked for. */
  childExited(child: SupervisedNode, reason: ExitReason): void;
  /** Admin restart: stop (bounded) and start again, outside restart intensity. */
  restartChild(child: SupervisedNode): Promise<void>;
}

const INACTIVE: NodeActivity = Object.freeze({ busy: false, depth: 0, capacity: 0 });

export function inactive(): NodeActivity {
  return INACTIVE;
}
