import type { ExitReason } from './actor.js';
import { childAddress, childSpec, type ChildSpec, type ChildSpecOptions, type SpawnContext } from './child-spec.js';
import type { SupervisedNode, TreeNode } from './node.js';
import {
  DEFAULT_SUPERVISOR_SHUTDOWN_MS,
  RESTART,
  SHUTDOWN,
  SupervisorBase,
  type SupervisedChild,
  type SupervisionOptions,
} from './supervisor-base.js';

/**
 * OTP strategies for a fixed list of children:
 * - one_for_one: only the crashed child restarts;
 * - one_for_all: all children stop (reverse order) and restart (in order);
 * - rest_for_one: the crashed child and the ones started after it (they may depend on it).
 */
export type Strategy = 'one_for_one' | 'one_for_all' | 'rest_for_one';

export interface SupervisorOptions extends SupervisionOptions {
  readonly strategy: Strategy;
  /** Started in this order, stopped in reverse. */
  readonly children: readonly ChildSpec[];
}

export interface SupervisorSpecOptions extends SupervisorOptions, ChildSpecOptions {}

export function supervisorSpec(options: SupervisorSpecOptions): ChildSpec {
  return childSpec(options, DEFAULT_SUPERVISOR_SHUTDOWN_MS, (ctx) => new Supervisor(ctx, options));
}

/** A supervisor over a fixed, ordered list of children. */
export class Supervisor extends SupervisorBase<SupervisedChild> {
  readonly #strategy: Strategy;
  readonly #entries: SupervisedChild[];

  constructor(ctx: SpawnContext, options: SupervisorOptions) {
    super(ctx, options);
    this.#strategy = options.strategy;
    const ids = new Set<string>();
    this.#entries = options.children.map((spec) => {
      if (ids.has(spec.id)) throw new TypeError(`${ctx.address}: duplicate child id "${spec.id}"`);
      ids.add(spec.id);
      const address = childAddress(spec, ctx.key);
      const node = spec.start({ address, key: ctx.key, parent: this.link, runtime: ctx.runtime });
      ctx.runtime.registry.register(address, { node, route: node.route, parent: this.link });
      return { spec, node, status: 'idle', failures: 0, startedAt: 0, claim: 0 };
    });
  }

  get children(): readonly SupervisedNode[] {
    return this.#entries.map((entry) => entry.node);
  }

  async start(): Promise<void> {
    const generation = this.beginStart();
    this.cancelPendingRestarts(); // every child starts over
    for (const entry of this.#entries) {
      entry.status = 'idle';
      entry.failures = 0;
      entry.claim = 0;
      entry.history = [];
      entry.exhaustions = 0;
      entry.failure = undefined;
    }
    for (const entry of this.#entries) {
      if (generation !== this.generation) return;
      // A restart group scheduled by an earlier child's crash may already own this entry.
      if (entry.status === 'idle') await this.startChild(entry, generation);
    }
    if (generation === this.generation) this.reportStarted();
  }

  dispose(): void {
    for (const entry of this.#entries) this.release(entry);
  }

  protected childOf(node: SupervisedNode): SupervisedChild | undefined {
    return this.#entries.find((entry) => entry.node === node);
  }

  protected groupOf(failed: SupervisedChild): SupervisedChild[] {
    if (this.#strategy === 'one_for_one') return [failed];
    const from = this.#strategy === 'one_for_all' ? 0 : this.#entries.indexOf(failed);
    return this.#entries.slice(from).filter((entry) => entry === failed || entry.status !== 'stopped');
  }

  protected keepDown(entry: SupervisedChild): void {
    entry.status = 'stopped';
    void this.stopChild(entry, SHUTDOWN);
  }

  protected async stopChildren(reason: ExitReason, generation: number): Promise<void> {
    const childReason = reason.kind === 'restart' ? RESTART : SHUTDOWN;
    for (const entry of [...this.#entries].reverse()) {
      if (generation !== this.generation) return;
      if (await this.stopChild(entry, childReason)) this.reportKill(entry);
      entry.status = childReason === RESTART ? 'restarting' : 'stopped';
    }
  }

  protected async terminateChildren(): Promise<void> {
    for (const entry of [...this.#entries].reverse()) {
      await this.stopChild(entry, RESTART);
      entry.status = 'restarting';
    }
  }

  protected killChildren(reason: ExitReason): void {
    for (const entry of [...this.#entries].reverse()) {
      entry.node.kill(reason.kind === 'restart' ? RESTART : SHUTDOWN);
      entry.status = reason.kind === 'restart' ? 'restarting' : 'stopped';
    }
  }

  protected childTrees(): TreeNode[] {
    return this.#entries.map((entry) => this.childTree(entry));
  }
}
