import { base64Bytes, INBOUND_MEDIA_KINDS, MAX_AUDIO_BYTES, type InboundMedia } from '../domain/inbound-media.js';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ApiDeps } from './api-deps.js';
import type { ApiRouter } from './api-router.js';
import { currentActor, currentOrg } from './auth.js';
import { HttpError, notFound } from './errors.js';
import { publicInstance } from './instances.routes.js';
import { cursorQuery, idParams, isoDateTime, pageOf, phoneInput } from './schema-primitives.js';

/** WhatsApp messages are capped at 4096 characters; more is refused rather than cut. */
export const MAX_TEXT_LENGTH = 4096;
/** How long a simulator inbound waits for the number to store the message before answering 503. */
export const INBOUND_STORE_WAIT_MS = 5_000;
const INBOUND_RETRY_AFTER_S = 2;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * A simulated customer message: text (the default kind), or a voice note (its bytes base64,
 * `audioBase64`), a photo or video (with an optional caption in `text`), a sticker, a
 * document or a location — what a real number's messages carry, so the flow is testable.
 */
const simulatedInboundBody = z
  .strictObject({
    from: phoneInput,
    kind: z.enum(['text', ...INBOUND_MEDIA_KINDS]).optional().describe('Default "text"; a caption goes in `text`'),
    text: z.string().trim().max(MAX_TEXT_LENGTH).optional(),
    id: z.string().trim().min(1).max(128).optional(),
    pushName: z.string().trim().max(100).optional(),
    audioBase64: z.string().regex(BASE64, 'base64').optional().describe(`kind "audio": the voice note, at most ${MAX_AUDIO_BYTES} bytes decoded`),
    mimetype: z.string().trim().min(1).max(100).optional(),
    seconds: z.number().int().min(0).max(3600).optional(),
    fileName: z.string().trim().min(1).max(200).optional(),
    latitude: z.number().min(-90).max(90).optional(),
    longitude: z.number().min(-180).max(180).optional(),
  })
  .superRefine((b, ctx) => {
    const kind = b.kind ?? 'text';
    if (kind === 'text' && !b.text) ctx.addIssue({ code: 'custom', path: ['text'], message: 'A text message needs text' });
    if (kind === 'location' && (b.latitude === undefined || b.longitude === undefined)) ctx.addIssue({ code: 'custom', path: ['latitude'], message: 'A location needs latitude and longitude' });
    if (b.audioBase64 !== undefined && kind !== 'audio') ctx.addIssue({ code: 'custom', path: ['audioBase64'], message: 'Only a voice note carries audio' });
  });

function simulatedMedia(body: z.infer<typeof simulatedInboundBody>): InboundMedia | undefined {
  if (!body.kind || body.kind === 'text') return undefined;
  return {
    kind: body.kind,
    ...(body.mimetype !== undefined ? { mimetype: body.mimetype } : body.kind === 'audio' ? { mimetype: 'audio/ogg; codecs=opus' } : {}),
    ...(body.seconds !== undefined && { seconds: body.seconds }),
    ...(body.fileName !== undefined && { fileName: body.fileName }),
    ...(body.latitude !== undefined && { latitude: body.latitude, longitude: body.longitude }),
    ...(body.audioBase64 !== undefined && { dataBase64: body.audioBase64 }),
  };
}

/** Connecting, pairing and logging out a number, and driving the simulator. */
export function whatsappRoutes(api: ApiRouter, deps: ApiDeps): void {
  const actors = () => {
    if (!deps.actors) throw new HttpError(503, 'NOT_READY', 'The actor system is not running');
    return deps.actors;
  };
  const instanceOf = async (orgId: string, id: string) => {
    const instance = await deps.repos.instances.findById(orgId, id);
    if (!instance) throw notFound('Instance');
    return instance;
  };

  api.route(
    { method: 'post', path: '/instances/:id/connect', tag: 'whatsapp', ownerOnly: true, summary: 'Open (or reopen) the number\'s WhatsApp connection', params: idParams, status: 202, body: z.strictObject({}).optional() },
    async ({ res, params }) => {
      const org = currentOrg(res);
      const instance = await instanceOf(org.id, params.id);
      actors().session(org.id, instance.id).tell({ type: 'session.connect' });
      await deps.repos.auditLog.record({ at: new Date(deps.clock.now()), orgId: org.id, actor: currentActor(res), action: 'instance.connect', entity: 'instance', entityId: instance.id });
      return { ...publicInstance(instance), status: 'connecting' };
    },
  );

  api.route(
    {
      method: 'post', path: '/instances/:id/pairing-code', tag: 'whatsapp', ownerOnly: true, summary: 'Ask WhatsApp for an 8-character pairing code for this phone',
      params: idParams, body: z.strictObject({ phone: phoneInput }), response: z.object({ code: z.string() }), errors: ['WRONG_TRANSPORT', 'NOT_READY'],
    },
    async ({ res, params, body }) => {
      const org = currentOrg(res);
      const instance = await instanceOf(org.id, params.id);
      if (instance.transport === 'simulator') throw new HttpError(422, 'WRONG_TRANSPORT', 'A simulated number needs no pairing');
      const code = await actors().requestPairingCode(org.id, instance.id, body.phone);
      await deps.repos.auditLog.record({ at: new Date(deps.clock.now()), orgId: org.id, actor: currentActor(res), action: 'instance.pairing_code', entity: 'instance', entityId: instance.id });
      return { code };
    },
  );

  api.route(
    { method: 'post', path: '/instances/:id/logout', tag: 'whatsapp', ownerOnly: true, summary: 'Unlink the number and delete its credentials', params: idParams, status: 202, body: z.strictObject({}).optional() },
    async ({ res, params }) => {
      const org = currentOrg(res);
      const instance = await instanceOf(org.id, params.id);
      actors().session(org.id, instance.id).tell({ type: 'session.logout' });
      await deps.repos.auditLog.record({ at: new Date(deps.clock.now()), orgId: org.id, actor: currentActor(res), action: 'instance.logout', entity: 'instance', entityId: instance.id });
      return { ...publicInstance(instance), status: 'logged_out' };
    },
  );

  api.route(
    {
      method: 'post', path: '/instances/:id/simulator/inbound', tag: 'simulator', status: 202, params: idParams,
      summary: 'A customer message to a simulator number (the same id twice is processed once)',
      body: simulatedInboundBody,
      response: z.object({ id: z.string() }), errors: ['WRONG_TRANSPORT', 'NOT_READY', 'NUMBER_BUSY', 'MEDIA_TOO_LARGE'],
    },
    async ({ res, params, body }) => {
      const org = currentOrg(res);
      const instance = await instanceOf(org.id, params.id);
      if (instance.transport !== 'simulator') throw new HttpError(422, 'WRONG_TRANSPORT', 'This number is a real WhatsApp number, not a simulator');
      if (body.audioBase64 && base64Bytes(body.audioBase64) > MAX_AUDIO_BYTES) {
        throw new HttpError(413, 'MEDIA_TOO_LARGE', `The voice note is over ${MAX_AUDIO_BYTES} bytes once decoded`, { maxBytes: MAX_AUDIO_BYTES });
      }
      const id = body.id ?? `SIM-${randomUUID()}`;
      const media = simulatedMedia(body);
      try {
        // 202 means the inbox row is committed: a crash after this answer cannot lose the message.
        await actors().deliverSimulated(org.id, instance.id, { from: body.from, text: body.text ?? '', id, pushName: body.pushName ?? null, ...(media && { media }) }, INBOUND_STORE_WAIT_MS);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === 'NOT_CONNECTED') {
          // Many customers writing during a reconnect must not each restart it: connect only if it is down.
          actors().session(org.id, instance.id).tell({ type: 'session.connect', ifDown: true });
          throw new HttpError(503, 'NOT_READY', 'The simulated number is connecting; try again in a moment', { id }, 1);
        }
        if (code === 'ORG_MOVING' || code === 'NODE_UNREACHABLE') {
          throw new HttpError(503, 'NOT_READY', 'The shop is moving to another server; send it again with the same id in a moment', { id }, INBOUND_RETRY_AFTER_S);
        }
        if (code === 'NUMBER_BUSY' || code === 'MAILBOX_FULL' || code === 'ACTOR_PROCESS_EXITED') {
          throw new HttpError(503, 'NUMBER_BUSY', 'The number did not store the message in time; send it again with the same id', { id }, INBOUND_RETRY_AFTER_S);
        }
        throw error;
      }
      return { id };
    },
  );

  api.route(
    {
      method: 'get', path: '/instances/:id/simulator/outbound', tag: 'simulator', params: idParams,
      summary: 'What a simulator number sent, oldest first',
      query: z.object({ to: phoneInput.optional(), after: isoDateTime.optional(), ...cursorQuery }),
      response: pageOf(z.object({ id: z.string(), to: z.string(), text: z.string(), createdAt: z.string() })),
      errors: ['INVALID_CURSOR'],
    },
    async ({ res, params, query }) => {
      const org = currentOrg(res);
      const instance = await instanceOf(org.id, params.id);
      const page = await deps.repos.outbox.listSent(instance.id, { toPhone: query.to, after: query.after ? new Date(query.after) : undefined, cursor: query.cursor, limit: query.limit });
      return { items: page.items.map((m) => ({ id: m.waMessageId, to: m.toPhone, text: m.text, createdAt: (m.sentAt ?? m.createdAt).toISOString() })), nextCursor: page.nextCursor };
    },
  );
}
