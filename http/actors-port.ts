import type { ActorRef } from '../runtime/actor-ref.js';
import type { TreeNode } from '../runtime/node.js';
import type { AuroraMsg } from '../actors/aurora/aurora.protocol.js';
import type { ConversationMsg } from '../actors/conversation/conversation.protocol.js';
import type { SessionMsg } from '../actors/session/session.protocol.js';
import type { ShopMsg } from '../actors/shop/shop.protocol.js';
import type { SimulatorTransport } from '../whatsapp/simulator.transport.js';

/** What the HTTP edge needs of the running actor tree. */
export interface ActorsPort {
  readonly nodeId: string;
  readonly simulator: SimulatorTransport;
  tree(): TreeNode;
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
}

/**
 * After a write to what the shop actor holds (settings, hours, closures, services, owner
 * numbers): it loads its snapshot again before the next turn reads it. Awaited, so the
 * response of the write is the moment conversations see the change.
 */
export async function refreshShop(actors: ActorsPort | undefined, orgId: string): Promise<void> {
  await actors?.shop(orgId).ask({ type: 'shop.reload', announce: true });
}

/** After a staff write to what a customer's actor holds (a booking, a pet): its next turn reads it again. */
export function refreshCustomer(actors: ActorsPort | undefined, orgId: string, contactId: string): void {
  actors?.conversation(orgId, contactId).tell({ type: 'conversation.refresh' });
}
