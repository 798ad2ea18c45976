import { z } from 'zod';
import type { Organization } from '../storage/organizations.repository.js';

/** The Org object of the API contract. */
export const organizationSchema = z.object({
  id: z.string(),
  name: z.string(),
  timezone: z.string(),
  ownerNumbers: z.array(z.string()),
  settings: z.record(z.string(), z.unknown()),
});

export function publicOrg(org: Organization): z.infer<typeof organizationSchema> {
  return { id: org.id, name: org.name, timezone: org.timezone, ownerNumbers: org.ownerNumbers, settings: org.settings };
}
