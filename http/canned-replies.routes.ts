import { z } from 'zod';
import {
  CANNED_REPLY_VARIABLES, cannedReplyValues, fillCannedReply, unknownPlaceholders, variablesOf, type CannedReplyVariable,
} from '../domain/canned-replies.js';
import { CannedRepliesRepository, MAX_CANNED_REPLIES, type CannedReply } from '../storage/canned-replies.repository.js';
import { customerOverview } from '../storage/customer-overview.js';
import type { ApiDeps } from './api-deps.js';
import type { ApiRouter } from './api-router.js';
import { currentActor, currentOrg } from './auth.js';
import { notFound } from './errors.js';
import { idParams, orgParams, text } from './schema-primitives.js';

const KNOWN = CANNED_REPLY_VARIABLES.map((v) => `{${v}}`).join(', ');

/** A template may only name variables Patinha fills: a typo such as {nome} is refused on save, not sent to a customer. */
const template = text(2000).superRefine((value, ctx) => {
  const unknown = unknownPlaceholders(value);
  if (unknown.length > 0) ctx.addIssue({ code: 'custom', message: `unknown variable ${unknown.join(', ')}; use ${KNOWN}` });
});

const variable = z.enum(CANNED_REPLY_VARIABLES);

export const cannedReplySchema = z.object({
  id: z.string(), title: z.string(), text: z.string().describe(`The template; variables: ${KNOWN}`),
  variables: z.array(variable).describe('The variables the template uses'), createdAt: z.string(), updatedAt: z.string(),
});

const filledReplySchema = z.object({
  id: z.string(), title: z.string(), template: z.string(),
  text: z.string().describe('The template filled for this conversation\'s customer, for staff to edit and send'),
  missing: z.array(variable).describe('Variables without a value for this customer, left in the text as written'),
});

const publicReply = (r: CannedReply): z.infer<typeof cannedReplySchema> => ({
  id: r.id, title: r.title, text: r.text, variables: variablesOf(r.text), createdAt: r.createdAt, updatedAt: r.updatedAt,
});

/**
 * Canned replies ("respostas prontas"), per shop. Everyone signed in to the shop lists and uses
 * them; only the owner (or a token) writes them, like the rest of what the shop says. Filled for
 * one conversation, they come back ready for staff to edit before sending.
 */
export function cannedRepliesRoutes(api: ApiRouter, deps: ApiDeps): void {
  const repo = new CannedRepliesRepository(deps.db);
  const now = () => new Date(deps.clock.now());
  const audit = (res: Parameters<typeof currentOrg>[0], action: string, id: string) =>
    deps.repos.auditLog.record({ at: now(), orgId: currentOrg(res).id, actor: currentActor(res), action, entity: 'canned_reply', entityId: id });

  api.route(
    { method: 'get', path: '/canned-replies', tag: 'conversations', summary: 'The shop\'s canned replies, by title', params: orgParams, response: z.object({ items: z.array(cannedReplySchema), nextCursor: z.null() }) },
    async ({ res }) => ({ items: (await repo.list(currentOrg(res).id)).map(publicReply), nextCursor: null }),
  );

  api.route(
    {
      method: 'post', path: '/canned-replies', tag: 'conversations', ownerOnly: true, status: 201, params: orgParams,
      summary: `Add a canned reply (at most ${MAX_CANNED_REPLIES}; titles unique per shop, any case)`,
      body: z.strictObject({ title: text(60), text: template }), response: cannedReplySchema, errors: ['ALREADY_EXISTS', 'CONFLICT'],
    },
    async ({ res, body }) => {
      const reply = await repo.create(currentOrg(res).id, body, now());
      await audit(res, 'canned_reply.created', reply.id);
      return publicReply(reply);
    },
  );

  api.route(
    {
      method: 'patch', path: '/canned-replies/:id', tag: 'conversations', ownerOnly: true, params: idParams, summary: 'Change a canned reply\'s title or text',
      body: z.strictObject({ title: text(60), text: template }).partial().refine((b) => b.title !== undefined || b.text !== undefined, 'change the title or the text'),
      response: cannedReplySchema, errors: ['ALREADY_EXISTS'],
    },
    async ({ res, params, body }) => {
      const reply = await repo.update(currentOrg(res).id, params.id, body, now());
      if (!reply) throw notFound('Canned reply');
      await audit(res, 'canned_reply.updated', reply.id);
      return publicReply(reply);
    },
  );

  api.route(
    { method: 'delete', path: '/canned-replies/:id', tag: 'conversations', ownerOnly: true, params: idParams, status: 204, summary: 'Delete a canned reply' },
    async ({ res, params }) => {
      if (!(await repo.delete(currentOrg(res).id, params.id))) throw notFound('Canned reply');
      await audit(res, 'canned_reply.deleted', params.id);
      return undefined;
    },
  );

  api.route(
    {
      method: 'get', path: '/conversations/:id/canned-replies', tag: 'conversations', params: idParams,
      summary: 'The canned replies filled for this conversation\'s customer ({cliente}, {pet}, {loja}, and the next booking\'s {servico}, {data}, {hora})',
      response: z.object({ items: z.array(filledReplySchema), nextCursor: z.null() }),
    },
    async ({ res, params }) => {
      const org = currentOrg(res);
      const conversation = await deps.repos.conversations.findById(org.id, params.id);
      if (!conversation) throw notFound('Conversation');
      const [replies, overview] = await Promise.all([repo.list(org.id), customerOverview(deps.db, org.id, conversation.contactId, now(), 1)]);
      const next = overview?.nextBookings[0];
      const values = cannedReplyValues({
        shopName: org.name, timezone: org.timezone, customerName: overview?.contact.name ?? null, petNames: overview?.pets.map((p) => p.name) ?? [],
        nextBooking: next && { serviceName: next.serviceName, petName: next.petName, startsAt: next.startsAt },
      });
      return {
        items: replies.map((r) => {
          const filled = fillCannedReply(r.text, values);
          return { id: r.id, title: r.title, template: r.text, text: filled.text, missing: filled.missing as CannedReplyVariable[] };
        }),
        nextCursor: null,
      };
    },
  );
}
