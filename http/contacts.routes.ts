import { z } from 'zod';
import { normalizeSpecies } from '../domain/species.js';
import type { Pet } from '../storage/pets.repository.js';
import type { Contact } from '../storage/contacts.repository.js';
import type { ApiDeps } from './api-deps.js';
import type { ApiRouter } from './api-router.js';
import { currentActor, currentOrg } from './auth.js';
import { setContactNotes } from '../storage/customer-overview.js';
import { HttpError, notFound } from './errors.js';
import { cursorQuery, idParams, isoDate, orgParams, pageOf, petSize, phoneInput, text } from './schema-primitives.js';

export const contactSchema = z.object({
  id: z.string(),
  /** null once the customer was anonymised. */
  phone: z.string().nullable(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  marketingOptOut: z.boolean(),
  /** Marketing consent on record: since when (null: no consent, so no campaigns). */
  marketingConsentAt: z.string().nullable(),
  /** When the customer was asked (on their first booking). */
  marketingConsentAskedAt: z.string().nullable(),
  anonymizedAt: z.string().nullable(),
  lastInteractionAt: z.string().nullable(),
});

export const petSchema = z.object({
  id: z.string(),
  contactId: z.string(),
  name: z.string(),
  species: z.string(),
  breed: z.string().nullable(),
  size: petSize,
  birthDate: z.string().nullable(),
});

const species = text(40).transform((value, ctx) => {
  const canonical = normalizeSpecies(value);
  if (!canonical) {
    ctx.addIssue({ code: 'custom', message: 'a species such as cão or gato' });
    return z.NEVER;
  }
  return canonical;
});

const createPetBody = z.strictObject({
  name: text(80),
  species,
  size: petSize,
  breed: text(80).optional(),
  birthDate: isoDate.optional(),
});

export function publicContact(c: Contact): z.infer<typeof contactSchema> {
  return {
    id: c.id, phone: c.phone, name: c.name, email: c.email, marketingOptOut: c.marketingOptOut, marketingConsentAt: c.marketingConsentAt,
    marketingConsentAskedAt: c.marketingConsentAskedAt, anonymizedAt: c.anonymizedAt, lastInteractionAt: c.lastInteractionAt,
  };
}

function publicPet(p: { id: string; contactId: string; name: string; species: string; breed: string | null; size: 'P' | 'M' | 'G' | 'GG'; birthDate: string | null }) {
  return { id: p.id, contactId: p.contactId, name: p.name, species: p.species, breed: p.breed, size: p.size, birthDate: p.birthDate };
}

/** Customers and their pets, as staff see and register them. */
export function contactsRoutes(api: ApiRouter, deps: ApiDeps): void {
  api.route(
    {
      method: 'get', path: '/contacts', tag: 'people', summary: 'Search customers by name or phone (anonymised ones are not listed)', params: orgParams,
      query: z.object({ q: z.string().trim().max(100).optional(), ...cursorQuery }), response: pageOf(contactSchema),
    },
    async ({ res, query }) => {
      const page = await deps.repos.contacts.search(currentOrg(res).id, query);
      return { items: page.items.map(publicContact), nextCursor: page.nextCursor };
    },
  );

  api.route(
    {
      method: 'post', path: '/contacts', tag: 'people', summary: 'Register a walk-in customer; an existing phone answers 409 with its id',
      params: orgParams, body: z.strictObject({ phone: phoneInput, name: text(120).optional() }), status: 201, response: contactSchema, errors: ['ALREADY_EXISTS'],
    },
    async ({ res, body }) => {
      const result = await deps.repos.contacts.create(currentOrg(res).id, { phone: body.phone, name: body.name ?? null }, new Date(deps.clock.now()));
      if (!result.contact) throw new HttpError(409, 'ALREADY_EXISTS', 'A customer with this phone already exists', { id: result.existingId });
      return publicContact(result.contact);
    },
  );

  api.route(
    {
      method: 'get', path: '/contacts/inactive', tag: 'people', summary: 'Customers without any interaction for `days` days (default 30), opted-out and anonymised ones excluded',
      params: orgParams, query: z.object({ days: z.coerce.number().int().min(1).max(365).default(30) }),
      response: z.object({ days: z.number(), items: z.array(contactSchema), nextCursor: z.null() }),
    },
    async ({ res, query }) => {
      const org = currentOrg(res);
      const since = new Date(deps.clock.now() - query.days * 86_400_000);
      const items = await deps.repos.contacts.listInactive(org.id, since, { excludePhones: org.ownerNumbers });
      return { days: query.days, items: items.map(publicContact), nextCursor: null };
    },
  );

  api.route(
    { method: 'get', path: '/contacts/:id', tag: 'people', summary: 'One customer', params: idParams, response: contactSchema },
    async ({ res, params }) => {
      const contact = await deps.repos.contacts.findById(currentOrg(res).id, params.id);
      if (!contact) throw notFound('Contact');
      return publicContact(contact);
    },
  );

  api.route(
    {
      method: 'patch', path: '/contacts/:id', tag: 'people', params: idParams, errors: ['ANONYMIZED'],
      summary: 'Change the team\'s note about a customer (null or an empty text clears it); who changed it goes to the audit log',
      body: z.strictObject({ notes: z.string().trim().max(2000).nullable().transform((n) => n || null) }),
      response: contactSchema.extend({ notes: z.string().nullable() }),
    },
    async ({ res, params, body }) => {
      const org = currentOrg(res);
      const contact = await deps.repos.contacts.findById(org.id, params.id);
      if (!contact) throw notFound('Contact');
      if (contact.anonymizedAt) throw new HttpError(409, 'ANONYMIZED', 'This customer was anonymised; there is nobody to keep notes about');
      // Written here, not by the customer's actor: the note is the team's, never in the actor's memory or the model's context.
      const now = new Date(deps.clock.now());
      const saved = await setContactNotes(deps.db, org.id, params.id, body.notes, now);
      if (!saved) throw notFound('Contact');
      await deps.repos.auditLog.record({ at: now, orgId: org.id, actor: currentActor(res), action: 'contact.notes_changed', entity: 'contact', entityId: params.id });
      return { ...publicContact(saved.contact), notes: saved.notes };
    },
  );

  api.route(
    { method: 'get', path: '/contacts/:id/pets', tag: 'people', summary: 'A customer\'s pets', params: idParams, response: z.object({ items: z.array(petSchema), nextCursor: z.null() }) },
    async ({ res, params }) => {
      const orgId = currentOrg(res).id;
      if (!(await deps.repos.contacts.findById(orgId, params.id))) throw notFound('Contact');
      return { items: (await deps.repos.pets.listByContact(orgId, params.id)).map(publicPet), nextCursor: null };
    },
  );

  api.route(
    {
      method: 'post', path: '/contacts/:id/pets', tag: 'people', summary: 'Register a pet (same name for the same customer updates it)',
      params: idParams, body: createPetBody, status: 201, response: petSchema,
    },
    async ({ res, params, body }) => {
      const orgId = currentOrg(res).id;
      if (!(await deps.repos.contacts.findById(orgId, params.id))) throw notFound('Contact');
      // Through the customer's actor, so its next turn knows the pet; a node without actors writes directly.
      const pet = deps.actors
        ? await deps.actors.conversation(orgId, params.id).ask<Pet>({ type: 'conversation.register-pet', pet: body })
        : await deps.repos.pets.upsert(orgId, params.id, body, new Date(deps.clock.now()));
      return publicPet(pet);
    },
  );
}
