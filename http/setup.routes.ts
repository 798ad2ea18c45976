import { z } from 'zod';
import { setupChecklist } from '../domain/setup-checklist.js';
import type { ApiDeps } from './api-deps.js';
import type { ApiRouter } from './api-router.js';
import { currentOrg } from './auth.js';
import { orgParams } from './schema-primitives.js';

const stepSchema = z.object({ key: z.enum(['services', 'hours', 'owner-numbers', 'linked-number', 'owner-account']), done: z.boolean() });

/** The setup checklist a new shop sees until every step is done. Read-only: each step is done on its own screen. */
export function setupRoutes(api: ApiRouter, deps: ApiDeps): void {
  api.route(
    {
      method: 'get', path: '/setup', tag: 'organization', summary: 'First steps of a new shop: services by size, hours, owner numbers, a linked number, an owner account',
      params: orgParams, response: z.object({ steps: z.array(stepSchema), done: z.boolean() }),
    },
    async ({ res }) => {
      const org = currentOrg(res);
      const [services, hours, instances, users] = await Promise.all([
        deps.repos.services.list(org.id, { activeOnly: true }),
        deps.repos.businessHours.get(org.id),
        deps.repos.instances.listByOrg(org.id),
        deps.repos.users.listByOrg(org.id),
      ]);
      return setupChecklist({
        pricedServices: services.filter((s) => Object.keys(s.bySize).length > 0).length,
        openingIntervals: hours.weekly.length,
        ownerNumbers: org.ownerNumbers.length,
        openNumbers: instances.filter((i) => i.status === 'open').length,
        activeOwners: users.filter((u) => u.role === 'owner' && u.active && !u.disabledAt).length,
      });
    },
  );
}
