import type { ConversationNotice } from '../conversation/conversation.protocol.js';

/** Messages the AuroraActor (one per org: the owner's co-pilot) understands. */
export type AuroraMsg =
  /** The owner wrote from an authorized number; the row is durable in the inbox. */
  | { type: 'aurora.inbound'; inboxId: number }
  /** A WhatsApp number of the org keeps failing to connect. */
  | { type: 'aurora.number-failing'; instanceId: string; consecutiveFailures: number }
  /** Tell the owner once today (e.g. the daily token budget ran out). */
  | { type: 'aurora.alert'; kind: string; subject: string; message: string }
  /**
   * Send a drafted campaign (the dashboard's button; the owner's "sim" takes the same path). `actor`
   * is who did it, for the audit log. Replies the updated campaign; refuses with a ValidationError
   * coded NOT_FOUND (no such campaign in this org) or INVALID_TRANSITION (it is not a draft).
   */
  | { type: 'aurora.confirm-campaign'; campaignId: string; actor: string }
  /**
   * Cancel a draft, or stop a campaign that is sending (its messages still in the outbox are
   * cancelled). Replies the updated campaign; refuses like `aurora.confirm-campaign`.
   */
  | { type: 'aurora.cancel-campaign'; campaignId: string; actor: string }
  /** @internal Scheduled work (reminders, daily summary, alerts, campaign reports). */
  | { type: '$aurora.tick' };

/** What Aurora's jobs and turns produce: dashboard notices, plus nudges for other actors. */
export type AuroraEffect =
  | ConversationNotice
  /** A customer's booking or history changed (a reminder went out): their actor reloads. */
  | { kind: 'customer-changed'; orgId: string; contactId: string }
  /** A customer was anonymised (retention): their actor and the shop's directory forget them. */
  | { kind: 'customer-erased'; orgId: string; contactId: string };
