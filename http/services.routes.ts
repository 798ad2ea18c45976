import { z } from 'zod';
import { changeShop } from './actors-port.js';
import type { ApiDeps } from './api-deps.js';
import type { ApiRouter } from './api-router.js';
import { currentOrg } from './auth.js';
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

/** The catalog: what the shop sells, with duration and price per pet size. */
export function servicesRoutes(api: ApiRouter, deps: ApiDeps): void {
  api.route(
    { method: 'get', path: '/services', tag: 'catalog', summary: 'List services', params: orgParams, response: z.object({ items: z.array(serviceSchema), nextCursor: z.null() }) },
    async ({ res }) => ({ items: await deps.repos.services.list(currentOrg(res).id), nextCursor: null }),
  );

  api.route(
    { method: 'post', path: '/services', tag: 'catalog', ownerOnly: true, summary: 'Create a service', params: orgParams, body: createBody, status: 201, response: serviceSchema, errors: ['ALREADY_EXISTS'] },
    async ({ res, body }) => {
      return changeShop(deps, currentOrg(res), { type: 'shop.create-service', service: body });
    },
  );

  api.route(
    { method: 'patch', path: '/services/:id', tag: 'catalog', ownerOnly: true, summary: 'Change a service', params: idParams, body: patchBody, response: serviceSchema, errors: ['ALREADY_EXISTS'] },
    async ({ res, params, body }) => {
      return changeShop(deps, currentOrg(res), { type: 'shop.update-service', serviceId: params.id, patch: body });
    },
  );

  api.route(
    {
      method: 'delete', path: '/services/:id', tag: 'catalog', ownerOnly: true, params: idParams,
      summary: 'Delete a service; one with bookings is deactivated instead so its history keeps its prices',
      response: z.object({ id: z.string(), result: z.enum(['deleted', 'deactivated']) }),
    },
    async ({ res, params }) => {
      const result = await changeShop(deps, currentOrg(res), { type: 'shop.remove-service', serviceId: params.id });
      return { id: params.id, result };
    },
  );
}
