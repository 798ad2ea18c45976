import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { ApiDeps } from './api-deps.js';
import { ApiRouter, type OpenApiRegistry } from './api-router.js';
import { bearerToken, identifyToken } from './auth.js';
import { HttpError } from './errors.js';
import { organizationSchema, publicOrg } from './organization-view.js';

/**
 * "Who am I?" for a token: the dashboard signs in with a shop's token alone,
 * without asking for its id, and an admin token is recognised as such.
 */
export function sessionRoutes(deps: ApiDeps, registry: OpenApiRegistry): ApiRouter {
  const identify: RequestHandler = async (req, res, next) => {
    try {
      const identity = await identifyToken(bearerToken(req.header('authorization')), { adminToken: deps.adminToken, organizations: deps.repos.organizations });
      if (identity?.role === 'admin') {
        res.locals.session = { role: 'admin' };
        return next();
      }
      const org = identity ? await deps.repos.organizations.findById(identity.orgId) : undefined;
      if (!org) throw new HttpError(401, 'UNAUTHORIZED', 'Missing or invalid token');
      res.locals.session = { role: 'org', org: publicOrg(org) };
      next();
    } catch (error) {
      next(error);
    }
  };
  const api = new ApiRouter(registry, '/api/session', 'org', [identify]);
  api.route(
    {
      method: 'get', path: '/', tag: 'auth', summary: 'What the bearer token is: the admin token, or one shop\'s token (with its organization)',
      response: z.union([z.object({ role: z.literal('admin') }), z.object({ role: z.literal('org'), org: organizationSchema })]),
    },
    async ({ res }) => res.locals.session,
  );
  return api;
}
