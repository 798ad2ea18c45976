import type { ExitReason, Message } from './actor.js';
import { RoutedActorRef, type ActorRef, type Envelope, type Route } from './actor-ref.js';
import { backoffDelay, type BackoffPolicy } from './backoff.js';
import { shouldRestart, stopWithin, type ChildSpec, type RestartType, type SpawnContext } from './child-spec.js';
import {
  ActorNotFoundError,
  ActorStoppedError,
  describeError,
  EscalationError,
  MailboxFullError,
  toError,
} from './errors.js';
import { childLogger, type Logger } from './logger.js';
import { inactive, type NodeActivity, type ParentLink, type SupervisedNode, type TreeNode, type TreeState } from './node.js';
import { Reaper, type ReapCandidate } from './reaper.js';
import type { KeyedSpawner } from './registry.js';
import { DEFAULT_INTENSITY, recordRestart, type Intensity } from './restart-window.js';
import { DEFAULT_SUPERVISOR_SHUTDOWN_MS, RESTART, SHUTDOWN } from './supervisor.js';
import { DelaySet } from './timeout.js';

const PASSIVATE: ExitReason = Object.freeze({ kind: 'passivate' });

export interface DynamicSupervisorOptions {
  /** Children live at `<childType>/<parent key>/<key>`, e.g. `conversation/o1/c1`. */
  readonly childType: string;
  /** The spec of the child for a key (its `id` is ignored: the key names it). */
  readonly child: (key: string) => ChildSpec;
  readonly intensity?: Intensity;
  /** Passivate children idle this long; undefined (or keepAlive) never passivates. */
  readonly idleMs?: number;
  readonly keepAlive?: boolean;
  readonly sweepMs?: number;
}

export interface DynamicSupervisorSpecOptions extends DynamicSupervisorOptions {
  readonly id: string;
  readonly address?: string;
  readonly restart?: RestartType;
  readonly shutdownMs?: number;
  readonly backoff?: BackoffPolicy;
}

export function dynamicSupervisorSpec(options: DynamicSupervisorSpecOptions): ChildSpec {
  return Object.freeze({
    id: options.id,
    address: options.address,
    restart: options.restart ?? 'permanent',
    shutdownMs: options.shutdownMs ?? DEFAULT_SUPERVISOR_SHUTDOWN_MS,
    backoff: options.backoff,
    start: (ctx: SpawnContext) => new DynamicSupervisor(ctx, options),
  });
}

interface Entry {
  readonly key: string;
  readonly address: string;
  readonly spec: ChildSpec;
  readonly node: SupervisedNode;
  status: 'pending' | 'running' | 'restarting' | 'retiring' | 'stopped';
  /** Why it is retiring: passivation, or an exit that is not restarted. */
  retireReason: ExitReason | undefined;
  /** Messages that arrived while it retired (the passivation handshake). */
  buffer: Envelope[];
  lastActiveAt: number;
  failures: number;
  startedAt: number;
  claim: number;
}

type State = 'idle' | 'running' | 'stopping' | 'down' | 'stopped';

/**
 * simple_one_for_one: one child per key, spawned on first use, restarted one for one.
 *
 * - `getOrSpawn(key)` is synchronous: the child exists (and is registered) before it returns,
 *   so any number of concurrent first calls get the same actor; messages wait in its mailbox
 *   until `init` finishes.
 * - Refs route by key, so a ref survives restarts and passivation (a message to a passivated
 *   key activates a new incarnation).
 * - Passivation is a handshake: the child stops being routed to, messages arriving meanwhile
 *   are buffered, and once its stop completes any buffered (or still queued) messages go to a
 *   new incarnation. Nothing is dropped.
 */
export class DynamicSupervisor implements SupervisedNode, KeyedSpawner {
  readonly kind = 'supervisor' as const;
  readonly address: string;
  readonly route = undefined;
  readonly incarnation = undefined;
  readonly childType: string;
  readonly parentKey: string | undefined;
  readonly #ctx: SpawnContext;
  readonly #options: DynamicSupervisorOptions;
  readonly #intensity: Intensity;
  readonly #entries = new Map<string, Entry>();
  readonly #byNode = new Map<SupervisedNode, Entry>();
  readonly #delays: DelaySet;
  readonly #reaper: Reaper | undefined;
  readonly #logger: Logger;
  readonly #link: ParentLink;
  #state: State = 'idle';
  #generation = 0;
  #claims = 0;
  #history: readonly number[] = [];
  #starts = 0;
  #startedAt = 0;
  #lastError: string | null = null;
  #passivations = 0;

  constructor(ctx: SpawnContext, options: DynamicSupervisorOptions) {
    this.#ctx = ctx;
    this.address = ctx.address;
    this.childType = options.childType;
    this.parentKey = ctx.key;
    this.#options = options;
    this.#intensity = options.intensity ?? DEFAULT_INTENSITY;
    this.#delays = new DelaySet(ctx.runtime.clock);
    this.#logger = childLogger(ctx.runtime.logger, { address: ctx.address });
    this.#link = {
      childExited: (child, reason) => this.#onChildExit(this.#byNode.get(child), reason),
      restartChild: (child) => this.#restartChild(child),
    };
    if (options.idleMs !== undefined && !options.keepAlive) {
      this.#reaper = new Reaper({
        clock: ctx.runtime.clock,
        idleMs: options.idleMs,
        sweepMs: options.sweepMs,
        candidates: () => this.#reapCandidates(),
        passivate: (key) => this.passivate(key),
      });
    }
    ctx.runtime.registry.registerSpawner(this);
  }

  /** Number of live (not passivated) children. */
  get size(): number {
    return this.#entries.size;
  }

  get passivations(): number {
    return this.#passivations;
  }

  keys(): string[] {
    return [...this.#entries.keys()];
  }

  /** The child for `key`, spawning it if needed. Never spawns twice for one key. */
  getOrSpawn<Msg extends Message = Message>(key: string): ActorRef<Msg> {
    assertKey(key);
    const entry = this.#entries.get(key) ?? this.#spawn(key);
    return new RoutedActorRef<Msg>(this.#routeFor(key), entry.node.incarnation);
  }

  /** A ref for `key` that activates the child on its first message. */
  ref<Msg extends Message = Message>(key: string): ActorRef<Msg> {
    assertKey(key);
    return new RoutedActorRef<Msg>(this.#routeFor(key), this.#entries.get(key)?.node.incarnation);
  }

  /** Starts the passivation handshake for `key` (normally the reaper's job). */
  passivate(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry || entry.status !== 'running' || this.#state !== 'running') return;
    void this.#retire(entry, PASSIVATE);
  }

  // ---- SupervisedNode ----------------------------------------------------------------------------

  async start(): Promise<void> {
    const generation = ++this.#generation;
    this.#state = 'running';
    this.#starts++;
    this.#startedAt = this.#ctx.runtime.clock.now();
    this.#history = [];
    this.#reaper?.start();
    // Children asked for before we started (or while we restarted) start now.
    for (const entry of [...this.#entries.values()]) {
      if (entry.status === 'pending') void this.#startEntry(entry, generation);
    }
    this.#ctx.runtime.events.emit({ type: 'started', address: this.address, incarnation: undefined, restarts: this.#starts - 1 });
  }

  async stop(reason: ExitReason): Promise<void> {
    const generation = ++this.#generation;
    this.#state = 'stopping';
    this.#delays.cancelAll();
    this.#reaper?.stop();
    await this.#stopAll(generation);
    if (generation !== this.#generation) return;
    this.#state = reason.kind === 'restart' ? 'down' : 'stopped';
    this.#ctx.runtime.events.emit({ type: 'stopped', address: this.address, reason: reason.kind });
  }

  kill(reason: ExitReason): void {
    this.#generation++;
    this.#delays.cancelAll();
    this.#reaper?.stop();
    for (const entry of [...this.#entries.values()].reverse()) {
      entry.node.kill(SHUTDOWN);
      this.#rejectBuffer(entry);
      this.#forget(entry);
    }
    this.#state = reason.kind === 'restart' ? 'down' : 'stopped';
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
      children: [...this.#entries.values()].map((entry) => {
        const node = entry.node.tree();
        return entry.status === 'retiring' && entry.retireReason?.kind === 'passivate' ? { ...node, state: 'passivated' } : node;
      }),
    };
  }

  dispose(): void {
    for (const entry of [...this.#entries.values()]) this.#forget(entry);
    this.#ctx.runtime.registry.unregisterSpawner(this);
  }

  // ---- Routing -----------------------------------------------------------------------------------

  #routeFor(key: string): Route {
    return {
      address: this.#addressOf(key),
      clock: this.#ctx.runtime.clock,
      deliver: (envelope) => this.#deliver(key, envelope),
      currentIncarnation: () => this.#entries.get(key)?.node.incarnation,
    };
  }

  #deliver(key: string, envelope: Envelope): void {
    let entry = this.#entries.get(key);
    if (!entry) {
      if (envelope.origin === 'self') return; // a timer of a passivated incarnation: drop it
      entry = this.#spawn(key);
    }
    // Only messages from outside keep a child alive (Akka, Orleans): its own timers do not.
    if (envelope.origin === 'external') entry.lastActiveAt = this.#ctx.runtime.clock.now();
    if (entry.status === 'retiring') {
      const { capacity } = entry.node.activity();
      if (entry.buffer.length >= capacity) throw new MailboxFullError(entry.address, capacity);
      entry.buffer.push(envelope);
      return;
    }
    const route = entry.node.route;
    if (!route) throw new TypeError(`${entry.address} is a supervisor and takes no messages`);
    route.deliver(envelope);
  }

  #spawn(key: string): Entry {
    if (this.#state === 'stopping' || this.#state === 'stopped') {
      throw new ActorStoppedError(this.#addressOf(key), `cannot start: ${this.address} is stopped`);
    }
    const { runtime } = this.#ctx;
    const address = this.#addressOf(key);
    const spec = this.#options.child(key);
    const fullKey = this.parentKey === undefined ? key : `${this.parentKey}/${key}`;
    const node = spec.start({ address, key: fullKey, parent: this.#link, runtime });
    runtime.registry.register(address, { node, route: node.route ? this.#routeFor(key) : undefined, parent: this.#link });
    const now = runtime.clock.now();
    const entry: Entry = {
      key,
      address,
      spec,
      node,
      status: 'pending',
      retireReason: undefined,
      buffer: [],
      lastActiveAt: now,
      failures: 0,
      startedAt: now,
      claim: 0,
    };
    this.#entries.set(key, entry);
    this.#byNode.set(node, entry);
    if (this.#state === 'running') void this.#startEntry(entry, this.#generation);
    return entry;
  }

  #addressOf(key: string): string {
    return this.parentKey === undefined ? `${this.childType}/${key}` : `${this.childType}/${this.parentKey}/${key}`;
  }

  // ---- Supervision -------------------------------------------------------------------------------

  async #startEntry(entry: Entry, generation: number): Promise<void> {
    entry.status = 'running';
    entry.startedAt = this.#ctx.runtime.clock.now();
    try {
      await entry.node.start();
    } catch (thrown) {
      if (generation !== this.#generation || entry.status !== 'running') return;
      this.#onChildExit(entry, { kind: 'crash', error: toError(thrown) });
    }
  }

  #onChildExit(entry: Entry | undefined, reason: ExitReason): void {
    if (!entry || this.#state !== 'running' || entry.status !== 'running') return;
    if (this.#entries.get(entry.key) !== entry) return;
    const { runtime } = this.#ctx;
    if (!shouldRestart(entry.spec.restart, reason)) {
      void this.#retire(entry, reason);
      return;
    }
    const now = runtime.clock.now();
    const decision = recordRestart(this.#history, now, this.#intensity);
    this.#history = decision.history;
    if (decision.exceeded) {
      void this.#escalate(reason.kind === 'crash' ? reason.error : undefined);
      return;
    }
    const attempt = now - entry.startedAt >= this.#intensity.withinMs ? 0 : entry.failures;
    entry.failures = attempt + 1;
    const delayMs = backoffDelay(entry.spec.backoff ?? runtime.defaultBackoff, attempt, runtime.random);
    void this.#restartLater(entry, delayMs, attempt);
  }

  async #restartLater(entry: Entry, delayMs: number, attempt: number): Promise<void> {
    const generation = this.#generation;
    const claim = ++this.#claims;
    entry.status = 'restarting';
    entry.claim = claim;
    this.#ctx.runtime.events.emit({ type: 'restart-scheduled', address: entry.address, delayMs, attempt });
    if (delayMs > 0 && !(await this.#delays.delay(delayMs))) return;
    if (generation !== this.#generation || entry.claim !== claim || entry.status !== 'restarting') return;
    await this.#startEntry(entry, generation);
  }

  /**
   * The handshake shared by passivation and exits: stop routing to the child (new messages are
   * buffered), stop it, then hand whatever it had not handled — still queued first, buffered
   * after, in arrival order — to a new incarnation. Only a crash of a child that is not
   * restarted (temporary) turns them into errors instead.
   */
  async #retire(entry: Entry, reason: ExitReason): Promise<void> {
    const generation = this.#generation;
    const { runtime } = this.#ctx;
    entry.status = 'retiring';
    entry.retireReason = reason;
    // PASSIVATE, not SHUTDOWN: the cell keeps its queue for us instead of rejecting it.
    await stopWithin(entry.node, PASSIVATE, entry.spec.shutdownMs, runtime.clock);
    if (this.#entries.get(entry.key) !== entry) return; // the supervisor stopped meanwhile
    const pending = [...entry.node.drainPending(), ...entry.buffer];
    entry.buffer = [];
    entry.status = 'stopped';
    this.#forget(entry);
    if (reason.kind === 'passivate') {
      this.#passivations++;
      runtime.events.emit({ type: 'passivated', address: entry.address });
    }
    if (pending.length === 0) return;
    if (reason.kind === 'crash' || generation !== this.#generation || this.#state !== 'running') {
      rejectAll(pending, entry.address);
      return;
    }
    const fresh = this.#spawn(entry.key);
    fresh.node.requeue(pending);
    runtime.events.emit({ type: 'reactivated', address: entry.address, buffered: pending.length });
  }

  async #escalate(cause: Error | undefined): Promise<void> {
    const generation = ++this.#generation;
    const { runtime } = this.#ctx;
    this.#state = 'stopping';
    this.#delays.cancelAll();
    this.#reaper?.stop();
    const error = new EscalationError(this.address, this.#intensity.maxRestarts, this.#intensity.withinMs, cause);
    this.#lastError = describeError(error);
    this.#logger.error({ err: error }, 'restart intensity exceeded, escalating');
    runtime.events.emit({ type: 'escalated', address: this.address, error });
    await this.#stopAll(generation);
    if (generation !== this.#generation) return;
    this.#state = 'down';
    this.#ctx.parent.childExited(this, { kind: 'crash', error });
  }

  /** Stops every child, newest first; dynamic children do not survive their supervisor. */
  async #stopAll(generation: number): Promise<void> {
    const { runtime } = this.#ctx;
    for (const entry of [...this.#entries.values()].reverse()) {
      if (generation !== this.#generation) return;
      entry.status = 'stopped';
      const killed = await stopWithin(entry.node, SHUTDOWN, entry.spec.shutdownMs, runtime.clock);
      if (killed) runtime.events.emit({ type: 'killed', address: entry.address, afterMs: entry.spec.shutdownMs });
      this.#rejectBuffer(entry);
      this.#forget(entry);
    }
  }

  async #restartChild(child: SupervisedNode): Promise<void> {
    const entry = this.#byNode.get(child);
    if (!entry) throw new ActorNotFoundError(child.address);
    if (this.#state !== 'running') throw new ActorStoppedError(this.address, 'is not running');
    const generation = this.#generation;
    const claim = ++this.#claims;
    entry.claim = claim;
    entry.status = 'restarting';
    await stopWithin(entry.node, RESTART, entry.spec.shutdownMs, this.#ctx.runtime.clock);
    if (generation !== this.#generation || entry.claim !== claim) return;
    await this.#startEntry(entry, generation);
  }

  #forget(entry: Entry): void {
    if (this.#entries.get(entry.key) === entry) this.#entries.delete(entry.key);
    this.#byNode.delete(entry.node);
    this.#ctx.runtime.registry.unregister(entry.address, entry.node);
    entry.node.dispose();
  }

  #rejectBuffer(entry: Entry): void {
    rejectAll(entry.buffer, entry.address);
    entry.buffer = [];
  }

  *#reapCandidates(): Iterable<ReapCandidate> {
    for (const entry of this.#entries.values()) {
      if (entry.status !== 'running' || entry.node.kind !== 'worker') continue;
      const { busy, depth } = entry.node.activity();
      yield { key: entry.key, lastActiveAt: entry.lastActiveAt, busy, depth };
    }
  }

  #treeState(): TreeState {
    if (this.#state === 'running') return 'running';
    if (this.#state === 'down') return 'restarting';
    return 'stopped';
  }
}

function assertKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0 || key.includes('/')) {
    throw new TypeError(`invalid child key "${key}": non-empty, without "/"`);
  }
}

function rejectAll(envelopes: readonly Envelope[], address: string): void {
  for (const envelope of envelopes) {
    envelope.reply?.reject(new ActorStoppedError(address, 'was stopped before handling the message'));
  }
}
