import type { ActorRef } from '../runtime/actor-ref.js';
import { applyShopCommand, type ShopCommand, type ShopCommandReply } from '../actors/shop/shop-commands.js';
import type { Organization } from '../storage/organizations.repository.js';
import { announceShopChange } from '../storage/shop-change-feed.js';
import type { ApiDeps } from './api-deps.js';
import type { TreeNode } from '../runtime/node.js';
import type { AuroraMsg } from '../actors/aurora/aurora.protocol.js';
import type { ConversationMsg } from '../actors/conversation/conversation.protocol.js';
import type { SessionMsg } from '../actors/session/session.protocol.js';
import type { ShopMsg } from '../actors/shop/shop.protocol.js';
import type { SimulatedInbound } from '../whatsapp/simulator.transport.js';

/** What the HTTP edge needs of the running actor tree. */
export interface ActorsPort {
  readonly nodeId: string;
  tree(): TreeNode;
  /** Restarts this node's supervisors scheduled in each of the last 60 minutes, oldest first. */
  restartsPerMinute(): number[];
  restart(address: string): Promise<void>;
  session(orgId: string, instanceId: string): ActorRef<SessionMsg>;
  conversation(orgId: string, contactId: string): ActorRef<ConversationMsg>;
  /** The org's shop actor (its read model: settings, hours, services, owner numbers). */
  shop(orgId: string): ActorRef<ShopMsg>;
  /** The org's AuroraActor: campaign confirm and cancel go through its mailbox. */
  aurora(orgId: string): ActorRef<AuroraMsg>;
  /** An 8-character code to link a real number by phone (see PatinhaActors.requestPairingCode). */
  requestPairingCode(orgId: string, instanceId: string, phone: string, timeoutMs?: number): Promise<string>;
  /** Starts the actors of an org created at run time (its sessions, conversations and Aurora). */
  activateOrg(orgId: string): void;
  /**
   * A customer's message to a simulator number, resolved once the number stored it (rejects
   * NOT_CONNECTED, NUMBER_BUSY, or ORG_MOVING while the org changes node).
   */
  deliverSimulated(orgId: string, instanceId: string, message: SimulatedInbound, waitMs: number): Promise<void>;
}

/**
 * A write to what the shop actor holds (settings, hours, closures, services, owner numbers) is a
 * command to that actor: it writes, loads its snapshot again and tells the other nodes, so the
 * response is the moment conversations see the change. Without an actor tree (route tests) the
 * command runs here and is announced the same way.
 */
export async function changeShop<C extends ShopCommand>(deps: Pick<ApiDeps, 'actors' | 'db' | 'clock'>, org: Organization, command: C): Promise<ShopCommandReply<C>> {
  if (deps.actors) return deps.actors.shop(org.id).ask<ShopCommandReply<C>>(command);
  const reply = await applyShopCommand(deps.db, org, command, new Date(deps.clock.now()));
  await announceShopChange(deps.db, { orgId: org.id, nodeId: 'api' });
  return reply;
}
