import type { Kysely } from 'kysely';
import { normalizePhone } from '../../domain/phone.js';
import { defineActor, type ActorContext } from '../../runtime/actor.js';
import type { Database } from '../../storage/database.js';
import type { StoredInbound } from '../../storage/inbox.repository.js';
import { repositories } from '../../storage/repositories.js';
import type { Contact } from '../../storage/contacts.repository.js';
import { auroraAddress, conversationAddress, parseShopKey } from '../addresses.js';
import type { AuroraMsg } from '../aurora/aurora.protocol.js';
import type { ConversationMsg } from '../conversation/conversation.protocol.js';
import { ContactDirectory } from './contact-directory.js';
import { loadShopSnapshot, type ShopSnapshot } from './shop-snapshot.js';
import type { ShopMsg } from './shop.protocol.js';

export interface ShopDeps {
  db: Kysely<Database>;
}

export interface ShopState {
  orgId: string;
  snapshot: ShopSnapshot;
  contacts: ContactDirectory;
}

/** How many unanswered inbox rows one replay step routes (the rest follow in the next step). */
const REPLAY_BATCH = 10_000;

/**
 * The shop's own actor (`shop/<org>`): loads the org's read model once, hands it to every
 * conversation turn with the message, and routes inbound messages in arrival order — routing
 * is a step in this mailbox, so it is ordered, supervised and replayed like everything else.
 * On start it routes whatever the inbox still holds unanswered for the shop (a crash, a
 * restart, a shop that was stopped alone).
 */
export function createShopActor(deps: ShopDeps) {
  type Ctx = ActorContext<ShopMsg>;
  const repos = repositories(deps.db);

  async function load(orgId: string, version: number): Promise<ShopSnapshot> {
    const snapshot = await loadShopSnapshot(deps.db, orgId, version);
    if (!snapshot) throw new Error(`organization ${orgId} does not exist or has no settings`);
    return snapshot;
  }

  /** The contact who wrote `row`, found by LID or phone (created on first contact); undefined when WhatsApp hid both. */
  async function contactOf(state: ShopState, row: StoredInbound, phone: string | null, now: Date): Promise<{ id: string; contact?: Contact; created?: boolean } | undefined> {
    const known = state.contacts.get(phone, row.senderLid ?? null);
    if (known) return { id: known };
    let found: { contact: Contact; created: boolean } | undefined;
    const byLid = row.senderLid ? await repos.contacts.findByLid(state.orgId, row.senderLid) : undefined;
    if (byLid) found = { contact: byLid, created: false };
    else if (phone) found = await repos.contacts.upsertByPhone(state.orgId, { phone, name: row.pushName, lid: row.senderLid }, now);
    if (!found) return undefined;
    const { contact, created } = found;
    state.contacts.remember(contact.id, contact.phone, contact.lid);
    if (row.senderLid && contact.lid !== row.senderLid) state.contacts.remember(contact.id, null, row.senderLid);
    return { id: contact.id, contact, created };
  }

  async function route(state: ShopState, row: StoredInbound, ctx: Ctx): Promise<void> {
    const phone = row.senderPhone ? normalizePhone(row.senderPhone) : null;
    if (!row.fromMe && phone && state.snapshot.ownerNumbers.includes(phone)) {
      ctx.tell(auroraAddress(state.orgId), { type: 'aurora.inbound', inboxId: row.id } satisfies AuroraMsg);
      return;
    }
    const now = new Date(ctx.clock.now());
    const found = await contactOf(state, row, phone, now);
    if (!found) {
      await repos.inbox.markProcessed(row.id, 'no_phone', now);
      return;
    }
    ctx.tell(conversationAddress(state.orgId, found.id), {
      type: 'conversation.inbound', row, snapshot: state.snapshot, ...(found.contact && { contact: found.contact, isNewContact: found.created === true }),
    } satisfies ConversationMsg);
  }

  return defineActor<ShopState, ShopMsg>({
    async init(ctx) {
      const { orgId } = parseShopKey(ctx.args.key);
      const snapshot = await load(orgId, 1);
      const unanswered = await repos.inbox.listUnprocessed({ orgId, limit: REPLAY_BATCH });
      if (unanswered.length) ctx.self.tell({ type: 'shop.inbound', rows: unanswered });
      return { orgId, snapshot, contacts: new ContactDirectory() };
    },

    async handle(state, msg, ctx) {
      switch (msg.type) {
        case 'shop.inbound':
          for (const row of msg.rows) {
            if (row.orgId !== state.orgId) throw new Error(`inbox row ${row.id} of org ${row.orgId} reached the shop of ${state.orgId}`);
            await route(state, row, ctx);
          }
          return { state };
        case 'shop.snapshot':
          return { state, reply: state.snapshot };
        case 'shop.reload': {
          const snapshot = await load(state.orgId, state.snapshot.version + 1);
          return { state: { ...state, snapshot }, reply: snapshot };
        }
      }
    },
  });
}
