import { TurnJournalWriter } from '../../storage/turn-journal-writer.js';
import { LeaseLostError } from '../../storage/storage-errors.js';
import { newWhatsAppMessageId } from '../../whatsapp/message-id.js';
import { shopAddress } from '../addresses.js';
import type { NodeContext } from '../node-context.js';
import type { ShopSnapshot } from '../shop/shop-snapshot.js';
import { createConversationActor } from './conversation.actor.js';

/**
 * The ConversationActor as `actors.json` names it, built once per process from that process's
 * context: its conversations share one turn journal (group commit), and under placement every
 * turn commits only under the org's current lease.
 */
export function conversationActor(node: NodeContext) {
  const placement = node.placement;
  return createConversationActor({
    db: node.db,
    newMessageId: newWhatsAppMessageId,
    notify: (notice) => node.notify(notice),
    agentFor: (orgId) => node.customerAgentFor(orgId),
    transcriber: node.transcriber,
    logger: node.logger,
    burstMs: node.tuning.burstMs,
    windowSize: node.tuning.windowSize,
    humanQuietMs: node.tuning.humanQuietMs,
    beforeCommit: node.beforeCommit,
    fence: placement && (async (orgId) => {
      const lease = await placement.fenceOf(orgId);
      if (!lease) throw new LeaseLostError(orgId, node.nodeId, 0);
      return lease;
    }),
    journal: new TurnJournalWriter(node.db),
    snapshotOf: (orgId) => node.ask<ShopSnapshot>(shopAddress(orgId), { type: 'shop.snapshot' }),
  });
}
