import { readOrgSettings } from '../../domain/org-settings.js';
import type { Kysely } from 'kysely';
import type { AgentTurnResult, CustomerAgent } from '../../agents/customer-agent.js';
import { parseYesNo } from '../../domain/intents/index.js';
import { parseReminderReply } from '../../domain/reminders.js';
import { formatDateTimePtBr } from '../../domain/pt-br-calendar.js';
import { phoneToJid } from '../../domain/phone.js';
import { canCustomerChange } from '../../domain/customer-change-policy.js';
import type { Database } from '../../storage/database.js';
import { BookingsRepository, type Booking } from '../../storage/bookings.repository.js';
import type { Contact } from '../../storage/contacts.repository.js';
import type { StoredInbound } from '../../storage/inbox.repository.js';
import { PendingActionsRepository, type PendingAction } from '../../storage/pending-actions.repository.js';
import { repositories } from '../../storage/repositories.js';
import { SchedulingRepository } from '../../storage/scheduling.repository.js';
import { messageNotice, queueOutbound, recordModelCall } from '../outbound-message.js';
import type { ConversationNotice } from './conversation.protocol.js';
import { customerContext, toWindow } from './customer-context.js';
import { createCustomerToolbox } from './customer-toolbox.js';
import { isOptIn, isOptOut, OPT_IN_REPLY, OPT_OUT_REPLY } from './opt-out.js';
import { commitPendingAction } from './pending-action-committer.js';
import type { TurnScope } from './turn-scope.js';

export interface CustomerTurnDeps {
  db: Kysely<Database>;
  agentFor(orgId: string): CustomerAgent | Promise<CustomerAgent>;
  notify(notice: ConversationNotice): void;
  /** A fresh WhatsApp message id for a reply (chosen once, reused on every send retry). */
  newMessageId(): string;
  windowSize: number;
  /** Human mode ends by itself after this long without staff activity. */
  humanQuietMs: number;
  /** Called after the reply is decided, before the transaction: a test crashes the turn here. */
  beforeCommit?: () => void | Promise<void>;
}

export const DEFAULT_WINDOW_SIZE = 10;
export const DEFAULT_HUMAN_QUIET_MS = 4 * 60 * 60_000;
const REMINDER_ANSWER_WINDOW_MS = 36 * 60 * 60_000;

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
    };

/**
 * One turn of a customer conversation: everything that arrived for this
 * customer (a burst is one turn) gets at most one reply. The reply, the outbox
 * row, the "processed" marks and any confirmed write commit in one
 * transaction; a replay after a crash produces the same single reply.
 */
export async function runCustomerTurn(deps: CustomerTurnDeps, orgId: string, contactId: string, inboxIds: readonly number[], now: Date): Promise<void> {
  const repos = repositories(deps.db);
  const rows = await repos.inbox.listUnprocessedByIds(inboxIds);
  if (rows.length === 0) return;
  const org = await repos.organizations.findById(orgId);
  const contact = await repos.contacts.findById(orgId, contactId);
  if (!org || !contact) throw new Error(`conversation ${orgId}/${contactId} has no org or contact`);
  const last = rows[rows.length - 1]!;
  const conversation = await repos.conversations.findOrCreate(orgId, contactId, last.instanceId, now);
  const notices: ConversationNotice[] = [];

  // The shop answered from its own phone: store it as staff and step aside. Our own replies echo
  // back as fromMe too — those are already stored, so insertOnce tells them apart.
  const customerRows: StoredInbound[] = [];
  for (const row of rows) {
    if (!row.fromMe) {
      customerRows.push(row);
      continue;
    }
    await deps.db.transaction().execute(async (trx) => {
      const t = repositories(trx);
      if (!(await t.inbox.markProcessed(row.id, 'from_me', now))) return;
      const stored = await t.messages.insertOnce({
        orgId, conversationId: conversation.id, instanceId: row.instanceId, remoteJid: row.remoteJid, waMessageId: row.waMessageId,
        fromMe: true, direction: 'out', author: 'staff', text: row.text, createdAt: row.receivedAt,
      });
      if (!stored) return; // our own reply's echo
      await t.conversations.touch(orgId, conversation.id, now, { staff: true });
      if (conversation.mode !== 'human') await t.conversations.escalate(orgId, conversation.id, 'equipe respondeu pelo celular', now);
      notices.push({ kind: 'message', orgId, conversationId: conversation.id, message: { id: stored.id, direction: 'out', author: 'staff', text: stored.text, createdAt: stored.createdAt } });
      if (conversation.mode !== 'human') notices.push({ kind: 'escalated', orgId, conversationId: conversation.id, reason: 'equipe respondeu pelo celular' });
    });
  }
  if (customerRows.length === 0) return flush(deps, notices);

  for (const row of customerRows) {
    const stored = await repos.messages.insertOnce({
      orgId, conversationId: conversation.id, instanceId: row.instanceId, remoteJid: row.remoteJid, waMessageId: row.waMessageId,
      fromMe: false, direction: 'in', author: 'customer', text: row.text, createdAt: row.receivedAt,
    });
    if (stored) notices.push({ kind: 'message', orgId, conversationId: conversation.id, message: { id: stored.id, direction: 'in', author: 'customer', text: stored.text, createdAt: stored.createdAt } });
  }
  await repos.contacts.touchInteraction(orgId, contactId, now);

  const settings = await new SchedulingRepository(deps.db).load(orgId);
  if (!settings) throw new Error(`org ${orgId} has no scheduling settings`);
  const scope: TurnScope = {
    db: deps.db, orgId, contactId, conversationId: conversation.id, now, settings, org,
    services: await repos.services.list(orgId), pets: await repos.pets.listByContact(orgId, contactId),
  };
  const text = customerRows.map((r) => r.text.trim()).join('\n');
  const decision = await decide(deps, scope, contact, conversation.mode, customerRows, text);
  await deps.beforeCommit?.();

  try {
    await deps.db.transaction().execute(async (trx) => {
      const t = repositories(trx);
      for (const row of customerRows) {
        if (!(await t.inbox.markProcessed(row.id, decision.outcome, now))) throw new AlreadyProcessed();
      }
      await t.conversations.touch(orgId, conversation.id, now);
      if (decision.kind === 'silent') return;
      let reply = decision.text;
      if (decision.commit) {
        const pending = new PendingActionsRepository(trx);
        if (decision.commit.yes) {
          const outcome = await commitPendingAction(trx, { ...scope, db: trx }, decision.commit.action);
          const next = outcome.status === 'confirmed' ? (decision.commit.followUp ?? outcome.nextQuestion) : undefined;
          reply = next ? `${outcome.text} ${next}` : outcome.text;
          await pending.resolve(decision.commit.action.id, outcome.status, customerRows[0]!.id, reply, now);
          if (outcome.createdBooking && outcome.booking) notices.push({ kind: 'booking', orgId, bookingId: outcome.booking.id });
        } else {
          await pending.resolve(decision.commit.action.id, 'rejected', customerRows[0]!.id, reply, now);
        }
      }
      if (decision.reminder) {
        const { booking, event } = decision.reminder;
        const alreadyThere = event === 'confirm' && booking.status === 'confirmed';
        if (!alreadyThere) await new BookingsRepository(trx).applyEvent(orgId, booking.id, event, now, 'resposta ao lembrete');
        if (event === 'cancel') reply = 'Cancelado. Obrigado por avisar! Quando quiser remarcar, é só chamar. 🐾';
      }
      if (decision.optOut !== undefined) await t.contacts.setMarketingOptOut(orgId, contactId, decision.optOut, now);
      if (decision.agent) {
        await t.conversations.saveAgentState(orgId, conversation.id, decision.agent.agentState);
        if (decision.agent.usage || decision.agent.error) {
          const { usage, toolCalls, error } = decision.agent;
          notices.push(await recordModelCall(trx, { orgId, conversationId: conversation.id, agent: 'customer', usage, toolCalls, error, at: now }));
        }
      }
      const message = await queueOutbound(trx, {
        orgId, conversationId: conversation.id, instanceId: last.instanceId, toPhone: contact.phone,
        toJid: last.remoteJid.endsWith('@lid') ? phoneToJid(contact.phone) : last.remoteJid,
        text: reply, kind: 'reply', author: 'bot', idempotencyKey: `reply:${customerRows[0]!.id}`, waMessageId: deps.newMessageId(), now,
      });
      if (message) notices.push(messageNotice(orgId, conversation.id, message));
      const escalation = decision.escalate ?? decision.agent?.escalate?.reason;
      if (escalation) {
        await t.conversations.escalate(orgId, conversation.id, escalation, now);
        notices.push({ kind: 'escalated', orgId, conversationId: conversation.id, reason: escalation });
      }
      notices.push({ kind: 'outbox', orgId, instanceId: last.instanceId });
    });
  } catch (error) {
    if (error instanceof AlreadyProcessed) return; // another turn answered these rows: stay silent
    throw error;
  }
  flush(deps, notices);
}

function flush(deps: CustomerTurnDeps, notices: ConversationNotice[]): void {
  for (const notice of notices) deps.notify(notice);
}

async function decide(
  deps: CustomerTurnDeps,
  scope: TurnScope,
  contact: Contact,
  mode: 'bot' | 'human',
  rows: StoredInbound[],
  text: string,
): Promise<Decision> {
  const repos = repositories(deps.db);
  if (isOptOut(text)) return { kind: 'reply', outcome: 'opt_out', text: OPT_OUT_REPLY, optOut: true };
  if (isOptIn(text) && contact.marketingOptOut) return { kind: 'reply', outcome: 'opt_in', text: OPT_IN_REPLY, optOut: false };

  if (mode === 'human') {
    const lastHuman = await repos.conversations.lastHumanActivity(scope.orgId, scope.conversationId);
    if (lastHuman && scope.now.getTime() - lastHuman.getTime() < quietMsOf(scope.org.settings, deps.humanQuietMs)) return { kind: 'silent', outcome: 'human_mode' };
    await repos.conversations.release(scope.orgId, scope.conversationId, scope.now);
  }

  const pendingRepo = new PendingActionsRepository(deps.db);
  // A replay of a turn whose confirmation already committed: say the same thing again, do nothing twice.
  const resolved = await pendingRepo.findResolvedBy(scope.orgId, rows[0]!.id);
  if (resolved?.resultText) return { kind: 'reply', outcome: 'pending_resolved', text: resolved.resultText };

  const pending = await pendingRepo.findOpen(scope.orgId, scope.conversationId, scope.now);
  if (pending) {
    const answer = parseYesNo(text);
    if (answer === 'yes') {
      const agent = await deps.agentFor(scope.orgId);
      const followUp = agent.followUpAfterConfirmation?.(pending.kind, await repos.conversations.agentState(scope.orgId, scope.conversationId));
      return { kind: 'reply', outcome: 'confirmed', text: '', commit: { action: pending, yes: true, followUp } };
    }
    if (answer === 'no') return { kind: 'reply', outcome: 'rejected', text: 'Tudo bem, não fiz nada. Posso ajudar em algo mais?', commit: { action: pending, yes: false } };
  }

  const reminderAnswer = parseReminderReply(text);
  if (reminderAnswer && !pending) {
    const booking = await remindedBooking(deps, scope);
    if (booking) {
      if (reminderAnswer === 'confirm') {
        return { kind: 'reply', outcome: 'reminder_confirmed', text: `Confirmado! ✅ Esperamos vocês em ${formatDateTimePtBr(booking.startsAt, scope.settings.timezone)}.`, reminder: { booking, event: 'confirm' } };
      }
      if (canCustomerChange(booking, scope.now, scope.settings.customerChangeLimitMin).allowed) {
        return { kind: 'reply', outcome: 'reminder_cancelled', text: '', reminder: { booking, event: 'cancel' } };
      }
    }
  }

  const agent = await deps.agentFor(scope.orgId);
  const window = await repos.messages.window(scope.orgId, scope.conversationId, deps.windowSize + rows.length);
  const history = window.filter((m) => !rows.some((r) => r.waMessageId === m.waMessageId && m.author === 'customer')).slice(-deps.windowSize);
  const result = await agent.respond({
    text,
    window: toWindow(history),
    context: await customerContext(deps.db, contact, scope, pending),
    tools: createCustomerToolbox(scope),
    agentState: await repos.conversations.agentState(scope.orgId, scope.conversationId),
  });
  return { kind: 'reply', outcome: result.error ? 'agent_error' : 'agent', text: result.reply, agent: result };
}

/** A shop may set its own quiet period (`settings.humanQuietMinutes`); otherwise the deployment's. */
function quietMsOf(settings: Record<string, unknown>, fallbackMs: number): number {
  const minutes = readOrgSettings(settings).settings.humanQuietMinutes;
  return minutes != null ? minutes * 60_000 : fallbackMs;
}

/** The customer's booking a reminder was sent for recently, still open and ahead. */
async function remindedBooking(deps: CustomerTurnDeps, scope: TurnScope): Promise<Booking | undefined> {
  const bookings = await new BookingsRepository(deps.db).listForContact(scope.orgId, scope.contactId, scope.now, 0);
  return bookings.find(
    (b) =>
      (b.status === 'scheduled' || b.status === 'confirmed') &&
      b.reminderSentAt !== null &&
      scope.now.getTime() - new Date(b.reminderSentAt).getTime() < REMINDER_ANSWER_WINDOW_MS &&
      new Date(b.startsAt) > scope.now,
  );
}
