import type { ExitReason } from './actor.js';
import type { BackoffPolicy } from './backoff.js';
import type { Clock } from './clock.js';
import type { SupervisedNode, ParentLink } from './node.js';
import type { RuntimeContext } from './runtime-context.js';
import { raceTimeout } from './timeout.js';

/**
 * OTP restart types:
 * - permanent: always restarted (crash or normal exit);
 * - transient: restarted only after a crash — a normal exit (`ctx.stop()`) stays down;
 * - temporary: never restarted.
 */
export type RestartType = 'permanent' | 'transient' | 'temporary';

export const DEFAULT_SHUTDOWN_MS = 5_000;

/** What a child needs to exist: where it lives and who supervises it. */
export interface SpawnContext {
  readonly address: string;
  /** The key path of the nearest keyed ancestor (or its own, for a dynamic child): `o1/c1`. */
  readonly key: string | undefined;
  readonly parent: ParentLink;
  readonly runtime: RuntimeContext;
}

/**
 * A child described as data, like an OTP child spec. `start` builds the child node once; the
 * supervisor then drives its lifecycle (`node.start()` for every (re)start).
 */
export interface ChildSpec {
  /** Unique among siblings; the address is `id` or `id/<key>` under a keyed ancestor. */
  readonly id: string;
  /** Overrides the computed address. */
  readonly address?: string;
  readonly restart: RestartType;
  /** How long a graceful stop may take before the child is killed. */
  readonly shutdownMs: number;
  /** Delay before restarting this child; defaults to the runtime's backoff. */
  readonly backoff?: BackoffPolicy;
  readonly start: (ctx: SpawnContext) => SupervisedNode;
}

/** What every spec factory (`workerSpec`, `supervisorSpec`, `dynamicSupervisorSpec`) takes besides its own options. */
export interface ChildSpecOptions {
  readonly id: string;
  readonly address?: string;
  readonly restart?: RestartType;
  readonly shutdownMs?: number;
  readonly backoff?: BackoffPolicy;
}

/**
 * A frozen ChildSpec: `permanent` unless told otherwise (OTP's default), `defaultShutdownMs`
 * unless given one. `start` gets the resolved `shutdownMs` too.
 */
export function childSpec(
  options: ChildSpecOptions,
  defaultShutdownMs: number,
  start: (ctx: SpawnContext, shutdownMs: number) => SupervisedNode,
): ChildSpec {
  const shutdownMs = options.shutdownMs ?? defaultShutdownMs;
  return Object.freeze({
    id: options.id,
    address: options.address,
    restart: options.restart ?? 'permanent',
    shutdownMs,
    backoff: options.backoff,
    start: (ctx: SpawnContext) => start(ctx, shutdownMs),
  });
}

/** Whether a child that ended on its own (crash or normal exit) is restarted. */
export function shouldRestart(restart: RestartType, reason: ExitReason): boolean {
  if (restart === 'temporary') return false;
  if (restart === 'permanent') return true;
  return reason.kind === 'crash';
}

/** `id` at the top, `id/<key>` under a keyed ancestor: `aurora/o1`, `conversations/o1`. */
export function childAddress(spec: ChildSpec, key: string | undefined): string {
  if (spec.address) return spec.address;
  return key === undefined ? spec.id : `${spec.id}/${key}`;
}

/**
 * Stops a node gracefully, killing it if it takes longer than `shutdownMs` — so a hanging
 * handler can delay shutdown by at most its own budget. Returns true when it had to kill.
 */
export async function stopWithin(node: SupervisedNode, reason: ExitReason, shutdownMs: number, clock: Clock): Promise<boolean> {
  try {
    const result = await raceTimeout(node.stop(reason), shutdownMs, clock);
    if (!result.timedOut) return false;
  } catch {
    // A failing stop is as good as a hanging one: make sure it is dead.
  }
  node.kill(reason);
  return true;
}
