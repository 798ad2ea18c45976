import { z } from 'zod';

/**
 * What one node may ask another. Checked on arrival like any input: a node answers only
 * these, with data, never with anything it was sent to run.
 */
export const nodeRequestSchema = z.discriminatedUnion('type', [
  /** Its supervision tree (the API's ActorNode). */
  z.strictObject({ type: z.literal('supervision.tree') }),
  /** Restart one of its actors by address; answers `{ address, state }` or NOT_FOUND. */
  z.strictObject({ type: z.literal('actors.restart'), address: z.string().min(1).max(300) }),
]);

export type NodeRequest = z.infer<typeof nodeRequestSchema>;
