import { z } from 'zod';

/**
 * What travels between nodes: JSON only, read with `JSON.parse` and checked against this
 * schema — never code, never anything evaluated. Every message names its sender.
 */
export const WIRE_VERSION = 1;
/** Above this a message is refused before it is sent (and ignored when received). */
export const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;

const nodeId = z.string().min(1).max(200);
const correlationId = z.string().min(1).max(100);

export const wireMessageSchema = z.discriminatedUnion('kind', [
  z.object({ v: z.literal(WIRE_VERSION), kind: z.literal('tell'), from: nodeId, payload: z.unknown().optional() }),
  z.object({ v: z.literal(WIRE_VERSION), kind: z.literal('ask'), from: nodeId, id: correlationId, payload: z.unknown().optional() }),
  z.object({
    v: z.literal(WIRE_VERSION),
    kind: z.literal('reply'),
    from: nodeId,
    id: correlationId,
    payload: z.unknown().optional(),
    error: z.object({ code: z.string().min(1).max(60), message: z.string().max(2000), details: z.unknown().optional() }).optional(),
  }),
]);

export type WireMessage = z.infer<typeof wireMessageSchema>;

/** The JSON text of a message, or undefined when it is over `maxBytes`. */
export function encode(message: WireMessage, maxBytes: number): string | undefined {
  const text = JSON.stringify(message);
  return Buffer.byteLength(text) > maxBytes ? undefined : text;
}

/** A message from the wire, or why it was dropped (too big, not JSON, not a message). */
export function decode(raw: string, maxBytes: number): { message: WireMessage } | { dropped: string } {
  if (Buffer.byteLength(raw) > maxBytes) return { dropped: 'over the size limit' };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { dropped: 'not JSON' };
  }
  const parsed = wireMessageSchema.safeParse(json);
  return parsed.success ? { message: parsed.data } : { dropped: 'not a node message' };
}
