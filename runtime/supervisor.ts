import type { ExitReason } from './actor.js';
import { backoffDelay, type BackoffPolicy } from './backoff.js';
import {
  childAddress,
  shouldRestart,
  stopWithin,
  type ChildSpec,
  type RestartType,
  type SpawnContext,
} from './child-spec.js';
import { ActorNotFoundError, ActorStoppedError, describeError, EscalationError, toError } from './errors.js';
import type { Envelope } from './actor-ref.js';
import { childLogger, type Logger } from './logger.js';
import { inactive, type NodeActivity, type ParentLink, type SupervisedNode, type TreeNode, type TreeState } from './node.js';
import { DEFAULT_INTENSITY, recordRestart, type Intensity } from './restart-window.js';
import { DelaySet } from './timeout.js';

/**
 * OTP strategies for a fixed list of children:
 * - one_for_one: only the crashed child restarts;
 * - one_for_all: all children stop (reverse order) and restart (in order);
 * - rest_for_one: the crashed child and the ones started after it (they may depend on it).
 */
export type Strategy = 'one_for_one' | 'one_for_all' | 'rest_for_one';

/** Supervisors wait for their whole subtree (each child bounded by its own shutdownMs). */
export const DEFAULT_SUPERVISOR_SHUTDOWN_MS = Number.POSITIVE_INFINITY;

export const SHUTDOWN: ExitReason = Object.freeze({ kind: 'shutdown' });
export const RESTART: ExitReason = Object.freeze({ kind: 'restart' });

export interface SupervisorOptions {
  readonly strategy: Strategy;
  /** Beyond this many restarts in the window, the supervisor escalates to its parent. */
  readonly intensity?: Intensity;
  /** Started in this order, stopped in reverse. */
  readonly children: readonly ChildSpec[];
}

export interface SupervisorSpecOptions extends SupervisorOptions {
  readonly id: string;
  readonly address?: string;
  readonly restart?: RestartType;
  readonly shutdownMs?: number;
  readonly backoff?: BackoffPolicy;
}

export function supervisorSpec(options: SupervisorSpecOptions): ChildSpec {
  return Object.freeze({
    id: options.id,
    address: options.address,
    restart: options.restart ?? 'permanent',
    shutdownMs: options.shutdownMs ?? DEFAULT_SUPERVISOR_SHUTDOWN_MS,
    backoff: options.backoff,
    start: (ctx: SpawnContext) => new Supervisor(ctx, options),
  });
}

interface Entry {
  readonly spec: ChildSpec;
  readonly node: SupervisedNode;
  status: 'idle' | 'running' | 'restarting' | 'stopped';
  /** Consecutive restarts, for the backoff attempt; reset after a healthy window. */
  failures: number;
  startedAt: number;
  /** The restart (group or admin) that owns this entry; older ones skip it. */
  claim: number;
}

type SupervisorState = 'idle' | 'running' | 'stopping' | 'down' | 'stopped';

/** A supervisor over a fixed, ordered list of children. */
export class Supervisor implements SupervisedNode {
  readonly kind = 'supervisor' as const;
  readonly address: string;
  readonly route = undefined;
  readonly incarnation = undefined;
  readonly #ctx: SpawnContext;
  readonly #strategy: Strategy;
  readonly #intensity: Intensity;
  readonly #entries: Entry[];
  readonly #delays: DelaySet;
  readonly #logger: Logger;
  #state: SupervisorState = 'idle';
  #stopReason: ExitReason | undefined;
  /** Bumped by start/stop/kill/escalation: async steps of an older generation give up. */
  #generation = 0;
  #claims = 0;
  #history: readonly number[] = [];
  #starts = 0;
  #startedAt = 0;
  #lastError: string | null = null;

  constructor(ctx: SpawnContext, options: SupervisorOptions) {
    this.#ctx = ctx;
    this.address = ctx.address;
    this.#strategy = options.strategy;
    this.#intensity = options.intensity ?? DEFAULT_INTENSITY;
    this.#delays = new DelaySet(ctx.runtime.clock);
    this.#logger = childLogger(ctx.runtime.logger, { address: ctx.address });
    const link: ParentLink = {
      childExited: (child, reason) => this.#onChildExit(this.#entryOf(child), reason),
      restartChild: (child) => this.#restartChild(child),
    };
    const ids = new Set<string>();
    this.#entries = options.children.map((spec) => {
      if (ids.has(spec.id)) throw new TypeError(`${ctx.address}: duplicate child id "${spec.id}"`);
      ids.add(spec.id);
      const address = childAddress(spec, ctx.key);
      const node = spec.start({ address, key: ctx.key, parent: link, runtime: ctx.runtime });
      ctx.runtime.registry.register(address, { node, route: node.route, parent: link });
      return { spec, node, status: 'idle', failures: 0, startedAt: 0, claim: 0 };
    });
  }

  get children(): readonly SupervisedNode[] {
    return this.#entries.map((entry) => entry.node);
  }

  async start(): Promise<void> {
    const generation = ++this.#generation;
    this.#delays.cancelAll();
    this.#state = 'running';
    this.#stopReason = undefined;
    this.#starts++;
    this.#startedAt = this.#ctx.runtime.clock.now();
    this.#history = []; // a restarted supervisor gets a fresh intensity window (OTP)
    for (const entry of this.#entries) {
      entry.status = 'idle';
      entry.failures = 0;
      entry.claim = 0;
    }
    for (const entry of this.#entries) {
      if (generation !== this.#generation) return;
      // A restart group scheduled by an earlier child's crash may already own this entry.
      if (entry.status === 'idle') await this.#startEntry(entry, generation);
    }
    if (generation === this.#generation) {
      this.#ctx.runtime.events.emit({ type: 'started', address: this.address, incarnation: undefined, restarts: this.#starts - 1 });
    }
  }

  async stop(reason: ExitReason): Promise<void> {
    const generation = ++this.#generation;
    this.#delays.cancelAll();
    this.#state = 'stopping';
    this.#stopReason = reason;
    const childReason = reason.kind === 'restart' ? RESTART : SHUTDOWN;
    const { clock } = this.#ctx.runtime;
    for (const entry of [...this.#entries].reverse()) {
      if (generation !== this.#generation) return;
      const killed = await stopWithin(entry.node, childReason, entry.spec.shutdownMs, clock);
      if (killed) this.#reportKill(entry);
      entry.status = childReason === RESTART ? 'restarting' : 'stopped';
    }
    if (generation !== this.#generation) return;
    this.#state = reason.kind === 'restart' ? 'down' : 'stopped';
    this.#ctx.runtime.events.emit({ type: 'stopped', address: this.address, reason: reason.kind });
  }

  kill(reason: ExitReason): void {
    this.#generation++;
    this.#delays.cancelAll();
    for (const entry of [...this.#entries].reverse()) {
      entry.node.kill(reason.kind === 'restart' ? RESTART : SHUTDOWN);
      entry.status = reason.kind === 'restart' ? 'restarting' : 'stopped';
    }
    this.#state = reason.kind === 'restart' ? 'down' : 'stopped';
    this.#stopReason = reason;
  }

  drainPending(): Envelope[] {
    return [];
  }

  requeue(): void {
    throw new TypeError(`${this.address} is a supervisor and takes no messages`);
  }

  activity(): NodeActivity {
    return inactive();
  }

  tree(): TreeNode {
    return {
      address: this.address,
      kind: 'supervisor',
      state: this.#treeState(),
      restarts: Math.max(0, this.#starts - 1),
      mailbox: null,
      lastError: this.#lastError,
      uptimeMs: this.#state === 'running' ? this.#ctx.runtime.clock.now() - this.#startedAt : 0,
      children: this.#entries.map((entry) => entry.node.tree()),
    };
  }

  dispose(): void {
    for (const entry of this.#entries) {
      this.#ctx.runtime.registry.unregister(entry.node.address, entry.node);
      entry.node.dispose();
    }
  }

  // ---- Supervision -----------------------------------------------------------------------------

  async #startEntry(entry: Entry, generation: number): Promise<void> {
    entry.status = 'running';
    entry.startedAt = this.#ctx.runtime.clock.now();
    try {
      await entry.node.start();
    } catch (thrown) {
      // A failed init is a crash like any other: same restart rules, same intensity.
      if (generation !== this.#generation || entry.status !== 'running') return;
      this.#onChildExit(entry, { kind: 'crash', error: toError(thrown) });
    }
  }

  #onChildExit(entry: Entry | undefined, reason: ExitReason): void {
    if (!entry || this.#state !== 'running' || entry.status !== 'running') return;
    const { runtime } = this.#ctx;
    if (!shouldRestart(entry.spec.restart, reason)) {
      entry.status = 'stopped';
      void stopWithin(entry.node, SHUTDOWN, entry.spec.shutdownMs, runtime.clock);
      return;
    }
    const now = runtime.clock.now();
    const decision = recordRestart(this.#history, now, this.#intensity);
    this.#history = decision.history;
    if (decision.exceeded) {
      void this.#escalate(reason.kind === 'crash' ? reason.error : undefined);
      return;
    }
    // A child that stayed up for a whole intensity window starts its backoff over.
    const healthy = now - entry.startedAt >= this.#intensity.withinMs;
    const attempt = healthy ? 0 : entry.failures;
    entry.failures = attempt + 1;
    const delayMs = backoffDelay(entry.spec.backoff ?? runtime.defaultBackoff, attempt, runtime.random);
    void this.#restartGroup(entry, this.#groupOf(entry), delayMs, attempt);
  }

  #groupOf(failed: Entry): Entry[] {
    if (this.#strategy === 'one_for_one') return [failed];
    const from = this.#strategy === 'one_for_all' ? 0 : this.#entries.indexOf(failed);
    return this.#entries.slice(from).filter((entry) => entry === failed || entry.status !== 'stopped');
  }

  async #restartGroup(failed: Entry, group: Entry[], delayMs: number, attempt: number): Promise<void> {
    const generation = this.#generation;
    const claim = ++this.#claims;
    const { runtime } = this.#ctx;
    const running = group.filter((entry) => entry !== failed && entry.status === 'running');
    for (const entry of group) {
      entry.status = 'restarting';
      entry.claim = claim;
    }
    for (const entry of running.reverse()) {
      const killed = await stopWithin(entry.node, RESTART, entry.spec.shutdownMs, runtime.clock);
      if (killed) this.#reportKill(entry);
    }
    if (generation !== this.#generation) return;
    runtime.events.emit({ type: 'restart-scheduled', address: failed.node.address, delayMs, attempt });
    if (delayMs > 0 && !(await this.#delays.delay(delayMs))) return;
    for (const entry of group) {
      if (generation !== this.#generation) return;
      if (entry.status === 'restarting' && entry.claim === claim) await this.#startEntry(entry, generation);
    }
  }

  async #escalate(cause: Error | undefined): Promise<void> {
    const generation = ++this.#generation;
    const { runtime } = this.#ctx;
    this.#delays.cancelAll();
    this.#state = 'stopping';
    this.#stopReason = RESTART;
    const error = new EscalationError(this.address, this.#intensity.maxRestarts, this.#intensity.withinMs, cause);
    this.#lastError = describeError(error);
    this.#logger.error({ err: error }, 'restart intensity exceeded, escalating');
    runtime.events.emit({ type: 'escalated', address: this.address, error });
    // OTP: a supervisor that gives up terminates all its children first.
    for (const entry of [...this.#entries].reverse()) {
      await stopWithin(entry.node, RESTART, entry.spec.shutdownMs, runtime.clock);
      entry.status = 'restarting';
    }
    if (generation !== this.#generation) return;
    this.#state = 'down';
    this.#ctx.parent.childExited(this, { kind: 'crash', error });
  }

  async #restartChild(child: SupervisedNode): Promise<void> {
    const entry = this.#entryOf(child);
    if (!entry) throw new ActorNotFoundError(child.address);
    if (this.#state !== 'running') throw new ActorStoppedError(this.address, 'is not running');
    const claim = ++this.#claims;
    const generation = this.#generation;
    const wasRunning = entry.status === 'running';
    entry.status = 'restarting';
    entry.claim = claim; // supersedes a pending backoff restart of this child
    if (wasRunning) await stopWithin(entry.node, RESTART, entry.spec.shutdownMs, this.#ctx.runtime.clock);
    if (generation !== this.#generation || entry.claim !== claim) return;
    await this.#startEntry(entry, generation);
  }

  #reportKill(entry: Entry): void {
    this.#ctx.runtime.events.emit({ type: 'killed', address: entry.node.address, afterMs: entry.spec.shutdownMs });
  }

  #entryOf(node: SupervisedNode): Entry | undefined {
    return this.#entries.find((entry) => entry.node === node);
  }

  #treeState(): TreeState {
    switch (this.#state) {
      case 'running':
        return 'running';
      case 'down':
        return 'restarting';
      case 'stopping':
        return this.#stopReason?.kind === 'restart' ? 'restarting' : 'stopped';
      default:
        return 'stopped';
    }
  }
}
