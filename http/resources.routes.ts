import { z } from 'zod';
import { ResourcesRepository } from '../storage/resources.repository.js';
import type { ApiDeps } from './api-deps.js';
import type { ApiRouter } from './api-router.js';
import { currentActor, currentOrg } from './auth.js';
import { notFound } from './errors.js';
import { idParams, orgParams, text } from './schema-primitives.js';

const resourceFields = {
  name: text(80),
  kind: z.enum(['professional', 'room']),
  capacity: z.number().int().min(1).max(100),
  /** Service categories it serves (as services name them); empty serves every category. */
  categories: z.array(text(60).transform((c) => c.toLowerCase())).max(30)
    .refine((list) => new Set(list).size === list.length, 'each category once'),
  active: z.boolean(),
};

export const resourceSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['professional', 'room']),
  capacity: z.number(),
  categories: z.array(z.string()),
  active: z.boolean(),
});

const createBody = z.strictObject({
  ...resourceFields,
  capacity: resourceFields.capacity.default(1),
  categories: resourceFields.categories.default([]),
  active: resourceFields.active.default(true),
});
const patchBody = z.strictObject(resourceFields).partial();

/**
 * Professionals and rooms ("profissionais e salas"): optional. When some serve a category, its
 * bookings are assigned one of them and its capacity is theirs; see domain/resources.ts.
 */
export function resourcesRoutes(api: ApiRouter, deps: ApiDeps): void {
  const now = () => new Date(deps.clock.now());
  const repo = () => new ResourcesRepository(deps.db);
  const audit = (res: Parameters<typeof currentOrg>[0], action: string, id: string, details?: Record<string, unknown>) =>
    deps.repos.auditLog.record({ at: now(), orgId: currentOrg(res).id, actor: currentActor(res), action, entity: 'resource', entityId: id, details });

  api.route(
    {
      method: 'get', path: '/resources', tag: 'agenda', summary: 'List the shop\'s professionals and rooms', params: orgParams,
      response: z.object({ items: z.array(resourceSchema), nextCursor: z.null() }),
    },
    async ({ res }) => ({ items: await repo().list(currentOrg(res).id), nextCursor: null }),
  );

  api.route(
    {
      method: 'post', path: '/resources', tag: 'agenda', ownerOnly: true, summary: 'Add a professional or room', params: orgParams,
      body: createBody, status: 201, response: resourceSchema, errors: ['ALREADY_EXISTS'],
    },
    async ({ res, body }) => {
      const resource = await repo().create(currentOrg(res).id, body, now());
      await audit(res, 'resource.created', resource.id);
      return resource;
    },
  );

  api.route(
    {
      method: 'patch', path: '/resources/:id', tag: 'agenda', ownerOnly: true, params: idParams, body: patchBody, response: resourceSchema,
      summary: 'Change a professional or room (one with bookings still to come cannot be switched off)', errors: ['ALREADY_EXISTS', 'RESOURCE_IN_USE'],
    },
    async ({ res, params, body }) => {
      const resource = await repo().update(currentOrg(res).id, params.id, body, now());
      if (!resource) throw notFound('Resource');
      await audit(res, 'resource.updated', resource.id, { fields: Object.keys(body) });
      return resource;
    },
  );

  api.route(
    {
      method: 'delete', path: '/resources/:id', tag: 'agenda', ownerOnly: true, params: idParams,
      summary: 'Remove a professional or room; one with past bookings is deactivated instead, one with bookings still to come is refused',
      response: z.object({ id: z.string(), result: z.enum(['deleted', 'deactivated']) }), errors: ['RESOURCE_IN_USE'],
    },
    async ({ res, params }) => {
      const result = await repo().remove(currentOrg(res).id, params.id, now());
      if (result === 'not_found') throw notFound('Resource');
      await audit(res, `resource.${result}`, params.id);
      return { id: params.id, result };
    },
  );
}
