import { auroraAddress, conversationAddress, sessionAddress, shopAddress } from '../actors/addresses.js';
import type { AuroraMsg } from '../actors/aurora/aurora.protocol.js';
import type { ConversationMsg } from '../actors/conversation/conversation.protocol.js';
import type { PatinhaActors } from '../actors/patinha-actors.js';
import type { SessionMsg } from '../actors/session/session.protocol.js';
import type { ShopMsg } from '../actors/shop/shop.protocol.js';
import { ClusterError } from '../cluster/cluster-error.js';
import { askAllToRebalance } from '../cluster/ask-to-rebalance.js';
import type { NodeCluster } from '../cluster/node-cluster.js';
import type { NodeRequest } from '../cluster/node-requests.js';
import type { OrgTenancy } from '../cluster/org-tenancy.js';
import { fromWireValue, toWireValue } from '../runtime/wire-values.js';
import type { ActorsPort } from '../http/actors-port.js';
import type { AskOptions, ActorRef } from '../runtime/actor-ref.js';
import { DEFAULT_ASK_TIMEOUT_MS } from '../runtime/actor-ref.js';
import type { Message } from '../runtime/actor.js';
import type { Logger } from '../runtime/logger.js';
import type { TreeNode } from '../runtime/node.js';
import type { OrgLeasesRepository } from '../storage/org-leases.repository.js';
import type { SimulatedInbound } from '../whatsapp/simulator.transport.js';

/** An actor message as it crosses the link (dates as `{ $date }`). */
type WireMessage = { type: string; [field: string]: unknown };

/** Extra time a remote ask waits beyond the actor's own timeout: the two hops over Redis. */
const LINK_SLACK_MS = 2_000;
/** Codes that mean "not there (any more)": look the holder up again and try once more. */
const MOVED = new Set(['ORG_MOVING', 'NOT_ADMITTED', 'NODE_UNREACHABLE']);

export interface RoutedActorsOptions {
  local: PatinhaActors;
  tenancy: OrgTenancy;
  /** The link to the other nodes; without it (no Redis) only the orgs held here are reachable. */
  cluster: NodeCluster | undefined;
  leases: OrgLeasesRepository;
  logger: Logger;
}

/**
 * The actor tree as the HTTP edge sees it on a node of a cluster: an address reaches its actor
 * on whichever node holds the actor's org. Held here, the message goes to the local tree; held
 * elsewhere, it crosses the node link (cluster/node-link.ts) as data and the holder delivers it
 * (app/node-requests.ts). While an org changes node nobody holds it: the call fails ORG_MOVING
 * (503, retry) and changes nothing — the durable inbox and the outbox carry what was accepted.
 */
export class RoutedActors implements ActorsPort {
  readonly #o: RoutedActorsOptions;

  constructor(options: RoutedActorsOptions) {
    this.#o = options;
  }

  get nodeId(): string {
    return this.#o.tenancy.nodeId;
  }

  tree(): TreeNode {
    return this.#o.local.tree();
  }

  restartsPerMinute(): number[] {
    return this.#o.local.restartsPerMinute();
  }

  restart(address: string): Promise<void> {
    return this.#o.local.restart(address);
  }

  session(orgId: string, instanceId: string): ActorRef<SessionMsg> {
    return this.#ref(orgId, sessionAddress(orgId, instanceId), () => this.#o.local.session(orgId, instanceId));
  }

  conversation(orgId: string, contactId: string): ActorRef<ConversationMsg> {
    return this.#ref(orgId, conversationAddress(orgId, contactId), () => this.#o.local.conversation(orgId, contactId));
  }

  shop(orgId: string): ActorRef<ShopMsg> {
    return this.#ref(orgId, shopAddress(orgId), () => this.#o.local.shop(orgId));
  }

  aurora(orgId: string): ActorRef<AuroraMsg> {
    return this.#ref(orgId, auroraAddress(orgId), () => this.#o.local.aurora(orgId));
  }

  requestPairingCode(orgId: string, instanceId: string, phone: string, timeoutMs = 30_000): Promise<string> {
    return this.#onHolder(
      orgId,
      () => this.#o.local.requestPairingCode(orgId, instanceId, phone, timeoutMs),
      { type: 'org.pairing-code', orgId, instanceId, phone, timeoutMs },
      timeoutMs,
    ) as Promise<string>;
  }

  deliverSimulated(orgId: string, instanceId: string, message: SimulatedInbound, waitMs: number): Promise<void> {
    return this.#onHolder(
      orgId,
      () => this.#o.local.deliverSimulated(orgId, instanceId, message, waitMs),
      { type: 'simulator.deliver', orgId, instanceId, message: { ...message, pushName: message.pushName ?? null }, waitMs },
      waitMs,
    ).then(() => undefined);
  }

  /** A new org: a placement round here now, and on the others (the org's node may be another). */
  activateOrg(_orgId: string): void {
    void this.#o.tenancy.rebalance();
    void askAllToRebalance(this.#o.cluster);
  }

  #ref<Msg extends Message>(orgId: string, address: string, local: () => ActorRef<Msg>): ActorRef<Msg> {
    const routed = this;
    return {
      address,
      incarnation: undefined,
      get isAlive() {
        return routed.#o.tenancy.holds(orgId);
      },
      tell(message: Msg): void {
        if (routed.#o.tenancy.holds(orgId)) {
          local().tell(message);
          return;
        }
        void routed.#remote(orgId, { type: 'actor.tell', address, message: toWireValue(message) as WireMessage }, DEFAULT_ASK_TIMEOUT_MS, 'tell')
          .catch((error: unknown) => routed.#o.logger.warn({ err: error, address, type: message.type }, 'a message for another node was not delivered'));
      },
      ask<Reply = unknown>(message: Msg, options?: AskOptions): Promise<Reply> {
        const timeoutMs = options?.timeoutMs ?? DEFAULT_ASK_TIMEOUT_MS;
        return routed.#onHolder(
          orgId,
          () => local().ask<Reply>(message, options),
          { type: 'actor.ask', address, message: toWireValue(message) as WireMessage, timeoutMs },
          timeoutMs,
        ) as Promise<Reply>;
      },
    };
  }

  /** Runs `here` when this node holds the org, else asks the holder (once more if it moved meanwhile). */
  async #onHolder(orgId: string, here: () => Promise<unknown>, request: NodeRequest, timeoutMs: number): Promise<unknown> {
    if (this.#o.tenancy.holds(orgId)) return here();
    return this.#remote(orgId, request, timeoutMs, 'ask');
  }

  async #remote(orgId: string, request: NodeRequest, timeoutMs: number, kind: 'ask' | 'tell'): Promise<unknown> {
    let holder = this.#o.tenancy.holderOf(orgId)?.holder ?? (await this.#lookUp(orgId));
    for (let attempt = 0; ; attempt++) {
      if (!holder) throw moving(orgId);
      if (holder === this.nodeId) throw moving(orgId); // ours in the database but not started yet (or stopping)
      const cluster = this.#o.cluster;
      if (!cluster) throw new ClusterError('NODE_UNREACHABLE', `Shop ${orgId} runs on node ${holder}, and this node has no link to the others (REDIS_URL)`, holder);
      try {
        if (kind === 'tell') {
          await cluster.link.tell(holder, request);
          return undefined;
        }
        return fromWireValue(await cluster.ask(holder, request, timeoutMs + LINK_SLACK_MS));
      } catch (error) {
        const code = (error as { code?: string }).code ?? '';
        if (attempt > 0 || !MOVED.has(code)) throw error;
        const again = await this.#lookUp(orgId);
        if (again === holder) throw error;
        holder = again;
      }
    }
  }

  /** The holder as the database says now (the directory is one round old). */
  async #lookUp(orgId: string): Promise<string | undefined> {
    const now = new Date(this.#o.local.options.clock.now());
    return (await this.#o.leases.holderOf(orgId, now))?.holder;
  }
}

function moving(orgId: string): ClusterError {
  return Object.assign(new ClusterError('ORG_MOVING', `Shop ${orgId} is moving between servers; try again in a moment`), { retryAfterS: 2 });
}
