import type { NodeContext } from '../node-context.js';
import { createShopActor } from './shop.actor.js';

/** The ShopActor as `actors.json` names it: its change announcements are signed with the node's name. */
export function shopActor(node: NodeContext) {
  return createShopActor({ db: node.db, nodeId: node.nodeId });
}
