import { parseAddress } from '../actors/addresses.js';
import type { PatinhaActors } from '../actors/patinha-actors.js';
import { ClusterError } from '../cluster/cluster-error.js';
import type { NodeRequestHandler } from '../cluster/node-link.js';
import { nodeRequestSchema } from '../cluster/node-requests.js';
import { fromWireValue, toWireValue } from '../runtime/wire-values.js';
import { toActorNode } from '../http/actor-node.js';
import { restartActor } from '../http/supervision.routes.js';
import type { ActorRef } from '../runtime/actor-ref.js';
import type { Message } from '../runtime/actor.js';

export interface NodeRequestTarget {
  local: Pick<PatinhaActors, 'tree' | 'restartsPerMinute' | 'restart' | 'session' | 'conversation' | 'shop' | 'aurora' | 'requestPairingCode' | 'deliverSimulated'>;
  /** Whether this node holds the org now (cluster/org-tenancy.ts). */
  holds(orgId: string): boolean;
  /** A placement round now (another node created an org). */
  rebalance(): void;
}

/**
 * How this node answers the others: its supervision tree, restarts in it, and messages for the
 * per-org actors of the orgs it holds. An org it does not hold (moved, or never here) is refused
 * ORG_MOVING before anything runs, so a message can never reach a second copy of an actor.
 */
export function answerNodeRequests(target: NodeRequestTarget): NodeRequestHandler {
  const held = (orgId: string) => {
    if (!target.holds(orgId)) throw new ClusterError('ORG_MOVING', `Shop ${orgId} is not held by this node`);
  };
  return async (payload) => {
    const parsed = nodeRequestSchema.safeParse(payload);
    if (!parsed.success) throw new ClusterError('VALIDATION_FAILED', 'Not a request this node answers');
    const request = parsed.data;
    switch (request.type) {
      case 'supervision.tree':
        return { tree: toActorNode(target.local.tree()), restartsPerMinute: target.local.restartsPerMinute() };
      case 'actors.restart':
        return restartActor(target.local, request.address);
      case 'actor.tell':
        refOf(target, request.address, held).tell(fromWireValue(request.message) as Message);
        return null;
      case 'actor.ask': {
        const reply = await refOf(target, request.address, held).ask(fromWireValue(request.message) as Message, request.timeoutMs === undefined ? undefined : { timeoutMs: request.timeoutMs });
        return toWireValue(reply) ?? null;
      }
      case 'org.pairing-code':
        held(request.orgId);
        return target.local.requestPairingCode(request.orgId, request.instanceId, request.phone, request.timeoutMs);
      case 'simulator.deliver': {
        held(request.orgId);
        const { pushName, ...message } = request.message;
        await target.local.deliverSimulated(request.orgId, request.instanceId, { ...message, ...(pushName !== null && { pushName }) }, request.waitMs);
        return null;
      }
      case 'placement.rebalance':
        target.rebalance();
        return null;
    }
  };
}

/** The local ref of a per-org product actor; anything else (a supervisor, a typo) is NOT_FOUND. */
function refOf(target: NodeRequestTarget, address: string, held: (orgId: string) => void): ActorRef<Message> {
  const parsed = parseAddress(address);
  switch (parsed?.kind) {
    case 'session':
      held(parsed.orgId);
      return target.local.session(parsed.orgId, parsed.instanceId) as ActorRef<Message>;
    case 'conversation':
      held(parsed.orgId);
      return target.local.conversation(parsed.orgId, parsed.contactId) as ActorRef<Message>;
    case 'shop':
      held(parsed.orgId);
      return target.local.shop(parsed.orgId) as ActorRef<Message>;
    case 'aurora':
      held(parsed.orgId);
      return target.local.aurora(parsed.orgId) as ActorRef<Message>;
    default:
      throw new ClusterError('NOT_FOUND', `No actor at ${address} takes messages from other nodes`);
  }
}
