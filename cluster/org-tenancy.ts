import { orgsToAcquire } from '../domain/org-placement.js';
import { systemClock, type Clock, type TimerHandle } from '../runtime/clock.js';
import { silentLogger, type Logger } from '../runtime/logger.js';
import type { HeldOrgLease, OrgLease, OrgLeasesRepository } from '../storage/org-leases.repository.js';
import { ownerOf } from '../domain/org-placement.js';

export const DEFAULT_TENANCY = Object.freeze({
  /** How long a lease lasts without renewal: the longest an org waits for a new node after its node dies. */
  ttlMs: 15_000,
  /** Three renewals per TTL: one slow or failed renewal does not lose the org. */
  renewMs: 5_000,
  /**
   * A node whose renewals keep failing stops an org this long before the lease could lapse, so
   * it has stopped before another node may take it (clock drift between nodes must stay below it).
   */
  marginMs: 4_000,
});

/** Past a lease's end, so the taking round finds it lapsed on its own clock too. */
const LAPSE_SLACK_MS = 50;

/** What the tenancy starts and stops: an org's whole subtree (sessions, conversations, Aurora). */
export interface OrgHost {
  start(orgId: string, lease: OrgLease): Promise<void> | void;
  /** Stops the org's actors for good on this node; resolves once they have stopped. */
  stop(orgId: string): Promise<void>;
}

export interface OrgTenancyOptions {
  nodeId: string;
  leases: OrgLeasesRepository;
  host: OrgHost;
  /** Every org id. */
  listOrgs(): Promise<string[]>;
  /** The nodes beating now; when it fails (no Redis) this node sees only itself and takes only free orgs. */
  liveNodes?(): Promise<string[]>;
  /** Called after a round released orgs, with the nodes they now belong to: ask them to take them now rather than at their next round. */
  nudge?(nodeIds: string[]): void;
  clock?: Clock;
  logger?: Logger;
  ttlMs?: number;
  renewMs?: number;
  marginMs?: number;
}

interface Tenure {
  readonly token: number;
  /** Local time until which the lease surely holds: the renewal's start + TTL. */
  validUntil: number;
  /** Its actors are stopping: nothing new starts, but what is in flight may still commit. */
  stopping: boolean;
}

/**
 * Which orgs this node acts for. Each org lives on exactly one node: the one holding its lease
 * (storage/org-leases.repository.ts). Every `renewMs` the node renews what it holds, hands off
 * what rendezvous hashing now gives another live node (stop, then release), and takes the free
 * leases of orgs that hash to it. An org's actors start only after its lease is taken and stop
 * before it can lapse: if renewals fail (the database is away), a watchdog on the local clock
 * stops the org `marginMs` before the lease's end, without waiting for the database. Writes
 * check the token (`fenceOf`), so even a node that stalls past that point commits nothing.
 *
 * Also the cluster's directory: who holds which org, refreshed on every round.
 */
export class OrgTenancy {
  readonly nodeId: string;
  readonly #options: OrgTenancyOptions;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #ttlMs: number;
  readonly #renewMs: number;
  readonly #marginMs: number;
  readonly #held = new Map<string, Tenure>();
  #directory = new Map<string, HeldOrgLease>();
  /** When the next round should run sooner than `renewMs`: the lapse of a lease a gone node still has on an org of ours. */
  #wakeAt: number | undefined;
  #timer: TimerHandle | undefined;
  #watchdog: TimerHandle | undefined;
  #round: Promise<void> | undefined;
  #next: Promise<void> | undefined;
  #stopped = false;

  constructor(options: OrgTenancyOptions) {
    this.nodeId = options.nodeId;
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    this.#ttlMs = options.ttlMs ?? DEFAULT_TENANCY.ttlMs;
    this.#renewMs = options.renewMs ?? DEFAULT_TENANCY.renewMs;
    this.#marginMs = options.marginMs ?? DEFAULT_TENANCY.marginMs;
    if (this.#renewMs + this.#marginMs >= this.#ttlMs) {
      throw new Error(`org tenancy: renewMs (${this.#renewMs}) + marginMs (${this.#marginMs}) must be below ttlMs (${this.#ttlMs})`);
    }
  }

  /** Runs the first round now and then every `renewMs`; resolves after the first round. */
  start(): Promise<void> {
    return this.rebalance();
  }

  /**
   * A round now (an org was created, a node joined); with one under way, one more right after
   * it, shared by every caller meanwhile. Resolves when that round is done; never rejects.
   */
  rebalance(): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    if (this.#round) {
      return (this.#next ??= this.#round.then(() => {
        this.#next = undefined;
        return this.rebalance();
      }));
    }
    this.#clock.clearTimeout(this.#timer);
    this.#round = this.#runRound().finally(() => {
      this.#round = undefined;
      if (this.#stopped) return;
      const delay = Math.min(this.#renewMs, this.#wakeAt === undefined ? Infinity : Math.max(0, this.#wakeAt - this.#clock.now()));
      this.#timer = this.#clock.setTimeout(() => void this.rebalance(), delay);
    });
    return this.#round;
  }

  /** Does this node act for `orgId` right now (its actors may start here)? */
  holds(orgId: string): boolean {
    const tenure = this.#live(orgId);
    return tenure !== undefined && !tenure.stopping;
  }

  /** The lease a write for `orgId` must check; undefined when this node no longer surely holds it. */
  fenceOf(orgId: string): OrgLease | undefined {
    const tenure = this.#live(orgId);
    return tenure && { orgId, holder: this.nodeId, token: tenure.token };
  }

  /** The orgs held here, by id. */
  heldOrgs(): string[] {
    return [...this.#held.keys()].filter((orgId) => this.holds(orgId)).sort();
  }

  #live(orgId: string): Tenure | undefined {
    const tenure = this.#held.get(orgId);
    return tenure && this.#clock.now() < tenure.validUntil - this.#marginMs ? tenure : undefined;
  }

  /** Which node acts for `orgId`, as of the last round (this node's own tenures are always current). */
  holderOf(orgId: string): OrgLease | undefined {
    const own = this.fenceOf(orgId);
    if (own) return own;
    const entry = this.#directory.get(orgId);
    return entry && entry.holder !== this.nodeId ? entry : undefined;
  }

  /** Stops every org held here and releases its lease, so other nodes take them at once. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#clock.clearTimeout(this.#timer);
    this.#clock.clearTimeout(this.#watchdog);
    await this.#round;
    for (const orgId of [...this.#held.keys()]) await this.#handOff(orgId);
  }

  async #runRound(): Promise<void> {
    try {
      await this.#renewHeld();
      const [orgs, live] = await Promise.all([this.#options.listOrgs(), this.#liveNodes()]);
      const wanted = new Set(orgsToAcquire(this.nodeId, live, orgs));
      const handedTo = new Set<string>();
      for (const orgId of [...this.#held.keys()]) {
        if (wanted.has(orgId) || this.#stopped) continue;
        await this.#handOff(orgId);
        const owner = ownerOf(orgId, live);
        if (owner) handedTo.add(owner);
      }
      for (const orgId of wanted) {
        if (!this.#held.has(orgId) && !this.#stopped) await this.#take(orgId);
      }
      const now = new Date(this.#clock.now());
      this.#directory = new Map((await this.#options.leases.listLive(now)).map((lease) => [lease.orgId, lease]));
      this.#wakeAt = this.#nextLapse(wanted, new Set(live));
      if (handedTo.size > 0) this.#options.nudge?.([...handedTo]);
    } catch (error) {
      this.#logger.warn({ err: error, nodeId: this.nodeId }, 'org placement round failed; trying again at the next one');
    } finally {
      this.#armWatchdog();
    }
  }

  /**
   * The earliest lapse of a lease that a node no longer beating still has on an org that is now
   * ours: a round just after it takes the org within the lease TTL of its node's death, not up to
   * a renewal period later.
   */
  #nextLapse(wanted: ReadonlySet<string>, live: ReadonlySet<string>): number | undefined {
    let earliest: number | undefined;
    for (const orgId of wanted) {
      const lease = this.#directory.get(orgId);
      if (!lease || lease.holder === this.nodeId || live.has(lease.holder)) continue;
      const lapse = lease.expiresAt.getTime() + LAPSE_SLACK_MS;
      earliest = earliest === undefined ? lapse : Math.min(earliest, lapse);
    }
    return earliest;
  }

  async #liveNodes(): Promise<string[]> {
    if (!this.#options.liveNodes) return [this.nodeId];
    try {
      const live = await this.#options.liveNodes();
      return live.length > 0 ? live : [this.nodeId];
    } catch {
      // Cannot see the others: keep what is held, take only what nobody holds.
      return [this.nodeId];
    }
  }

  async #renewHeld(): Promise<void> {
    if (this.#held.size === 0) return;
    const startedAt = this.#clock.now();
    const held = [...this.#held].map(([orgId, tenure]) => ({ orgId, token: tenure.token }));
    const renewed = await this.#options.leases.renewMany(this.nodeId, held, this.#ttlMs, new Date(startedAt));
    for (const { orgId } of held) {
      const tenure = this.#held.get(orgId);
      if (!tenure || tenure.stopping) continue;
      if (renewed.has(orgId)) tenure.validUntil = startedAt + this.#ttlMs;
      else await this.#lose(orgId, 'lease lost');
    }
  }

  async #take(orgId: string): Promise<void> {
    const startedAt = this.#clock.now();
    const lease = await this.#options.leases.acquire(orgId, this.nodeId, this.#ttlMs, new Date(startedAt));
    if (!lease) return;
    this.#held.set(orgId, { token: lease.token, validUntil: startedAt + this.#ttlMs, stopping: false });
    try {
      await this.#options.host.start(orgId, { orgId, holder: this.nodeId, token: lease.token });
      this.#logger.info({ orgId, nodeId: this.nodeId, fencingToken: lease.token }, 'org placed on this node');
    } catch (error) {
      this.#logger.error({ err: error, orgId }, 'could not start the org here; releasing its lease');
      await this.#handOff(orgId);
    }
  }

  /** Stops the org's actors, then frees its lease for the node that should run it. */
  async #handOff(orgId: string): Promise<void> {
    const tenure = this.#held.get(orgId);
    if (!tenure || tenure.stopping) return;
    await this.#lose(orgId, 'handed off');
    try {
      await this.#options.leases.release(orgId, this.nodeId, tenure.token, new Date(this.#clock.now()));
    } catch (error) {
      this.#logger.warn({ err: error, orgId }, 'could not release the org lease; it lapses on its own');
    }
  }

  async #lose(orgId: string, why: string): Promise<void> {
    const tenure = this.#held.get(orgId);
    if (!tenure || tenure.stopping) return;
    tenure.stopping = true;
    this.#logger.info({ orgId, nodeId: this.nodeId, why }, 'org leaves this node');
    try {
      await this.#options.host.stop(orgId);
    } catch (error) {
      this.#logger.error({ err: error, orgId }, 'stopping the org on this node failed');
    } finally {
      this.#held.delete(orgId);
    }
  }

  /** Stops, on the local clock, every org whose lease could lapse before the next renewal lands. */
  #armWatchdog(): void {
    this.#clock.clearTimeout(this.#watchdog);
    if (this.#stopped || this.#held.size === 0) return;
    const running = [...this.#held.values()].filter((t) => !t.stopping);
    if (running.length === 0) return;
    const deadline = Math.min(...running.map((t) => t.validUntil - this.#marginMs));
    this.#watchdog = this.#clock.setTimeout(() => {
      const now = this.#clock.now();
      const overdue = [...this.#held].filter(([, t]) => now >= t.validUntil - this.#marginMs).map(([orgId]) => orgId);
      void Promise.all(overdue.map((orgId) => this.#lose(orgId, 'renewals failing'))).finally(() => this.#armWatchdog());
    }, Math.max(0, deadline - this.#clock.now()));
  }
}
