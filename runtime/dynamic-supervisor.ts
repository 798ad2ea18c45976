import type { ExitReason, Message } from './actor.js';
import { rejectUnhandled, RoutedActorRef, type ActorRef, type Envelope, type Route } from './actor-ref.js';
import { childSpec, type ChildSpec, type ChildSpecOptions, type SpawnContext } from './child-spec.js';
import { ActorStoppedError, MailboxFullError, NotAdmittedError } from './errors.js';
import type { SupervisedNode, TreeNode, TreeState } from './node.js';
import { Reaper, type ReapCandidate } from './reaper.js';
import type { KeyedSpawner } from './registry.js';
import {
  DEFAULT_SUPERVISOR_SHUTDOWN_MS,
  SHUTDOWN,
  SupervisorBase,
  takesNoMessages,
  type SupervisedChild,
  type SupervisionOptions,
} from './supervisor-base.js';

const PASSIVATE: ExitReason = Object.freeze({ kind: 'passivate' });

export interface DynamicSupervisorOptions extends SupervisionOptions {
  /** Children live at `<childType>/<parent key>/<key>`, e.g. `conversation/o1/c1`. */
  readonly childType: string;
  /** The spec of the child for a key (its `id` is ignored: the key names it). */
  readonly child: (key: string) => ChildSpec;
  /** Passivate children idle this long; undefined (or keepAlive) never passivates. */
  readonly idleMs?: number;
  readonly keepAlive?: boolean;
  readonly sweepMs?: number;
}

export interface DynamicSupervisorSpecOptions extends DynamicSupervisorOptions, ChildSpecOptions {}

export function dynamicSupervisorSpec(options: DynamicSupervisorSpecOptions): ChildSpec {
  return childSpec(options, DEFAULT_SUPERVISOR_SHUTDOWN_MS, (ctx) => new DynamicSupervisor(ctx, options));
}

interface Entry extends SupervisedChild {
  readonly key: string;
  readonly address: string;
  /** Why it is retiring: passivation, or an exit that is not restarted. */
  retireReason: ExitReason | undefined;
  /** Messages that arrived while it retired (the passivation handshake). */
  buffer: Envelope[];
  /** The handshake in progress; resolves to the entry it handed its messages to, if any. */
  handshake: Promise<Entry | undefined> | undefined;
  /** An admin restart arrived during the handshake: it ends with a new incarnation, buffer or not. */
  restartRequested: boolean;
  /** Stopped for good (`dismiss`): refuses messages, and nothing it held moves to a new incarnation. */
  dismissed?: boolean;
  /** Its first start, when `getOrSpawn` found its supervisor running. */
  starting: Promise<void> | undefined;
  lastActiveAt: number;
}

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
export class DynamicSupervisor extends SupervisorBase<Entry> implements KeyedSpawner {
  readonly childType: string;
  readonly parentKey: string | undefined;
  readonly #options: DynamicSupervisorOptions;
  readonly #entries = new Map<string, Entry>();
  readonly #byNode = new Map<SupervisedNode, Entry>();
  readonly #reaper: Reaper | undefined;
  #passivations = 0;

  constructor(ctx: SpawnContext, options: DynamicSupervisorOptions) {
    super(ctx, options);
    this.childType = options.childType;
    this.parentKey = ctx.key;
    this.#options = options;
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

  /**
   * Stops the child for `key` for good: new messages are refused while it stops, and what it
   * had queued is refused too (ActorStoppedError) — nothing moves to a new incarnation. Waits
   * for a stop already under way.
   */
  async dismiss(key: string): Promise<void> {
    const entry = this.#entries.get(key);
    if (!entry) return;
    if (entry.status === 'retiring' && entry.handshake) {
      entry.dismissed = true;
      await entry.handshake;
      const fresh = this.#entries.get(key);
      if (fresh && fresh !== entry) await this.dismiss(key);
      return;
    }
    entry.dismissed = true;
    entry.status = 'retiring';
    await this.stopChild(entry, SHUTDOWN);
    if (this.#entries.get(key) !== entry) return;
    rejectUnhandled([...entry.node.drainPending(), ...entry.buffer], entry.address);
    entry.buffer = [];
    entry.status = 'stopped';
    this.#forget(entry);
  }

  /** Starts the passivation handshake for `key` (normally the reaper's job). */
  passivate(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry || entry.status !== 'running' || this.state !== 'running') return;
    this.#beginRetire(entry, PASSIVATE);
  }

  // ---- Lifecycle ---------------------------------------------------------------------------------

  async start(): Promise<void> {
    const generation = this.beginStart();
    this.#reaper?.start();
    // Children asked for before we started (or while we restarted) start now.
    for (const entry of [...this.#entries.values()]) {
      if (entry.status === 'idle') void this.startChild(entry, generation);
    }
    this.reportStarted();
  }

  dispose(): void {
    for (const entry of [...this.#entries.values()]) this.#forget(entry);
    this.ctx.runtime.registry.unregisterSpawner(this);
  }

  protected override halt(): number {
    const generation = super.halt();
    this.#reaper?.stop();
    return generation;
  }

  /** Stops every child, newest first; dynamic children do not survive their supervisor. */
  protected async stopChildren(_reason: ExitReason, generation: number): Promise<void> {
    for (const entry of [...this.#entries.values()].reverse()) {
      if (generation !== this.generation) return;
      entry.status = 'stopped';
      if (await this.stopChild(entry, SHUTDOWN)) this.reportKill(entry);
      this.#rejectBuffer(entry);
      this.#forget(entry);
    }
  }

  /** Escalating stops them like any other stop. */
  protected terminateChildren(generation: number): Promise<void> {
    return this.stopChildren(SHUTDOWN, generation);
  }

  /** For good (SHUTDOWN) whatever the reason, like a stop. */
  protected killChildren(): void {
    for (const entry of [...this.#entries.values()].reverse()) {
      entry.node.kill(SHUTDOWN);
      this.#rejectBuffer(entry);
      this.#forget(entry);
    }
  }

  protected childTrees(): TreeNode[] {
    return [...this.#entries.values()].map((entry) => {
      const node = this.childTree(entry);
      return entry.status === 'retiring' && entry.retireReason?.kind === 'passivate' ? { ...node, state: 'passivated' } : node;
    });
  }

  /** Shown `stopped` while it stops its children, even on the way to a restart (a `Supervisor` shows `restarting`). */
  protected override treeState(): TreeState {
    return this.state === 'stopping' ? 'stopped' : super.treeState();
  }

  // ---- Routing -----------------------------------------------------------------------------------

  #routeFor(key: string): Route {
    return {
      address: this.#addressOf(key),
      clock: this.ctx.runtime.clock,
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
    if (envelope.origin === 'external') entry.lastActiveAt = this.ctx.runtime.clock.now();
    if (entry.dismissed) throw new ActorStoppedError(entry.address, 'is being stopped on this node');
    if (entry.status === 'retiring') {
      const { capacity } = entry.node.activity();
      if (entry.buffer.length >= capacity) throw new MailboxFullError(entry.address, capacity);
      entry.buffer.push(envelope);
      return;
    }
    const route = entry.node.route;
    if (!route) throw takesNoMessages(entry.address);
    route.deliver(envelope);
  }

  #spawn(key: string): Entry {
    if (this.state === 'stopping' || this.state === 'stopped') {
      throw new ActorStoppedError(this.#addressOf(key), `cannot start: ${this.address} is stopped`);
    }
    const { runtime } = this.ctx;
    const address = this.#addressOf(key);
    if (!runtime.admit(address)) throw new NotAdmittedError(address);
    const spec = this.#options.child(key);
    const fullKey = this.parentKey === undefined ? key : `${this.parentKey}/${key}`;
    const node = spec.start({ address, key: fullKey, parent: this.link, runtime });
    runtime.registry.register(address, { node, route: node.route ? this.#routeFor(key) : undefined, parent: this.link });
    const now = runtime.clock.now();
    const entry: Entry = {
      key,
      address,
      spec,
      node,
      status: 'idle',
      retireReason: undefined,
      buffer: [],
      handshake: undefined,
      restartRequested: false,
      starting: undefined,
      lastActiveAt: now,
      failures: 0,
      startedAt: now,
      claim: 0,
    };
    this.#entries.set(key, entry);
    this.#byNode.set(node, entry);
    if (this.state === 'running') entry.starting = this.startChild(entry, this.generation);
    return entry;
  }

  #addressOf(key: string): string {
    return this.parentKey === undefined ? `${this.childType}/${key}` : `${this.childType}/${this.parentKey}/${key}`;
  }

  // ---- Supervision -------------------------------------------------------------------------------

  protected childOf(node: SupervisedNode): Entry | undefined {
    return this.#byNode.get(node);
  }

  /** simple_one_for_one: each child restarts alone. */
  protected groupOf(failed: Entry): Entry[] {
    return [failed];
  }

  protected override onChildExit(entry: Entry | undefined, reason: ExitReason): void {
    if (entry && this.#entries.get(entry.key) !== entry) return; // already passivated or stopped
    super.onChildExit(entry, reason);
  }

  /** Its queued messages go to a new incarnation: the same handshake as passivation. */
  protected keepDown(entry: Entry, reason: ExitReason): void {
    this.#beginRetire(entry, reason);
  }

  /**
   * Admin restart. It counts as activity (the new incarnation gets a whole idle period). A
   * child in the passivation handshake is left alone — restarting the retiring node would start
   * an incarnation the handshake then forgets — so the restart waits for the handshake, which
   * ends with a new incarnation even when nothing was buffered: that incarnation is the restart.
   */
  protected override async restartChild(node: SupervisedNode): Promise<void> {
    const entry = this.#byNode.get(node);
    if (entry) entry.lastActiveAt = this.ctx.runtime.clock.now();
    if (entry?.status !== 'retiring' || !entry.handshake || this.state !== 'running') {
      await super.restartChild(node);
      return;
    }
    entry.restartRequested = true;
    const fresh = await entry.handshake;
    await fresh?.starting;
  }

  #beginRetire(entry: Entry, reason: ExitReason): void {
    entry.handshake = this.#retire(entry, reason);
  }

  /**
   * The handshake shared by passivation and exits: stop routing to the child (new messages are
   * buffered), stop it, then hand whatever it had not handled — still queued first, buffered
   * after, in arrival order — to a new incarnation. Only a crash of a child that is not
   * restarted (temporary) turns them into errors instead. An admin restart that arrived
   * meanwhile always gets its new incarnation. Resolves to the new entry, if any.
   */
  async #retire(entry: Entry, reason: ExitReason): Promise<Entry | undefined> {
    const generation = this.generation;
    const { runtime } = this.ctx;
    entry.status = 'retiring';
    entry.retireReason = reason;
    // PASSIVATE, not SHUTDOWN: the cell keeps its queue for us instead of rejecting it.
    await this.stopChild(entry, PASSIVATE);
    if (this.#entries.get(entry.key) !== entry) return undefined; // the supervisor stopped meanwhile
    const pending = [...entry.node.drainPending(), ...entry.buffer];
    entry.buffer = [];
    entry.status = 'stopped';
    this.#forget(entry);
    if (reason.kind === 'passivate') {
      this.#passivations++;
      runtime.events.emit({ type: 'passivated', address: entry.address });
    }
    const restart = entry.restartRequested;
    if (pending.length === 0 && !restart) return undefined;
    if (entry.dismissed || (reason.kind === 'crash' && !restart) || generation !== this.generation || this.state !== 'running') {
      rejectUnhandled(pending, entry.address);
      return undefined;
    }
    const fresh = this.#spawn(entry.key);
    fresh.node.requeue(pending);
    if (pending.length > 0) runtime.events.emit({ type: 'reactivated', address: entry.address, buffered: pending.length });
    return fresh;
  }

  #forget(entry: Entry): void {
    if (this.#entries.get(entry.key) === entry) this.#entries.delete(entry.key);
    this.#byNode.delete(entry.node);
    this.release(entry);
  }

  #rejectBuffer(entry: Entry): void {
    rejectUnhandled(entry.buffer, entry.address);
    entry.buffer = [];
  }

  *#reapCandidates(): Iterable<ReapCandidate> {
    for (const entry of this.#entries.values()) {
      if (entry.status !== 'running' || entry.node.kind !== 'worker') continue;
      const { busy, depth } = entry.node.activity();
      yield { key: entry.key, lastActiveAt: entry.lastActiveAt, busy, depth };
    }
  }
}

function assertKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0 || key.includes('/')) {
    throw new TypeError(`invalid child key "${key}": non-empty, without "/"`);
  }
}
