import { z } from 'zod';
import { toZonedIso } from '../domain/zoned-time.js';
import { customerOverview, type OverviewBooking } from '../storage/customer-overview.js';
import type { ApiDeps } from './api-deps.js';
import type { ApiRouter } from './api-router.js';
import { currentOrg } from './auth.js';
import { contactSchema, petSchema, publicContact } from './contacts.routes.js';
import { notFound } from './errors.js';
import { idParams } from './schema-primitives.js';

export const contactWithNotesSchema = contactSchema.extend({
  notes: z.string().nullable().describe('The team\'s note about the customer (never shown to the assistant)'),
});

const panelBookingSchema = z.object({
  id: z.string(), petId: z.string(), petName: z.string(), serviceId: z.string(), serviceName: z.string(), startsAt: z.string(), endsAt: z.string(),
  status: z.enum(['scheduled', 'confirmed', 'completed', 'cancelled', 'no_show']), priceCents: z.number(), source: z.enum(['whatsapp', 'staff']),
});

const panelSchema = z.object({
  contact: contactWithNotesSchema,
  pets: z.array(petSchema.extend({ sex: z.enum(['macho', 'fêmea']).nullable() })),
  nextBookings: z.array(panelBookingSchema).describe('Active bookings not over yet, soonest first (at most 3)'),
  pastBookings: z.array(panelBookingSchema).describe('Bookings already over, latest first (at most 3)'),
});

const zonedBooking = (b: OverviewBooking, timezone: string): z.infer<typeof panelBookingSchema> => ({
  ...b, startsAt: toZonedIso(b.startsAt, timezone), endsAt: toZonedIso(b.endsAt, timezone),
});

/**
 * The side panel beside an open conversation, in one read: who the customer is (with the team's
 * note and their marketing answer), their pets, and their next and last bookings.
 */
export function customerPanelRoutes(api: ApiRouter, deps: ApiDeps): void {
  api.route(
    {
      method: 'get', path: '/conversations/:id/customer', tag: 'conversations', params: idParams, response: panelSchema,
      summary: 'The conversation\'s customer for the side panel: contact with the team\'s note, pets, next and past bookings',
    },
    async ({ res, params }) => {
      const org = currentOrg(res);
      const conversation = await deps.repos.conversations.findById(org.id, params.id);
      if (!conversation) throw notFound('Conversation');
      const overview = await customerOverview(deps.db, org.id, conversation.contactId, new Date(deps.clock.now()));
      if (!overview) throw notFound('Contact');
      return {
        contact: { ...publicContact(overview.contact), notes: overview.notes },
        pets: overview.pets.map((p) => ({ id: p.id, contactId: p.contactId, name: p.name, species: p.species, breed: p.breed, size: p.size, birthDate: p.birthDate, sex: p.sex })),
        nextBookings: overview.nextBookings.map((b) => zonedBooking(b, org.timezone)),
        pastBookings: overview.pastBookings.map((b) => zonedBooking(b, org.timezone)),
      };
    },
  );
}
