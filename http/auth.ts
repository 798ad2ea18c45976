import type { RequestHandler } from 'express';
import { hashToken, secretsEqual } from '../storage/api-tokens.js';
import type { Organization, OrganizationsRepository } from '../storage/organizations.repository.js';
import { HttpError } from './errors.js';

/**
 * Bearer-token auth. Admin routes take ADMIN_TOKEN; org routes take that
 * org's token or the admin token. A valid token for another org answers 404,
 * exactly like an id that does not exist, so existence never leaks.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function bearerToken(header: string | undefined): string | undefined {
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

const unauthorized = () => new HttpError(401, 'UNAUTHORIZED', 'Missing or invalid token');
const orgNotFound = () => new HttpError(404, 'NOT_FOUND', 'Organization not found');

export function requireAdmin(adminToken: string): RequestHandler {
  return (req, _res, next) => {
    const token = bearerToken(req.header('authorization'));
    if (!token || !secretsEqual(token, adminToken)) return next(unauthorized());
    next();
  };
}

export interface OrgAuthDeps {
  adminToken: string;
  organizations: OrganizationsRepository;
}

/** The org a request is scoped to, loaded by `requireOrg`. */
export function currentOrg(res: { locals: Record<string, unknown> }): Organization {
  const org = res.locals.org as Organization | undefined;
  if (!org) throw new Error('requireOrg did not run');
  return org;
}

/** What the request authenticated as, for the audit log. */
export function currentActor(res: { locals: Record<string, unknown> }): string {
  return (res.locals.actor as string | undefined) ?? 'anonymous';
}

export function requireOrg(deps: OrgAuthDeps): RequestHandler {
  return async (req, res, next) => {
    try {
      const token = bearerToken(req.header('authorization'));
      if (!token) throw unauthorized();
      const orgId = String(req.params.orgId ?? '');
      let actor: string;
      if (secretsEqual(token, deps.adminToken)) {
        actor = 'admin';
      } else {
        const tokenOrg = await deps.organizations.findIdByTokenHash(hashToken(token));
        if (!tokenOrg) throw unauthorized();
        if (tokenOrg !== orgId) throw orgNotFound();
        actor = 'org-token';
      }
      if (!UUID.test(orgId)) throw orgNotFound();
      const org = await deps.organizations.findById(orgId);
      if (!org) throw orgNotFound();
      res.locals.org = org;
      res.locals.actor = actor;
      next();
    } catch (error) {
      next(error);
    }
  };
}
