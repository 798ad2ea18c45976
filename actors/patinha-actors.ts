import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuroraAgent } from '../agents/aurora-agent.js';
import { createOfflineAuroraAgent } from '../agents/aurora/offline-aurora-agent.js';
import type { AudioTranscriber } from '../agents/audio-transcriber.js';
import type { CustomerAgent } from '../agents/customer-agent.js';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { Manifest } from '../runtime/manifest.js';
import type { Random } from '../runtime/random.js';
import { failedNodes } from '../runtime/bulkhead.js';
import type { RuntimeEvent } from '../runtime/events.js';
import { ActorSystem } from '../runtime/system.js';
import type { Database } from '../storage/database.js';
import { repositories } from '../storage/repositories.js';
import type { SimulatedInbound, SimulatorTransport } from '../whatsapp/simulator.transport.js';
import { transportOfKind, type Transport } from '../whatsapp/transport.js';
import { auroraAddress, conversationAddress, EDGE_ADDRESS, orgAddress, orgIdOfOrgAddress, sessionAddress, shopAddress } from './addresses.js';
import { createAuroraActor, DEFAULT_AURORA_TICK_MS, DEFAULT_INACTIVE_DAYS } from './aurora/aurora.actor.js';
import type { AuroraMsg } from './aurora/aurora.protocol.js';
import { createConversationActor, DEFAULT_BURST_MS } from './conversation/conversation.actor.js';
import type { ConversationMsg } from './conversation/conversation.protocol.js';
import { DEFAULT_HUMAN_QUIET_MS, DEFAULT_WINDOW_SIZE } from './conversation/customer-turn.js';
import { createEdgeActor, type EdgeMsg } from './edge.actor.js';
import { NoticeBus, type Notice } from './notice-bus.js';
import { alertOwnerOfOutage } from './org-outage.js';
import { createSessionActor } from './session/session.actor.js';
import { orgLeaseClaim } from './session/number-claim.js';
import type { OrgLease } from '../storage/org-leases.repository.js';
import { LeaseLostError } from '../storage/storage-errors.js';
import { createShopActor } from './shop/shop.actor.js';
import { TurnJournalWriter } from '../storage/turn-journal-writer.js';
import type { ShopSnapshot } from './shop/shop-snapshot.js';
import type { ShopMsg } from './shop/shop.protocol.js';
import type { SessionMsg } from './session/session.protocol.js';

export interface PatinhaActorsOptions {
  db: Kysely<Database>;
  manifest: Manifest;
  clock: Clock;
  random: Random;
  logger: Logger;
  transports: { simulator: SimulatorTransport; baileys?: Transport };
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

/** What the actors need to know of the node's org leases. */
export interface OrgPlacementView {
  holds(orgId: string): boolean;
  fenceOf(orgId: string): OrgLease | undefined;
}

/** A shop stopped alone after its actors exceeded their restart intensity (see actors.json `orgs.bulkhead`). */
export interface FailedOrg {
  orgId: string;
  reason: string;
  since: number;
  retryAt: number;
  attempts: number;
}

/** Do the sessions run in host processes (`actors.forked-sessions.json`) rather than in this one? */
function sessionsHosted(manifest: Manifest): boolean {
  return manifest.actors['session']?.mode !== 'in-memory';
}

/** WhatsApp-style message ids: 3EB0 + 16 hex digits, as WhatsApp Web's own. */
export function newWhatsAppMessageId(): string {
  return `3EB0${randomBytes(8).toString('hex').toUpperCase()}`;
}

/**
 * Patinha's actor tree, wired: sessions put inbound messages in the inbox and
 * announce them; the router sends each to the customer's ConversationActor or
 * the org's AuroraActor; replies land in the outbox and nudge the session,
 * which sends them paced. Notices go through the edge actor to the bus.
 */
export class PatinhaActors {
  readonly bus: NoticeBus;
  private constructor(
    readonly system: ActorSystem,
    readonly options: PatinhaActorsOptions,
    bus: NoticeBus,
    /** This process in shop-change announcements: announcements from it are not reloaded twice. */
    readonly changeSource: string,
  ) {
    this.bus = bus;
  }

  static async start(options: PatinhaActorsOptions): Promise<PatinhaActors> {
    const bus = options.bus ?? new NoticeBus();
    let actors: PatinhaActors | undefined;
    const notify = (notice: Notice) => actors?.onNotice(notice);
    const common = { db: options.db, newMessageId: newWhatsAppMessageId, notify };
    const offlineAurora = createOfflineAuroraAgent();
    // Names this process in shop-change announcements (unique even when NODE_ID is not set).
    const changeSource = options.nodeId ?? `local-${randomBytes(4).toString('hex')}`;
    const placement = options.placement;
    const system = ActorSystem.fromManifest(options.manifest, {
      comedy: { onHostEvent: (event) => notify(event as Notice) },
      admit: placement && ((address) => {
        const orgId = orgIdOfOrgAddress(address);
        return orgId === undefined || placement.holds(orgId);
      }),
      clock: options.clock,
      random: options.random,
      logger: options.logger,
      onFatal: options.onFatal,
      args: (_type, key) => ({ key }),
      definitions: {
        // Sessions in host processes are built there, from the manifest's module and the host's node context.
        ...(!sessionsHosted(options.manifest) && { session: createSessionActor({
          ...common,
          random: options.random,
          bootStaggerMs: options.bootStaggerMs ?? 3_000,
          nodeId: options.nodeId,
          claim: placement && orgLeaseClaim((orgId) => placement.holds(orgId), 5_000),
          transportFor: (kind) => transportOfKind(options.transports, kind),
        }) }),
        conversation: createConversationActor({
          ...common,
          agentFor: options.agentFor,
          transcriber: options.transcriber,
          logger: options.logger,
          burstMs: options.burstMs ?? DEFAULT_BURST_MS,
          windowSize: options.windowSize ?? DEFAULT_WINDOW_SIZE,
          humanQuietMs: options.humanQuietMs ?? DEFAULT_HUMAN_QUIET_MS,
          beforeCommit: options.beforeCommit,
          fence: placement && ((orgId) => {
            const lease = placement.fenceOf(orgId);
            if (!lease) throw new LeaseLostError(orgId, changeSource, 0);
            return lease;
          }),
          journal: new TurnJournalWriter(options.db),
          snapshotOf: (orgId) => system.ref<ShopMsg>(shopAddress(orgId)).ask<ShopSnapshot>({ type: 'shop.snapshot' }),
        }),
        shop: createShopActor({ db: options.db, nodeId: changeSource }),
        aurora: createAuroraActor({
          ...common,
          agentFor: options.auroraAgentFor ?? (() => offlineAurora),
          inactiveDays: DEFAULT_INACTIVE_DAYS,
          tickMs: options.auroraTickMs ?? DEFAULT_AURORA_TICK_MS,
        }),
        edge: createEdgeActor(bus),
      },
    });
    actors = new PatinhaActors(system, options, bus, changeSource);
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
   * A shop stopped alone: the operator log says why, its owner is told (once a day). A shop
   * started again (its retry, an escalation restart, an admin restart) replays what its
   * customers sent meanwhile: its shop actor routes what the inbox holds unanswered.
   */
  onRuntimeEvent(event: RuntimeEvent): void {
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
    if (!sessionsHosted(this.options.manifest)) return this.simulator.deliver(instanceId, message, waitMs);
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
    this.system.getOrSpawn<AuroraMsg>(auroraAddress(orgId)).tell({
      type: 'aurora.alert',
      kind: 'limite_tokens',
      subject: '',
      message: '🤖 O limite diário de uso da IA foi atingido. Até a meia-noite, o assistente automático (sem IA) continua atendendo os clientes.',
    });
  }

  stop(): Promise<void> {
    return this.system.stop();
  }
}
