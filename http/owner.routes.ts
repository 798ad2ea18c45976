import { z } from 'zod';
import { confirmCampaign } from '../actors/aurora/campaign-commands.js';
import { DEFAULT_INACTIVE_DAYS } from '../actors/aurora/aurora.actor.js';
import { newWhatsAppMessageId } from '../actors/patinha-actors.js';
import { AnalyticsRepository } from '../storage/analytics.repository.js';
import { CampaignsRepository } from '../storage/campaigns.repository.js';
import { OutboxRepository } from '../storage/outbox.repository.js';
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

/** The owner's side: numbers, campaigns (confirmed here or by "sim" to Aurora) and past daily summaries. */
export function ownerRoutes(api: ApiRouter, deps: ApiDeps): void {
  const now = () => new Date(deps.clock.now());

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
    async ({ res, params }) => {
      const org = currentOrg(res);
      const campaigns = new CampaignsRepository(deps.db);
      if (!(await campaigns.findById(org.id, params.id))) throw notFound('Campaign');
      const result = await confirmCampaign({ db: deps.db, newMessageId: newWhatsAppMessageId, inactiveDays: DEFAULT_INACTIVE_DAYS }, org.id, params.id, now());
      if (!result) throw new HttpError(409, 'INVALID_TRANSITION', 'Only a draft campaign can be confirmed');
      for (const instanceId of result.instances) deps.actors?.session(org.id, instanceId).tell({ type: 'session.flush' });
      await deps.repos.auditLog.record({ at: new Date(deps.clock.now()), orgId: org.id, actor: currentActor(res), action: 'campaign.confirmed', entity: 'campaign', entityId: params.id });
      return (await campaigns.findById(org.id, params.id))!;
    },
  );

  api.route(
    {
      method: 'post', path: '/campaigns/:id/cancel', tag: 'owner', summary: 'Cancel a draft, or stop a campaign that is sending', params: idParams,
      body: z.strictObject({}).optional(), response: campaignSchema, errors: ['INVALID_TRANSITION'],
    },
    async ({ res, params }) => {
      const org = currentOrg(res);
      const campaigns = new CampaignsRepository(deps.db);
      const campaign = await campaigns.findById(org.id, params.id);
      if (!campaign) throw notFound('Campaign');
      const at = now();
      const done = await deps.db.transaction().execute(async (trx) => {
        const t = new CampaignsRepository(trx);
        if (await t.transition(org.id, campaign.id, 'draft', 'cancelled', at)) return true;
        if (!(await t.transition(org.id, campaign.id, 'sending', 'stopped', at))) return false;
        await new OutboxRepository(trx).cancelCampaign(campaign.id, at);
        return true;
      });
      if (!done) throw new HttpError(409, 'INVALID_TRANSITION', `A ${campaign.status} campaign cannot be cancelled`);
      await deps.repos.auditLog.record({ at: new Date(deps.clock.now()), orgId: org.id, actor: currentActor(res), action: 'campaign.cancelled', entity: 'campaign', entityId: campaign.id });
      return (await campaigns.findById(org.id, params.id))!;
    },
  );

  api.route(
    {
      method: 'get', path: '/summaries', tag: 'owner', summary: 'Past daily summaries, newest first', params: orgParams,
      response: z.object({ items: z.array(z.object({ date: z.string(), text: z.string(), figures: z.record(z.string(), z.unknown()), sentAt: z.string().nullable() })), nextCursor: z.null() }),
    },
    async ({ res }) => ({ items: await new OwnerNotesRepository(deps.db).listSummaries(currentOrg(res).id), nextCursor: null }),
  );
}
