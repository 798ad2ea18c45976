import { sql } from 'kysely';
import type { Executor } from './executor.js';
import type { ContactRow } from './database.js';
import { DEFAULT_PAGE_SIZE, decodeCursor, toPage, type Page } from './cursor.js';

export interface Contact {
  id: string;
  orgId: string;
  /** null once the person was anonymised (LGPD deletion or retention): nobody to write to. */
  phone: string | null;
  lid: string | null;
  name: string | null;
  email: string | null;
  birthday: string | null;
  marketingOptOut: boolean;
  /** When the customer said yes to marketing messages; null without a (current) yes. */
  marketingConsentAt: string | null;
  /** When the consent question was asked (once, on the first booking). */
  marketingConsentAskedAt: string | null;
  /** When the person was anonymised; their rows stay only as anonymous counts. */
  anonymizedAt: string | null;
  lastInteractionAt: string | null;
  createdAt: string;
}

export function contactRowToContact(row: ContactRow): Contact {
  return {
    id: row.id,
    orgId: row.org_id,
    phone: row.phone,
    lid: row.lid,
    name: row.name,
    email: row.email,
    birthday: row.birthday,
    marketingOptOut: row.marketing_opt_out,
    marketingConsentAt: row.marketing_consent_at?.toISOString() ?? null,
    marketingConsentAskedAt: row.marketing_consent_asked_at?.toISOString() ?? null,
    anonymizedAt: row.anonymized_at?.toISOString() ?? null,
    lastInteractionAt: row.last_interaction_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

export interface ContactIdentity {
  phone: string;
  name?: string | null;
  lid?: string | null;
}

export class ContactsRepository {
  constructor(readonly db: Executor) {}

  /**
   * One contact per phone per org, even when two first messages race: the
   * UNIQUE (org_id, phone) key decides, and a name or LID learnt later fills
   * the gaps without overwriting what staff typed.
   */
  async findOrCreateByPhone(orgId: string, identity: ContactIdentity, now: Date): Promise<Contact> {
    const row = await this.db
      .insertInto('contacts')
      .values({ org_id: orgId, phone: identity.phone, name: identity.name ?? null, lid: identity.lid ?? null, created_at: now, updated_at: now })
      .onConflict((oc) =>
        oc.columns(['org_id', 'phone']).doUpdateSet({
          name: sql`coalesce(contacts.name, excluded.name)`,
          lid: sql`coalesce(contacts.lid, excluded.lid)`,
        }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    return contactRowToContact(row);
  }

  /** Inserts a new contact; returns undefined with the existing id when the phone is taken. */
  async create(orgId: string, identity: ContactIdentity, now: Date): Promise<{ contact?: Contact; existingId?: string }> {
    const row = await this.db
      .insertInto('contacts')
      .values({ org_id: orgId, phone: identity.phone, name: identity.name ?? null, lid: identity.lid ?? null, created_at: now, updated_at: now })
      .onConflict((oc) => oc.columns(['org_id', 'phone']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (row) return { contact: contactRowToContact(row) };
    const existing = await this.findByPhone(orgId, identity.phone);
    return { existingId: existing?.id };
  }

  async findById(orgId: string, id: string): Promise<Contact | undefined> {
    const row = await this.db.selectFrom('contacts').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
    return row && contactRowToContact(row);
  }

  async findByPhone(orgId: string, phone: string): Promise<Contact | undefined> {
    const row = await this.db.selectFrom('contacts').selectAll().where('org_id', '=', orgId).where('phone', '=', phone).executeTakeFirst();
    return row && contactRowToContact(row);
  }

  async findByLid(orgId: string, lid: string): Promise<Contact | undefined> {
    const row = await this.db.selectFrom('contacts').selectAll().where('org_id', '=', orgId).where('lid', '=', lid).executeTakeFirst();
    return row && contactRowToContact(row);
  }

  /** Name or phone search, newest interaction first, keyset-paginated by id. */
  async search(orgId: string, options: { q?: string; cursor?: string; limit?: number } = {}): Promise<Page<Contact>> {
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    let query = this.db.selectFrom('contacts').selectAll().where('org_id', '=', orgId).where('anonymized_at', 'is', null);
    if (options.q) {
      const like = `%${options.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query = query.where((eb) => eb.or([eb('name', 'ilike', like), eb('phone', 'like', like)]));
    }
    const after = options.cursor ? decodeCursor(options.cursor, 'uuid') : undefined;
    if (after) query = query.where('id', '>', after.id);
    const rows = await query.orderBy('id').limit(limit + 1).execute();
    return toPage(rows, limit, contactRowToContact, (r) => ({ key: r.id, id: r.id }));
  }

  async update(orgId: string, id: string, patch: { name?: string | null; email?: string | null; birthday?: string | null }, now: Date): Promise<Contact | undefined> {
    const row = await this.db
      .updateTable('contacts')
      .set({ ...patch, updated_at: now })
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row && contactRowToContact(row);
  }

  /** An opt-out withdraws consent; an opt-in (VOLTAR) clears the opt-out — consent itself is `ConsentRepository.record`. */
  async setMarketingOptOut(orgId: string, id: string, optOut: boolean, now: Date): Promise<void> {
    await this.db
      .updateTable('contacts')
      .set({ marketing_opt_out: optOut, opted_out_at: optOut ? now : null, ...(optOut && { marketing_consent_at: null }), updated_at: now })
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .execute();
  }

  async touchInteraction(orgId: string, id: string, at: Date): Promise<void> {
    await this.db
      .updateTable('contacts')
      .set({ last_interaction_at: at })
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .where((eb) => eb.or([eb('last_interaction_at', 'is', null), eb('last_interaction_at', '<', at)]))
      .execute();
  }

  /** Customers silent since `since` (or never seen), excluding opted-out and anonymised ones and the given phones. */
  async listInactive(orgId: string, since: Date, options: { excludePhones?: string[]; limit?: number } = {}): Promise<Contact[]> {
    let query = this.db
      .selectFrom('contacts')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('marketing_opt_out', '=', false)
      .where('anonymized_at', 'is', null)
      .where((eb) => eb.or([eb('last_interaction_at', '<', since), eb('last_interaction_at', 'is', null)]));
    if (options.excludePhones?.length) query = query.where('phone', 'not in', options.excludePhones);
    const rows = await query
      .orderBy(sql`last_interaction_at asc nulls first`)
      .orderBy('id')
      .limit(options.limit ?? 500)
      .execute();
    return rows.map(contactRowToContact);
  }
}
