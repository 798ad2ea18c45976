import { newWhatsAppMessageId } from '../../whatsapp/message-id.js';
import type { NodeContext } from '../node-context.js';
import { createAuroraActor } from './aurora.actor.js';

/** The AuroraActor as `actors.json` names it, built from the context of the process that runs it. */
export function auroraActor(node: NodeContext) {
  return createAuroraActor({
    db: node.db,
    newMessageId: newWhatsAppMessageId,
    notify: (notice) => node.notify(notice),
    agentFor: (orgId) => node.auroraAgentFor(orgId),
    inactiveDays: node.tuning.inactiveDays,
    tickMs: node.tuning.auroraTickMs,
  });
}
