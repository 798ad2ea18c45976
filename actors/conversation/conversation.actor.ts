import { defineActor, type ActorContext } from '../../runtime/actor.js';
import { ValidationError } from '../../runtime/errors.js';
import type { TimerHandle } from '../../runtime/clock.js';
import { phoneToJid } from '../../domain/phone.js';
import { repositories } from '../../storage/repositories.js';
import { parseConversationKey } from '../addresses.js';
import { messageNotice, queueOutbound } from '../outbound-message.js';
import type { ConversationMsg } from './conversation.protocol.js';
import { runCustomerTurn, type CustomerTurnDeps } from './customer-turn.js';

/**
 * One customer of one shop (`conversation/<org>/<contact>`). Messages that
 * arrive within the burst window are answered as one turn; turns run one at
 * a time (the mailbox); everything is in Postgres, so a restart replays what
 * was not answered and passivation loses nothing.
 */
export interface ConversationDeps extends CustomerTurnDeps {
  /** A burst of messages within this window is one turn (0 answers each at once). */
  burstMs: number;
}

export const DEFAULT_BURST_MS = 1_500;

export interface ConversationState {
  orgId: string;
  contactId: string;
  waiting: number[];
  burstTimer: TimerHandle | undefined;
  generation: number;
}

export function createConversationActor(deps: ConversationDeps) {
  type Ctx = ActorContext<ConversationMsg>;

  function arm(state: ConversationState, ctx: Ctx, delayMs: number): ConversationState {
    if (state.burstTimer) return state; // the window runs from the first message of the burst
    const generation = state.generation + 1;
    const self = ctx.self;
    const burstTimer = ctx.clock.setTimeout(() => {
      if (self.isAlive) self.tell({ type: '$conversation.flush', generation });
    }, delayMs);
    return { ...state, generation, burstTimer };
  }

  async function conversationOf(state: ConversationState, conversationId: string) {
    const conversation = await repositories(deps.db).conversations.findById(state.orgId, conversationId);
    if (!conversation || conversation.contactId !== state.contactId) throw new ValidationError('Conversation not found', { code: 'NOT_FOUND' });
    return conversation;
  }

  return defineActor<ConversationState, ConversationMsg>({
    async init(ctx) {
      const { orgId, contactId } = parseConversationKey(ctx.args.key);
      const repos = repositories(deps.db);
      const contact = await repos.contacts.findById(orgId, contactId);
      if (!contact) throw new Error(`contact ${contactId} of org ${orgId} does not exist`);
      // Replay: whatever this customer sent that was never answered (a crash, a restart).
      const unanswered = await repos.inbox.listUnprocessedForSender(orgId, { phone: contact.phone, lid: contact.lid });
      const state: ConversationState = { orgId, contactId, waiting: unanswered.map((r) => r.id), burstTimer: undefined, generation: 0 };
      // The message that woke this actor is usually among them: it still gets its burst window.
      return state.waiting.length ? arm(state, ctx, deps.burstMs) : state;
    },

    async handle(state, msg, ctx) {
      switch (msg.type) {
        case 'conversation.inbound': {
          const waiting = state.waiting.includes(msg.inboxId) ? state.waiting : [...state.waiting, msg.inboxId];
          return { state: arm({ ...state, waiting }, ctx, deps.burstMs) };
        }
        case '$conversation.flush': {
          if (msg.generation !== state.generation) return { state };
          const ids = state.waiting;
          // Cleared only after the turn succeeded: a crash keeps the rows unprocessed for the replay.
          await runCustomerTurn(deps, state.orgId, state.contactId, ids, new Date(ctx.clock.now()));
          return { state: { ...state, waiting: state.waiting.filter((id) => !ids.includes(id)), burstTimer: undefined } };
        }
        case 'conversation.staff-reply': {
          const conversation = await conversationOf(state, msg.conversationId);
          const now = new Date(ctx.clock.now());
          const repos = repositories(deps.db);
          const contact = (await repos.contacts.findById(state.orgId, state.contactId))!;
          const waMessageId = deps.newMessageId();
          const stored = await deps.db.transaction().execute(async (trx) => {
            const t = repositories(trx);
            const message = await queueOutbound(trx, {
              orgId: state.orgId, conversationId: conversation.id, instanceId: conversation.instanceId, toPhone: contact.phone,
              toJid: phoneToJid(contact.phone), text: msg.text, kind: 'staff', author: 'staff', idempotencyKey: `staff:${waMessageId}`, waMessageId, now,
            });
            await t.conversations.touch(state.orgId, conversation.id, now, { staff: true });
            if (conversation.mode !== 'human') await t.conversations.escalate(state.orgId, conversation.id, 'equipe assumiu a conversa', now);
            return message!;
          });
          deps.notify(messageNotice(state.orgId, conversation.id, stored));
          if (conversation.mode !== 'human') deps.notify({ kind: 'escalated', orgId: state.orgId, conversationId: conversation.id, reason: 'equipe assumiu a conversa' });
          deps.notify({ kind: 'outbox', orgId: state.orgId, instanceId: conversation.instanceId });
          return { state, reply: stored };
        }
        case 'conversation.release': {
          const conversation = await conversationOf(state, msg.conversationId);
          const released = await repositories(deps.db).conversations.release(state.orgId, conversation.id, new Date(ctx.clock.now()));
          deps.notify({ kind: 'released', orgId: state.orgId, conversationId: conversation.id });
          return { state, reply: released };
        }
      }
    },

    terminate(state, _reason, ctx) {
      ctx.clock.clearTimeout(state.burstTimer);
    },
  });
}
