import type { ActorDefinition, ActorModule, ExitReason, Message } from './actor.js';
import { isActorModule } from './actor.js';
import { rejectUnhandled, RoutedActorRef, type Envelope, type Route } from './actor-ref.js';
import type { Clock } from './clock.js';
import { ActorTimers } from './actor-timers.js';
import { childSpec, DEFAULT_SHUTDOWN_MS, type ChildSpec, type ChildSpecOptions, type SpawnContext } from './child-spec.js';
import { ActorStoppedError, describeError, isValidationError, MessageTimeoutError, toError } from './errors.js';
import { LocalIncarnation, type Incarnation, type PlacementMode } from './incarnation.js';
import { childLogger, type Logger } from './logger.js';
import { DEFAULT_MAILBOX_CAPACITY, DEFAULT_MESSAGE_TIMEOUT_MS, Mailbox } from './mailbox.js';
import { loadActorModule } from './module-loader.js';
import type { NodeActivity, SupervisedNode, TreeNode, TreeState } from './node.js';
import { raceTimeout } from './timeout.js';

type Args = Readonly<Record<string, unknown>>;

export interface WorkerOptions {
  /** The behaviour; out-of-process modes need an `ActorModule` (loadable by path in the child). */
  readonly definition: ActorDefinition<any, any> | ActorModule;
  readonly mode?: PlacementMode;
  /** Remote mode only: comedy listener hosts; the key picks one. */
  readonly hosts?: readonly string[];
  /** Forked only: share this many host processes among all actors of the type (see comedy-host-pool.ts). */
  readonly pool?: number;
  readonly args?: Args | ((ctx: SpawnContext) => Args);
  readonly mailboxCapacity?: number;
  /** Per-message budget; exceeding it is a crash. 0 disables it. */
  readonly messageTimeoutMs?: number;
  /** Budget for `init` (defaults to `messageTimeoutMs`). */
  readonly initTimeoutMs?: number;
}

export interface WorkerSpecOptions extends WorkerOptions, ChildSpecOptions {}

/** A ChildSpec for a worker actor. Workers are `permanent` unless told otherwise (OTP's default). */
export function workerSpec(options: WorkerSpecOptions): ChildSpec {
  return childSpec(options, DEFAULT_SHUTDOWN_MS, (ctx, shutdownMs) => new ActorCell(ctx, options, shutdownMs));
}

type CellState = 'idle' | 'starting' | 'running' | 'stopping' | 'down' | 'restarting' | 'stopped';

/**
 * A worker: one address, one mailbox, a succession of incarnations. The cell outlives its
 * incarnations, so messages that arrive while it restarts wait in its mailbox (in order,
 * bounded) and a ref keeps working across restarts.
 *
 * Failure handling: a `ValidationError` thrown by `handle` is answered to the asker and the
 * actor goes on (the turn's state change is dropped); anything else thrown, a handler over its
 * `messageTimeoutMs`, or the death of its process is a crash reported to the supervisor.
 */
export class ActorCell implements SupervisedNode, Route {
  readonly kind = 'worker' as const;
  readonly address: string;
  readonly #ctx: SpawnContext;
  readonly #options: WorkerOptions;
  readonly #mode: PlacementMode;
  readonly #args: Args;
  readonly #shutdownMs: number;
  readonly #initTimeoutMs: number;
  readonly #logger: Logger;
  readonly #mailbox: Mailbox<Envelope>;
  #state: CellState = 'idle';
  #stopReason: ExitReason | undefined;
  #incarnation: Incarnation | undefined;
  #starting: Promise<void> | undefined;
  /** Bumped by every stop/kill so a superseded async step knows to give up. */
  #lifecycle = 0;
  #starts = 0;
  #startedAt = 0;
  #lastError: string | null = null;
  #definition: Promise<ActorDefinition<any, any>> | undefined;

  constructor(ctx: SpawnContext, options: WorkerOptions, shutdownMs = DEFAULT_SHUTDOWN_MS) {
    this.#ctx = ctx;
    this.address = ctx.address;
    this.#options = options;
    this.#mode = options.mode ?? 'in-memory';
    this.#args = Object.freeze({
      key: ctx.key,
      ...(typeof options.args === 'function' ? options.args(ctx) : options.args),
    });
    this.#shutdownMs = shutdownMs;
    const messageTimeoutMs = options.messageTimeoutMs ?? DEFAULT_MESSAGE_TIMEOUT_MS;
    this.#initTimeoutMs = options.initTimeoutMs ?? messageTimeoutMs;
    this.#logger = childLogger(ctx.runtime.logger, { address: ctx.address });
    this.#mailbox = new Mailbox<Envelope>({
      address: ctx.address,
      capacity: options.mailboxCapacity ?? DEFAULT_MAILBOX_CAPACITY,
      messageTimeoutMs,
      clock: ctx.runtime.clock,
      turn: (envelope) => this.#turn(envelope),
      onTimeout: (envelope, error) => {
        envelope.reply?.reject(error);
        if (this.#incarnation) this.#crash(this.#incarnation, error);
      },
    });
    if (this.#mode !== 'in-memory' && !isActorModule(options.definition)) {
      throw new TypeError(`${ctx.address}: mode "${this.#mode}" needs a definition given by module path`);
    }
  }

  // ---- Route -------------------------------------------------------------------------------

  get clock(): Clock {
    return this.#ctx.runtime.clock;
  }

  get route(): Route {
    return this;
  }

  get incarnation(): number | undefined {
    return this.#incarnation?.id;
  }

  currentIncarnation(): number | undefined {
    return this.#incarnation?.id;
  }

  deliver(envelope: Envelope): void {
    if (this.#state === 'stopped') {
      // A timer of a finished incarnation telling itself: nothing to deliver to, nobody to tell.
      if (envelope.origin === 'self') return;
      throw new ActorStoppedError(this.address);
    }
    this.#mailbox.post(envelope);
  }

  // ---- Lifecycle ---------------------------------------------------------------------------

  start(): Promise<void> {
    if (this.#starting) return this.#starting;
    if (this.#state === 'running') return Promise.resolve();
    const token = ++this.#lifecycle;
    const starting = this.#start(token).finally(() => {
      if (this.#starting === starting) this.#starting = undefined;
    });
    this.#starting = starting;
    return starting;
  }

  async #start(token: number): Promise<void> {
    const { runtime } = this.#ctx;
    const id = runtime.nextIncarnation();
    this.#state = 'starting';
    this.#starts++;
    let incarnation: Incarnation | undefined;
    try {
      incarnation = this.#createIncarnation(id);
      this.#incarnation = incarnation;
      const result = await raceTimeout(incarnation.start(), this.#initTimeoutMs, runtime.clock);
      if (result.timedOut) throw new MessageTimeoutError(this.address, this.#initTimeoutMs, 'init');
    } catch (thrown) {
      const error = toError(thrown);
      incarnation?.kill();
      if (token !== this.#lifecycle) return; // killed while starting: nothing to report
      this.#incarnation = undefined;
      this.#state = 'down';
      this.#lastError = describeError(error);
      this.#logger.warn({ err: error, incarnation: id }, 'actor init failed');
      runtime.events.emit({ type: 'crashed', address: this.address, error });
      throw error;
    }
    if (token !== this.#lifecycle) {
      incarnation.kill();
      return;
    }
    this.#state = 'running';
    this.#startedAt = runtime.clock.now();
    incarnation.onDeath((error) => this.#crash(incarnation, error));
    this.#mailbox.resume();
    runtime.events.emit({ type: 'started', address: this.address, incarnation: id, restarts: this.#starts - 1 });
  }

  async stop(reason: ExitReason): Promise<void> {
    if (this.#starting) await this.#starting.catch(() => undefined);
    if (this.#state === 'stopped' && reason.kind !== 'restart') {
      if (reason.kind === 'shutdown') this.#rejectPending();
      return;
    }
    const token = ++this.#lifecycle;
    const incarnation = this.#incarnation;
    this.#state = 'stopping';
    this.#stopReason = reason;
    this.#mailbox.pause();
    // The in-flight turn finishes first; a hanging one is cut by the caller's shutdownMs (kill).
    await this.#mailbox.whenIdle();
    if (token !== this.#lifecycle) return;
    if (incarnation && this.#incarnation === incarnation) {
      this.#incarnation = undefined;
      try {
        await incarnation.terminate(reason);
      } catch (error) {
        this.#logger.warn({ err: error }, 'actor terminate failed');
      }
      if (token !== this.#lifecycle) return;
    }
    this.#settle(reason);
  }

  kill(reason: ExitReason): void {
    this.#lifecycle++;
    const incarnation = this.#incarnation;
    this.#incarnation = undefined;
    this.#starting = undefined;
    this.#mailbox.pause();
    this.#mailbox.abandonCurrent();
    incarnation?.kill();
    this.#logger.warn({ reason: reason.kind }, 'actor killed');
    this.#settle(reason);
  }

  drainPending(): Envelope[] {
    return this.#mailbox.drain();
  }

  requeue(envelopes: readonly Envelope[]): void {
    this.#mailbox.requeue(envelopes);
  }

  activity(): NodeActivity {
    const stats = this.#mailbox.stats;
    return { busy: stats.busy, depth: stats.depth, capacity: stats.capacity };
  }

  tree(): TreeNode {
    const running = this.#state === 'running';
    return {
      address: this.address,
      kind: 'worker',
      state: this.#treeState(),
      restarts: Math.max(0, this.#starts - 1),
      mailbox: this.#mailbox.stats,
      lastError: this.#lastError,
      uptimeMs: running ? this.#ctx.runtime.clock.now() - this.#startedAt : 0,
      mode: this.#mode,
      incarnation: this.#incarnation?.id ?? null,
      pid: this.#incarnation?.pid ?? null,
      children: [],
    };
  }

  dispose(): void {
    // A worker owns no registrations of its own; its parent removes its address.
  }

  // ---- Turns ---------------------------------------------------------------------------------

  async #turn(envelope: Envelope): Promise<void> {
    const incarnation = this.#incarnation;
    if (!incarnation) {
      // Cannot happen while the mailbox only runs for a running incarnation; keep the message.
      this.#mailbox.requeue([envelope]);
      return;
    }
    let outcome;
    try {
      outcome = await incarnation.handle(envelope.message);
    } catch (thrown) {
      const error = toError(thrown);
      envelope.reply?.reject(error);
      if (isValidationError(error)) {
        this.#ctx.runtime.events.emit({ type: 'rejected', address: this.address, error });
        if (!envelope.reply) this.#logger.warn({ err: error, message: envelope.message.type }, 'message rejected');
        return;
      }
      this.#crash(incarnation, error);
      return;
    }
    envelope.reply?.resolve(outcome.reply);
    for (const message of outcome.told) this.#tellSelf(message);
    if (outcome.stop) void this.#exitNormally(incarnation);
  }

  #tellSelf(message: Message): void {
    try {
      this.deliver({ message, origin: 'self' });
    } catch (error) {
      this.#logger.warn({ err: error, message: message.type }, 'self tell dropped');
    }
  }

  #crash(incarnation: Incarnation, error: Error): void {
    if (this.#incarnation !== incarnation) return; // already handled, or a straggler
    const { runtime } = this.#ctx;
    this.#incarnation = undefined;
    this.#mailbox.pause();
    this.#lastError = describeError(error);
    this.#logger.warn({ err: error, incarnation: incarnation.id }, 'actor crashed');
    runtime.events.emit({ type: 'crashed', address: this.address, error });
    void this.#bury(incarnation, { kind: 'crash', error });
    if (this.#state === 'stopping') return; // our supervisor is stopping us anyway
    this.#state = 'down';
    this.#ctx.parent.childExited(this, { kind: 'crash', error });
  }

  async #exitNormally(incarnation: Incarnation): Promise<void> {
    if (this.#incarnation !== incarnation) return;
    const token = this.#lifecycle;
    this.#incarnation = undefined;
    this.#mailbox.pause();
    this.#state = 'down';
    await this.#bury(incarnation, { kind: 'normal' });
    if (token !== this.#lifecycle) return; // the supervisor stopped or restarted us meanwhile
    this.#ctx.runtime.events.emit({ type: 'stopped', address: this.address, reason: 'normal' });
    this.#ctx.parent.childExited(this, { kind: 'normal' });
  }

  /** Best-effort terminate of an ended incarnation, bounded by shutdownMs, then kill. */
  async #bury(incarnation: Incarnation, reason: ExitReason): Promise<void> {
    try {
      const result = await raceTimeout(incarnation.terminate(reason), this.#shutdownMs, this.#ctx.runtime.clock);
      if (!result.timedOut) return;
    } catch (error) {
      this.#logger.warn({ err: error }, 'actor terminate failed');
    }
    incarnation.kill();
  }

  #settle(reason: ExitReason): void {
    this.#state = reason.kind === 'restart' ? 'restarting' : 'stopped';
    this.#stopReason = reason;
    if (reason.kind === 'shutdown') this.#rejectPending();
    this.#ctx.runtime.events.emit({ type: 'stopped', address: this.address, reason: reason.kind });
  }

  #rejectPending(): void {
    rejectUnhandled(this.#mailbox.drain(), this.address);
  }

  #createIncarnation(id: number): Incarnation {
    const { runtime } = this.#ctx;
    const self = new RoutedActorRef(this, id, 'self');
    const logger = childLogger(this.#logger, { incarnation: id });
    // The same two ways out of an actor wherever it runs: to itself (timers, events) and to others.
    const tellSelf = (message: Message) => {
      if (self.isAlive) self.tell(message);
    };
    const tellOther = (address: string, message: Message) => {
      try {
        runtime.send(address, message);
      } catch (error) {
        logger.warn({ err: error, to: address, message: message.type }, 'tell dropped');
      }
    };
    if (this.#mode === 'in-memory') {
      return new LocalIncarnation(id, () => this.#loadDefinition(), (requestStop) => ({
        address: this.address,
        incarnation: id,
        clock: runtime.clock,
        logger,
        self,
        args: this.#args,
        stop: requestStop,
        tell: tellOther,
        takeQueued: (match, max) => this.#mailbox.takeWhere((envelope) => !envelope.reply && match(envelope.message as never), max).map((envelope) => envelope.message as never),
        timers: new ActorTimers(runtime.clock, tellSelf),
      }));
    }
    return runtime.placement().spawn({
      address: this.address,
      incarnation: id,
      definition: this.#options.definition as ActorModule,
      mode: this.#mode,
      hosts: this.#options.hosts ?? [],
      args: this.#args,
      pool: this.#options.pool,
      tellSelf,
      tell: tellOther,
    });
  }

  #loadDefinition(): Promise<ActorDefinition<any, any>> {
    const definition = this.#options.definition;
    if (!isActorModule(definition)) return Promise.resolve(definition);
    // Cache the import, but not a failure: a fixed module loads on the next restart.
    this.#definition ??= loadActorModule(definition).catch((error: unknown) => {
      this.#definition = undefined;
      throw error;
    });
    return this.#definition;
  }

  #treeState(): TreeState {
    switch (this.#state) {
      case 'running':
        return 'running';
      case 'starting':
        return this.#starts > 1 ? 'restarting' : 'running';
      case 'stopping':
        return this.#stopReason?.kind === 'restart' ? 'restarting' : 'stopped';
      case 'down':
      case 'restarting':
        return 'restarting';
      default:
        return 'stopped';
    }
  }
}
