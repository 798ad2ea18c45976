import type { Contact } from '../../storage/contacts.repository.js';
import type { Conversation } from '../../storage/conversations.repository.js';
import type { StoredInbound } from '../../storage/inbox.repository.js';
import type { NewPet } from '../../storage/pets.repository.js';
import type { ShopSnapshot } from '../shop/shop-snapshot.js';

/** Messages a ConversationActor (one customer of one org) understands. */
export type ConversationMsg =
  /**
   * A durable inbox row for this customer (from the shop's routing), with the shop snapshot its
   * turn uses; `contact` when the shop just looked the contact up (`isNewContact` when it created it).
   */
  | { type: 'conversation.inbound'; row: StoredInbound; snapshot: ShopSnapshot; contact?: Contact; isNewContact?: boolean; conversation?: Conversation }
  /**
   * Staff answers from the dashboard/API; the conversation goes to human mode. `sentBy` is who
   * (an audit actor label such as `staff:<user id>`), kept on the message. Replies the stored message.
   */
  | { type: 'conversation.staff-reply'; conversationId: string; text: string; sentBy?: string }
  /**
   * Staff changes this customer's agenda (dashboard/API): the actor writes it, so its memory
   * and the customer's next turn see it. Replies the booking; a refusal (SLOT_TAKEN with the
   * next free slots, NOT_FOUND, INVALID_TRANSITION…) is a `ValidationError`, an answer, not a crash.
   * `actor` is who (`staff:<userId>`, `org-token:<fingerprint>`…), stored on the booking.
   */
  | { type: 'conversation.staff-booking'; change: StaffBookingChange; actor?: string }
  /** Staff registers a pet (same name updates it). Replies the stored pet. */
  | { type: 'conversation.register-pet'; pet: NewPet }
  /**
   * Anonymise this customer (LGPD deletion, from the dashboard/API): written in one transaction
   * with its audit entry, then the actor forgets them and stops. `actor` is who asked, for the
   * audit log. Replies `{ erased: true, counts }`, or `{ erased: false }` when they already were.
   */
  | { type: 'conversation.erase'; actor: string }
  /**
   * Staff records the customer's marketing answer (they said it at the counter, on the phone).
   * `actor` is who, for the evidence. Replies the contact; ANONYMIZED when there is nobody.
   */
  | { type: 'conversation.set-consent'; marketing: boolean; actor: string }
  /** This customer was anonymised elsewhere (the retention job): forget them and stop. */
  | { type: 'conversation.forget' }
  /** Hand the conversation back to the bot. */
  | { type: 'conversation.release'; conversationId: string }
  /**
   * Someone else wrote what this customer's turns read (Aurora sent a reminder or a campaign
   * message): load it again before the next turn.
   */
  | { type: 'conversation.refresh' }
  /** @internal Activation: answer what this customer sent while nobody was listening. */
  | { type: '$conversation.activate' }
  /** @internal The burst window closed: answer what arrived. */
  | { type: '$conversation.flush' };

/** `resourceId`: the professional or room staff chose; without it the first free one of the category. */
export type StaffBookingChange =
  | { kind: 'book'; petId: string; serviceId: string; startsAt: string; resourceId?: string }
  | { kind: 'event'; bookingId: string; event: 'confirm' | 'cancel' | 'complete' | 'no_show'; reason?: string }
  | { kind: 'reschedule'; bookingId: string; startsAt: string; resourceId?: string };


/** What a turn tells the outside world once its transaction committed (realtime events for the dashboard and metrics). */
export type ConversationNotice =
  /** `sentBy`: the audit actor label of the team member who wrote a staff reply (the gateway turns it into a name). */
  | { kind: 'message'; orgId: string; conversationId: string; message: { id: string; direction: 'in' | 'out'; author: string; text: string; createdAt: string; sentBy?: string } }
  | { kind: 'escalated'; orgId: string; conversationId: string; reason: string }
  | { kind: 'released'; orgId: string; conversationId: string }
  | { kind: 'booking'; orgId: string; bookingId: string }
  | { kind: 'outbox'; orgId: string; instanceId: string }
  /** A model call finished (or failed): what it cost. */
  | { kind: 'llm'; orgId: string; agent: 'customer' | 'aurora'; model: string; latencyMs: number; promptTokens: number; completionTokens: number; costUsd: number; error: boolean };
