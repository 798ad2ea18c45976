import type { Kysely } from 'kysely';
import { periodBounds, type AnalyticsPeriod } from '../../domain/analytics-period.js';
import { classifyOwnerMessage } from '../../domain/intents/index.js';
import { defineActor } from '../../runtime/actor.js';
import { BookingsRepository } from '../../storage/bookings.repository.js';
import type { Database } from '../../storage/database.js';
import { repositories } from '../../storage/repositories.js';
import type { ConversationNotice } from '../conversation/conversation.protocol.js';
import type { AuroraMsg } from './aurora.protocol.js';
import { analyticsReply, AURORA_HELP, inactiveReply } from './aurora-replies.js';

export interface AuroraDeps {
  db: Kysely<Database>;
  notify(notice: ConversationNotice): void;
  newMessageId(): string;
  inactiveDays: number;
}

export const DEFAULT_INACTIVE_DAYS = 30;

export interface AuroraState {
  orgId: string;
}

/**
 * The owner's co-pilot for one org (`aurora/<org>`). Answers from the org's
 * own numbers only; the owner's messages never reach the customer assistant
 * and customers never reach Aurora (the router decides by authorized number).
 */
export function createAuroraActor(deps: AuroraDeps) {
  async function answer(orgId: string, text: string, now: Date): Promise<string> {
    const org = (await repositories(deps.db).organizations.findById(orgId))!;
    const { intent, slots } = classifyOwnerMessage(text);
    if (intent === 'analytics' || intent === 'resumo') {
      const period: AnalyticsPeriod = slots.period ?? 'hoje';
      const bounds = periodBounds(period, now, org.timezone);
      const bookings = new BookingsRepository(deps.db);
      const [current, previous] = await Promise.all([
        bookings.countByStatus(orgId, bounds.from, bounds.to),
        bookings.countByStatus(orgId, bounds.previousFrom, bounds.previousTo),
      ]);
      const fresh = await deps.db
        .selectFrom('contacts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('org_id', '=', orgId)
        .where('created_at', '>=', bounds.from)
        .where('created_at', '<', bounds.to)
        .executeTakeFirstOrThrow();
      return analyticsReply(period, current, previous, Number(fresh.n));
    }
    if (intent === 'clientes_inativos') {
      const since = new Date(now.getTime() - deps.inactiveDays * 86_400_000);
      const inactive = await repositories(deps.db).contacts.listInactive(orgId, since, { excludePhones: org.ownerNumbers });
      return inactiveReply(inactive.length, inactive.map((c) => c.name ?? c.phone), deps.inactiveDays);
    }
    return AURORA_HELP;
  }

  return defineActor<AuroraState, AuroraMsg>({
    init(ctx) {
      return { orgId: String(ctx.args.key) };
    },

    async handle(state, msg, ctx) {
      const now = new Date(ctx.clock.now());
      const repos = repositories(deps.db);
      const row = await repos.inbox.findById(msg.inboxId);
      if (!row || row.orgId !== state.orgId || (await repos.inbox.isProcessed(row.id))) return { state };
      const owner = await repos.contacts.findOrCreateByPhone(state.orgId, { phone: row.senderPhone!, name: row.pushName });
      const conversation = await repos.conversations.findOrCreate(state.orgId, owner.id, row.instanceId);
      const reply = await answer(state.orgId, row.text, now);
      const waMessageId = deps.newMessageId();
      const notices: ConversationNotice[] = [];
      await deps.db.transaction().execute(async (trx) => {
        const t = repositories(trx);
        if (!(await t.inbox.markProcessed(row.id, 'aurora', now))) return;
        const inbound = await t.messages.insertOnce({
          orgId: state.orgId, conversationId: conversation.id, instanceId: row.instanceId, remoteJid: row.remoteJid, waMessageId: row.waMessageId,
          fromMe: false, direction: 'in', author: 'owner', text: row.text, createdAt: row.receivedAt,
        });
        const outbound = await t.messages.insertOnce({
          orgId: state.orgId, conversationId: conversation.id, instanceId: row.instanceId, remoteJid: row.remoteJid, waMessageId,
          fromMe: true, direction: 'out', author: 'aurora', text: reply, createdAt: now,
        });
        await t.outbox.enqueue({
          orgId: state.orgId, instanceId: row.instanceId, idempotencyKey: `aurora:${row.id}`, waMessageId, toPhone: owner.phone, toJid: row.remoteJid,
          text: reply, kind: 'aurora', conversationId: conversation.id,
        });
        await t.conversations.touch(state.orgId, conversation.id, now);
        for (const m of [inbound, outbound]) {
          if (m) notices.push({ kind: 'message', orgId: state.orgId, conversationId: conversation.id, message: { id: m.id, direction: m.direction, author: m.author, text: m.text, createdAt: m.createdAt } });
        }
        notices.push({ kind: 'outbox', orgId: state.orgId, instanceId: row.instanceId });
      });
      for (const n of notices) deps.notify(n);
      return { state };
    },
  });
}
