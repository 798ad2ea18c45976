import { defineActor, type ActorContext } from '../../runtime/actor.js';
import { ValidationError } from '../../runtime/errors.js';
import { phoneToJid } from '../../domain/phone.js';
import type { Contact } from '../../storage/contacts.repository.js';
import type { Conversation } from '../../storage/conversations.repository.js';
import type { StoredInbound } from '../../storage/inbox.repository.js';
import { repositories } from '../../storage/repositories.js';
import { parseConversationKey, sessionAddress, shopAddress } from '../addresses.js';
import type { ShopMsg } from '../shop/shop.protocol.js';
import { eraseAndRecord } from './data-deletion.js';
import { recordStaffConsent } from './marketing-consent.js';
import { messageNotice, queueOutbound } from '../outbound-message.js';
import type { SessionMsg } from '../session/session.protocol.js';
import type { ShopSnapshot } from '../shop/shop-snapshot.js';
import { afterStaffMessage, loadBookings, loadConversation, STAFF_TOOK_OVER, withPet, type ConversationMemory } from './conversation-memory.js';
import type { ConversationMsg } from './conversation.protocol.js';
import { refusing } from '../refusal.js';
import { applyStaffBookingChange } from './staff-booking.js';
import { runCustomerTurn, type CustomerTurnDeps } from './customer-turn.js';

/**
 * One customer of one shop (`conversation/<org>/<contact>`). It keeps the customer in memory
 * (contact, pets, bookings, window, open question, mode), loaded once; messages that arrive
 * within the burst window are answered as one turn; turns run one at a time (the mailbox).
 * The database is the journal: a restart or a passivation loses nothing, and on activation
 * the actor answers whatever this customer sent that nobody answered.
 */
export interface ConversationDeps extends CustomerTurnDeps {
  /** A burst of messages within this window is one turn (0 answers each at once). */
  burstMs: number;
  /** The shop's current snapshot, for rows that did not come with one (a replay). */
  snapshotOf(orgId: string): Promise<ShopSnapshot>;
}

export const DEFAULT_BURST_MS = 1_500;
const BURST_TIMER = 'burst';

export interface ConversationState {
  orgId: string;
  contactId: string;
  /** Undefined until the first turn loads it, and after a turn or a message that changed more than it follows. */
  memory: ConversationMemory | undefined;
  /** The contact as the shop handed it over, so the first load need not read it again. */
  contact: Contact | undefined;
  isNewContact: boolean;
  /** A new contact's conversation, opened by the shop together with the contact. */
  openedConversation: Conversation | undefined;
  snapshot: ShopSnapshot | undefined;
  /** Inbox rows waiting for the burst window to close, in arrival order. */
  waiting: StoredInbound[];
  activated: boolean;
}

export function createConversationActor(deps: ConversationDeps) {
  type Ctx = ActorContext<ConversationMsg>;

  function enqueue(state: ConversationState, rows: readonly StoredInbound[], ctx: Ctx): ConversationState {
    const fresh = rows.filter((row) => !state.waiting.some((w) => w.id === row.id));
    if (fresh.length === 0) return state;
    // The window runs from the first message of the burst, as the customer sent it: time it spent
    // reaching this actor (routing, a busy shop) is part of the window, not added to it.
    const waited = fresh[0]!.acceptedAtMs === undefined ? 0 : ctx.clock.now() - fresh[0]!.acceptedAtMs;
    ctx.timers.startIfIdle(BURST_TIMER, deps.burstMs - waited, { type: '$conversation.flush' });
    return { ...state, waiting: [...state.waiting, ...fresh] };
  }

  async function memoryFor(state: ConversationState, instanceId: string, ctx: Ctx): Promise<ConversationMemory> {
    if (state.memory && state.memory.conversation.instanceId === instanceId) return state.memory;
    return loadConversation(deps.db, {
      orgId: state.orgId, contactId: state.contactId, instanceId, now: new Date(ctx.clock.now()), windowSize: deps.windowSize,
      contact: state.memory?.contact ?? state.contact, isNew: state.isNewContact && !state.memory,
      conversation: state.openedConversation?.instanceId === instanceId ? state.openedConversation : undefined,
    });
  }

  async function conversationOf(state: ConversationState, conversationId: string) {
    const conversation = await repositories(deps.db).conversations.findById(state.orgId, conversationId);
    if (!conversation || conversation.contactId !== state.contactId) throw new ValidationError('Conversation not found', { code: 'NOT_FOUND' });
    return conversation;
  }

  /**
   * The customer was anonymised: the shop stops leading their phone here, and this incarnation
   * ends, so nothing of them (window, pets, open question) stays in memory. A message that still
   * comes starts a fresh incarnation, which finds an anonymised contact.
   */
  function forgetCustomer(state: ConversationState, ctx: Ctx, reroute: StoredInbound[] = []): { state: ConversationState } {
    ctx.tell<ShopMsg>(shopAddress(state.orgId), { type: 'shop.forget-contact', contactId: state.contactId, ...(reroute.length && { reroute }) });
    ctx.stop();
    return { state: { ...state, memory: undefined, contact: undefined, openedConversation: undefined, waiting: [] } };
  }

  return defineActor<ConversationState, ConversationMsg>({
    init(ctx) {
      const { orgId, contactId } = parseConversationKey(ctx.args.key);
      // After the message that woke this actor (already in the mailbox): look for unanswered rows.
      ctx.self.tell({ type: '$conversation.activate' });
      return { orgId, contactId, memory: undefined, contact: undefined, isNewContact: false, openedConversation: undefined, snapshot: undefined, waiting: [], activated: false };
    },

    async handle(state, msg, ctx) {
      switch (msg.type) {
        case 'conversation.inbound': {
          const next: ConversationState = {
            ...state,
            snapshot: msg.snapshot,
            ...(msg.contact && !state.memory && { contact: msg.contact, isNewContact: msg.isNewContact === true, openedConversation: msg.conversation }),
          };
          return { state: enqueue(next, [msg.row], ctx) };
        }
        case '$conversation.activate': {
          if (state.activated) return { state };
          const next = { ...state, activated: true };
          // A contact the shop created a moment ago has nothing older waiting.
          if (state.isNewContact) return { state: next };
          const repos = repositories(deps.db);
          const contact = state.contact ?? (await repos.contacts.findById(state.orgId, state.contactId));
          if (!contact) throw new Error(`contact ${state.contactId} of org ${state.orgId} does not exist`);
          // Anonymised: nothing of theirs is waiting (the deletion marked it), and nothing more is theirs.
          if (contact.phone === null) return { state: { ...next, contact } };
          const unanswered = await repos.inbox.listUnprocessedForSender(state.orgId, { phone: contact.phone, lid: contact.lid });
          const queued = enqueue({ ...next, contact }, unanswered, ctx);
          // Loaded once, here: on the number the customer writes to now, else the one they last wrote to.
          const instanceId = queued.waiting.at(-1)?.instanceId ?? (await repos.conversations.latestInstanceOf(state.orgId, state.contactId));
          return { state: instanceId && !queued.memory ? { ...queued, memory: await memoryFor(queued, instanceId, ctx) } : queued };
        }
        case '$conversation.flush': {
          const rows = state.waiting;
          if (rows.length === 0) return { state };
          const last = rows[rows.length - 1]!;
          const snapshot = state.snapshot ?? (await deps.snapshotOf(state.orgId));
          const memory = await memoryFor(state, last.instanceId, ctx);
          if (memory.contact.phone === null) {
            // Routed here before the shop forgot this (anonymised) contact: whoever writes now is someone new.
            ctx.tell<ShopMsg>(shopAddress(state.orgId), { type: 'shop.forget-contact', contactId: state.contactId, reroute: rows });
            return { state: { ...state, waiting: [] } };
          }
          // The waiting rows are cleared only after the turn succeeded: a crash leaves them unprocessed for the replay.
          const outcome = await runCustomerTurn(deps, memory, snapshot, rows, new Date(ctx.clock.now()));
          for (const message of outcome.sends) ctx.tell<SessionMsg>(sessionAddress(state.orgId, message.instanceId), { type: 'session.send', message });
          if (outcome.sweep) ctx.tell<SessionMsg>(sessionAddress(state.orgId, last.instanceId), { type: 'session.flush' });
          const answered = new Set(rows.map((r) => r.id));
          if (outcome.erased) return forgetCustomer(state, ctx, state.waiting.filter((r) => !answered.has(r.id)));
          return { state: { ...state, snapshot, memory: outcome.memory, openedConversation: undefined, waiting: state.waiting.filter((r) => !answered.has(r.id)) } };
        }
        case 'conversation.staff-booking': {
          const now = new Date(ctx.clock.now());
          const booking = await refusing(() => applyStaffBookingChange(deps.db, state.orgId, state.contactId, msg.change, now, msg.actor));
          // The customer's bookings as the next turn must see them (one read, only when the memory is held).
          const memory = state.memory && { ...state.memory, bookings: await loadBookings(deps.db, state.orgId, state.contactId, now) };
          return { state: { ...state, memory }, reply: booking };
        }
        case 'conversation.register-pet': {
          const repos = repositories(deps.db);
          const pet = await refusing(() => repos.pets.upsert(state.orgId, state.contactId, msg.pet, new Date(ctx.clock.now())));
          const memory = state.memory && { ...state.memory, pets: withPet(state.memory.pets, pet) };
          return { state: { ...state, memory }, reply: pet };
        }
        case 'conversation.refresh':
          return { state: { ...state, memory: undefined } };
        case 'conversation.staff-reply': {
          const conversation = await conversationOf(state, msg.conversationId);
          const now = new Date(ctx.clock.now());
          // The contact this actor holds; read only when it holds none yet.
          const contact = state.memory?.contact ?? state.contact ?? (await repositories(deps.db).contacts.findById(state.orgId, state.contactId))!;
          const toPhone = contact.phone;
          if (toPhone === null) throw new ValidationError('This customer was anonymised; there is nobody to write to', { code: 'ANONYMIZED' });
          const waMessageId = deps.newMessageId();
          const stored = await deps.db.transaction().execute(async (trx) => {
            const t = repositories(trx);
            const message = await queueOutbound(trx, {
              orgId: state.orgId, conversationId: conversation.id, instanceId: conversation.instanceId, toPhone,
              toJid: phoneToJid(toPhone), text: msg.text, kind: 'staff', author: 'staff', idempotencyKey: `staff:${waMessageId}`, waMessageId, now,
              ...(msg.sentBy && { sentBy: msg.sentBy }),
            });
            await t.conversations.touch(state.orgId, conversation.id, now, { staff: true });
            if (conversation.mode !== 'human') await t.conversations.escalate(state.orgId, conversation.id, STAFF_TOOK_OVER, now);
            return message!;
          });
          deps.notify(messageNotice(state.orgId, conversation.id, stored));
          if (conversation.mode !== 'human') deps.notify({ kind: 'escalated', orgId: state.orgId, conversationId: conversation.id, reason: STAFF_TOOK_OVER });
          ctx.tell<SessionMsg>(sessionAddress(state.orgId, conversation.instanceId), { type: 'session.flush' });
          const memory = state.memory?.conversation.id === conversation.id ? afterStaffMessage(state.memory, conversation, stored, now, deps.windowSize) : undefined;
          return { state: { ...state, memory }, reply: stored };
        }
        case 'conversation.erase': {
          const now = new Date(ctx.clock.now());
          const counts = await deps.db.transaction().execute((trx) =>
            eraseAndRecord(trx, { orgId: state.orgId, contactId: state.contactId, now }, { actor: msg.actor, channel: 'api' }));
          if (!counts) return { state, reply: { erased: false } };
          return { ...forgetCustomer(state, ctx), reply: { erased: true, counts } };
        }
        case 'conversation.set-consent': {
          const contact = await refusing(() => recordStaffConsent(deps.db, { orgId: state.orgId, contactId: state.contactId, marketing: msg.marketing, actor: msg.actor, now: new Date(ctx.clock.now()) }));
          const memory = state.memory && { ...state.memory, contact };
          return { state: { ...state, memory, contact: state.contact && contact }, reply: contact };
        }
        case 'conversation.forget':
          return forgetCustomer(state, ctx);
        case 'conversation.release': {
          const conversation = await conversationOf(state, msg.conversationId);
          const released = await repositories(deps.db).conversations.release(state.orgId, conversation.id, new Date(ctx.clock.now()));
          deps.notify({ kind: 'released', orgId: state.orgId, conversationId: conversation.id });
          const memory = released && state.memory?.conversation.id === released.id ? { ...state.memory, conversation: released } : undefined;
          return { state: { ...state, memory }, reply: released };
        }
      }
    },
  });
}
