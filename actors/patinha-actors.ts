import type { Kysely } from 'kysely';
import type { AuroraAgent } from '../agents/aurora-agent.js';
import type { AudioTranscriber } from '../agents/audio-transcriber.js';
import type { CustomerAgent } from '../agents/customer-agent.js';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { Manifest } from '../runtime/manifest.js';
import type { Random } from '../runtime/random.js';
import { failedNodes } from '../runtime/bulkhead.js';
import type { RuntimeEvent } from '../runtime/events.js';
import { EventsPerMinute } from '../runtime/events-per-minute.js';
import { ActorSystem } from '../runtime/system.js';
import type { Database } from '../storage/database.js';
import { repositories } from '../storage/repositories.js';
import { newWhatsAppMessageId } from '../whatsapp/message-id.js';
import type { SimulatedInbound, SimulatorTransport } from '../whatsapp/simulator.transport.js';
import type { Transport } from '../whatsapp/transport.js';
import { DEFAULT_ACTOR_TUNING } from './actor-tuning.js';
import { auroraAddress, conversationAddress, EDGE_ADDRESS, orgAddress, orgIdOfOrgAddress, sessionAddress, shopAddress } from './addresses.js';
import type { AuroraMsg } from './aurora/aurora.protocol.js';
import { tokenBudgetAlert } from './aurora/budget-alert.js';
import type { ConversationMsg } from './conversation/conversation.protocol.js';
import { createEdgeActor, type EdgeMsg } from './edge.actor.js';
import { loadLocalDefinitions, localNodeContext } from './local-node-context.js';
import type { OrgPlacementView } from './node-context.js';
import { NoticeBus, type Notice } from './notice-bus.js';
import { alertOwnerOfOutage } from './org-outage.js';
import type { ShopMsg } from './shop/shop.protocol.js';
import type { SessionMsg } from './session/session.protocol.js';

export type { OrgPlacementView } from './node-context.js';

export interface PatinhaActorsOptions {
  db: Kysely<Database>;
  manifest: Manifest;
  clock: Clock;
  random: Random;
  logger: Logger;
  transports: { simulator: SimulatorTransport; baileys?: Transport };
  /** This node's name: the holder of its leases, and the signature of its shop-change announcements (`local` when omitted). */
  nodeId?: string;
  agentFor(orgId: string): CustomerAgent | Promise<CustomerAgent>;
  /** Transcribes customers' voice notes; without one a voice note is answered with a request for text. */
  transcriber?: AudioTranscriber;
  /** Who answers the owner; the offline Aurora when omitted. */
  auroraAgentFor?(orgId: string): AuroraAgent | Promise<AuroraAgent>;
  bus?: NoticeBus;
  burstMs?: number;
  windowSize?: number;
  humanQuietMs?: number;
  bootStaggerMs?: number;
  auroraTickMs?: number;
  /** Test hook: runs before a customer turn commits. */
  beforeCommit?: () => void | Promise<void>;
  onFatal?: (error: Error) => void;
  /**
   * Which orgs this node acts for (cluster/org-tenancy.ts). Given, an org's actors start only
   * when `startOrg` is called (by the tenancy), nothing starts for an org not held, and every
   * customer turn is fenced by the org's lease. Omitted, this process runs every org.
   */
  placement?: OrgPlacementView;
}

/** A shop stopped alone after its actors exceeded their restart intensity (see actors.json `orgs.bulkhead`). */
export interface FailedOrg {
  orgId: string;
  reason: string;
  since: number;
  retryAt: number;
  attempts: number;
}

/** Does the manifest run this actor type in host processes rather than in this one? */
function hosted(manifest: Manifest, type: string): boolean {
  return (manifest.actors[type]?.mode ?? 'in-memory') !== 'in-memory';
}

/**
 * Patinha's actor tree, wired: sessions put inbound messages in the inbox and
 * announce them; the router sends each to the customer's ConversationActor or
 * the org's AuroraActor; replies land in the outbox and nudge the session,
 * which sends them paced. Notices go through the edge actor to the bus.
 *
 * Every product actor type is defined by a module named in the manifest and built from a
 * node context (actors/node-context.ts): here from this process's own parts, in a host process
 * from that process's. Only the edge is this process's own: it is the outlet to its bus.
 */
export class PatinhaActors {
  readonly bus: NoticeBus;
  /** Restarts scheduled by this node's supervisors, per minute (Supervisão's chart). */
  readonly #restarts: EventsPerMinute;
  private constructor(
    readonly system: ActorSystem,
    readonly options: PatinhaActorsOptions,
    bus: NoticeBus,
    /** This process in shop-change announcements: announcements from it are not reloaded twice. */
    readonly changeSource: string,
  ) {
    this.bus = bus;
    this.#restarts = new EventsPerMinute(options.clock);
  }

  static async start(options: PatinhaActorsOptions): Promise<PatinhaActors> {
    const bus = options.bus ?? new NoticeBus();
    let actors: PatinhaActors | undefined;
    let system: ActorSystem | undefined;
    const notify = (notice: Notice) => actors?.onNotice(notice);
    const nodeId = options.nodeId ?? 'local';
    const placement = options.placement;
    const node = localNodeContext({
      nodeId,
      db: options.db,
      random: options.random,
      logger: options.logger,
      tuning: {
        ...DEFAULT_ACTOR_TUNING,
        ...definedOnly({ burstMs: options.burstMs, windowSize: options.windowSize, humanQuietMs: options.humanQuietMs, bootStaggerMs: options.bootStaggerMs, auroraTickMs: options.auroraTickMs }),
      },
      placement,
      transports: options.transports,
      customerAgentFor: options.agentFor,
      auroraAgentFor: options.auroraAgentFor,
      transcriber: options.transcriber,
      notify,
      ask: (address, message, timeoutMs) => {
        if (!system) return Promise.reject(new Error('the actor system is not started'));
        return system.ref(address).ask(message, timeoutMs === undefined ? undefined : { timeoutMs });
      },
      beforeCommit: options.beforeCommit,
    });
    system = ActorSystem.fromManifest(options.manifest, {
      comedy: { onHostEvent: (event) => notify(event as Notice), nodeId },
      admit: placement && ((address) => {
        const orgId = orgIdOfOrgAddress(address);
        return orgId === undefined || placement.holds(orgId);
      }),
      clock: options.clock,
      random: options.random,
      logger: options.logger,
      onFatal: options.onFatal,
      args: (_type, key) => ({ key }),
      definitions: { ...(await loadLocalDefinitions(options.manifest, node)), edge: createEdgeActor(bus) },
    });
    actors = new PatinhaActors(system, options, bus, nodeId);
    system.subscribe((event) => actors?.onRuntimeEvent(event));
    await system.start();
    await actors.activateAll();
    return actors;
  }

  /**
   * Starts every org (its shop actor replays whatever the inbox still holds unanswered) and every
   * number — unless orgs are placed, when the tenancy starts each org where it is held.
   */
  async activateAll(): Promise<void> {
    if (this.options.placement) return;
    const repos = repositories(this.options.db);
    for (const org of await repos.organizations.list()) this.system.getOrSpawn(orgAddress(org.id));
    for (const instance of await repos.instances.listAll()) this.session(instance.orgId, instance.id);
  }

  /** Starts one org's actors and its numbers' sessions here (the tenancy took its lease). */
  async startOrg(orgId: string): Promise<void> {
    this.system.getOrSpawn(orgAddress(orgId));
    for (const instance of await repositories(this.options.db).instances.listByOrg(orgId)) this.session(orgId, instance.id);
  }

  /** Stops one org's actors for good on this node (its lease moves to another); resolves once they have stopped. */
  stopOrg(orgId: string): Promise<void> {
    return this.system.dismiss(orgAddress(orgId));
  }

  session(orgId: string, instanceId: string) {
    return this.system.getOrSpawn<SessionMsg>(sessionAddress(orgId, instanceId));
  }

  conversation(orgId: string, contactId: string) {
    return this.system.getOrSpawn<ConversationMsg>(conversationAddress(orgId, contactId));
  }

  /** The org's AuroraActor (the org is started on the way). */
  aurora(orgId: string) {
    this.system.getOrSpawn(orgAddress(orgId));
    return this.system.ref<AuroraMsg>(auroraAddress(orgId));
  }

  /** Shops stopped alone right now, for /health and the operator. */
  failedOrgs(): FailedOrg[] {
    return failedNodes(this.system.tree())
      .flatMap((node) => {
        const orgId = orgIdOfOrgAddress(node.address);
        return orgId !== undefined && node.failure ? [{ orgId, ...node.failure }] : [];
      });
  }

  /**
   * Every restart a supervisor schedules is counted for Supervisão's chart.
   *
   * A shop stopped alone: the operator log says why, its owner is told (once a day). A shop
   * started again (its retry, an escalation restart, an admin restart) replays what its
   * customers sent meanwhile: its shop actor routes what the inbox holds unanswered.
   */
  onRuntimeEvent(event: RuntimeEvent): void {
    if (event.type === 'restart-scheduled') this.#restarts.record();
    const orgId = orgIdOfOrgAddress(event.address);
    if (orgId === undefined || event.type !== 'failed') return;
    this.options.logger.error(
      { orgId, reason: event.reason, attempts: event.attempts, retryInMs: event.retryInMs },
      'organization stopped after repeated failures; the others are unaffected; retrying later',
    );
    const now = new Date(this.options.clock.now());
    alertOwnerOfOutage({ db: this.options.db, newMessageId: newWhatsAppMessageId }, orgId, event.retryInMs, now)
      .then((notices) => notices.forEach((notice) => this.onNotice(notice)))
      .catch((error: unknown) => this.options.logger.error({ err: error, orgId }, 'could not queue the outage alert for the owner'));
  }

  /** Realtime events for the dashboard, metrics and the operator log: nothing here steers an actor. */
  onNotice(notice: Notice): void {
    this.#log(notice);
    const edge = this.system.lookup<EdgeMsg>(EDGE_ADDRESS);
    if (edge) edge.tell({ type: 'edge.publish', notice });
    else this.bus.publish(notice);
  }

  /** What an operator wants in the log: connection changes and trouble. Never message bodies. */
  #log(notice: Notice): void {
    const log = this.options.logger;
    switch (notice.kind) {
      case 'status':
        log.info({ orgId: notice.orgId, instanceId: notice.instanceId, status: notice.status }, 'whatsapp status');
        break;
      case 'disconnected':
        log.warn({ orgId: notice.orgId, instanceId: notice.instanceId, code: notice.code, reason: notice.reason, attempt: notice.attempt, nextRetryInMs: notice.nextRetryInMs }, 'whatsapp disconnected');
        break;
      case 'alert':
        log.warn({ orgId: notice.orgId, instanceId: notice.instanceId, consecutiveFailures: notice.consecutiveFailures }, 'whatsapp number failing');
        break;
      case 'escalated':
        log.info({ orgId: notice.orgId, conversationId: notice.conversationId, reason: notice.reason }, 'conversation handed to a person');
        break;
      case 'send-failed':
        log.warn({ orgId: notice.orgId, instanceId: notice.instanceId, kind: notice.messageKind, reason: notice.reason }, 'whatsapp send failed');
        break;
      case 'llm':
        if (notice.error) log.warn({ orgId: notice.orgId, agent: notice.agent, model: notice.model }, 'model call failed; fallback sent');
        break;
      default:
        break;
    }
  }

  get simulator() {
    return this.options.transports.simulator;
  }

  deliverSimulated(orgId: string, instanceId: string, message: SimulatedInbound, waitMs: number): Promise<void> {
    if (!hosted(this.options.manifest, 'session')) return this.simulator.deliver(instanceId, message, waitMs);
    // The simulator lives with the sessions, in their host process: the session stores the message and answers.
    return this.session(orgId, instanceId).ask<void>({ type: 'session.simulated-inbound', message }, { timeoutMs: waitMs }).catch((error: unknown) => {
      throw (error as { code?: string }).code === 'ASK_TIMEOUT' ? Object.assign(new Error('The number did not store the message in time'), { code: 'NUMBER_BUSY' }) : error;
    });
  }

  get nodeId(): string {
    return this.options.nodeId ?? 'local';
  }

  tree() {
    return this.system.tree();
  }

  restart(address: string): Promise<void> {
    return this.system.restart(address);
  }

  restartsPerMinute(): number[] {
    return this.#restarts.series();
  }

  activateOrg(orgId: string): void {
    this.system.getOrSpawn(orgAddress(orgId));
  }

  /**
   * Another node changed shops (or this node may have missed such news): reload their snapshots
   * here. Unknown orgs are started, which loads them fresh.
   */
  async reloadShops(orgIds?: readonly string[]): Promise<void> {
    const ids = orgIds ?? (await repositories(this.options.db).organizations.list()).map((org) => org.id);
    // Under placement only the orgs held here have a snapshot here (the others load theirs where they run).
    const placement = this.options.placement;
    for (const orgId of placement ? ids.filter((id) => placement.holds(id)) : ids) {
      try {
        this.shop(orgId).tell({ type: 'shop.reload' });
      } catch (error) {
        this.options.logger.warn({ err: error, orgId }, 'could not reload a shop snapshot');
      }
    }
  }

  /** The org's shop actor: its read model and its router (the org is started on the way). */
  shop(orgId: string) {
    this.system.getOrSpawn(orgAddress(orgId));
    return this.system.ref<ShopMsg>(shopAddress(orgId));
  }

  /**
   * A pairing code for a real number: asked on the live socket when it already
   * waits for pairing (QR shown), otherwise by reconnecting with the phone so
   * the transport requests it after the first QR. Resolves with the code the
   * session announces, or rejects after `timeoutMs`.
   */
  async requestPairingCode(orgId: string, instanceId: string, phone: string, timeoutMs = 30_000): Promise<string> {
    const session = this.session(orgId, instanceId);
    const status = await session.ask<{ status: string }>({ type: 'session.status' });
    if (status.status === 'qr' || status.status === 'pairing') {
      return (await session.ask<{ code: string }>({ type: 'session.request-pairing-code', phone }, { timeoutMs })).code;
    }
    return new Promise<string>((resolve, reject) => {
      const clock = this.options.clock;
      const timer = clock.setTimeout(() => {
        off();
        reject(Object.assign(new Error('WhatsApp did not send a pairing code in time'), { code: 'NOT_READY', retryAfterS: 5 }));
      }, timeoutMs);
      const off = this.bus.subscribe((notice) => {
        if (notice.kind === 'pairing-code' && notice.instanceId === instanceId) {
          clock.clearTimeout(timer);
          off();
          resolve(notice.code);
        }
      });
      session.tell({ type: 'session.connect', pairingPhone: phone });
    });
  }

  /** Tells the org's owner once today that the daily token budget ran out. */
  budgetExceeded(orgId: string): void {
    this.system.getOrSpawn<AuroraMsg>(auroraAddress(orgId)).tell(tokenBudgetAlert());
  }

  stop(): Promise<void> {
    return this.system.stop();
  }
}

/** The options a caller set, so unset ones keep the defaults they would override. */
function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}
