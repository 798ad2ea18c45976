import { fileURLToPath } from 'node:url';
import type { ExitReason, Message } from './actor.js';
import type { ComedyActor } from './comedy-incarnation.js';
import type { WireExitReason, WireResult, WireTurn } from './comedy-host.js';
import type { ActorPush, PoolHostParameters, PoolStartRequest } from './comedy-pool-host.js';
import { ActorProcessExitedError, RemoteActorError, ValidationError } from './errors.js';
import type { Incarnation, SpawnRequest, TurnOutcome } from './incarnation.js';
import type { Logger } from './logger.js';
import { placementHash } from './placement-hash.js';
import { fromWireValue, toWireValue } from './wire-values.js';

/** The pool host definition by absolute path (`//` = absolute for comedy's require). */
export const COMEDY_POOL_HOST_PATH = `/${fileURLToPath(new URL(`./comedy-pool-host${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url))}`;

/** What a host pool needs from the placement. */
export interface HostPoolOptions {
  /** The actor type: names the hosts (`session-host-0`…). */
  readonly type: string;
  readonly size: number;
  /** Creates a forked or threaded comedy child as a child of the gateway (so its pushes reach us). */
  readonly createHost: (name: string, parameters: PoolHostParameters) => Promise<ComedyActor>;
  readonly parameters: PoolHostParameters;
  readonly logger: Logger;
}

/** Internals of comedy 2.1.7's ForkedActorParent and ThreadedActorParent we need (pinned version). */
interface HostEndpoint {
  /** Forked: the child process. */
  workerProcess?: { pid?: number; kill(signal?: NodeJS.Signals): boolean; once(event: 'exit', fn: (code: number | null, signal: string | null) => void): void };
  /** Threaded: the worker thread. */
  worker?: { threadId: number; once(event: 'exit', fn: (code: number) => void): void };
  timeoutWorkerInterval?: NodeJS.Timeout;
  exitHandler?: () => void;
}

/** One host (a forked process or a worker thread) and the incarnations it runs. */
class HostSlot {
  readonly incarnations = new Set<PooledIncarnation>();
  readonly exited: Promise<string>;
  #markExited: (detail: string) => void = () => undefined;
  #endpoint: HostEndpoint | undefined;
  dead = false;

  constructor(
    readonly name: string,
    readonly actor: ComedyActor,
  ) {
    this.exited = new Promise((resolve) => {
      this.#markExited = resolve;
    });
    const endpoint = (actor.getWrapped?.() ?? {}) as HostEndpoint;
    this.#endpoint = endpoint;
    endpoint.workerProcess?.once('exit', (code, signal) => this.#onExit(`code ${code ?? '-'}, signal ${signal ?? '-'}`));
    endpoint.worker?.once('exit', (code) => this.#onExit(`thread exited with code ${code}`));
  }

  /** The host's process: its own when forked, this one when it is a worker thread. */
  get pid(): number | undefined {
    if (this.#endpoint?.worker) return process.pid;
    return this.#endpoint?.workerProcess?.pid;
  }

  /** The host's worker thread id (threaded hosts). */
  get threadId(): number | undefined {
    return this.#endpoint?.worker?.threadId;
  }

  /** A request that fails as soon as the host dies (comedy would leave some pending). */
  async request(address: string, topic: string, ...message: unknown[]): Promise<unknown> {
    if (this.dead) throw new ActorProcessExitedError(address, `host ${this.name} has exited`);
    try {
      return await Promise.race([
        Promise.resolve(this.actor.sendAndReceive(topic, ...message)),
        this.exited.then((detail) => {
          throw new ActorProcessExitedError(address, `host ${this.name}: ${detail}`);
        }),
      ]);
    } catch (error) {
      if (error instanceof ActorProcessExitedError) throw error;
      throw new ActorProcessExitedError(address, (error as Error)?.message ?? String(error));
    }
  }

  #onExit(detail: string): void {
    this.dead = true;
    this.#markExited(detail);
    // comedy leaks a 1 s interval and an exit listener per crashed child: release both.
    if (this.#endpoint?.timeoutWorkerInterval) clearInterval(this.#endpoint.timeoutWorkerInterval);
    if (this.#endpoint?.exitHandler) process.removeListener('exit', this.#endpoint.exitHandler);
    for (const incarnation of [...this.incarnations]) incarnation.hostDied(detail);
  }
}

/**
 * K hosts (forked processes or worker threads) for one actor type, each running many actors: an address always lands on the
 * same slot (hash of the address), and a slot whose process died is forked again on the next
 * spawn. Every incarnation on a dead host is reported dead, so its supervisor restarts it —
 * onto the new process of the same slot.
 */
export class HostPool {
  readonly #options: HostPoolOptions;
  readonly #slots: Array<Promise<HostSlot> | undefined>;
  /** Live incarnations by key, for routing the hosts' pushes. */
  readonly #byKey = new Map<string, PooledIncarnation>();

  constructor(options: HostPoolOptions) {
    this.#options = options;
    this.#slots = Array.from({ length: Math.max(1, options.size) }, () => undefined);
  }

  spawn(request: SpawnRequest): PooledIncarnation {
    const incarnation = new PooledIncarnation(request, this, this.#options.logger);
    this.#byKey.set(incarnation.key, incarnation);
    return incarnation;
  }

  /** A push from a host: delivered for a live incarnation, dropped for an ended one. */
  onPush(push: ActorPush): boolean {
    const incarnation = this.#byKey.get(push.key);
    if (!incarnation) return false;
    incarnation.deliver(push);
    return true;
  }

  forget(incarnation: PooledIncarnation): void {
    if (this.#byKey.get(incarnation.key) === incarnation) this.#byKey.delete(incarnation.key);
  }

  /** The slot's live host, forked now if it has none (one fork shared by concurrent spawns). */
  async hostFor(address: string): Promise<HostSlot> {
    const index = placementHash(address) % this.#slots.length;
    const current = this.#slots[index];
    if (current) {
      const slot = await current.catch(() => undefined);
      if (slot && !slot.dead) return slot;
      if (this.#slots[index] !== current) return this.hostFor(address);
    }
    const name = `${this.#options.type}-host-${index}`;
    const created = this.#options.createHost(name, this.#options.parameters).then((actor) => new HostSlot(name, actor));
    this.#slots[index] = created;
    created.catch(() => {
      if (this.#slots[index] === created) this.#slots[index] = undefined;
    });
    return created;
  }

  /** The live hosts' process ids (tests, metrics). */
  async pids(): Promise<number[]> {
    const slots = await Promise.all(this.#slots.map((slot) => slot?.catch(() => undefined)));
    return slots.filter((slot): slot is HostSlot => slot !== undefined && !slot.dead && slot.pid !== undefined).map((slot) => slot.pid!);
  }

  /** Stops every host (the actors on them were terminated first by their supervisors). */
  async destroy(): Promise<void> {
    const slots = await Promise.all(this.#slots.map((slot) => slot?.catch(() => undefined)));
    for (const slot of slots) {
      if (!slot || slot.dead) continue;
      await Promise.race([Promise.resolve(slot.actor.destroy()).catch(() => undefined), slot.exited]);
    }
  }
}

/** One incarnation of an actor living on a pooled host. */
export class PooledIncarnation implements Incarnation {
  readonly id: number;
  readonly key: string;
  readonly #request: SpawnRequest;
  readonly #pool: HostPool;
  readonly #logger: Logger;
  #slot: HostSlot | undefined;
  #ended = false;
  readonly #deathListeners: Array<(error: Error) => void> = [];

  constructor(request: SpawnRequest, pool: HostPool, logger: Logger) {
    this.id = request.incarnation;
    this.key = `${request.address}#${request.incarnation}`;
    this.#request = request;
    this.#pool = pool;
    this.#logger = logger;
  }

  get pid(): number | undefined {
    return this.#slot?.pid;
  }

  async start(): Promise<void> {
    const slot = await this.#pool.hostFor(this.#request.address);
    this.#slot = slot;
    slot.incarnations.add(this);
    const start: PoolStartRequest = {
      modulePath: this.#request.definition.module,
      exportName: this.#request.definition.exportName,
      address: this.#request.address,
      incarnation: this.#request.incarnation,
      args: toWireValue({ ...this.#request.args }) as Record<string, unknown>,
    };
    const result = (await slot.request(this.#request.address, 'start', this.key, start)) as WireResult;
    if (!result.ok) {
      this.#end();
      throw rebuild(this.#request.address, result.error);
    }
  }

  async handle(message: Message): Promise<TurnOutcome> {
    const slot = this.#requireSlot();
    const result = (await slot.request(this.#request.address, 'handle', this.key, toWireValue(message))) as WireTurn;
    if (!result.ok) throw rebuild(this.#request.address, result.error);
    return { reply: fromWireValue(result.reply), stop: result.stop, told: [] };
  }

  async terminate(reason: ExitReason): Promise<void> {
    const slot = this.#slot;
    this.#end();
    if (!slot || slot.dead) return;
    const wire: WireExitReason = reason.kind === 'crash' ? { kind: 'crash', message: reason.error.message } : { kind: reason.kind };
    try {
      await slot.request(this.#request.address, 'terminate', this.key, wire);
    } catch (error) {
      this.#logger.debug({ err: error, address: this.#request.address }, 'terminate on host failed');
    }
  }

  /** Brutal for this actor only: the host drops it without terminate (the host keeps running the others). */
  kill(): void {
    const slot = this.#slot;
    this.#end();
    if (slot && !slot.dead) void Promise.resolve(slot.actor.sendAndReceive('kill', this.key)).catch(() => undefined);
  }

  onDeath(listener: (error: Error) => void): void {
    this.#deathListeners.push(listener);
  }

  /** A push from the host for this incarnation. */
  deliver(push: ActorPush): void {
    if (this.#ended) return;
    const message = fromWireValue(push.message) as Message;
    if (push.kind === 'self') this.#request.tellSelf?.(message);
    else this.#request.tell?.(push.address, message);
  }

  hostDied(detail: string): void {
    if (this.#ended) return;
    this.#end();
    const error = new ActorProcessExitedError(this.#request.address, `host ${this.#slot?.name ?? '?'}: ${detail}`);
    for (const listener of this.#deathListeners) listener(error);
  }

  #end(): void {
    this.#ended = true;
    this.#slot?.incarnations.delete(this);
    this.#pool.forget(this);
  }

  #requireSlot(): HostSlot {
    if (!this.#slot || this.#ended) throw new ActorProcessExitedError(this.#request.address, 'not started');
    return this.#slot;
  }
}

function rebuild(address: string, error: { name: string; message: string; code: string | undefined; validation: boolean }): Error {
  if (error.validation) return new ValidationError(error.message, { code: error.code, address });
  return new RemoteActorError(address, error.name, error.message, error.code);
}
