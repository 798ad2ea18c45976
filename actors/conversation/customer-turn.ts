import type { Kysely } from 'kysely';
import type { AgentTurnResult, CustomerAgent } from '../../agents/customer-agent.js';
import { readOrgSettings } from '../../domain/org-settings.js';
import { parseYesNo } from '../../domain/intents/index.js';
import { parseReminderReply } from '../../domain/reminders.js';
import { formatDateTimePtBr } from '../../domain/pt-br-calendar.js';
import { phoneToJid } from '../../domain/phone.js';
import { canCustomerChange } from '../../domain/customer-change-policy.js';
import type { Database } from '../../storage/database.js';
import { BookingsRepository, customerActorLabel, type Booking } from '../../storage/bookings.repository.js';
import type { StoredInbound } from '../../storage/inbox.repository.js';
import type { StoredOutbound } from '../../storage/outbox.repository.js';
import { PendingActionsRepository, type PendingAction } from '../../storage/pending-actions.repository.js';
import { repositories } from '../../storage/repositories.js';
import { writeTurn, type TurnJournalEntry } from '../../storage/turn-journal.js';
import type { TurnJournalWriter } from '../../storage/turn-journal-writer.js';
import { messageNotice, modelCallFigures, modelCallNotice, queueOutbound, recordModelCall } from '../outbound-message.js';
import type { ShopSnapshot } from '../shop/shop-snapshot.js';
import type { ConversationNotice } from './conversation.protocol.js';
import { appendToWindow, STAFF_ANSWERED_ON_PHONE, type ConversationMemory } from './conversation-memory.js';
import { customerContext, toWindow } from './customer-context.js';
import { createCustomerToolbox } from './customer-toolbox.js';
import { isOptIn, isOptOut, OPT_IN_REPLY, OPT_OUT_REPLY } from './opt-out.js';
import { commitPendingAction } from './pending-action-committer.js';
import { eraseOnCustomerRequest, isDataDeletionRequest, proposeDeletion } from './data-deletion.js';
import { CONSENT_GRANTED_REPLY, withConsentQuestion } from './marketing-consent.js';
import { ConsentRepository } from '../../storage/consent.repository.js';
import type { TurnScope } from './turn-scope.js';
import { readInboundMedia } from './inbound-media-reading.js';
import { mediaNeedsTextReply, type InboundMediaKind } from '../../domain/inbound-media.js';
import type { AudioTranscriber } from '../../agents/audio-transcriber.js';
import type { Logger } from '../../runtime/logger.js';
import { owesTeamNotifiedReply, teamNotifiedReply } from './team-notified-reply.js';
import { assertFenced, type OrgLease } from '../../storage/org-leases.repository.js';
import { LeaseLostError } from '../../storage/storage-errors.js';

export interface CustomerTurnDeps {
  db: Kysely<Database>;
  agentFor(orgId: string): CustomerAgent | Promise<CustomerAgent>;
  notify(notice: ConversationNotice): void;
  /** A fresh WhatsApp message id for a reply (chosen once, reused on every send retry). */
  newMessageId(): string;
  windowSize: number;
  /** Human mode ends by itself after this long without staff activity. */
  humanQuietMs: number;
  /** Shares the common turn's statement with other customers' turns (group commit); written alone when absent. */
  journal?: TurnJournalWriter;
  /** Called after the reply is decided, before the transaction: a test crashes the turn here. */
  beforeCommit?: () => void | Promise<void>;
  /**
   * The org lease a turn's write must still hold (placement); throws LeaseLostError when this
   * node no longer holds the org, and answers undefined where nothing is placed (one process).
   */
  fence?(orgId: string): OrgLease | undefined | Promise<OrgLease | undefined>;
  /** Transcribes voice notes (an OpenAI-compatible key is configured); without it a voice note gets a request for text. */
  transcriber?: AudioTranscriber;
  logger?: Logger;
}

export const DEFAULT_WINDOW_SIZE = 10;
export const DEFAULT_HUMAN_QUIET_MS = 4 * 60 * 60_000;
const REMINDER_ANSWER_WINDOW_MS = 36 * 60 * 60_000;

/** What a turn leaves behind for its actor: the memory to keep (or a reload), and what to send. */
export interface TurnOutcome {
  /** The memory after the turn; undefined when the turn wrote more than the memory follows (reload it). */
  memory: ConversationMemory | undefined;
  /** Replies queued by the common path: the session sends them without reading the outbox. */
  sends: StoredOutbound[];
  /** Something was queued the session must find in the outbox (the rarer paths). */
  sweep: boolean;
  /** The customer confirmed their deletion and is anonymised: the actor forgets them and stops. */
  erased?: boolean;
}

/** Thrown inside the turn's transaction when another turn already processed its inbox rows. */
class AlreadyProcessed extends Error {}

type Decision =
  | { kind: 'silent'; outcome: string }
  | {
      kind: 'reply';
      outcome: string;
      text: string;
      commit?: { action: PendingAction; yes: boolean; followUp?: string };
      reminder?: { booking: Booking; event: 'confirm' | 'cancel' };
      optOut?: boolean;
      agent?: AgentTurnResult;
      escalate?: string;
      /** A write happened while deciding (human mode released): the memory no longer matches. */
      released?: boolean;
      /** The reply tells a customer waiting on the team that the team knows (once per quiet period). */
      teamNotified?: boolean;
    };

/**
 * One turn of a customer conversation: everything that arrived for this customer (a burst is
 * one turn) gets at most one reply. It reads only the actor's memory and the shop's snapshot;
 * the common path (an answer, maybe a hand-over) writes once, as one statement; confirmations,
 * reminders, opt-outs and tool-using answers commit in one transaction and the memory reloads.
 * A replay after a crash produces the same single reply.
 */
export async function runCustomerTurn(
  deps: CustomerTurnDeps,
  memory: ConversationMemory,
  snapshot: ShopSnapshot,
  rows: readonly StoredInbound[],
  now: Date,
): Promise<TurnOutcome> {
  const orgId = snapshot.org.id;
  const contactId = memory.contact.id;
  const notices: ConversationNotice[] = [];
  let sweep = false;
  let erased = false;

  // The shop answered from its own phone: store it as staff and step aside. Our own replies echo
  // back as fromMe too — those are already stored, so insertOnce tells them apart.
  const customerRows: StoredInbound[] = [];
  let staffSpoke = false;
  for (const row of rows) {
    if (!row.fromMe) {
      customerRows.push(row);
      continue;
    }
    const conversation = memory.conversation;
    await deps.db.transaction().execute(async (trx) => {
      const t = repositories(trx);
      if (!(await t.inbox.markProcessed(row.id, 'from_me', now))) return;
      const stored = await t.messages.insertOnce({
        orgId, conversationId: conversation.id, instanceId: row.instanceId, remoteJid: row.remoteJid, waMessageId: row.waMessageId,
        fromMe: true, direction: 'out', author: 'staff', text: row.text, createdAt: row.receivedAt,
      });
      if (!stored) return; // our own reply's echo
      staffSpoke = true;
      await t.conversations.touch(orgId, conversation.id, now, { staff: true });
      if (conversation.mode !== 'human') await t.conversations.escalate(orgId, conversation.id, STAFF_ANSWERED_ON_PHONE, now);
      notices.push({ kind: 'message', orgId, conversationId: conversation.id, message: { id: stored.id, direction: 'out', author: 'staff', text: stored.text, createdAt: stored.createdAt } });
      if (conversation.mode !== 'human') notices.push({ kind: 'escalated', orgId, conversationId: conversation.id, reason: STAFF_ANSWERED_ON_PHONE });
    });
    // The customer's rows of the same burst meet a conversation the staff just took over.
    if (staffSpoke) {
      const at = now.toISOString();
      const before = memory.conversation;
      const handedOff = before.mode === 'human' ? {} : { escalatedAt: at, escalationReason: STAFF_ANSWERED_ON_PHONE };
      memory = { ...memory, conversation: { ...before, ...handedOff, mode: 'human', lastStaffMessageAt: at }, lastHumanAt: now };
    }
  }
  if (customerRows.length === 0) {
    flush(deps, notices);
    return { memory: staffSpoke ? undefined : memory, sends: [], sweep: false };
  }
  const conversation = memory.conversation;

  const scope: TurnScope = {
    db: deps.db, orgId, contactId, conversationId: conversation.id, now, settings: snapshot.settings, org: snapshot.org,
    services: snapshot.services, pets: memory.pets, effects: { wrote: false },
  };
  // Voice notes transcribed, captions read, other media kept in history as what it was.
  const reading = await readInboundMedia(deps, orgId, conversation.id, customerRows, now);
  const storedRows = reading.rows.map((r) => ({ ...r.row, text: r.history }));
  const text = reading.rows.map((r) => r.said.trim()).filter((said) => said !== '').join('\n');
  const decision = await decide(deps, scope, memory, customerRows, text, reading.unreadable);
  await deps.beforeCommit?.();
  const fence = await deps.fence?.(orgId);

  const last = customerRows[customerRows.length - 1]!;
  const contact = memory.contact;
  const toPhone = contact.phone;
  if (toPhone === null) throw new Error(`contact ${contactId} is anonymised and has no turns`);
  const toJid = last.remoteJid.endsWith('@lid') ? phoneToJid(toPhone) : last.remoteJid;
  const replyKey = `reply:${customerRows[0]!.id}`;
  // The common path: an answer (maybe a hand-over) that changed nothing but the conversation itself.
  const simple = decision.kind === 'silent' || (!decision.commit && !decision.reminder && decision.optOut === undefined && !decision.released && !scope.effects.wrote);

  if (simple) {
    const agent = decision.kind === 'reply' ? decision.agent : undefined;
    const escalation = decision.kind === 'reply' ? (decision.escalate ?? agent?.escalate?.reason) : undefined;
    const call = agent && (agent.usage || agent.error) ? { figures: modelCallFigures(agent.usage), agent } : undefined;
    const entry: TurnJournalEntry = {
      orgId, contactId, conversationId: conversation.id, now, inboxIds: customerRows.map((r) => r.id), outcome: decision.outcome,
      inbound: storedRows.map((r) => ({ instanceId: r.instanceId, remoteJid: r.remoteJid, waMessageId: r.waMessageId, text: r.text, receivedAt: r.receivedAt })),
      agentState: agent?.agentState,
      escalation,
      teamNotified: decision.kind === 'reply' && decision.teamNotified === true,
      reply: decision.kind === 'reply' ? { instanceId: last.instanceId, toPhone, toJid, text: decision.text, idempotencyKey: replyKey, waMessageId: deps.newMessageId() } : undefined,
      modelCall: call && { ...call.figures, toolCalls: call.agent.toolCalls, error: call.agent.error ?? null },
      fence,
    };
    const written = deps.journal ? await deps.journal.write(entry) : await writeTurn(deps.db, entry);
    if (written.leaseLost && fence) throw new LeaseLostError(orgId, fence.holder, fence.token);
    if (!written.applied) return { memory: undefined, sends: [], sweep: false }; // another turn answered these rows: stay silent
    for (const m of written.inbound) notices.push(messageNotice(orgId, conversation.id, m));
    if (call) notices.push(modelCallNotice(orgId, 'customer', call.figures, !!call.agent.error));
    if (written.reply) notices.push(messageNotice(orgId, conversation.id, written.reply.message));
    if (escalation) notices.push({ kind: 'escalated', orgId, conversationId: conversation.id, reason: escalation });
    flush(deps, notices);
    if (staffSpoke) return { memory: undefined, sends: written.reply ? [written.reply.outbound] : [], sweep: false };
    const said = written.reply ? [...written.inbound, written.reply.message] : written.inbound;
    const at = now.toISOString();
    return {
      memory: {
        ...memory,
        contact: { ...contact, lastInteractionAt: at },
        conversation: {
          ...conversation, lastMessageAt: at,
          ...(escalation && { mode: 'human' as const, escalatedAt: at, escalationReason: escalation }),
          ...(decision.kind === 'reply' && decision.teamNotified && { humanAckAt: at }),
        },
        agentState: agent?.agentState ?? memory.agentState,
        lastHumanAt: escalation ? now : memory.lastHumanAt,
        window: appendToWindow(memory.window, said, deps.windowSize),
      },
      sends: written.reply ? [written.reply.outbound] : [],
      sweep: false,
    };
  }

  try {
    await deps.db.transaction().execute(async (trx) => {
      if (fence) await assertFenced(trx, orgId, fence.holder, fence.token, now);
      const t = repositories(trx);
      for (const row of customerRows) {
        if (!(await t.inbox.markProcessed(row.id, decision.outcome, now))) throw new AlreadyProcessed();
      }
      for (const row of storedRows) {
        const stored = await t.messages.insertOnce({
          orgId, conversationId: conversation.id, instanceId: row.instanceId, remoteJid: row.remoteJid, waMessageId: row.waMessageId,
          fromMe: false, direction: 'in', author: 'customer', text: row.text, createdAt: row.receivedAt,
        });
        if (stored) notices.push(messageNotice(orgId, conversation.id, stored));
      }
      await t.contacts.touchInteraction(orgId, contactId, now);
      await t.conversations.touch(orgId, conversation.id, now);
      let reply = decision.text;
      if (decision.commit) {
        const pending = new PendingActionsRepository(trx);
        if (decision.commit.yes) {
          const outcome = await commitPendingAction(trx, { ...scope, db: trx }, decision.commit.action);
          const next = outcome.status === 'confirmed' && !outcome.erase ? (decision.commit.followUp ?? outcome.nextQuestion) : undefined;
          reply = next ? `${outcome.text} ${next}` : outcome.text;
          if (outcome.createdBooking) reply = await withConsentQuestion(trx, contact, scope.org.name, reply, now);
          erased = outcome.erase === true;
          await pending.resolve(decision.commit.action.id, outcome.status, customerRows[0]!.id, reply, now);
          if (outcome.createdBooking && outcome.booking) notices.push({ kind: 'booking', orgId, bookingId: outcome.booking.id });
        } else {
          await pending.resolve(decision.commit.action.id, 'rejected', customerRows[0]!.id, reply, now);
        }
      }
      if (decision.reminder) {
        const { booking, event } = decision.reminder;
        const alreadyThere = event === 'confirm' && booking.status === 'confirmed';
        if (!alreadyThere) await new BookingsRepository(trx).applyEvent(orgId, booking.id, event, now, 'resposta ao lembrete', customerActorLabel(contactId));
        if (event === 'cancel') reply = 'Cancelado. Obrigado por avisar! Quando quiser remarcar, é só chamar. 🐾';
      }
      if (decision.optOut !== undefined) {
        const answer = { orgId, contactId, source: 'whatsapp' as const, evidence: `inbox:${customerRows[0]!.id}`, now };
        await new ConsentRepository(trx).record({ ...answer, decision: decision.optOut ? 'revoked' : 'granted' });
      }
      if (decision.agent) {
        await t.conversations.saveAgentState(orgId, conversation.id, decision.agent.agentState);
        if (decision.agent.usage || decision.agent.error) {
          const { usage, toolCalls, error } = decision.agent;
          notices.push(await recordModelCall(trx, { orgId, conversationId: conversation.id, agent: 'customer', usage, toolCalls, error, at: now }));
        }
      }
      const message = await queueOutbound(trx, {
        orgId, conversationId: conversation.id, instanceId: last.instanceId, toPhone, toJid,
        text: reply, kind: 'reply', author: 'bot', idempotencyKey: replyKey, waMessageId: deps.newMessageId(), now, fencingToken: fence?.token,
      });
      if (message) notices.push(messageNotice(orgId, conversation.id, message));
      const escalation = decision.escalate ?? decision.agent?.escalate?.reason;
      if (escalation) {
        await t.conversations.escalate(orgId, conversation.id, escalation, now);
        notices.push({ kind: 'escalated', orgId, conversationId: conversation.id, reason: escalation });
      }
      // Last, once the confirmation is queued: only its outbox row keeps the address, until it is sent.
      if (erased) await eraseOnCustomerRequest(trx, { orgId, contactId, now, deliverFirst: replyKey });
      sweep = true;
    });
  } catch (error) {
    if (error instanceof AlreadyProcessed) return { memory: undefined, sends: [], sweep: false }; // another turn answered these rows: stay silent
    throw error;
  }
  flush(deps, notices);
  return { memory: undefined, sends: [], sweep, ...(erased ? { erased } : {}) };
}

function flush(deps: CustomerTurnDeps, notices: ConversationNotice[]): void {
  for (const notice of notices) deps.notify(notice);
}

async function decide(deps: CustomerTurnDeps, scope: TurnScope, memory: ConversationMemory, rows: StoredInbound[], text: string, unreadable?: InboundMediaKind): Promise<Decision> {
  if (isOptOut(text)) return { kind: 'reply', outcome: 'opt_out', text: OPT_OUT_REPLY, optOut: true };
  if (isOptIn(text) && memory.contact.marketingOptOut) return { kind: 'reply', outcome: 'opt_in', text: OPT_IN_REPLY, optOut: false };
  if (isOptIn(text) && !memory.contact.marketingConsentAt) return { kind: 'reply', outcome: 'opt_in', text: CONSENT_GRANTED_REPLY, optOut: false };

  let released = false;
  if (memory.conversation.mode === 'human') {
    const lastHuman = memory.lastHumanAt;
    if (lastHuman && scope.now.getTime() - lastHuman.getTime() < quietMsOf(scope.org.settings, deps.humanQuietMs)) {
      if (!owesTeamNotifiedReply(memory.conversation)) return { kind: 'silent', outcome: 'human_mode' };
      return { kind: 'reply', outcome: 'human_ack', text: teamNotifiedReply(scope.settings, scope.now.getTime()), teamNotified: true };
    }
    await repositories(deps.db).conversations.release(scope.orgId, scope.conversationId, scope.now);
    released = true;
  }

  // Only media nobody can read (a sticker, a photo without caption, a voice note with no transcriber): ask for text.
  if (unreadable) return { kind: 'reply', outcome: 'media_unreadable', text: mediaNeedsTextReply(unreadable), released };

  // A replay of a turn whose confirmation already committed: say the same thing again, do nothing twice.
  if (memory.pending) {
    const resolved = await new PendingActionsRepository(deps.db).findResolvedBy(scope.orgId, rows[0]!.id);
    if (resolved?.resultText) return { kind: 'reply', outcome: 'pending_resolved', text: resolved.resultText, released };
  }

  const pending = memory.pending && memory.pending.expiresAt > scope.now ? memory.pending : undefined;
  if (pending) {
    const answer = parseYesNo(text);
    if (answer === 'yes') {
      const agent = await deps.agentFor(scope.orgId);
      const followUp = agent.followUpAfterConfirmation?.(pending.kind, memory.agentState);
      return { kind: 'reply', outcome: 'confirmed', text: '', commit: { action: pending, yes: true, followUp }, released };
    }
    if (answer === 'no') return { kind: 'reply', outcome: 'rejected', text: 'Tudo bem, não fiz nada. Posso ajudar em algo mais?', commit: { action: pending, yes: false }, released };
  }

  if (isDataDeletionRequest(text)) return { kind: 'reply', outcome: 'erase_asked', text: await proposeDeletion(scope), released };

  const reminderAnswer = parseReminderReply(text);
  if (reminderAnswer && !pending) {
    const booking = remindedBooking(memory, scope.now);
    if (booking) {
      if (reminderAnswer === 'confirm') {
        return { kind: 'reply', outcome: 'reminder_confirmed', text: `Confirmado! ✅ Esperamos vocês em ${formatDateTimePtBr(booking.startsAt, scope.settings.timezone)}.`, reminder: { booking, event: 'confirm' }, released };
      }
      if (canCustomerChange(booking, scope.now, scope.settings.customerChangeLimitMin).allowed) {
        return { kind: 'reply', outcome: 'reminder_cancelled', text: '', reminder: { booking, event: 'cancel' }, released };
      }
    }
  }

  const agent = await deps.agentFor(scope.orgId);
  const result = await agent.respond({
    text,
    window: toWindow(memory.window.slice(-deps.windowSize)),
    context: customerContext(memory, scope, pending),
    tools: createCustomerToolbox(scope),
    agentState: memory.agentState,
  });
  return { kind: 'reply', outcome: result.error ? 'agent_error' : 'agent', text: result.reply, agent: result, released };
}

/** A shop may set its own quiet period (`settings.humanQuietMinutes`); otherwise the deployment's. */
function quietMsOf(settings: Record<string, unknown>, fallbackMs: number): number {
  const minutes = readOrgSettings(settings).settings.humanQuietMinutes;
  return minutes != null ? minutes * 60_000 : fallbackMs;
}

/** The customer's booking a reminder was sent for recently, still open and ahead. */
function remindedBooking(memory: ConversationMemory, now: Date): Booking | undefined {
  return memory.bookings.find(
    (b) =>
      (b.status === 'scheduled' || b.status === 'confirmed') &&
      b.reminderSentAt !== null &&
      now.getTime() - new Date(b.reminderSentAt).getTime() < REMINDER_ANSWER_WINDOW_MS &&
      new Date(b.startsAt) > now,
  );
}
