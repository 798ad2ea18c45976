import { z } from 'zod';
import type { AuroraMsg } from '../actors/aurora/aurora.protocol.js';
import { isValidationError } from '../runtime/errors.js';
import { AnalyticsRepository } from '../storage/analytics.repository.js';
import { CampaignsRepository, type Campaign } from '../storage/campaigns.repository.js';
import { OwnerNotesRepository } from '../storage/owner-notes.repository.js';
import type { ApiDeps } from './api-deps.js';
import type { ApiRouter } from './api-router.js';
import { currentActor, currentOrg } from './auth.js';
import { HttpError, notFound } from './errors.js';
import { idParams, orgParams } from './schema-primitives.js';

const countsSchema = z.object({
  scheduled: z.number(), confirmed: z.number(), completed: z.number(), cancelled: z.number(), no_show: z.number(), total: z.number(), revenueCents: z.number(),
});

export const campaignSchema = z.object({
  id: z.string(), kind: z.string(), status: z.string(), message: z.string(), audienceSize: z.number(), sentCount: z.number(),
  skippedCount: z.number(), createdAt: z.string(), confirmedAt: z.string().nullable(), completedAt: z.string().nullable(), stoppedAt: z.string().nullable(),
});

/**
 * How long a campaign button waits for the org's AuroraActor, which may be answering the owner
 * (a model turn) first. A timeout answers 503, and the change may still happen after it.
 */
const CAMPAIGN_ASK_TIMEOUT_MS = 30_000;

/** The owner's side: numbers, campaigns (confirmed here or by "sim" to Aurora) and past daily summaries. */
export function ownerRoutes(api: ApiRouter, deps: ApiDeps): void {
  const now = () => new Date(deps.clock.now());

  /** Campaign changes are the org's AuroraActor's to make, as for the owner's "sim"; its refusals become the API's errors. */
  async function askAurora(orgId: string, message: Extract<AuroraMsg, { type: 'aurora.confirm-campaign' | 'aurora.cancel-campaign' }>): Promise<Campaign> {
    if (!deps.actors) throw new HttpError(503, 'NOT_READY', 'The actor system is not running');
    try {
      return await deps.actors.aurora(orgId).ask<Campaign>(message, { timeoutMs: CAMPAIGN_ASK_TIMEOUT_MS });
    } catch (error) {
      if (isValidationError(error) && error.code === 'NOT_FOUND') throw notFound('Campaign');
      if (isValidationError(error) && error.code === 'INVALID_TRANSITION') throw new HttpError(409, 'INVALID_TRANSITION', error.message);
      throw error;
    }
  }

  api.route(
    {
      method: 'get', path: '/analytics', tag: 'owner', summary: 'Bookings, revenue, new customers and top services for a period, with the previous period',
      params: orgParams, query: z.object({ period: z.enum(['hoje', 'semana', 'mes', 'ano']).default('hoje') }),
      response: z.object({
        period: z.string(), from: z.string(), to: z.string(), current: countsSchema, previous: countsSchema, newCustomers: z.number(),
        topServices: z.array(z.object({ serviceId: z.string(), name: z.string(), bookings: z.number() })),
        change: z.object({ totalPercent: z.number().nullable(), revenuePercent: z.number().nullable() }),
      }),
    },
    async ({ res, query }) => {
      const report = await new AnalyticsRepository(deps.db).periodReport(currentOrg(res), query.period, now());
      return { ...report, from: report.from.toISOString(), to: report.to.toISOString() };
    },
  );

  api.route(
    { method: 'get', path: '/campaigns', tag: 'owner', summary: 'Campaigns, newest first', params: orgParams, response: z.object({ items: z.array(campaignSchema), nextCursor: z.null() }) },
    async ({ res }) => ({ items: await new CampaignsRepository(deps.db).list(currentOrg(res).id), nextCursor: null }),
  );

  api.route(
    {
      method: 'post', path: '/campaigns/:id/confirm', tag: 'owner', summary: 'Send a drafted campaign (opted-out customers are skipped)', params: idParams,
      body: z.strictObject({}).optional(), response: campaignSchema, errors: ['INVALID_TRANSITION'],
    },
    async ({ res, params }) => askAurora(currentOrg(res).id, { type: 'aurora.confirm-campaign', campaignId: params.id, actor: currentActor(res) }),
  );

  api.route(
    {
      method: 'post', path: '/campaigns/:id/cancel', tag: 'owner', summary: 'Cancel a draft, or stop a campaign that is sending', params: idParams,
      body: z.strictObject({}).optional(), response: campaignSchema, errors: ['INVALID_TRANSITION'],
    },
    async ({ res, params }) => askAurora(currentOrg(res).id, { type: 'aurora.cancel-campaign', campaignId: params.id, actor: currentActor(res) }),
  );

  api.route(
    {
      method: 'get', path: '/summaries', tag: 'owner', summary: 'Past daily summaries, newest first', params: orgParams,
      response: z.object({ items: z.array(z.object({ date: z.string(), text: z.string(), figures: z.record(z.string(), z.unknown()), sentAt: z.string().nullable() })), nextCursor: z.null() }),
    },
    async ({ res }) => ({ items: await new OwnerNotesRepository(deps.db).listSummaries(currentOrg(res).id), nextCursor: null }),
  );
}
