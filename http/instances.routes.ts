import { z } from 'zod';
import { localDateOf, startOfLocalDay } from '../domain/zoned-time.js';
import { ConnectionEventsRepository } from '../storage/connection-events.repository.js';
import type { Instance } from '../storage/instances.repository.js';
import { findNumberFigures } from '../storage/number-figures.repository.js';
import type { ApiDeps } from './api-deps.js';
import type { ApiRouter } from './api-router.js';
import { currentActor, currentOrg } from './auth.js';
import { notFound } from './errors.js';
import { idParams, orgParams, phoneInput, text } from './schema-primitives.js';

export const instanceSchema = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  transport: z.enum(['simulator', 'baileys']),
  status: z.string(),
  authMethod: z.string().nullable(),
  lastConnectedAt: z.string().nullable(),
  consecutiveFailures: z.number(),
});

/** How many of a number's latest connection events Conexão shows. */
const HISTORY_SHOWN = 20;
const DAY_MS = 86_400_000;

export const instanceStatsSchema = z.object({
  inboundToday: z.number(),
  outboundToday: z.number(),
  queued: z.number().describe('Messages waiting to be sent'),
  lastInboundAt: z.string().nullable(),
  lastOutboundAt: z.string().nullable(),
  reconnects24h: z.number(),
  history: z.array(z.object({ at: z.string(), status: z.string(), code: z.number().nullable(), reason: z.string().nullable() })),
});

export function publicInstance(i: Instance): z.infer<typeof instanceSchema> {
  return {
    id: i.id, name: i.name, phone: i.phone, transport: i.transport, status: i.status,
    authMethod: i.authMethod, lastConnectedAt: i.lastConnectedAt, consecutiveFailures: i.consecutiveFailures,
  };
}

/** The shop's WhatsApp numbers (connect, pairing and logout join once sessions run). */
export function instancesRoutes(api: ApiRouter, deps: ApiDeps): void {
  api.route(
    {
      method: 'post', path: '/instances', tag: 'whatsapp', ownerOnly: true, summary: 'Add a WhatsApp number', params: orgParams, status: 201, response: instanceSchema,
      body: z.strictObject({ name: text(100), phone: phoneInput.optional(), transport: z.enum(['simulator', 'baileys']).optional() }),
    },
    async ({ res, body }) => {
      const org = currentOrg(res);
      const instance = await deps.repos.instances.create({ orgId: org.id, name: body.name, phone: body.phone ?? null, transport: body.transport ?? deps.defaultTransport, createdAt: new Date(deps.clock.now()) });
      await deps.repos.auditLog.record({ at: new Date(deps.clock.now()), orgId: org.id, actor: currentActor(res), action: 'instance.created', entity: 'instance', entityId: instance.id });
      // A simulator number is usable at once; a real one waits for connect/pairing.
      if (instance.transport === 'simulator') deps.actors?.session(org.id, instance.id).tell({ type: 'session.connect' });
      return publicInstance(instance);
    },
  );

  api.route(
    { method: 'get', path: '/instances', tag: 'whatsapp', summary: 'List WhatsApp numbers', params: orgParams, response: z.object({ items: z.array(instanceSchema), nextCursor: z.null() }) },
    async ({ res }) => ({ items: (await deps.repos.instances.listByOrg(currentOrg(res).id)).map(publicInstance), nextCursor: null }),
  );

  api.route(
    { method: 'get', path: '/instances/:id', tag: 'whatsapp', summary: 'One WhatsApp number and its status', params: idParams, response: instanceSchema },
    async ({ res, params }) => {
      const instance = await deps.repos.instances.findById(currentOrg(res).id, params.id);
      if (!instance) throw notFound('Instance');
      return publicInstance(instance);
    },
  );

  api.route(
    {
      method: 'get', path: '/instances/:id/stats', tag: 'whatsapp',
      summary: "A number's figures: messages received and sent today (the shop's day), messages waiting to be sent, its last messages, reconnects in the last 24 h and its recent connection history (newest first)",
      params: idParams, response: instanceStatsSchema,
    },
    async ({ res, params }) => {
      const org = currentOrg(res);
      const instance = await deps.repos.instances.findById(org.id, params.id);
      if (!instance) throw notFound('Instance');
      const now = deps.clock.now();
      const dayStart = new Date(startOfLocalDay(localDateOf(now, org.timezone), org.timezone));
      const history = new ConnectionEventsRepository(deps.db);
      const [figures, reconnects24h, events] = await Promise.all([
        findNumberFigures(deps.db, org.id, instance.id, dayStart),
        history.reconnectsSince(org.id, instance.id, new Date(now - DAY_MS)),
        history.latest(org.id, instance.id, HISTORY_SHOWN),
      ]);
      return { ...figures, reconnects24h, history: events };
    },
  );
}
