import type { Kysely } from 'kysely';
import { normalizePhone } from '../../domain/phone.js';
import { defineActor, type ActorContext } from '../../runtime/actor.js';
import type { Database } from '../../storage/database.js';
import type { StoredInbound } from '../../storage/inbox.repository.js';
import { repositories } from '../../storage/repositories.js';
import { announceShopChange } from '../../storage/shop-change-feed.js';
import { upsertSenders, type ArrivingSender, type KnownSender } from '../../storage/first-contact.js';
import { auroraAddress, conversationAddress, parseShopKey } from '../addresses.js';
import type { AuroraMsg } from '../aurora/aurora.protocol.js';
import type { ConversationMsg } from '../conversation/conversation.protocol.js';
import { ContactDirectory } from './contact-directory.js';
import { applyShopCommand } from './shop-commands.js';
import { loadShopSnapshot, type ShopSnapshot } from './shop-snapshot.js';
import type { ShopMsg } from './shop.protocol.js';

export interface ShopDeps {
  db: Kysely<Database>;
  /** This node's name, in the change announcements other nodes receive. */
  nodeId: string;
}

export interface ShopState {
  orgId: string;
  snapshot: ShopSnapshot;
  contacts: ContactDirectory;
}

/** At most this many unanswered inbox rows are routed on start (beyond, a customer's own actor finds theirs when it activates). */
const REPLAY_BATCH = 10_000;
/** At most this many queued deliveries from the sessions join one routing step. */
const ROUTE_BATCH = 200;

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

  /**
   * Routes a batch in arrival order: the owner's numbers to Aurora, everyone else to their
   * conversation. Known senders cost nothing; the new ones of the whole batch are created —
   * contact and conversation — in one statement.
   */
  async function route(state: ShopState, rows: readonly StoredInbound[], ctx: Ctx): Promise<void> {
    const now = new Date(ctx.clock.now());
    const phoneOf = new Map<number, string | null>(rows.map((row) => [row.id, row.senderPhone ? normalizePhone(row.senderPhone) : null]));
    const toAurora = (row: StoredInbound) => {
      const phone = phoneOf.get(row.id);
      return !row.fromMe && !!phone && state.snapshot.ownerNumbers.includes(phone);
    };
    /** By contact id: what this step learnt of senders, handed to their actor with their first row. */
    const arrivals = new Map<string, KnownSender>();
    const unknown = new Map<string, ArrivingSender>();
    for (const row of rows) {
      const phone = phoneOf.get(row.id) ?? null;
      if (toAurora(row) || state.contacts.get(phone, row.senderLid ?? null)) continue;
      const byLid = row.senderLid ? await repos.contacts.findByLid(state.orgId, row.senderLid) : undefined;
      if (byLid) {
        state.contacts.remember(byLid.id, byLid.phone, byLid.lid);
        state.contacts.remember(byLid.id, null, row.senderLid ?? null);
        arrivals.set(byLid.id, { contact: byLid, created: false });
      } else if (phone && !unknown.has(phone)) {
        unknown.set(phone, { phone, name: row.pushName, lid: row.senderLid, instanceId: row.instanceId });
      }
    }
    for (const [phone, sender] of await upsertSenders(deps.db, state.orgId, [...unknown.values()], now)) {
      arrivals.set(sender.contact.id, sender);
      state.contacts.remember(sender.contact.id, phone, sender.contact.lid);
      const lid = unknown.get(phone)?.lid;
      if (lid) state.contacts.remember(sender.contact.id, null, lid);
    }
    for (const row of rows) {
      if (toAurora(row)) {
        ctx.tell<AuroraMsg>(auroraAddress(state.orgId), { type: 'aurora.inbound', inboxId: row.id });
        continue;
      }
      const contactId = state.contacts.get(phoneOf.get(row.id) ?? null, row.senderLid ?? null);
      if (!contactId) {
        await repos.inbox.markProcessed(row.id, 'no_phone', now);
        continue;
      }
      // Told once with what the shop just learnt of a new sender, so the actor need not read it back.
      const arrival = arrivals.get(contactId);
      arrivals.delete(contactId);
      ctx.tell<ConversationMsg>(conversationAddress(state.orgId, contactId), {
        type: 'conversation.inbound', row, snapshot: state.snapshot,
        ...(arrival && { contact: arrival.contact, isNewContact: arrival.created, ...(arrival.conversation && { conversation: arrival.conversation }) }),
      });
    }
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
        case 'shop.inbound': {
          // Whatever else the sessions handed over meanwhile is routed in the same step.
          const rows = [...msg.rows, ...ctx.takeQueued((m) => m.type === 'shop.inbound', ROUTE_BATCH).flatMap((m) => (m.type === 'shop.inbound' ? m.rows : []))];
          for (const row of rows) {
            if (row.orgId !== state.orgId) throw new Error(`inbox row ${row.id} of org ${row.orgId} reached the shop of ${state.orgId}`);
          }
          await route(state, rows, ctx);
          return { state };
        }
        case 'shop.forget-contact':
          state.contacts.forget(msg.contactId);
          if (msg.reroute?.length) await route(state, msg.reroute, ctx);
          return { state };
        case 'shop.snapshot':
          return { state, reply: state.snapshot };
        case 'shop.reload': {
          const snapshot = await load(state.orgId, state.snapshot.version + 1);
          return { state: { ...state, snapshot }, reply: snapshot };
        }
        case 'shop.update-org':
        case 'shop.replace-hours':
        case 'shop.create-service':
        case 'shop.update-service':
        case 'shop.remove-service': {
          // A refusal (unknown service, taken name) is thrown as an answer before anything changed.
          const reply = await applyShopCommand(deps.db, state.snapshot.org, msg, new Date(ctx.clock.now()));
          const snapshot = await load(state.orgId, state.snapshot.version + 1);
          await announceShopChange(deps.db, { orgId: state.orgId, nodeId: deps.nodeId });
          return { state: { ...state, snapshot }, reply };
        }
      }
    },
  });
}
