import { z } from 'zod';
import { resolveActorNames } from '../storage/actor-names.js';
import { recordStaffConsent } from '../actors/conversation/marketing-consent.js';
import type { Contact } from '../storage/contacts.repository.js';
import { eraseAndRecord } from '../actors/conversation/data-deletion.js';
import type { EraseCounts } from '../storage/personal-data-eraser.js';
import { exportPersonalData } from '../storage/personal-data-export.js';
import type { ApiDeps } from './api-deps.js';
import type { ApiRouter } from './api-router.js';
import { currentActor, currentOrg } from './auth.js';
import { contactSchema, publicContact } from './contacts.routes.js';
import { notFound } from './errors.js';
import { cursorQuery, idParams, orgParams, pageOf, uuid } from './schema-primitives.js';

const auditEntrySchema = z.object({
  id: z.number(), actor: z.string(), actorName: z.string().nullable().describe('Who is behind `actor`, by name: the team member, the customer, or the kind of token'), action: z.string(), entity: z.string(), entityId: z.string().nullable(), details: z.record(z.string(), z.unknown()), at: z.string(),
});

const exportSchema = z.looseObject({
  format: z.string(), generatedAt: z.string(), contact: z.looseObject({ id: z.string() }),
  pets: z.array(z.unknown()), bookings: z.array(z.unknown()), conversations: z.array(z.unknown()),
});

/**
 * The data subject's rights (LGPD art. 18) as the shop serves them: the export of everything
 * about a customer, their anonymisation, their marketing consent as staff records it, and the
 * access log the owner reads. Every read of personal data and every change is in `audit_log`.
 */
export function privacyRoutes(api: ApiRouter, deps: ApiDeps): void {
  const now = () => new Date(deps.clock.now());

  api.route(
    {
      method: 'get', path: '/contacts/:id/export', tag: 'privacy', params: idParams, response: exportSchema,
      summary: 'Everything held about one customer, as one JSON document (access and portability); the read is written to the audit log',
    },
    async ({ res, params }) => {
      const org = currentOrg(res);
      const document = await exportPersonalData(deps.db, org.id, params.id, now());
      if (!document) throw notFound('Contact');
      await deps.repos.auditLog.record({ at: now(), orgId: org.id, actor: currentActor(res), action: 'contact.exported', entity: 'contact', entityId: params.id });
      res.setHeader('content-disposition', `attachment; filename="dados-cliente-${params.id}.json"`);
      return document;
    },
  );

  api.route(
    {
      method: 'delete', path: '/contacts/:id', tag: 'privacy', params: idParams, status: 204,
      summary: 'Anonymise a customer (deletion): phone, name, texts and pet names go, bookings stay as anonymous counts; their conversation actor forgets them. Repeating it changes nothing',
    },
    async ({ res, params }) => {
      const org = currentOrg(res);
      if (!(await deps.repos.contacts.findById(org.id, params.id))) throw notFound('Contact');
      const actor = currentActor(res);
      // Through the customer's actor: it writes in its own turn and then forgets them. A node without actors writes here.
      if (deps.actors) await deps.actors.conversation(org.id, params.id).ask({ type: 'conversation.erase', actor }, { timeoutMs: 30_000 });
      else await eraseHere(deps, org.id, params.id, actor);
      return undefined;
    },
  );

  api.route(
    {
      method: 'put', path: '/contacts/:id/consent', tag: 'privacy', params: idParams, body: z.strictObject({ marketing: z.boolean() }), response: contactSchema,
      summary: 'Record the customer\'s marketing answer as staff heard it (when and who are kept); campaigns reach only customers who said yes', errors: ['ANONYMIZED'],
    },
    async ({ res, params, body }) => {
      const org = currentOrg(res);
      if (!(await deps.repos.contacts.findById(org.id, params.id))) throw notFound('Contact');
      const actor = currentActor(res);
      const contact = deps.actors
        ? await deps.actors.conversation(org.id, params.id).ask<Contact>({ type: 'conversation.set-consent', marketing: body.marketing, actor }, { timeoutMs: 10_000 })
        : await recordStaffConsent(deps.db, { orgId: org.id, contactId: params.id, marketing: body.marketing, actor, now: now() });
      return publicContact(contact);
    },
  );

  api.route(
    {
      method: 'get', path: '/audit-log', tag: 'privacy', params: orgParams, ownerOnly: true, query: z.object({ entityId: uuid.optional(), action: z.string().trim().max(60).optional(), ...cursorQuery }),
      response: pageOf(auditEntrySchema), summary: 'Who read or changed what, newest first (reads of conversations and exports, deletions, consent, retention runs, admin actions)',
    },
    async ({ res, query }) => {
      const orgId = currentOrg(res).id;
      const page = await deps.repos.auditLog.page(orgId, query);
      const names = await resolveActorNames(deps.db, orgId, page.items.map((e) => e.actor));
      return { items: page.items.map((e) => ({ ...e, actorName: names.get(e.actor)?.name ?? null })), nextCursor: page.nextCursor };
    },
  );
}

function eraseHere(deps: ApiDeps, orgId: string, contactId: string, actor: string): Promise<EraseCounts | undefined> {
  const now = new Date(deps.clock.now());
  return deps.db.transaction().execute((trx) => eraseAndRecord(trx, { orgId, contactId, now }, { actor, channel: 'api' }));
}
