import { createSystem } from 'comedy';
import { applyComedyPatches } from './comedy-patches.js';
import type { Clock } from './clock.js';
import { ShutdownTimeoutError } from './errors.js';
import type { Incarnation, Placement, SpawnRequest } from './incarnation.js';
import type { Logger } from './logger.js';
import { ComedyIncarnation, type ComedyActor } from './comedy-incarnation.js';
import { raceTimeout } from './timeout.js';
import { COMEDY_POOL_HOST_PATH, HostPool } from './comedy-host-pool.js';
import type { HostAsk, HostAskAnswer, HostPush } from './comedy-pool-host.js';
import { fromWireValue, toWireValue } from './wire-values.js';
import { wireError } from './comedy-host.js';
import type { Message } from './actor.js';
import { createHostGateway, type HostGateway } from './comedy-host-gateway.js';

export const DEFAULT_COMEDY_DESTROY_TIMEOUT_MS = 5_000;

type Signal = 'SIGINT' | 'SIGTERM';
const SIGNALS: readonly Signal[] = ['SIGINT', 'SIGTERM'];

/** The slice of comedy's ActorSystem we use. */
export interface ComedySystem {
  rootActor(): PromiseLike<ComedyRoot>;
  destroy(): PromiseLike<void>;
}

export interface ComedyRoot {
  createChild(definition: string, options: Record<string, unknown>): PromiseLike<ComedyActor>;
}

export interface ComedyPlacementOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  /** Bound on comedy's `destroy()`, which can hang while a handler is pending. */
  readonly destroyTimeoutMs?: number;
  /** Lets comedy log (it is silenced otherwise). */
  readonly debug?: boolean;
  /** The node-context module pooled hosts build what their actors need from (see comedy-pool-host.ts). */
  readonly context?: { readonly module: string; readonly exportName?: string };
  /** An event a pooled host's node context emitted for this node (a notice). */
  readonly onHostEvent?: (event: unknown) => void;
  /** This node's name, for its hosts (they act under its leases). */
  readonly nodeId?: string;
  /** How a host's node context reaches the actors of this node's tree by address. */
  readonly route?: {
    tell(address: string, message: Message): void;
    ask(address: string, message: Message, timeoutMs: number): Promise<unknown>;
  };
  /** @internal Replaces comedy's `createSystem` (tests of the wrapper itself). */
  readonly createSystem?: (options: Record<string, unknown>) => ComedySystem;
}

/**
 * comedy used for PLACEMENT only: it runs an actor's `handle` in a forked process, a worker
 * thread or a remote host. Mailbox, supervision, restarts and shutdown stay ours, in this
 * process — comedy has none of them that we could rely on.
 *
 * What this wrapper fixes:
 * - `createSystem` installs SIGINT/SIGTERM handlers that call `process.exit(0)`; we remove
 *   exactly the listeners it added, so the app's ordered shutdown runs instead.
 * - comedy would read (and watch) `<project>/actors.json`, which is OUR manifest with another
 *   format: we always pass a programmatic config object.
 * - `destroy()` can hang: it is bounded by `destroyTimeoutMs`.
 */
export class ComedyPlacement implements Placement {
  readonly #options: ComedyPlacementOptions;
  readonly #system: ComedySystem;
  readonly #root: Promise<ComedyRoot>;
  readonly #removedListeners: number;
  readonly #live = new Set<ComedyIncarnation>();
  readonly #pools = new Map<string, HostPool>();
  #gateway: Promise<HostGateway> | undefined;
  #destroyed = false;

  constructor(options: ComedyPlacementOptions) {
    this.#options = Object.freeze({ ...options });
    applyComedyPatches();
    const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
    const create = options.createSystem ?? ((comedyOptions) => createSystem(comedyOptions) as unknown as ComedySystem);
    this.#system = create({
      config: {},
      test: !options.debug, // comedy's "test" flag only silences its logger and skips config files
      debug: options.debug ?? false,
    });
    this.#removedListeners = removeAddedListeners(before);
    this.#root = Promise.resolve(this.#system.rootActor());
    this.#root.catch(() => undefined); // surfaced on first spawn
  }

  /** How many signal listeners comedy added (and we removed). */
  get removedSignalListeners(): number {
    return this.#removedListeners;
  }

  spawn(request: SpawnRequest): Incarnation {
    if (this.#destroyed) throw new Error('comedy placement is destroyed');
    if ((request.mode === 'forked' || request.mode === 'threaded') && request.pool !== undefined) return this.#poolOf(request).spawn(request);
    const incarnation = new ComedyIncarnation(request, this.#root, this.#options.logger, () => this.#live.delete(incarnation));
    this.#live.add(incarnation);
    return incarnation;
  }

  /** The process ids of the live pooled hosts of `type` (tests, benchmarks). */
  hostPids(type: string): Promise<number[]> {
    return this.#pools.get(type)?.pids() ?? Promise.resolve([]);
  }

  #poolOf(request: SpawnRequest): HostPool {
    // An address starts with its actor type (`session/o1/n1`): one pool per type.
    const type = request.address.split('/')[0]!;
    let pool = this.#pools.get(type);
    if (!pool) {
      const context = this.#options.context;
      pool = new HostPool({
        type,
        size: request.pool ?? 1,
        logger: this.#options.logger,
        parameters: { contextModule: context?.module, contextExport: context?.exportName, nodeId: this.#options.nodeId },
        createHost: async (name, customParameters) => (await this.#hostGateway()).createHost(COMEDY_POOL_HOST_PATH, { mode: request.mode, name, customParameters }),
      });
      this.#pools.set(type, pool);
    }
    return pool;
  }

  /** The in-memory comedy actor the pooled hosts are children of: their pushes arrive there. */
  #hostGateway(): Promise<HostGateway> {
    this.#gateway ??= this.#root.then((root) => createHostGateway(root, { push: (push) => this.#onPush(push), ask: (request) => this.#onAsk(request) }));
    return this.#gateway;
  }

  #onPush(push: HostPush): void {
    if (push.kind === 'event') {
      this.#options.onHostEvent?.(fromWireValue(push.event));
      return;
    }
    if (push.kind === 'route') {
      try {
        this.#options.route?.tell(push.address, fromWireValue(push.message) as Message);
      } catch (error) {
        this.#options.logger.warn({ err: error, address: push.address }, 'a host process told an actor that cannot be reached here');
      }
      return;
    }
    for (const pool of this.#pools.values()) if (pool.onPush(push)) return;
  }

  async #onAsk(request: HostAsk): Promise<HostAskAnswer> {
    try {
      if (!this.#options.route) throw new Error('this node routes no asks from its hosts');
      const reply = await this.#options.route.ask(request.address, fromWireValue(request.message) as Message, request.timeoutMs);
      return { ok: true, reply: toWireValue(reply) };
    } catch (error) {
      return { ok: false, error: wireError(error) };
    }
  }

  /** Kills what is left, then destroys comedy's system within the bound. */
  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    this.#destroyed = true;
    for (const incarnation of this.#live) incarnation.kill();
    this.#live.clear();
    for (const pool of this.#pools.values()) await pool.destroy();
    const timeoutMs = this.#options.destroyTimeoutMs ?? DEFAULT_COMEDY_DESTROY_TIMEOUT_MS;
    const result = await raceTimeout(Promise.resolve(this.#system.destroy()).catch(() => undefined), timeoutMs, this.#options.clock);
    if (result.timedOut) this.#options.logger.warn({ err: new ShutdownTimeoutError('comedy destroy()', timeoutMs) }, 'comedy destroy timed out');
  }
}

/** Removes the SIGINT/SIGTERM listeners that were not there before; returns how many. */
function removeAddedListeners(before: Map<Signal, Set<Function>>): number {
  let removed = 0;
  for (const signal of SIGNALS) {
    const existing = before.get(signal) ?? new Set();
    for (const listener of process.listeners(signal)) {
      if (existing.has(listener)) continue;
      process.removeListener(signal, listener as (...args: unknown[]) => void);
      removed++;
    }
  }
  return removed;
}
