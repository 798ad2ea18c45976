import type { ActorDefinition, ActorModule, ExitReason, Message } from './actor.js';
import type { ActorRef } from './actor-ref.js';
import { workerSpec } from './actor-cell.js';
import type { BackoffPolicy } from './backoff.js';
import { childAddress, stopWithin, type ChildSpec } from './child-spec.js';
import type { Clock } from './clock.js';
import { ComedyPlacement } from './comedy-placement.js';
import { dynamicSupervisorSpec } from './dynamic-supervisor.js';
import { ActorNotFoundError, ActorStoppedError, ManifestError } from './errors.js';
import type { RuntimeEventListener } from './events.js';
import type { Logger } from './logger.js';
import type { ActorTypeConfig, Manifest } from './manifest.js';
import type { ParentLink, SupervisedNode, TreeNode } from './node.js';
import type { Random } from './random.js';
import type { Registry } from './registry.js';
import { createRuntimeContext, type RuntimeContext } from './runtime-context.js';
import { RESTART, SHUTDOWN } from './supervisor-base.js';
import { supervisorSpec } from './supervisor.js';

export interface ActorSystemOptions {
  readonly clock?: Clock;
  readonly random?: Random;
  readonly logger?: Logger;
  readonly defaultBackoff?: BackoffPolicy;
  /**
   * The root supervisor gave up (its restart intensity was exceeded). The runtime never calls
   * `process.exit`: the composition root decides (log, alert, exit non-zero…).
   */
  readonly onFatal?: (error: Error) => void;
  readonly comedy?: {
    readonly destroyTimeoutMs?: number;
    readonly debug?: boolean;
    /** The node-context module pooled hosts load (the manifest's `context`). */
    readonly context?: { readonly module: string; readonly exportName?: string };
    /** An event a pooled host emitted for this node. */
    readonly onHostEvent?: (event: unknown) => void;
    /** This node's name, handed to its host processes. */
    readonly nodeId?: string;
  };
  /**
   * For `getOrSpawn`: child type → the per-key type whose instance holds that child type's
   * dynamic supervisor (`conversation` → `org`), so `conversation/o1/c1` can activate `org/o1`
   * first. Derived from the manifest by `fromManifest`.
   */
  readonly keyOwners?: Readonly<Record<string, string>>;
  /**
   * Whether a dynamic child may start here (default: always). Placement refuses the orgs this
   * node does not hold: a message for one fails with `NotAdmittedError` instead of starting it.
   */
  readonly admit?: (address: string) => boolean;
}

export interface ManifestSystemOptions extends ActorSystemOptions {
  /** Definitions per worker type; override the manifest's `module`. */
  readonly definitions?: Readonly<Record<string, ActorDefinition<any, any> | ActorModule>>;
  /** Extra start arguments for a worker (its `ctx.args` also has `type` and `key`). */
  readonly args?: (type: string, key: string | undefined) => Record<string, unknown>;
}

export type SystemState = 'idle' | 'running' | 'stopping' | 'stopped' | 'failed';

/**
 * The running tree: a root supervisor plus the services every actor shares (clock, random,
 * logger, registry, events, comedy placement).
 *
 * When to use: one per process, built by the composition root from `actors.json`
 * (`ActorSystem.boot(loadManifest(...), { definitions, clock, logger })`).
 */
export class ActorSystem {
  readonly #runtime: RuntimeContext;
  readonly #rootSpec: ChildSpec;
  readonly #root: SupervisedNode;
  readonly #options: ActorSystemOptions;
  #placement: ComedyPlacement | undefined;
  #state: SystemState = 'idle';
  #fatal: Error | undefined;

  constructor(root: ChildSpec, options: ActorSystemOptions = {}) {
    this.#options = options;
    this.#rootSpec = root;
    this.#runtime = createRuntimeContext({
      clock: options.clock,
      random: options.random,
      logger: options.logger,
      defaultBackoff: options.defaultBackoff,
      send: (address, message) => this.getOrSpawn(address).tell(message),
      admit: options.admit,
      placement: () => {
        this.#placement = new ComedyPlacement({
          clock: this.#runtime.clock,
          logger: this.#runtime.logger,
          destroyTimeoutMs: options.comedy?.destroyTimeoutMs,
          debug: options.comedy?.debug,
          context: options.comedy?.context,
          onHostEvent: options.comedy?.onHostEvent,
          nodeId: options.comedy?.nodeId,
          route: {
            tell: (address, message) => this.getOrSpawn(address).tell(message),
            ask: (address, message, timeoutMs) => this.getOrSpawn(address).ask(message, { timeoutMs }),
          },
        });
        return this.#placement;
      },
    });
    const link: ParentLink = {
      childExited: (_child, reason) => this.#rootExited(reason),
      restartChild: () => this.restart(this.#root.address),
    };
    const address = childAddress(root, undefined);
    this.#root = root.start({ address, key: undefined, parent: link, runtime: this.#runtime });
    this.#runtime.registry.register(address, { node: this.#root, route: this.#root.route, parent: link });
  }

  /** Builds the tree described by the manifest; throws a `ManifestError` for missing definitions. */
  static fromManifest(manifest: Manifest, options: ManifestSystemOptions = {}): ActorSystem {
    const problems = checkDefinitions(manifest, options.definitions ?? {});
    if (problems.length > 0) throw new ManifestError(manifest.source, problems);
    const spec = (type: string): ChildSpec => specFor(manifest, type, options, spec);
    const comedy = { ...options.comedy, context: options.comedy?.context ?? manifest.context };
    return new ActorSystem(spec(manifest.root), { ...options, comedy, keyOwners: options.keyOwners ?? keyOwnersOf(manifest) });
  }

  /** `fromManifest` + `start`. */
  static async boot(manifest: Manifest, options: ManifestSystemOptions = {}): Promise<ActorSystem> {
    const system = ActorSystem.fromManifest(manifest, options);
    await system.start();
    return system;
  }

  get state(): SystemState {
    return this.#state;
  }

  /** Why the system failed, when `state` is `failed`. */
  get fatalError(): Error | undefined {
    return this.#fatal;
  }

  get registry(): Registry {
    return this.#runtime.registry;
  }

  get clock(): Clock {
    return this.#runtime.clock;
  }

  /** comedy's placement, once an out-of-process actor has been started. */
  get comedy(): ComedyPlacement | undefined {
    return this.#placement;
  }

  subscribe(listener: RuntimeEventListener): () => void {
    return this.#runtime.events.subscribe(listener);
  }

  async start(): Promise<void> {
    if (this.#state !== 'idle') throw new Error(`actor system is ${this.#state}`);
    this.#state = 'running';
    await this.#root.start();
  }

  /**
   * Ordered shutdown: children stop in reverse start order, each within its `shutdownMs` (then
   * killed), subtree by subtree; then comedy's processes and system go, within their bound.
   * Never calls `process.exit`.
   */
  async stop(): Promise<void> {
    if (this.#state === 'stopping' || this.#state === 'stopped') return;
    this.#state = 'stopping';
    await stopWithin(this.#root, SHUTDOWN, this.#rootSpec.shutdownMs, this.#runtime.clock);
    this.#root.dispose();
    this.#runtime.registry.unregister(this.#root.address, this.#root);
    await this.#placement?.destroy();
    this.#state = 'stopped';
  }

  /** The whole supervision tree as JSON, dead and restarting children included. */
  tree(): TreeNode {
    return this.#root.tree();
  }

  /** A ref to a registered worker; throws `ActorNotFoundError`. */
  ref<Msg extends Message = Message>(address: string): ActorRef<Msg> {
    const ref = this.#runtime.registry.ref<Msg>(address);
    if (!ref) throw new ActorNotFoundError(address);
    return ref;
  }

  lookup<Msg extends Message = Message>(address: string): ActorRef<Msg> | undefined {
    return this.#runtime.registry.ref<Msg>(address);
  }

  /**
   * The actor at `type/key…` (`conversation/o1/c1`), activating it — and its keyed ancestors
   * (`org/o1`) — if needed. Synchronous, so concurrent first calls cannot spawn twice.
   */
  getOrSpawn<Msg extends Message = Message>(address: string): ActorRef<Msg> {
    if (this.#state === 'stopping' || this.#state === 'stopped') throw new ActorStoppedError(address, 'cannot start: the system is stopped');
    const existing = this.#runtime.registry.ref<Msg>(address);
    if (existing) return existing;
    const { type, parentKey, local } = dynamicAddress(address);
    const { registry } = this.#runtime;
    let spawner = registry.spawner(type, parentKey);
    const owner = this.#options.keyOwners?.[type];
    if (!spawner && owner && parentKey !== undefined) {
      this.getOrSpawn(`${owner}/${parentKey}`);
      spawner = registry.spawner(type, parentKey);
    }
    if (!spawner) throw new ActorNotFoundError(address);
    return spawner.getOrSpawn<Msg>(local);
  }

  /** Admin restart of any node (a fresh incarnation; not counted in restart intensity). */
  async restart(address: string): Promise<void> {
    if (address === this.#root.address) {
      if (this.#state !== 'running' && this.#state !== 'failed') throw new ActorStoppedError(address, `system is ${this.#state}`);
      await stopWithin(this.#root, RESTART, this.#rootSpec.shutdownMs, this.#runtime.clock);
      this.#state = 'running';
      this.#fatal = undefined;
      await this.#root.start();
      return;
    }
    const entry = this.#runtime.registry.get(address);
    if (!entry?.parent) throw new ActorNotFoundError(address);
    await entry.parent.restartChild(entry.node);
  }

  /**
   * Stops the dynamic child at `type/key…` for good (an org handed to another node): its queued
   * messages are refused, and it starts again only if something asks for it and `admit` allows.
   * Resolves once it has stopped; a no-op when it is not running.
   */
  async dismiss(address: string): Promise<void> {
    const { type, parentKey, local } = dynamicAddress(address);
    await this.#runtime.registry.spawner(type, parentKey)?.dismiss(local);
  }

  #rootExited(reason: ExitReason): void {
    if (reason.kind !== 'crash' || this.#state !== 'running') return;
    this.#state = 'failed';
    this.#fatal = reason.error;
    this.#runtime.logger.error({ err: reason.error }, 'root supervisor gave up: the actor system is down');
    this.#runtime.events.emit({ type: 'fatal', address: this.#root.address, error: reason.error });
    this.#options.onFatal?.(reason.error);
  }
}

/** `type/parent…/key`: the dynamic supervisor's child type, its parent key (if nested) and the child's own key. */
function dynamicAddress(address: string): { type: string; parentKey: string | undefined; local: string } {
  const slash = address.indexOf('/');
  if (slash <= 0) throw new ActorNotFoundError(address);
  const key = address.slice(slash + 1);
  const cut = key.lastIndexOf('/');
  return { type: address.slice(0, slash), parentKey: cut < 0 ? undefined : key.slice(0, cut), local: key.slice(cut + 1) };
}

function specFor(manifest: Manifest, type: string, options: ManifestSystemOptions, spec: (type: string) => ChildSpec): ChildSpec {
  const config = manifest.actors[type] as ActorTypeConfig;
  const common = { id: type, restart: config.restart, shutdownMs: config.shutdownMs, backoff: config.backoff };
  if (config.kind === 'worker') {
    return workerSpec({
      ...common,
      definition: definitionOf(config, options.definitions ?? {}) as ActorDefinition<any, any> | ActorModule,
      mode: config.mode,
      hosts: config.hosts,
      pool: config.pool,
      mailboxCapacity: config.mailboxCapacity,
      messageTimeoutMs: config.messageTimeoutMs,
      args: (ctx) => ({ type, ...options.args?.(type, ctx.key) }),
    });
  }
  if (config.strategy === 'simple_one_for_one') {
    const child = manifest.actors[config.child as string] as ActorTypeConfig;
    return dynamicSupervisorSpec({
      ...common,
      childType: child.name,
      child: () => spec(child.name),
      intensity: config.intensity,
      bulkhead: config.bulkhead,
      idleMs: child.keepAlive ? undefined : child.idleMs,
      keepAlive: child.keepAlive,
      sweepMs: child.sweepMs,
    });
  }
  return supervisorSpec({
    ...common,
    strategy: config.strategy as 'one_for_one' | 'one_for_all' | 'rest_for_one',
    intensity: config.intensity,
    bulkhead: config.bulkhead,
    children: config.children.map(spec),
  });
}

function definitionOf(config: ActorTypeConfig, definitions: NonNullable<ManifestSystemOptions['definitions']>): ActorDefinition<any, any> | ActorModule | undefined {
  return definitions[config.name] ?? (config.module ? { module: config.module, exportName: config.exportName } : undefined);
}

function checkDefinitions(manifest: Manifest, definitions: NonNullable<ManifestSystemOptions['definitions']>): string[] {
  const problems: string[] = [];
  for (const name of Object.keys(definitions)) {
    const config = manifest.actors[name];
    if (!config) problems.push(`definitions.${name}: no actor type "${name}" in the manifest`);
    else if (config.kind !== 'worker') problems.push(`definitions.${name}: "${name}" is a supervisor`);
  }
  for (const config of Object.values(manifest.actors)) {
    if (config.kind !== 'worker') continue;
    const definition = definitionOf(config, definitions);
    if (!definition) problems.push(`actors.${config.name}: no definition (set "module" or pass definitions.${config.name})`);
    else if (config.mode !== 'in-memory' && typeof (definition as ActorModule).module !== 'string') {
      problems.push(`actors.${config.name}: mode "${config.mode}" needs a definition loadable by path ({ module })`);
    }
  }
  return problems;
}

/** For each per-key child type nested (statically) inside another per-key type: that owner. */
function keyOwnersOf(manifest: Manifest): Record<string, string> {
  const owners: Record<string, string> = {};
  const visit = (type: string, owner: string | undefined): void => {
    const config = manifest.actors[type] as ActorTypeConfig;
    if (config.strategy === 'simple_one_for_one' && config.child) {
      if (owner) owners[config.child] = owner;
      visit(config.child, config.child);
      return;
    }
    for (const child of config.children) visit(child, owner);
  };
  visit(manifest.root, undefined);
  return owners;
}
