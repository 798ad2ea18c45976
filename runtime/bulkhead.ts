import type { BackoffPolicy } from './backoff.js';
import { describeError } from './errors.js';
import type { TreeNode } from './node.js';

/**
 * A supervisor option that makes each child its own failure domain (a bulkhead).
 *
 * OTP escalates: a supervisor whose children exceed its restart intensity gives up, and its
 * parent restarts it — or, at the top, the whole system goes down. That is right for children
 * that depend on each other, and wrong for siblings that share nothing (one subtree per tenant):
 * one of them failing over and over must not take the others with it.
 *
 * With a bulkhead, the supervisor counts its restart intensity **per child** and never
 * escalates. A child that exceeds it is left down as `failed` (its subtree is already stopped:
 * it crashed or escalated), and started again after `retry` — a backoff whose attempt counts the
 * child's consecutive failures, reset once it stayed up a whole intensity window. The retried
 * child gets a fresh window. An admin restart starts a failed child at once.
 */
export interface Bulkhead {
  /** Delay before a failed child is started again. */
  readonly retry: BackoffPolicy;
}

/** Retry a failed child after 5 s, then 10 s, 20 s… up to 5 min (±20%). */
export const DEFAULT_BULKHEAD_RETRY: BackoffPolicy = Object.freeze({ minMs: 5_000, maxMs: 300_000, factor: 2, jitter: 0.2 });

/** A failed child: why, since when, when it is retried. Plain data for `tree()`. */
export interface ChildFailure {
  /** `CODE: message`, with the cause that made the child give up when there is one. */
  readonly reason: string;
  readonly since: number;
  readonly retryAt: number;
  /** Consecutive failures, this one included. */
  readonly attempts: number;
}

/** The reason shown for a failed child: its exit error and, for an escalation, what crashed below. */
export function failureReason(error: Error | undefined): string {
  if (!error) return 'exited too often';
  const causes: string[] = [];
  let cause = (error as { cause?: unknown }).cause;
  while (cause instanceof Error && causes.length < 8) {
    causes.push(describeError(cause));
    cause = (cause as { cause?: unknown }).cause;
  }
  return causes.length ? `${describeError(error)} (cause: ${causes[causes.length - 1]})` : describeError(error);
}

/** Every `failed` node of a tree (JSON from `system.tree()`), outermost first. */
export function failedNodes(tree: TreeNode): TreeNode[] {
  if (tree.state === 'failed') return [tree];
  return tree.children.flatMap(failedNodes);
}
