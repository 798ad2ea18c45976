import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { ApiDeps } from './api-deps.js';
import { ApiRouter, type OpenApiRegistry } from './api-router.js';
import { identifyRequest } from './auth.js';
import type { StaffAccounts } from './staff-accounts.js';
import { HttpError } from './errors.js';
import { organizationSchema, publicOrg } from './organization-view.js';

/**
 * "Who am I?": the dashboard signs in with a shop's token alone (without its id), with the admin
 * token, or with a session cookie from e-mail and password sign-in (an owner or staff member).
 */
export function sessionRoutes(deps: ApiDeps, registry: OpenApiRegistry, accounts?: StaffAccounts): ApiRouter {
  const identify: RequestHandler = async (req, res, next) => {
    try {
      const identity = await identifyRequest(req, { adminToken: deps.adminToken, organizations: deps.repos.organizations, accounts });
      if (identity?.role === 'admin') {
        res.locals.session = { role: 'admin' };
        return next();
      }
      const org = identity ? await deps.repos.organizations.findById(identity.orgId) : undefined;
      if (!org) throw new HttpError(401, 'UNAUTHORIZED', 'Missing or invalid token');
      res.locals.session = identity?.role === 'staff'
        ? { role: 'staff', org: publicOrg(org), user: { id: identity.user.id, name: identity.user.name, email: identity.user.email, role: identity.user.role } }
        : { role: 'org', org: publicOrg(org) };
      next();
    } catch (error) {
      next(error);
    }
  };
  const api = new ApiRouter(registry, '/api/session', 'org', [identify]);
  api.route(
    {
      method: 'get', path: '/', tag: 'auth', summary: 'Who the request is: the admin token, one shop\'s token (with its organization), or a signed-in owner or staff member (session cookie)',
      response: z.union([
        z.object({ role: z.literal('admin') }),
        z.object({ role: z.literal('org'), org: organizationSchema }),
        z.object({ role: z.literal('staff'), org: organizationSchema, user: z.object({ id: z.string(), name: z.string(), email: z.string(), role: z.enum(['owner', 'staff']) }) }),
      ]),
    },
    async ({ res }) => res.locals.session,
  );
  return api;
}
