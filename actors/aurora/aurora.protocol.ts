/** Messages the AuroraActor (one per org: the owner's co-pilot) understands. */
export type AuroraMsg =
  /** The owner wrote from an authorized number; the row is durable in the inbox. */
  { type: 'aurora.inbound'; inboxId: number };
