import { z } from 'zod';
import { changeShop } from './actors-port.js';
import { orgSettingsSchema } from '../domain/org-settings.js';
import type { ApiDeps } from './api-deps.js';
import type { ApiRouter } from './api-router.js';
import { currentActor, currentOrg } from './auth.js';
import { organizationSchema, publicOrg } from './organization-view.js';
import { orgParams, phoneInput, text, timezone } from './schema-primitives.js';

/**
 * Settings the actors read are checked with the very schema they read with (`orgSettingsSchema`:
 * `dailySummaryTime` HH:mm, `scheduling` numbers in range…), so a bad value is a 400 here and
 * never a crash later; other keys are free-form text the assistant quotes (address, payment methods…).
 */
const settingsInput = orgSettingsSchema
  .refine((s) => Object.keys(s).every((key) => key.length <= 64), 'setting names have at most 64 characters')
  .refine((s) => JSON.stringify(s).length <= 16_000, 'at most 16 kB of settings');

const patchOrgBody = z.strictObject({
  name: text(200).optional(),
  timezone: timezone.optional(),
  ownerNumbers: z.array(phoneInput).max(20).optional(),
  settings: settingsInput.optional(),
});

export function orgRoutes(api: ApiRouter, deps: ApiDeps): void {
  api.route(
    { method: 'get', path: '/', tag: 'organization', summary: 'The organization', params: orgParams, response: organizationSchema },
    async ({ res }) => publicOrg(currentOrg(res)),
  );

  api.route(
    { method: 'patch', path: '/', tag: 'organization', ownerOnly: true, summary: 'Change name, time zone, owner numbers or settings', params: orgParams, body: patchOrgBody, response: organizationSchema },
    async ({ res, body }) => {
      const org = currentOrg(res);
      const updated = await changeShop(deps, org, { type: 'shop.update-org', patch: body, actor: currentActor(res) });
      return publicOrg(updated);
    },
  );
}
