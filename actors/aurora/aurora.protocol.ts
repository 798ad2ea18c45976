/** Messages the AuroraActor (one per org: the owner's co-pilot) understands. */
export type AuroraMsg =
  /** The owner wrote from an authorized number; the row is durable in the inbox. */
  | { type: 'aurora.inbound'; inboxId: number }
  /** A WhatsApp number of the org keeps failing to connect. */
  | { type: 'aurora.number-failing'; instanceId: string; consecutiveFailures: number }
  /** Tell the owner once today (e.g. the daily token budget ran out). */
  | { type: 'aurora.alert'; kind: string; subject: string; message: string }
  /** @internal Scheduled work (reminders, daily summary, alerts, campaign reports). */
  | { type: '$aurora.tick' };
