import { z } from 'zod';

const address = z.string().min(1).max(300);
const id = z.string().min(1).max(100);
/** An actor message: an object with a `type`, whatever else it carries is the actor's to check. */
const actorMessage = z.object({ type: z.string().min(1).max(100) }).passthrough();
const timeoutMs = z.number().int().positive().max(300_000);

/**
 * What one node may ask another. Checked on arrival like any input: a node answers only
 * these, with data, never with anything it was sent to run. Actor messages go only to the
 * product's per-org actors (session, conversation, shop, aurora) of orgs the node holds.
 */
export const nodeRequestSchema = z.discriminatedUnion('type', [
  /** Its supervision tree (the API's ActorNode) and its restarts per minute over the last hour. */
  z.strictObject({ type: z.literal('supervision.tree') }),
  /** Restart one of its actors by address; answers `{ address, state }` or NOT_FOUND. */
  z.strictObject({ type: z.literal('actors.restart'), address }),
  /** A message for an actor of an org this node holds (ORG_MOVING when it does not). */
  z.strictObject({ type: z.literal('actor.tell'), address, message: actorMessage }),
  /** The same, answered with the actor's reply (or its refusal's code and details). */
  z.strictObject({ type: z.literal('actor.ask'), address, message: actorMessage, timeoutMs: timeoutMs.optional() }),
  /** A pairing code for a real number of an org this node holds. */
  z.strictObject({ type: z.literal('org.pairing-code'), orgId: id, instanceId: id, phone: z.string().min(8).max(20), timeoutMs }),
  /** A customer's message to a simulator number of an org this node holds; answers once it is stored. */
  z.strictObject({
    type: z.literal('simulator.deliver'), orgId: id, instanceId: id, waitMs: timeoutMs,
    message: z.strictObject({ from: z.string().min(8).max(20), text: z.string().min(1).max(4096), id: z.string().min(1).max(128), pushName: z.string().max(100).nullable() }),
  }),
  /** Run a placement round now (an org was created on another node). */
  z.strictObject({ type: z.literal('placement.rebalance') }),
]);

export type NodeRequest = z.infer<typeof nodeRequestSchema>;
