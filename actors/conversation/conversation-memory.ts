import type { Kysely } from 'kysely';
import type { Database } from '../../storage/database.js';
import { BookingsRepository, type Booking } from '../../storage/bookings.repository.js';
import type { Contact } from '../../storage/contacts.repository.js';
import { conversationRowToConversation, lastHumanActivityOf, type Conversation } from '../../storage/conversations.repository.js';
import type { Message } from '../../storage/messages.repository.js';
import { PendingActionsRepository, type PendingAction } from '../../storage/pending-actions.repository.js';
import type { Pet } from '../../storage/pets.repository.js';
import { repositories } from '../../storage/repositories.js';

/**
 * What a ConversationActor knows about its customer between turns: loaded once on activation,
 * then kept current by its own turns (which write the database as their journal) and by
 * messages from whoever else changes this customer (staff, Aurora). A turn reads only this.
 */
export interface ConversationMemory {
  contact: Contact;
  /** The conversation on the WhatsApp number the customer last wrote to. */
  conversation: Conversation;
  agentState: Record<string, unknown>;
  /** When staff last spoke or took over (the human-mode quiet period counts from here). */
  lastHumanAt: Date | null;
  /** The last messages, oldest first (at most `windowSize` + a burst), kept to what a prompt reads. */
  window: RememberedMessage[];
  pets: Pet[];
  /** The customer's bookings from 30 days ago on, by start. */
  bookings: Booking[];
  /** The open "Confirma?" question, if any (its expiry is checked at use). */
  pending: PendingAction | undefined;
}

const BOOKING_PAST_DAYS = 30;

/** What a turn's prompt reads of a past message: ids and JIDs stay in the database (memory per actor is the budget). */
export type RememberedMessage = Pick<Message, 'author' | 'text' | 'createdAt'>;

const remember = (m: Message): RememberedMessage => ({ author: m.author, text: m.text, createdAt: m.createdAt });

/** A conversation that has nothing stored yet (just opened for a new contact). */
const freshMemory = (contact: Contact, conversation: Conversation): ConversationMemory => ({
  contact, conversation, agentState: {}, lastHumanAt: null, window: [], pets: [], bookings: [], pending: undefined,
});

/** The customer's bookings a turn reads: from 30 days ago on, by start. */
export const loadBookings = (db: Kysely<Database>, orgId: string, contactId: string, now: Date): Promise<Booking[]> =>
  new BookingsRepository(db).listForContact(orgId, contactId, now, BOOKING_PAST_DAYS);

/**
 * Loads a customer's conversation on `instanceId`. A contact the shop just created (`isNew`)
 * has nothing else stored: one statement creates its conversation and that is all.
 */
export async function loadConversation(
  db: Kysely<Database>,
  args: { orgId: string; contactId: string; instanceId: string; now: Date; windowSize: number; contact?: Contact; isNew?: boolean; conversation?: Conversation },
): Promise<ConversationMemory> {
  const { orgId, contactId, instanceId, now } = args;
  const repos = repositories(db);
  const contact = args.contact ?? (await repos.contacts.findById(orgId, contactId));
  if (!contact) throw new Error(`contact ${contactId} of org ${orgId} does not exist`);
  // Opened with the contact a moment ago by the shop: nothing else is stored yet.
  if (args.isNew && args.conversation) return freshMemory(contact, args.conversation);
  const { row, created } = await repos.conversations.findOrCreateRow(orgId, contactId, instanceId, now);
  const conversation = conversationRowToConversation(row);
  if (created && args.isNew) return freshMemory(contact, conversation);
  const [window, pets, bookings, pending] = await Promise.all([
    created ? Promise.resolve([]) : repos.messages.window(orgId, conversation.id, args.windowSize),
    repos.pets.listByContact(orgId, contactId),
    loadBookings(db, orgId, contactId, now),
    created ? Promise.resolve(undefined) : new PendingActionsRepository(db).findOpen(orgId, conversation.id, now),
  ]);
  return { contact, conversation, agentState: row.agent_state ?? {}, lastHumanAt: lastHumanActivityOf(row), window: window.map(remember), pets, bookings, pending };
}

/** Messages kept beyond the prompt's window, so a burst appended to it does not push out what the next prompt reads. */
const WINDOW_SLACK = 10;

/** The window after a turn: what was said appended, the oldest dropped beyond `windowSize` and some slack. */
export function appendToWindow(window: readonly RememberedMessage[], added: readonly Message[], windowSize: number): RememberedMessage[] {
  const keep = windowSize + WINDOW_SLACK;
  const next = [...window, ...added.map(remember)];
  return next.length > keep ? next.slice(next.length - keep) : next;
}

/** The pets after one was registered or updated (same id replaced in place, a new one appended). */
export function withPet(pets: readonly Pet[], pet: Pet): Pet[] {
  return pets.some((p) => p.id === pet.id) ? pets.map((p) => (p.id === pet.id ? pet : p)) : [...pets, pet];
}

/**
 * The memory after staff answered in its conversation: their message in the window, the
 * conversation with the team (as the reply route leaves it), the quiet period counted from now.
 */
export function afterStaffMessage(memory: ConversationMemory, before: Conversation, message: Message, now: Date, windowSize: number): ConversationMemory {
  const at = now.toISOString();
  const conversation: Conversation = before.mode === 'human'
    ? { ...before, lastMessageAt: at, lastStaffMessageAt: at }
    : { ...before, mode: 'human', escalatedAt: at, escalationReason: STAFF_TOOK_OVER, lastMessageAt: at, lastStaffMessageAt: at };
  return { ...memory, conversation, lastHumanAt: now, window: appendToWindow(memory.window, [message], windowSize) };
}

/** Why a conversation is with the team when staff simply answered in it. */
export const STAFF_TOOK_OVER = 'equipe assumiu a conversa';

/** Why a conversation is with the team when the shop answered from its own phone. */
export const STAFF_ANSWERED_ON_PHONE = 'equipe respondeu pelo celular';
