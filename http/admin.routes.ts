import { z } from 'zod';
import { ORG_TOKEN_PREFIX, generateToken, hashToken, rotateOrgToken } from '../storage/api-tokens.js';
import { repositories } from '../storage/repositories.js';
import type { ApiDeps } from './api-deps.js';
import { ApiRouter, type OpenApiRegistry } from './api-router.js';
import { requireAdmin } from './auth.js';
import { notFound } from './errors.js';
import { organizationSchema, publicOrg } from './organization-view.js';
import { phoneInput, text, timezone } from './schema-primitives.js';
import { StaffAccounts } from './staff-accounts.js';
import { email, linkUrl, publicUser, staffUserSchema } from './staff.routes.js';

const createOrgBody = z.strictObject({
  name: text(200),
  timezone: timezone.optional(),
  ownerNumbers: z.array(phoneInput).max(20).optional(),
  owner: z.strictObject({ email, name: text(120) }).optional().describe('The shop\'s first owner account: answered with a one-time invite link (7 days)'),
});

/** Operator routes: organizations and their tokens (supervision routes join them in system wiring). */
export function adminRoutes(deps: ApiDeps, registry: OpenApiRegistry): ApiRouter {
  const api = new ApiRouter(registry, '/admin', 'admin', [requireAdmin(deps.adminToken)]);

  api.route(
    {
      method: 'post', path: '/orgs', tag: 'admin', summary: 'Create an organization; its API token is shown only here',
      body: createOrgBody, status: 201, errors: ['EMAIL_TAKEN'],
      response: z.object({ org: organizationSchema, token: z.string(), ownerInvite: z.object({ user: staffUserSchema, inviteUrl: z.string(), expiresAt: z.string() }).optional() }),
    },
    async ({ req, body }) => {
      const token = generateToken(ORG_TOKEN_PREFIX);
      const now = new Date(deps.clock.now());
      const { org, invite } = await deps.db.transaction().execute(async (trx) => {
        const repos = repositories(trx);
        const created = await repos.organizations.create({
          name: body.name,
          timezone: body.timezone ?? deps.defaultTimezone,
          ownerNumbers: [...new Set(body.ownerNumbers ?? [])],
        }, now);
        await repos.organizations.setTokenHash(created.id, hashToken(token), now);
        await repos.auditLog.record({ at: now, orgId: created.id, actor: 'admin', action: 'org.created', entity: 'organization', entityId: created.id });
        // In the same transaction: an e-mail already in use leaves no shop behind.
        const invite = body.owner && (await new StaffAccounts(repos.users, deps.clock).invite(created.id, { ...body.owner, role: 'owner' }, 'admin'));
        return { org: created, invite };
      });
      deps.actors?.activateOrg(org.id);
      const ownerInvite = invite && { user: publicUser(invite.user), inviteUrl: linkUrl(req, invite.token), expiresAt: invite.expiresAt.toISOString() };
      return { org: publicOrg(org), token, ...(ownerInvite && { ownerInvite }) };
    },
  );

  api.route(
    { method: 'get', path: '/orgs', tag: 'admin', summary: 'List organizations', response: z.object({ items: z.array(organizationSchema), nextCursor: z.null() }) },
    async () => ({ items: (await deps.repos.organizations.list()).map(publicOrg), nextCursor: null }),
  );

  api.route(
    {
      method: 'post', path: '/orgs/:orgId/token', tag: 'admin', summary: 'Rotate an organization\'s API token (the old one stops working)',
      params: z.object({ orgId: z.string() }), status: 201, response: z.object({ token: z.string() }),
    },
    async ({ params }) => {
      const org = z.uuid().safeParse(params.orgId).success ? await deps.repos.organizations.findById(params.orgId) : undefined;
      if (!org) throw notFound('Organization');
      const token = await rotateOrgToken(deps.repos, org.id, 'admin', new Date(deps.clock.now()));
      deps.tokenRevocations?.publish({ orgId: org.id, currentTokenHash: hashToken(token) });
      return { token };
    },
  );

  return api;
}
