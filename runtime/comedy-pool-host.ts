/**
 * The comedy actor definition of a HOST process: one forked child that runs many Patinha actors
 * (all incarnations of one actor type placed on this host), each keyed by `<address>#<incarnation>`.
 * comedy loads this file by path in the child (`createChild('//abs/path')`), through `require`
 * under tsx: no `import.meta`.
 *
 * The parent keeps every mailbox and supervisor and sends one turn at a time per actor; this host
 * holds the states. What an actor does outside a turn — a timer firing, a socket event, a `tell`
 * to another actor, an event for the node — is pushed to the parent (`push`), which delivers it
 * to the actor's mailbox or the tree, and drops it when that incarnation has ended.
 *
 * What an actor needs (database pool, transports, random) comes from the NODE CONTEXT: a module
 * named by the parent, loaded once per host and built from this process's environment; an actor
 * module may export a factory `(node) => definition` instead of a definition.
 */
import { pathToFileURL } from 'node:url';
import { isMainThread } from 'node:worker_threads';
import { ActorTimers } from './actor-timers.js';
import type { ActorContext, ActorDefinition, ExitReason, Message } from './actor.js';
import type { ActorRef } from './actor-ref.js';
import { systemClock } from './clock.js';
import { silentLogger } from './logger.js';
import { wireError, type WireError, type WireExitReason, type WireResult, type WireTurn } from './comedy-host.js';
import { pickDefinition } from './module-loader.js';
import { fromWireValue, toWireValue } from './wire-values.js';

/** What the parent pushes are made of. */
export type HostPush =
  | { readonly kind: 'tell'; readonly key: string; readonly address: string; readonly message: Message }
  | { readonly kind: 'self'; readonly key: string; readonly message: Message }
  /** For the node (its notice bus), from the host's node context. */
  | { readonly kind: 'event'; readonly event: unknown }
  /** A tell from the host's node context (outside any actor's turn) to an actor of the node's tree. */
  | { readonly kind: 'route'; readonly address: string; readonly message: Message };

/** A push on behalf of one hosted actor. */
export type ActorPush = Extract<HostPush, { readonly key: string }>;

/** What the host asks the parent for, answered (`sendAndReceive`), from outside any actor's turn. */
export interface HostAsk {
  readonly address: string;
  readonly message: Message;
  readonly timeoutMs: number;
}

export type HostAskAnswer = { readonly ok: true; readonly reply: unknown } | { readonly ok: false; readonly error: WireError };

/** The host's comedy custom parameters. */
export interface PoolHostParameters {
  /** The node-context module (absolute path) and export: `(node: NodeHostApi) => context`. */
  readonly contextModule?: string;
  readonly contextExport?: string;
  /** The node this host works for: the holder of its orgs' leases. */
  readonly nodeId?: string;
}

/** What an actor asks the host for in `start`. */
export interface PoolStartRequest {
  readonly modulePath: string;
  readonly exportName?: string;
  readonly address: string;
  readonly incarnation: number;
  readonly args: Record<string, unknown>;
}

/** What the node-context factory receives: how to reach the parent from outside any actor. */
export interface NodeHostApi {
  /** The node this host works for (undefined when the node did not say). */
  readonly nodeId: string | undefined;
  /** An event for the parent node (its notice bus). */
  emit(event: unknown): void;
  /** A message for an actor of the node's tree, by address. */
  tell(address: string, message: Message): void;
  /** A request to an actor of the node's tree, by address (a conversation asks its shop for the snapshot). */
  ask<R>(address: string, message: Message, timeoutMs: number): Promise<R>;
}

interface ComedySelf {
  getCustomParameters(): PoolHostParameters;
  getParent(): { send(topic: string, ...message: unknown[]): PromiseLike<unknown>; sendAndReceive(topic: string, ...message: unknown[]): PromiseLike<unknown> };
}

interface Hosted {
  definition: ActorDefinition<unknown, Message>;
  ctx: ActorContext<Message>;
  state: unknown;
  stopRequested: boolean;
  alive: boolean;
}

/** The per-process node context, as the module's factory built it (opaque here). */
type NodeContext = { readonly [key: string]: unknown; close?(): Promise<void> };

export default class PatinhaPoolHost {
  #self: ComedySelf | undefined;
  #params: PoolHostParameters = {};
  #context: Promise<NodeContext | undefined> | undefined;
  /** One definition per module export per host: a factory's shared parts (a write batcher…) serve all its actors. */
  readonly #definitions = new Map<string, Promise<ActorDefinition<unknown, Message>>>();
  readonly #hosted = new Map<string, Hosted>();

  initialize(selfActor: ComedySelf): void {
    this.#self = selfActor;
    this.#params = selfActor.getCustomParameters() ?? {};
  }

  async start(key: string, request: PoolStartRequest): Promise<WireResult> {
    try {
      const definition = await this.#definitionOf(request);
      request = { ...request, args: fromWireValue(request.args) as Record<string, unknown> };
      const hosted: Hosted = { definition, ctx: undefined as never, state: undefined, stopRequested: false, alive: true };
      hosted.ctx = this.#makeContext(key, request, hosted);
      this.#hosted.set(key, hosted);
      try {
        hosted.state = await definition.init(hosted.ctx);
      } catch (error) {
        this.#drop(key);
        throw error;
      }
      return { ok: true };
    } catch (error) {
      return { ok: false, error: wireError(error) };
    }
  }

  async handle(key: string, message: Message): Promise<WireTurn> {
    const hosted = this.#hosted.get(key);
    if (!hosted) return { ok: false, error: wireError(new Error(`${key} is not hosted here`)) };
    try {
      const turn = await hosted.definition.handle(hosted.state, fromWireValue(message) as Message, hosted.ctx);
      if (typeof turn !== 'object' || turn === null || !('state' in turn)) throw new TypeError(`handle of ${hosted.ctx.address} must return { state, reply? }`);
      if (hosted.alive) hosted.state = turn.state;
      const stop = hosted.stopRequested;
      hosted.stopRequested = false;
      return { ok: true, reply: toWireValue(turn.reply), stop, told: [] };
    } catch (error) {
      return { ok: false, error: wireError(error) };
    }
  }

  async terminate(key: string, reason: WireExitReason): Promise<void> {
    const hosted = this.#drop(key);
    if (!hosted?.definition.terminate) return;
    const exit: ExitReason = reason.kind === 'crash' ? { kind: 'crash', error: new Error(reason.message ?? 'crash') } : { kind: reason.kind };
    await hosted.definition.terminate(hosted.state, exit, hosted.ctx);
  }

  /** Brutal, for one actor: no terminate; its timers stop and nothing more is pushed for it. */
  kill(key: string): void {
    this.#drop(key);
  }

  #drop(key: string): Hosted | undefined {
    const hosted = this.#hosted.get(key);
    if (!hosted) return undefined;
    hosted.alive = false;
    hosted.ctx.timers.close();
    this.#hosted.delete(key);
    return hosted;
  }

  #push(push: HostPush): void {
    push = toWireValue(push) as HostPush;
    // The parent drops what it no longer wants (an ended incarnation); a failed push means the parent is gone.
    void Promise.resolve(this.#self?.getParent().send('push', push)).catch(() => undefined);
  }

  #definitionOf(request: PoolStartRequest): Promise<ActorDefinition<unknown, Message>> {
    const key = `${request.modulePath}#${request.exportName ?? 'default'}`;
    let definition = this.#definitions.get(key);
    if (!definition) {
      // The promise is kept, so actors starting together share one build; a failure is not kept.
      definition = (async () => {
        const context = await this.#nodeContext();
        const mod = await importModule(request.modulePath);
        return pickDefinition(mod, { module: request.modulePath, exportName: request.exportName }, context) as ActorDefinition<unknown, Message>;
      })();
      this.#definitions.set(key, definition);
      definition.catch(() => this.#definitions.delete(key));
    }
    return definition;
  }

  #nodeContext(): Promise<NodeContext | undefined> {
    const { contextModule, contextExport } = this.#params;
    if (!contextModule) return Promise.resolve(undefined);
    this.#context ??= importModule(contextModule).then((mod) => {
      const factory = mod[contextExport ?? 'default'];
      if (typeof factory !== 'function') throw new TypeError(`${contextModule} has no node-context factory "${contextExport ?? 'default'}"`);
      const api: NodeHostApi = {
        nodeId: this.#params.nodeId,
        emit: (event) => this.#push({ kind: 'event', event }),
        tell: (address, message) => this.#push({ kind: 'route', address, message }),
        ask: (address, message, timeoutMs) => this.#ask({ address, message, timeoutMs }) as Promise<never>,
      };
      return (factory as (api: NodeHostApi) => NodeContext | Promise<NodeContext>)(api);
    });
    return this.#context;
  }

  async #ask(request: HostAsk): Promise<unknown> {
    const parent = this.#self?.getParent();
    if (!parent) throw new Error('this host has no parent');
    const answer = (await parent.sendAndReceive('ask', toWireValue(request))) as HostAskAnswer;
    if (answer.ok) return fromWireValue(answer.reply);
    throw Object.assign(new Error(answer.error.message), { name: answer.error.name, code: answer.error.code });
  }

  #makeContext(key: string, request: PoolStartRequest, hosted: Hosted): ActorContext<Message> {
    const host = this;
    const self: ActorRef<Message> = {
      address: request.address,
      incarnation: request.incarnation,
      get isAlive() {
        return hosted.alive;
      },
      tell(message: Message) {
        if (hosted.alive) host.#push({ kind: 'self', key, message });
      },
      ask() {
        return Promise.reject(new Error('an actor cannot ask itself (it would deadlock)'));
      },
    };
    return {
      address: request.address,
      incarnation: request.incarnation,
      clock: systemClock,
      logger: silentLogger,
      self,
      args: Object.freeze({ ...request.args }),
      stop: () => {
        hosted.stopRequested = true;
      },
      tell: (address, message) => {
        if (hosted.alive) host.#push({ kind: 'tell', key, address, message });
      },
      // The mailbox lives in the parent: nothing queued here to take.
      takeQueued: () => [],
      timers: new ActorTimers(systemClock, (message) => self.tell(message)),
    };
  }
}

/**
 * Dynamic import: the modules of a host are ESM (our code under tsx, and Baileys). A worker
 * thread has no TypeScript import hook under Node 20 (tsx registers it in the main thread only),
 * so a threaded host requires them instead: tsx's require hook compiles them, and Node ≥ 20.19
 * requires ESM dependencies.
 */
async function importModule(path: string): Promise<Record<string, unknown>> {
  if (!isMainThread && typeof require === 'function') return require(path) as Record<string, unknown>;
  return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
}
