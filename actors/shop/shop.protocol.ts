import type { StoredInbound } from '../../storage/inbox.repository.js';
import type { ShopCommand } from './shop-commands.js';

/**
 * Messages the ShopActor (`shop/<org>`: one per organization) understands. It owns the org's
 * read model (`ShopSnapshot`) and routes every inbound message: the owner's numbers to Aurora,
 * everyone else to their ConversationActor, with the snapshot the turn should use. What it holds
 * changes only through its messages: the `ShopCommand`s (settings, hours, services) it writes
 * itself, and `shop.reload` when another node wrote.
 */
export type ShopMsg =
  | ShopCommand
  /** Inbox rows a session just made durable (or that a replay found unanswered). */
  | { type: 'shop.inbound'; rows: StoredInbound[] }
  /**
   * A customer was anonymised: their phone and LID no longer lead to that contact. `reroute` are
   * rows that reached the anonymised contact meanwhile: routed again, to whoever writes now.
   */
  | { type: 'shop.forget-contact'; contactId: string; reroute?: StoredInbound[] }
  /** Replies the current `ShopSnapshot`. */
  | { type: 'shop.snapshot' }
  /**
   * Another node changed the org's settings, hours or services (its change announcement, or a
   * resync after a lost connection): load them again. Replies the new snapshot.
   */
  | { type: 'shop.reload' };
