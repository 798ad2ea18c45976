import type { Request } from 'express';
import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from '../storage/passwords.js';
import type { StaffUser } from '../storage/users.repository.js';
import { hashToken } from '../storage/api-tokens.js';
import type { ApiDeps } from './api-deps.js';
import { ApiRouter, type OpenApiRegistry } from './api-router.js';
import { currentActor, currentOrg, currentUser } from './auth.js';
import { HttpError, notFound } from './errors.js';
import { organizationSchema, publicOrg } from './organization-view.js';
import { assertSameOrigin, clearSessionCookie, readSessionCookie, setSessionCookie } from './session-cookie.js';
import { idParams, orgParams, text } from './schema-primitives.js';
import type { StaffAccounts } from './staff-accounts.js';

export const staffUserSchema = z.object({
  id: z.string(), email: z.string(), name: z.string(), role: z.enum(['owner', 'staff']),
  active: z.boolean().describe('False until the invite is accepted'), createdAt: z.string(), disabledAt: z.string().nullable(),
});

export const publicUser = (u: StaffUser): z.infer<typeof staffUserSchema> => ({
  id: u.id, email: u.email, name: u.name, role: u.role, active: u.active, createdAt: u.createdAt, disabledAt: u.disabledAt,
});

export const email = z.string().trim().toLowerCase().max(254).pipe(z.email());
const password = z.string().min(1).max(PASSWORD_MAX_LENGTH);

/** Where the dashboard takes an invite or reset link (it asks for the new password there). */
export const linkUrl = (req: Request, token: string) => `${req.protocol}://${req.get('host')}/?link=${encodeURIComponent(token)}`;

/**
 * Dashboard sign-in for owners and staff (`/api/auth`): e-mail and password make a session held in
 * an httpOnly, SameSite=Strict cookie; sign-out ends it, sign-out everywhere ends them all; an
 * invite or reset link sets the password once.
 */
export function authRoutes(deps: ApiDeps, accounts: StaffAccounts, registry: OpenApiRegistry): ApiRouter {
  const api = new ApiRouter(registry, '/api/auth', 'none');
  const signedIn = z.object({ role: z.literal('staff'), user: staffUserSchema, org: organizationSchema });

  api.route(
    {
      method: 'post', path: '/sign-in', tag: 'auth', summary: 'Sign in with e-mail and password: sets the session cookie (14 days)',
      body: z.strictObject({ email, password }), response: signedIn, errors: ['INVALID_CREDENTIALS'],
    },
    async ({ req, res, body }) => {
      const { token, user, expiresAt } = await accounts.signIn(body.email, body.password);
      const org = await deps.repos.organizations.findById(user.orgId);
      if (!org) throw new HttpError(401, 'INVALID_CREDENTIALS', 'E-mail or password is wrong');
      setSessionCookie(req, res, token, expiresAt.getTime() - deps.clock.now());
      return { role: 'staff' as const, user: publicUser(user), org: publicOrg(org) };
    },
  );

  api.route(
    { method: 'post', path: '/sign-out', tag: 'auth', summary: 'End this session (clears the cookie)', body: z.strictObject({}), status: 204 },
    async ({ req, res }) => {
      const session = readSessionCookie(req);
      const user = session ? await accounts.whoIs(session) : undefined;
      if (session) await accounts.signOut(session);
      if (user && session) deps.tokenRevocations?.sessionsEnded({ orgId: user.orgId, userId: user.id, sessionHash: hashToken(session) });
      clearSessionCookie(req, res);
    },
  );

  api.route(
    { method: 'post', path: '/sign-out-everywhere', tag: 'auth', summary: 'End every session of the signed-in account, on every device', body: z.strictObject({}), status: 204, errors: ['UNAUTHORIZED'] },
    async ({ req, res }) => {
      const session = readSessionCookie(req);
      const user = session ? await accounts.whoIs(session) : undefined;
      if (!user) throw new HttpError(401, 'UNAUTHORIZED', 'Not signed in');
      await accounts.signOutEverywhere(user);
      deps.tokenRevocations?.sessionsEnded({ orgId: user.orgId, userId: user.id });
      clearSessionCookie(req, res);
    },
  );

  api.route(
    {
      method: 'post', path: '/change-password', tag: 'auth', summary: 'The signed-in person chooses a new password (the current one is asked); their other sessions end, this one stays',
      body: z.strictObject({ currentPassword: password, newPassword: password }), status: 204, errors: ['UNAUTHORIZED', 'INVALID_CREDENTIALS'],
    },
    async ({ req, body }) => {
      const session = readSessionCookie(req);
      if (!session) throw new HttpError(401, 'UNAUTHORIZED', 'Not signed in');
      assertSameOrigin(req);
      const user = await accounts.changePassword(session, body.currentPassword, body.newPassword);
      await deps.repos.auditLog.record({ at: new Date(deps.clock.now()), orgId: user.orgId, actor: { kind: 'staff', id: user.id }, action: 'user.password_changed', entity: 'user', entityId: user.id });
      // Sockets of the other sessions go; this browser's stays (its session is kept).
      deps.tokenRevocations?.sessionsEnded({ orgId: user.orgId, userId: user.id, exceptSessionHash: hashToken(session) });
    },
  );

  api.route(
    {
      method: 'post', path: '/password', tag: 'auth', summary: 'Set the password through an invite or reset link (once); the account\'s other sessions end',
      body: z.strictObject({ token: z.string().min(1).max(200), password }), status: 204, errors: ['LINK_EXPIRED'],
    },
    async ({ body }) => {
      const user = await accounts.useLink(body.token, body.password);
      deps.tokenRevocations?.sessionsEnded({ orgId: user.orgId, userId: user.id });
    },
  );
  return api;
}

/** The shop's people: owners invite staff or other owners, hand out reset links and disable accounts. */
export function peopleRoutes(api: ApiRouter, deps: ApiDeps, accounts: StaffAccounts): void {
  api.route(
    { method: 'get', path: '/users', tag: 'people', summary: 'The shop\'s owners and staff', params: orgParams, ownerOnly: true, response: z.object({ items: z.array(staffUserSchema), nextCursor: z.null() }) },
    async ({ res }) => ({ items: (await deps.repos.users.listByOrg(currentOrg(res).id)).map(publicUser), nextCursor: null }),
  );

  api.route(
    {
      method: 'post', path: '/users', tag: 'people', summary: 'Invite an owner or a staff member: answers the account and a one-time link (7 days) to set the password',
      params: orgParams, ownerOnly: true, status: 201, errors: ['EMAIL_TAKEN'],
      body: z.strictObject({ email, name: text(120), role: z.enum(['owner', 'staff']) }),
      response: z.object({ user: staffUserSchema, inviteUrl: z.string(), expiresAt: z.string() }),
    },
    async ({ req, res, body }) => {
      const org = currentOrg(res);
      const { user, token, expiresAt } = await accounts.invite(org.id, body, currentActor(res));
      await deps.repos.auditLog.record({ at: new Date(deps.clock.now()), orgId: org.id, actor: currentActor(res), action: 'user.invited', entity: 'user', entityId: user.id, details: { role: user.role } });
      return { user: publicUser(user), inviteUrl: linkUrl(req, token), expiresAt: expiresAt.toISOString() };
    },
  );

  api.route(
    {
      method: 'post', path: '/users/:id/reset-link', tag: 'people', summary: 'A one-time link (24 h) for the person to choose a new password; the old one works until then',
      params: idParams, ownerOnly: true, body: z.strictObject({}), status: 201, response: z.object({ resetUrl: z.string(), expiresAt: z.string() }),
    },
    async ({ req, res, params }) => {
      const org = currentOrg(res);
      const user = await deps.repos.users.findById(org.id, params.id);
      if (!user || user.disabledAt) throw notFound('User');
      const { token, expiresAt } = await accounts.resetLink(user, currentActor(res));
      await deps.repos.auditLog.record({ at: new Date(deps.clock.now()), orgId: org.id, actor: currentActor(res), action: 'user.reset_link', entity: 'user', entityId: user.id });
      return { resetUrl: linkUrl(req, token), expiresAt: expiresAt.toISOString() };
    },
  );

  api.route(
    { method: 'delete', path: '/users/:id', tag: 'people', summary: 'Disable an account (its sessions end at once)', params: idParams, ownerOnly: true, status: 204 },
    async ({ res, params }) => {
      const org = currentOrg(res);
      const user = await deps.repos.users.findById(org.id, params.id);
      if (!user) throw notFound('User');
      if (currentUser(res)?.id === user.id) throw new HttpError(409, 'CONFLICT', 'You cannot disable your own account');
      await deps.repos.users.disable(org.id, user.id, new Date(deps.clock.now()));
      deps.tokenRevocations?.sessionsEnded({ orgId: org.id, userId: user.id });
      await deps.repos.auditLog.record({ at: new Date(deps.clock.now()), orgId: org.id, actor: currentActor(res), action: 'user.disabled', entity: 'user', entityId: user.id });
    },
  );
}
