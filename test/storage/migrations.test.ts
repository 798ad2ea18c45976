import { expect } from 'chai';
import { sql } from 'kysely';
import { migrateToLatest } from '../../storage/migrate.js';
import { seedTenant } from '../support/fixtures.js';
import { describeEachEngine } from '../support/test-database.js';
import { FIXTURE_TIME } from '../support/fake-clock.js';

describeEachEngine('migrations', (fx) => {
  it('is idempotent: a second run applies nothing', async () => {
    expect(await migrateToLatest(fx.handle.db)).to.deep.equal([]);
  });

  it('creates every table of the schema', async () => {
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'
    `.execute(fx.handle.db);
    const names = tables.rows.map((r) => r.table_name);
    for (const table of [
      'organizations', 'instances', 'wa_auth', 'contacts', 'pets', 'services', 'business_hours', 'closures',
      'bookings', 'conversations', 'messages', 'inbox', 'outbox', 'pending_actions', 'ai_interactions',
      'campaigns', 'campaign_recipients', 'daily_summaries', 'audit_log', 'alerts', 'leases', 'org_leases',
    ]) {
      expect(names, table).to.include(table);
    }
  });

  it('leaves no database clock default on a time column, but the one nothing compares', async () => {
    const { rows } = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = 'public' and (column_default ilike '%now()%' or column_default ilike '%current_timestamp%')
      order by table_name, column_name`.execute(fx.handle.db);
    expect(rows.map((r) => `${r.table_name}.${r.column_name}`)).to.deep.equal(['wa_auth.updated_at']);
  });

  it('refuses a pet that points at another org\'s contact (composite foreign key)', async () => {
    const a = await seedTenant(fx.handle.db, 'A');
    const b = await seedTenant(fx.handle.db, 'B');
    const error = await fx.handle.db
      .insertInto('pets')
      .values({ org_id: a.org.id, contact_id: b.contact.id, name: 'Intruso', species: 'cão', size: 'P', created_at: FIXTURE_TIME, updated_at: FIXTURE_TIME })
      .execute()
      .then(() => undefined, (e: unknown) => e);
    expect((error as { code?: string }).code).to.equal('23503');
  });

  it('refuses two active bookings on the same unit whose times overlap (exclusion constraint)', async () => {
    const { org, contact, pet, service } = await seedTenant(fx.handle.db);
    const booking = (startsAt: string, endsAt: string) => ({
      org_id: org.id, contact_id: contact.id, pet_id: pet.id, service_id: service.id, category: 'banho', unit: 1,
      pet_size: 'M' as const, starts_at: startsAt, ends_at: endsAt, blocked_until: endsAt, price_cents: 6000, source: 'staff' as const,
      created_at: FIXTURE_TIME, updated_at: FIXTURE_TIME,
    });
    await fx.handle.db.insertInto('bookings').values(booking('2026-12-10T13:00:00Z', '2026-12-10T14:00:00Z')).execute();
    const overlap = await fx.handle.db
      .insertInto('bookings')
      .values(booking('2026-12-10T13:30:00Z', '2026-12-10T14:30:00Z'))
      .execute()
      .then(() => undefined, (e: unknown) => e);
    expect((overlap as { code?: string }).code).to.equal('23P01');
    // Back to back is fine: ranges are half-open.
    await fx.handle.db.insertInto('bookings').values(booking('2026-12-10T14:00:00Z', '2026-12-10T15:00:00Z')).execute();
  });

  it('keeps one daily summary per org and day', async () => {
    const { org } = await seedTenant(fx.handle.db);
    await fx.handle.db.insertInto('daily_summaries').values({ org_id: org.id, date: '2026-12-10', text: 'a', figures: '{}', created_at: FIXTURE_TIME }).execute();
    const second = await fx.handle.db
      .insertInto('daily_summaries')
      .values({ org_id: org.id, date: '2026-12-10', text: 'b', figures: '{}', created_at: FIXTURE_TIME })
      .onConflict((oc) => oc.columns(['org_id', 'date']).doNothing())
      .returning('id')
      .executeTakeFirst();
    expect(second).to.equal(undefined);
    const row = await fx.handle.db.selectFrom('daily_summaries').select('date').executeTakeFirstOrThrow();
    expect(row.date).to.equal('2026-12-10');
  });
});
