import { buildDailySummary, summaryDateDue } from '../../domain/daily-summary.js';
import { dailySummaryTimeOf } from '../../domain/org-settings.js';
import { formatBrl } from '../../domain/money.js';
import { agendaAlerts } from '../../domain/owner-alerts.js';
import { buildReminderText } from '../../domain/reminders.js';
import { phoneToJid } from '../../domain/phone.js';
import { addDays, startOfLocalDay } from '../../domain/zoned-time.js';
import { AnalyticsRepository } from '../../storage/analytics.repository.js';
import { BookingsRepository } from '../../storage/bookings.repository.js';
import { CampaignsRepository } from '../../storage/campaigns.repository.js';
import { OwnerNotesRepository } from '../../storage/owner-notes.repository.js';
import { listDueReminders } from '../../storage/reminders.js';
import { repositories } from '../../storage/repositories.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../storage/database.js';
import type { AuroraEffect } from './aurora.protocol.js';
import type { ConversationNotice } from '../conversation/conversation.protocol.js';
import { messageNotice, queueOutbound } from '../outbound-message.js';
import { sendToOwners } from './owner-outbox.js';

/**
 * Aurora's scheduled work for one org, run on every tick: the day-before
 * reminders, the daily summary with its alerts, and campaign completion.
 * Each piece is claimed in the database first, so repeating a tick — after a
 * restart or on another node — never sends anything twice.
 */
export interface JobDeps {
  db: Kysely<Database>;
  newMessageId(): string;
}

export async function runAuroraJobs(deps: JobDeps, orgId: string, now: Date): Promise<AuroraEffect[]> {
  return [...(await sendReminders(deps, orgId, now)), ...(await sendDailySummary(deps, orgId, now)), ...(await finishCampaigns(deps, orgId, now))];
}

export async function sendReminders(deps: JobDeps, orgId: string, now: Date): Promise<AuroraEffect[]> {
  const notices: AuroraEffect[] = [];
  const org = await repositories(deps.db).organizations.findById(orgId);
  for (const due of await listDueReminders(deps.db, now, orgId)) {
    await deps.db.transaction().execute(async (trx) => {
      const repos = repositories(trx);
      if (!(await new BookingsRepository(trx).claimReminder(due.booking.id, now))) return;
      const contact = await repos.contacts.findById(orgId, due.booking.contactId);
      const service = await repos.services.findById(orgId, due.booking.serviceId);
      const pet = await repos.pets.findById(orgId, due.booking.petId);
      const instance = await repos.instances.preferredForSending(orgId);
      // An anonymised customer has no phone: their booking still counts, but nobody is reminded.
      if (!contact?.phone || !service || !instance) return;
      const text = buildReminderText({ serviceName: service.name, startsAt: due.booking.startsAt, now, timezone: due.timezone, petName: pet?.name, shopName: org?.name });
      const conversation = await repos.conversations.findOrCreate(orgId, contact.id, instance.id, now);
      const message = await queueOutbound(trx, {
        orgId, conversationId: conversation.id, instanceId: instance.id, toPhone: contact.phone, toJid: phoneToJid(contact.phone), text, kind: 'reminder',
        author: 'bot', idempotencyKey: `reminder:${due.booking.id}`, waMessageId: deps.newMessageId(), now,
      });
      await repos.conversations.touch(orgId, conversation.id, now);
      if (message) notices.push(messageNotice(orgId, conversation.id, message));
      notices.push({ kind: 'outbox', orgId, instanceId: instance.id }, { kind: 'customer-changed', orgId, contactId: contact.id });
    });
  }
  return notices;
}

export async function sendDailySummary(deps: JobDeps, orgId: string, now: Date): Promise<ConversationNotice[]> {
  const repos = repositories(deps.db);
  const org = await repos.organizations.findById(orgId);
  if (!org) return [];
  const date = summaryDateDue(now.getTime(), org.timezone, dailySummaryTimeOf(org.settings));
  if (!date) return [];
  const analytics = new AnalyticsRepository(deps.db);
  const at = (d: string) => new Date(startOfLocalDay(d, org.timezone));
  const today = await analytics.statusCounts(orgId, at(date), at(addDays(date, 1)));
  const tomorrow = await analytics.statusCounts(orgId, at(addDays(date, 1)), at(addDays(date, 2)));
  const figures = {
    date, completed: today.completed, cancelled: today.cancelled, noShows: today.no_show, total: today.total,
    tomorrow: tomorrow.scheduled + tomorrow.confirmed, revenueCents: today.revenueCents,
  };
  const text = buildDailySummary(figures, formatBrl);
  // The agenda alerts ride on the summary's schedule: once a day, claimed like it. Figures are read
  // before the transaction: on PGlite the transaction holds the only connection.
  const week = 7 * 86_400_000;
  const alerts = agendaAlerts({
    noShowsToday: today.no_show,
    bookingsTomorrow: figures.tomorrow,
    createdThisWeek: await analytics.bookingsCreated(orgId, new Date(now.getTime() - week), now),
    createdLastWeek: await analytics.bookingsCreated(orgId, new Date(now.getTime() - 2 * week), new Date(now.getTime() - week)),
  });
  return deps.db.transaction().execute(async (trx) => {
    const notes = new OwnerNotesRepository(trx);
    if (!(await notes.claimSummary(orgId, date, text, figures, now))) return [];
    const notices = await sendToOwners(trx, orgId, text, `summary:${date}`, now, deps.newMessageId);
    await notes.markSummarySent(orgId, date, now);
    for (const alert of alerts) {
      if (await notes.claimAlert(orgId, alert.kind, date, alert.subject, alert.message, now)) {
        notices.push(...(await sendToOwners(trx, orgId, alert.message, `alert:${alert.kind}:${date}:${alert.subject}`, now, deps.newMessageId)));
      }
    }
    return notices;
  });
}

/** Campaigns whose every message left (or was cancelled) are closed and reported to the owner once. */
export async function finishCampaigns(deps: JobDeps, orgId: string, now: Date): Promise<ConversationNotice[]> {
  const notices: ConversationNotice[] = [];
  const campaigns = new CampaignsRepository(deps.db);
  for (const campaign of (await campaigns.list(orgId, 20)).filter((c) => c.status === 'sending')) {
    const progress = await campaigns.progress(campaign.id);
    if (progress.pending > 0) continue;
    await deps.db.transaction().execute(async (trx) => {
      const t = new CampaignsRepository(trx);
      if (!(await t.transition(orgId, campaign.id, 'sending', 'completed', now))) return;
      await t.recordCounts(campaign.id, progress.sent, campaign.skippedCount, now);
      const text = `✅ Campanha concluída: ${progress.sent} mensage${progress.sent === 1 ? 'm enviada' : 'ns enviadas'}${progress.failed ? `, ${progress.failed} com falha` : ''}.`;
      notices.push(...(await sendToOwners(trx, orgId, text, `campaign-done:${campaign.id}`, now, deps.newMessageId)));
    });
  }
  return notices;
}


