import { z } from 'zod';
import { refreshShop } from './actors-port.js';
import type { ApiDeps } from './api-deps.js';
import type { ApiRouter } from './api-router.js';
import { currentOrg } from './auth.js';
import { isUniqueViolation } from '../storage/storage-errors.js';
import { HttpError, notFound } from './errors.js';
import { idParams, orgParams, text } from './schema-primitives.js';

const priceForSize = z.strictObject({
  durationMin: z.number().int().min(5).max(24 * 60),
  priceCents: z.number().int().min(0).max(10_000_000),
});

const bySize = z
  .strictObject({ P: priceForSize.optional(), M: priceForSize.optional(), G: priceForSize.optional(), GG: priceForSize.optional() })
  .refine((prices) => Object.values(prices).some(Boolean), 'price at least one size (P, M, G or GG)');

const serviceFields = {
  name: text(120),
  category: text(60).transform((c) => c.toLowerCase()),
  species: z.array(text(40)).max(20),
  active: z.boolean(),
  bySize,
};

export const serviceSchema = z.object({
  id: z.string(),
  name: z.string(),
  category: z.string(),
  species: z.array(z.string()),
  active: z.boolean(),
  bySize: z.record(z.string(), z.object({ durationMin: z.number(), priceCents: z.number() })),
});

const createBody = z.strictObject({ ...serviceFields, species: serviceFields.species.default([]), active: serviceFields.active.default(true) });
const patchBody = z.strictObject(serviceFields).partial();

/** A service name is unique per org: creating or renaming onto a taken one is 409, not a 500 from the constraint. */
async function sameNameConflict<T>(name: string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw new HttpError(409, 'ALREADY_EXISTS', `A service named "${name ?? ''}" already exists`);
    throw error;
  }
}

/** The catalog: what the shop sells, with duration and price per pet size. */
export function servicesRoutes(api: ApiRouter, deps: ApiDeps): void {
  api.route(
    { method: 'get', path: '/services', tag: 'catalog', summary: 'List services', params: orgParams, response: z.object({ items: z.array(serviceSchema), nextCursor: z.null() }) },
    async ({ res }) => ({ items: await deps.repos.services.list(currentOrg(res).id), nextCursor: null }),
  );

  api.route(
    { method: 'post', path: '/services', tag: 'catalog', summary: 'Create a service', params: orgParams, body: createBody, status: 201, response: serviceSchema, errors: ['ALREADY_EXISTS'] },
    async ({ res, body }) => {
      const created = await sameNameConflict(body.name, () => deps.repos.services.create(currentOrg(res).id, body, new Date(deps.clock.now())));
      await refreshShop(deps.actors, currentOrg(res).id);
      return created;
    },
  );

  api.route(
    { method: 'patch', path: '/services/:id', tag: 'catalog', summary: 'Change a service', params: idParams, body: patchBody, response: serviceSchema, errors: ['ALREADY_EXISTS'] },
    async ({ res, params, body }) => {
      const updated = await sameNameConflict(body.name, () => deps.repos.services.update(currentOrg(res).id, params.id, body, new Date(deps.clock.now())));
      if (!updated) throw notFound('Service');
      await refreshShop(deps.actors, currentOrg(res).id);
      return updated;
    },
  );

  api.route(
    {
      method: 'delete', path: '/services/:id', tag: 'catalog', params: idParams,
      summary: 'Delete a service; one with bookings is deactivated instead so its history keeps its prices',
      response: z.object({ id: z.string(), result: z.enum(['deleted', 'deactivated']) }),
    },
    async ({ res, params }) => {
      const result = await deps.repos.services.remove(currentOrg(res).id, params.id, new Date(deps.clock.now()));
      if (result === 'not_found') throw notFound('Service');
      await refreshShop(deps.actors, currentOrg(res).id);
      return { id: params.id, result };
    },
  );
}
