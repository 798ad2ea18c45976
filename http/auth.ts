import type { Request, RequestHandler } from 'express';
import { hashToken, secretsEqual } from '../storage/api-tokens.js';
import type { Organization, OrganizationsRepository } from '../storage/organizations.repository.js';
import { HttpError } from './errors.js';
import { assertSameOrigin, readSessionCookie } from './session-cookie.js';
import type { StaffAccounts } from './staff-accounts.js';
import type { StaffUser } from '../storage/users.repository.js';
import { auditActorLabel, type AuditActor } from '../storage/audit-log.repository.js';

/**
 * Admin routes take ADMIN_TOKEN; org routes take that org's token, the admin token, or the
 * session cookie of one of the org's owners or staff. A valid credential for another org
 * answers 404, exactly like an id that does not exist, so existence never leaks.
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
  /** Owners' and staff's dashboard sessions (cookie); without it only tokens authenticate. */
  accounts?: StaffAccounts;
}

export type TokenIdentity = { role: 'admin' } | { role: 'org'; orgId: string };

/** Who a request is: a token (admin or one shop's, for integrations), or a signed-in owner or staff member. */
export type RequestIdentity = TokenIdentity | { role: 'staff'; orgId: string; user: StaffUser };

/**
 * A bearer token wins (integrations and the token sign-in); otherwise the session cookie. A
 * request with a cookie that changes something must come from the dashboard's own origin.
 */
export async function identifyRequest(req: Request, deps: OrgAuthDeps): Promise<RequestIdentity | undefined> {
  const token = bearerToken(req.header('authorization'));
  if (token) return identifyToken(token, deps);
  const session = readSessionCookie(req);
  if (!session || !deps.accounts) return undefined;
  const user = await deps.accounts.whoIs(session);
  if (!user) return undefined;
  assertSameOrigin(req);
  return { role: 'staff', orgId: user.orgId, user };
}

/** The signed-in owner or staff member (undefined for a token). */
export function currentUser(res: { locals: Record<string, unknown> }): StaffUser | undefined {
  return res.locals.user as StaffUser | undefined;
}

/** Owners change the shop (services, hours, settings, numbers, people); staff may not. Tokens may. */
export function assertOwnerOrToken(res: { locals: Record<string, unknown> }): void {
  if (currentUser(res)?.role === 'staff') throw new HttpError(403, 'OWNER_ONLY', 'Only the shop\'s owner can change this');
}

/** What a bearer token is: the admin token, one org's token, or nothing (undefined). */
export async function identifyToken(token: string | undefined, deps: OrgAuthDeps): Promise<TokenIdentity | undefined> {
  if (!token) return undefined;
  if (secretsEqual(token, deps.adminToken)) return { role: 'admin' };
  const orgId = await deps.organizations.findIdByTokenHash(hashToken(token));
  return orgId ? { role: 'org', orgId } : undefined;
}

/** The org a request is scoped to, loaded by `requireOrg`. */
export function currentOrg(res: { locals: Record<string, unknown> }): Organization {
  const org = res.locals.org as Organization | undefined;
  if (!org) throw new Error('requireOrg did not run');
  return org;
}

/** What the request authenticated as, for the audit log: the credential's kind and fingerprint, never the token. */
export function currentActor(res: { locals: Record<string, unknown> }): string {
  return auditActorLabel((res.locals.actor as AuditActor | undefined) ?? 'anonymous');
}

/** A short fingerprint of a token (the start of its SHA-256): tells two tokens apart in the audit log, reveals nothing. */
export function tokenFingerprint(token: string): string {
  return hashToken(token).slice(0, 12);
}

export function requireOrg(deps: OrgAuthDeps): RequestHandler {
  return async (req, res, next) => {
    try {
      const identity = await identifyRequest(req, deps);
      if (!identity) throw unauthorized();
      const orgId = String(req.params.orgId ?? '');
      if (identity.role !== 'admin' && identity.orgId !== orgId) throw orgNotFound();
      const actor: AuditActor = identity.role === 'staff'
        ? { kind: 'staff', id: identity.user.id }
        : { kind: identity.role === 'admin' ? 'admin-token' : 'org-token', id: tokenFingerprint(bearerToken(req.header('authorization'))!) };
      if (!UUID.test(orgId)) throw orgNotFound();
      const org = await deps.organizations.findById(orgId);
      if (!org) throw orgNotFound();
      res.locals.org = org;
      res.locals.actor = actor;
      if (identity.role === 'staff') res.locals.user = identity.user;
      next();
    } catch (error) {
      next(error);
    }
  };
}
