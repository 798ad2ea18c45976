import { sql, type ExpressionBuilder } from 'kysely';
import type { Database } from './database.js';
import type { Executor } from './executor.js';

/** What an erased text reads as, in the dashboard and in an export. */
export const ERASED_TEXT = '[apagado]';
/** What a customer's name becomes where another text (Aurora's answers to the owner) quoted it. */
export const ERASED_NAME = '[cliente]';

export interface EraseRequest {
  orgId: string;
  contactId: string;
  now: Date;
  /**
   * The outbox row (by idempotency key) of a reply still to be delivered to this person: the
   * confirmation of a deletion asked on WhatsApp. It keeps its destination until it is sent and
   * loses it then (`forget_destination_on_send`); every other row loses it now.
   */
  deliverFirst?: string;
}

/** How many rows lost personal data, per table (the audit log and the retention report carry it). */
export interface EraseCounts {
  messages: number;
  inbox: number;
  outbox: number;
  pets: number;
  bookings: number;
  conversations: number;
  pendingActions: number;
  aiInteractions: number;
  /** Aurora's own texts (to the owner) that quoted the person's name or phone. */
  ownerTexts: number;
}

/** Regular-expression special characters, escaped for a Postgres ARE. */
const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Anonymises one customer of one shop in the caller's transaction: the contact keeps its row
 * (bookings, campaign recipients and analytics still count it) but loses phone, LID, name, email,
 * birthday and the team's note; their pets are renamed "Pet 1", "Pet 2"… (species and size stay, the figures use
 * them); their messages, the inbox rows they sent and the outbox rows to them lose text and
 * address; proposals, model tool-call arguments and the agent's slot memory are emptied; and
 * where Aurora quoted their name or phone to the owner, the quote is replaced. Pending messages
 * to them are cancelled. Returns undefined when the contact does not exist or is already
 * anonymised (a repeat changes nothing).
 */
export async function erasePersonalData(db: Executor, request: EraseRequest): Promise<EraseCounts | undefined> {
  const { orgId, contactId, now } = request;
  const contact = await db
    .selectFrom('contacts')
    .select(['id', 'phone', 'lid', 'name'])
    .where('org_id', '=', orgId)
    .where('id', '=', contactId)
    .where('anonymized_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();
  if (!contact) return undefined;
  const erasedJid = `apagado:${contactId}`;
  const phone = contact.phone;
  const conversationIds = (await db.selectFrom('conversations').select('id').where('org_id', '=', orgId).where('contact_id', '=', contactId).execute()).map((c) => c.id);
  const inConversations = conversationIds.length ? conversationIds : ['00000000-0000-0000-0000-000000000000'];
  // Every chat address they used: WhatsApp may write a number in its legacy 8-digit form, with a device, or as a LID.
  const usedJids = await db.selectFrom('messages').select('remote_jid').distinct().where('org_id', '=', orgId).where('conversation_id', 'in', inConversations).execute();
  const jids = [...new Set([phone && `${phone.slice(1)}@s.whatsapp.net`, contact.lid, ...usedJids.map((m) => m.remote_jid)])].filter((j): j is string => !!j && !j.startsWith('apagado:'));
  const counts: EraseCounts = { messages: 0, inbox: 0, outbox: 0, pets: 0, bookings: 0, conversations: conversationIds.length, pendingActions: 0, aiInteractions: 0, ownerTexts: 0 };
  const n = (result: { numUpdatedRows: bigint }) => Number(result.numUpdatedRows);

  counts.messages = n(await db.updateTable('messages')
    .set({ text: ERASED_TEXT, remote_jid: erasedJid, erased_at: sql`coalesce(erased_at, ${now})` })
    .where('org_id', '=', orgId).where('conversation_id', 'in', inConversations)
    .executeTakeFirstOrThrow());

  await db.updateTable('conversations')
    .set({ escalation_reason: null, agent_state: '{}', updated_at: now })
    .where('org_id', '=', orgId).where('contact_id', '=', contactId)
    .execute();

  counts.pendingActions = n(await db.updateTable('pending_actions')
    .set({ payload: '{}', summary: ERASED_TEXT, result_text: null })
    .where('org_id', '=', orgId).where('conversation_id', 'in', inConversations)
    .executeTakeFirstOrThrow());
  await db.updateTable('pending_actions').set({ status: 'expired', resolved_at: now })
    .where('org_id', '=', orgId).where('conversation_id', 'in', inConversations).where('status', '=', 'pending')
    .execute();

  // What they sent: matched by who sent it (rows of a burst may not be stored as messages yet).
  counts.inbox = n(await db.updateTable('inbox')
    .set({
      text: '', push_name: null, sender_phone: null, sender_lid: null, remote_jid: erasedJid, last_error: null,
      dedupe_key: sql`'apagado:' || id::text`,
      processed_at: sql`coalesce(processed_at, ${now})`, outcome: sql`coalesce(outcome, 'erased')`,
    })
    .where('org_id', '=', orgId)
    .where((eb) => eb.or([
      ...(phone ? [eb('sender_phone', '=', phone)] : []),
      ...(contact.lid ? [eb('sender_lid', '=', contact.lid)] : []),
      ...(jids.length ? [eb('remote_jid', 'in', jids)] : []),
    ]))
    .executeTakeFirstOrThrow());

  // What went (or was going) to them: replies and reminders by conversation, campaigns by phone.
  const toThem = (eb: ExpressionBuilder<Database, 'outbox'>) => eb.or([
    eb('conversation_id', 'in', inConversations),
    ...(phone ? [eb('to_phone', '=', phone)] : []),
    ...(jids.length ? [eb('to_jid', 'in', jids)] : []),
  ]);
  if (request.deliverFirst) {
    await db.updateTable('outbox').set({ forget_destination_on_send: true })
      .where('org_id', '=', orgId).where('idempotency_key', '=', request.deliverFirst).where('status', 'in', ['pending', 'sending'])
      .execute();
  }
  await db.updateTable('outbox').set({ status: 'cancelled', last_error: 'erased', updated_at: now })
    .where('org_id', '=', orgId).where(toThem).where('status', 'in', ['pending', 'sending'])
    .where('forget_destination_on_send', '=', false)
    .execute();
  counts.outbox = n(await db.updateTable('outbox')
    .set({ to_phone: '', to_jid: '', text: ERASED_TEXT, last_error: null, updated_at: now })
    .where('org_id', '=', orgId).where(toThem).where('forget_destination_on_send', '=', false)
    .executeTakeFirstOrThrow());

  counts.aiInteractions = n(await db.updateTable('ai_interactions')
    .set({
      // Which tools ran stays (usage figures); what the model passed them (names, dates, pets) goes.
      tool_calls: sql`coalesce((select jsonb_agg(jsonb_build_object('name', call->'name', 'ok', call->'ok')) from jsonb_array_elements(tool_calls) as call), '[]'::jsonb)`,
      error: null,
    } as never)
    .where('org_id', '=', orgId).where('conversation_id', 'in', inConversations)
    .executeTakeFirstOrThrow());

  counts.pets = n(await sql`
    update pets set name = 'Pet ' || numbered.n, breed = null, birth_date = null, notes = null, updated_at = ${now}
    from (select id, row_number() over (order by created_at, id) as n from pets where org_id = ${orgId} and contact_id = ${contactId}) as numbered
    where pets.id = numbered.id`.execute(db).then((r) => ({ numUpdatedRows: r.numAffectedRows ?? 0n })));

  counts.bookings = n(await db.updateTable('bookings').set({ cancel_reason: null, updated_at: now })
    .where('org_id', '=', orgId).where('contact_id', '=', contactId)
    .executeTakeFirstOrThrow());

  counts.ownerTexts = await redactQuotes(db, orgId, [phone, phone?.slice(1)].filter((p): p is string => !!p), contact.name);

  await db.updateTable('contacts')
    .set({
      phone: null, lid: null, name: null, email: null, birthday: null, notes: null, marketing_opt_out: true, opted_out_at: now, marketing_consent_at: null,
      anonymized_at: now, updated_at: now,
    })
    .where('org_id', '=', orgId).where('id', '=', contactId)
    .execute();
  return counts;
}

/**
 * Aurora's texts to the owner may quote a customer (inactive customers by name, alerts): the
 * phone is replaced wherever it appears, the name as a whole word (a name shorter than three
 * letters is too likely to be part of another word to be replaced safely).
 */
async function redactQuotes(db: Executor, orgId: string, phones: string[], name: string | null): Promise<number> {
  const patterns = [...phones.map(escapeRegex), ...(name && name.trim().length >= 3 ? [`\\m${escapeRegex(name.trim())}\\M`] : [])];
  if (patterns.length === 0) return 0;
  const pattern = patterns.join('|');
  let total = 0;
  const count = (r: { numAffectedRows?: bigint }) => Number(r.numAffectedRows ?? 0n);
  total += count(await sql`update messages set text = regexp_replace(text, ${pattern}, ${ERASED_NAME}, 'g')
    where org_id = ${orgId} and author in ('aurora', 'owner') and text ~ ${pattern}`.execute(db));
  total += count(await sql`update outbox set text = regexp_replace(text, ${pattern}, ${ERASED_NAME}, 'g')
    where org_id = ${orgId} and kind = 'aurora' and text ~ ${pattern}`.execute(db));
  total += count(await sql`update daily_summaries set text = regexp_replace(text, ${pattern}, ${ERASED_NAME}, 'g')
    where org_id = ${orgId} and text ~ ${pattern}`.execute(db));
  total += count(await sql`update alerts set message = regexp_replace(message, ${pattern}, ${ERASED_NAME}, 'g'),
    subject = regexp_replace(subject, ${pattern}, ${ERASED_NAME}, 'g')
    where org_id = ${orgId} and (message ~ ${pattern} or subject ~ ${pattern})`.execute(db));
  total += count(await sql`update ai_interactions set tool_calls = regexp_replace(tool_calls::text, ${pattern}, ${ERASED_NAME}, 'g')::jsonb
    where org_id = ${orgId} and agent = 'aurora' and tool_calls::text ~ ${pattern}`.execute(db));
  return total;
}
