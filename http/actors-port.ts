import type { ActorRef } from '../runtime/actor-ref.js';
import type { TreeNode } from '../runtime/node.js';
import type { ConversationMsg } from '../actors/conversation/conversation.protocol.js';
import type { SessionMsg } from '../actors/session/session.protocol.js';
import type { SimulatorTransport } from '../whatsapp/simulator.transport.js';

/** What the HTTP edge needs of the running actor tree. */
export interface ActorsPort {
  readonly nodeId: string;
  readonly simulator: SimulatorTransport;
  tree(): TreeNode;
  restart(address: string): Promise<void>;
  session(orgId: string, instanceId: string): ActorRef<SessionMsg>;
  conversation(orgId: string, contactId: string): ActorRef<ConversationMsg>;
  /** An 8-character code to link a real number by phone (see PatinhaActors.requestPairingCode). */
  requestPairingCode(orgId: string, instanceId: string, phone: string, timeoutMs?: number): Promise<string>;
  /** Starts the actors of an org created at run time (its sessions, conversations and Aurora). */
  activateOrg(orgId: string): void;
}
