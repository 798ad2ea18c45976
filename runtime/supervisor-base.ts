import type { ExitReason } from './actor.js';
import type { Envelope } from './actor-ref.js';
import { failureReason, type Bulkhead, type ChildFailure } from './bulkhead.js';
import { shouldRestart, stopWithin, type ChildSpec, type SpawnContext } from './child-spec.js';
import { ActorNotFoundError, ActorStoppedError, describeError, toError } from './errors.js';
import { childLogger, type Logger } from './logger.js';
import { inactive, type NodeActivity, type ParentLink, type SupervisedNode, type TreeNode, type TreeState } from './node.js';
import { RestartPolicy, type RestartRecord } from './restart-policy.js';
import { DEFAULT_INTENSITY, type Intensity } from './restart-window.js';
import { DelaySet } from './timeout.js';

/** Supervisors wait for their whole subtree (each child bounded by its own shutdownMs). */
export const DEFAULT_SUPERVISOR_SHUTDOWN_MS = Number.POSITIVE_INFINITY;

export const SHUTDOWN: ExitReason = Object.freeze({ kind: 'shutdown' });
export const RESTART: ExitReason = Object.freeze({ kind: 'restart' });

/**
 * Where a supervisor's child stands:
 * - idle: not started yet (its supervisor has not started, or starts it next);
 * - running: started or starting;
 * - restarting: being stopped for a restart, or waiting for its backoff delay;
 * - retiring: in the passivation handshake (dynamic children only);
 * - failed: exceeded its own restart intensity under a bulkhead; down until its retry;
 * - stopped: down for good.
 */
export type ChildStatus = 'idle' | 'running' | 'restarting' | 'retiring' | 'failed' | 'stopped';

/** A supervisor's record of one child. */
export interface SupervisedChild extends RestartRecord {
  readonly spec: ChildSpec;
  readonly node: SupervisedNode;
  status: ChildStatus;
  /** The restart (group, admin or retry) that owns this child; older ones skip it. */
  claim: number;
  /** Set while the child is `failed`. */
  failure?: ChildFailure;
}

/** What both supervisors take besides their children. */
export interface SupervisionOptions {
  /** Beyond this many restarts in the window, the supervisor escalates (or, with a bulkhead, fails that child). */
  readonly intensity?: Intensity;
  /** Each child its own failure domain: per-child intensity, never escalates (see `bulkhead.ts`). */
  readonly bulkhead?: Bulkhead;
}

type SupervisorState = 'idle' | 'running' | 'stopping' | 'down' | 'stopped';

/** What routing a message to a supervisor throws. */
export function takesNoMessages(address: string): TypeError {
  return new TypeError(`${address} is a supervisor and takes no messages`);
}

/**
 * What both supervisors (`Supervisor`, `DynamicSupervisor`) are: a node that takes no
 * messages, with its own lifecycle (start, stop, kill, escalation), applying OTP's rules to
 * its children. A child that ends on its own is restarted or kept down by its restart type;
 * restarts count against the intensity and wait for the child's backoff; one too many
 * escalates. Subclasses own their children: which exist, and which restart together.
 */
export abstract class SupervisorBase<Child extends SupervisedChild> implements SupervisedNode {
  readonly kind = 'supervisor' as const;
  readonly address: string;
  readonly route = undefined;
  readonly incarnation = undefined;
  protected readonly ctx: SpawnContext;
  /** How children reach this supervisor. */
  protected readonly link: ParentLink;
  readonly #policy: RestartPolicy;
  readonly #bulkhead: Bulkhead | undefined;
  readonly #delays: DelaySet;
  readonly #logger: Logger;
  #state: SupervisorState = 'idle';
  #stopReason: ExitReason | undefined;
  /** Bumped by start/stop/kill/escalation: async steps of an older generation give up. */
  #generation = 0;
  #claims = 0;
  #starts = 0;
  #startedAt = 0;
  #lastError: string | null = null;

  constructor(ctx: SpawnContext, options: SupervisionOptions = {}) {
    this.ctx = ctx;
    this.address = ctx.address;
    this.#bulkhead = options.bulkhead;
    this.#policy = new RestartPolicy(options.intensity ?? DEFAULT_INTENSITY, ctx.runtime, { perChild: this.#bulkhead !== undefined });
    this.#delays = new DelaySet(ctx.runtime.clock);
    this.#logger = childLogger(ctx.runtime.logger, { address: ctx.address });
    this.link = {
      childExited: (child, reason) => this.onChildExit(this.childOf(child), reason),
      restartChild: (child) => this.restartChild(child),
    };
  }

  // ---- What subclasses decide ------------------------------------------------------------------

  abstract start(): Promise<void>;

  abstract dispose(): void;

  /** This supervisor's record of `node`, while it supervises it. */
  protected abstract childOf(node: SupervisedNode): Child | undefined;

  /** The children restarted along with `failed` (the strategy), `failed` included. */
  protected abstract groupOf(failed: Child): Child[];

  /** `child` ended on its own and its restart type keeps it down. */
  protected abstract keepDown(child: Child, reason: ExitReason): void;

  /** Stops every child for `stop(reason)`, newest first; gives up once `generation` is stale. */
  protected abstract stopChildren(reason: ExitReason, generation: number): Promise<void>;

  /** Stops every child before escalating (OTP: a supervisor that gives up terminates its children first). */
  protected abstract terminateChildren(generation: number): Promise<void>;

  /** Kills every child at once, newest first. */
  protected abstract killChildren(reason: ExitReason): void;

  protected abstract childTrees(): TreeNode[];

  // ---- SupervisedNode --------------------------------------------------------------------------

  async stop(reason: ExitReason): Promise<void> {
    const generation = this.halt();
    this.#state = 'stopping';
    this.#stopReason = reason;
    await this.stopChildren(reason, generation);
    if (generation !== this.#generation) return;
    this.#state = reason.kind === 'restart' ? 'down' : 'stopped';
    this.ctx.runtime.events.emit({ type: 'stopped', address: this.address, reason: reason.kind });
  }

  kill(reason: ExitReason): void {
    this.halt();
    this.killChildren(reason);
    this.#state = reason.kind === 'restart' ? 'down' : 'stopped';
    this.#stopReason = reason;
  }

  drainPending(): Envelope[] {
    return [];
  }

  requeue(): void {
    throw takesNoMessages(this.address);
  }

  activity(): NodeActivity {
    return inactive();
  }

  tree(): TreeNode {
    return {
      address: this.address,
      kind: 'supervisor',
      state: this.treeState(),
      restarts: Math.max(0, this.#starts - 1),
      mailbox: null,
      lastError: this.#lastError,
      uptimeMs: this.#state === 'running' ? this.ctx.runtime.clock.now() - this.#startedAt : 0,
      children: this.childTrees(),
    };
  }

  // ---- Own lifecycle, for subclasses -----------------------------------------------------------

  protected get state(): SupervisorState {
    return this.#state;
  }

  protected get generation(): number {
    return this.#generation;
  }

  /** The bookkeeping of every (re)start; returns the new generation. */
  protected beginStart(): number {
    const generation = ++this.#generation;
    this.#state = 'running';
    this.#stopReason = undefined;
    this.#starts++;
    this.#startedAt = this.ctx.runtime.clock.now();
    this.#policy.reset(); // a restarted supervisor gets a fresh intensity window (OTP)
    return generation;
  }

  protected reportStarted(): void {
    this.ctx.runtime.events.emit({ type: 'started', address: this.address, incarnation: undefined, restarts: this.#starts - 1 });
  }

  /** Supersedes whatever is in flight (a new generation) and cancels pending restarts. */
  protected halt(): number {
    const generation = ++this.#generation;
    this.cancelPendingRestarts();
    return generation;
  }

  protected cancelPendingRestarts(): void {
    this.#delays.cancelAll();
  }

  protected treeState(): TreeState {
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

  // ---- Children --------------------------------------------------------------------------------

  protected async startChild(child: Child, generation: number): Promise<void> {
    child.status = 'running';
    child.startedAt = this.ctx.runtime.clock.now();
    try {
      await child.node.start();
    } catch (thrown) {
      // A failed init is a crash like any other: same restart rules, same intensity.
      if (generation !== this.#generation || child.status !== 'running') return;
      this.onChildExit(child, { kind: 'crash', error: toError(thrown) });
    }
  }

  /** `child` ended on its own (crash, normal exit, escalation): keep it down, restart it, or escalate. */
  protected onChildExit(child: Child | undefined, reason: ExitReason): void {
    if (!child || this.#state !== 'running' || child.status !== 'running') return;
    if (!shouldRestart(child.spec.restart, reason)) {
      this.keepDown(child, reason);
      return;
    }
    const decision = this.#policy.decide(child, this.ctx.runtime.clock.now(), child.spec.backoff);
    if (decision.escalate && this.#bulkhead) {
      void this.#failChild(child, reason.kind === 'crash' ? reason.error : undefined, this.#bulkhead);
      return;
    }
    if (decision.escalate) {
      void this.#escalate(reason.kind === 'crash' ? reason.error : undefined);
      return;
    }
    void this.#restartGroup(child, this.groupOf(child), decision.delayMs, decision.attempt);
  }

  /** A graceful stop bounded by the child's shutdownMs, then a kill; true when it had to kill. */
  protected stopChild(child: Child, reason: ExitReason): Promise<boolean> {
    return stopWithin(child.node, reason, child.spec.shutdownMs, this.ctx.runtime.clock);
  }

  protected reportKill(child: Child): void {
    this.ctx.runtime.events.emit({ type: 'killed', address: child.node.address, afterMs: child.spec.shutdownMs });
  }

  /** Unregisters a child for good and disposes of its subtree. */
  protected release(child: Child): void {
    this.ctx.runtime.registry.unregister(child.node.address, child.node);
    child.node.dispose();
  }

  /** Stops the running others of the group (newest first), waits for `failed`'s backoff, starts the group in order. */
  async #restartGroup(failed: Child, group: Child[], delayMs: number, attempt: number): Promise<void> {
    const generation = this.#generation;
    const claim = ++this.#claims;
    const running = group.filter((child) => child !== failed && child.status === 'running');
    for (const child of group) {
      child.status = 'restarting';
      child.claim = claim;
    }
    for (const child of running.reverse()) {
      if (await this.stopChild(child, RESTART)) this.reportKill(child);
    }
    if (generation !== this.#generation) return;
    this.ctx.runtime.events.emit({ type: 'restart-scheduled', address: failed.node.address, delayMs, attempt });
    if (delayMs > 0 && !(await this.#delays.delay(delayMs))) return;
    for (const child of group) {
      if (generation !== this.#generation) return;
      if (child.status === 'restarting' && child.claim === claim) await this.startChild(child, generation);
    }
  }

  /**
   * Bulkhead: `child` exceeded its own intensity. It is already down (it crashed or escalated,
   * which stopped its subtree); it stays down as `failed` and is started again after the retry
   * backoff — unless an admin restart or a stop of this supervisor comes first.
   */
  async #failChild(child: Child, error: Error | undefined, bulkhead: Bulkhead): Promise<void> {
    const generation = this.#generation;
    const claim = ++this.#claims;
    const now = this.ctx.runtime.clock.now();
    const { delayMs, attempt } = this.#policy.retry(child, bulkhead.retry);
    const reason = failureReason(error);
    child.status = 'failed';
    child.claim = claim;
    child.failure = { reason, since: now, retryAt: now + delayMs, attempts: attempt + 1 };
    this.#logger.error(
      { err: error, child: child.node.address, reason, retryInMs: delayMs, attempts: attempt + 1 },
      'child exceeded its restart intensity: stopped alone, retried later',
    );
    this.ctx.runtime.events.emit({ type: 'failed', address: child.node.address, error: error ?? new Error(reason), reason, retryInMs: delayMs, attempts: attempt + 1 });
    if (!(await this.#delays.delay(delayMs))) return;
    if (generation !== this.#generation || child.claim !== claim || child.status !== 'failed') return;
    child.failure = undefined;
    await this.startChild(child, generation);
  }

  /** A child's tree, shown `failed` (with why and when it is retried) while it waits for its retry. */
  protected childTree(child: Child): TreeNode {
    const node = child.node.tree();
    if (child.status !== 'failed' || !child.failure) return node;
    return { ...node, state: 'failed', lastError: child.failure.reason, failure: child.failure };
  }

  async #escalate(cause: Error | undefined): Promise<void> {
    const generation = this.halt();
    this.#state = 'stopping';
    this.#stopReason = RESTART;
    const error = this.#policy.escalation(this.address, cause);
    this.#lastError = describeError(error);
    this.#logger.error({ err: error }, 'restart intensity exceeded, escalating');
    this.ctx.runtime.events.emit({ type: 'escalated', address: this.address, error });
    await this.terminateChildren(generation);
    if (generation !== this.#generation) return;
    this.#state = 'down';
    this.ctx.parent.childExited(this, { kind: 'crash', error });
  }

  /**
   * Admin restart: a bounded stop of a running child (one waiting for its backoff is already
   * down) and a start, outside intensity and backoff.
   */
  protected async restartChild(node: SupervisedNode): Promise<void> {
    const child = this.childOf(node);
    if (!child) throw new ActorNotFoundError(node.address);
    if (this.#state !== 'running') throw new ActorStoppedError(this.address, 'is not running');
    const generation = this.#generation;
    const claim = ++this.#claims;
    const stopFirst = child.status === 'running';
    child.status = 'restarting';
    child.failure = undefined;
    child.claim = claim; // supersedes a pending backoff restart of this child
    if (stopFirst) await this.stopChild(child, RESTART);
    if (generation !== this.#generation || child.claim !== claim) return;
    await this.startChild(child, generation);
  }
}
