import type { StoredInbound } from '../../storage/inbox.repository.js';
import type { ShopSnapshot } from './shop-snapshot.js';

/**
 * Messages the ShopActor (`shop/<org>`: one per organization) understands. It owns the org's
 * read model (`ShopSnapshot`) and routes every inbound message: the owner's numbers to Aurora,
 * everyone else to their ConversationActor, with the snapshot the turn should use.
 */
export type ShopMsg =
  /** Inbox rows a session just made durable (or that a replay found unanswered). */
  | { type: 'shop.inbound'; rows: StoredInbound[] }
  /** Replies the current `ShopSnapshot`. */
  | { type: 'shop.snapshot' }
  /**
   * The org's settings, hours or services changed in storage: load them again (replies the new
   * snapshot). `announce`: this node made the change, so the other nodes are told to reload too.
   */
  | { type: 'shop.reload'; announce?: boolean };
