import { expect } from 'chai';
import { runDailyRetention } from '../../actors/aurora/retention-job.js';
import { monthsBefore } from '../../domain/retention-policy.js';
import { ERASED_TEXT } from '../../storage/personal-data-eraser.js';
import { applyRetention } from '../../storage/retention.js';
import { repositories } from '../../storage/repositories.js';
import { FakeClock } from '../support/fake-clock.js';
import { describeEachEngine } from '../support/test-database.js';
import { startPipeline, type PipelineHarness } from '../support/pipeline-harness.js';

const DAY = 86_400_000;
const START = Date.UTC(2026, 11, 1, 12); // 09:00 in São Paulo
const OWNER = '+5511900000001';

/**
 * Rows that cross a retention limit one a day, a month of daily runs on the fake clock: after
 * each day's run exactly the rows past the limit are anonymised — never one early, never one left.
 */
describeEachEngine('retention across a month', (fx) => {
  async function seed() {
    const db = fx.handle.db;
    const repos = repositories(db);
    const at = new Date(START - 40 * 30 * DAY);
    const org = await repos.organizations.create({ name: 'Pet Shop Teste', ownerNumbers: [OWNER] }, at);
    const instance = await repos.instances.create({ orgId: org.id, name: 'Principal', transport: 'simulator', createdAt: at });
    const service = await repos.services.create(org.id, { name: 'Banho', category: 'banho', species: ['cão'], bySize: { M: { durationMin: 60, priceCents: 6000 } } }, at);
    // A talkative customer (never inactive) whose messages cross the 24-month limit one a day, k = -2…33.
    const talker = await repos.contacts.findOrCreateByPhone(org.id, { phone: '+5511911110000', name: 'Falante' }, at);
    await repos.contacts.touchInteraction(org.id, talker.id, new Date(START));
    const conversation = await repos.conversations.findOrCreate(org.id, talker.id, instance.id, at);
    const messageAge = new Map<string, number>();
    for (let k = -2; k <= 33; k++) {
      const createdAt = new Date(monthsBefore(new Date(START), 24).getTime() + k * DAY + 6 * 3_600_000);
      const m = await repos.messages.insertOnce({
        orgId: org.id, conversationId: conversation.id, instanceId: instance.id, remoteJid: '5511911110000@s.whatsapp.net', waMessageId: `M${k}`, fromMe: false,
        direction: 'in', author: 'customer', text: `mensagem ${k}`, createdAt,
      });
      messageAge.set(m!.id, k);
    }
    // Customers whose last interaction crosses the 36-month limit one a day, j = -1…35.
    const customerAge = new Map<string, number>();
    for (let j = -1; j <= 35; j++) {
      const c = await repos.contacts.findOrCreateByPhone(org.id, { phone: `+55119222${String(j + 10).padStart(5, '0')}`, name: `Cliente ${j}` }, at);
      await repos.contacts.touchInteraction(org.id, c.id, new Date(monthsBefore(new Date(START), 36).getTime() + j * DAY + 6 * 3_600_000));
      customerAge.set(c.id, j);
    }
    // Long gone too, but never anonymised: the owner, and a customer with a booking ahead.
    const owner = await repos.contacts.findOrCreateByPhone(org.id, { phone: OWNER, name: 'Dona' }, at);
    const booked = await repos.contacts.findOrCreateByPhone(org.id, { phone: '+5511933330000', name: 'Agendado' }, at);
    const pet = await repos.pets.upsert(org.id, booked.id, { name: 'Bidu', species: 'cão', size: 'M' }, at);
    const startsAt = new Date(START + 60 * DAY);
    await db.insertInto('bookings').values({
      org_id: org.id, contact_id: booked.id, pet_id: pet.id, service_id: service.id, category: 'banho', pet_size: 'M', starts_at: startsAt,
      ends_at: new Date(startsAt.getTime() + 3_600_000), blocked_until: new Date(startsAt.getTime() + 3_600_000), price_cents: 6000, source: 'staff', created_at: at, updated_at: at,
    }).execute();
    return { org, messageAge, customerAge, keep: [owner.id, booked.id, talker.id] };
  }

  it('anonymises exactly the messages and customers past the limits, day after day, and reports the counts', async () => {
    const { org, messageAge, customerAge, keep } = await seed();
    const db = fx.handle.db;
    const clock = new FakeClock(START);
    for (let d = 0; d <= 30; d++) {
      const now = new Date(clock.now());
      const { run } = await runDailyRetention(db, org.id, now);
      // A second run the same day is claimed already: nothing, not even a report.
      expect((await runDailyRetention(db, org.id, new Date(clock.now() + 3_600_000))).run, `day ${d} twice`).to.equal(undefined);

      const messages = await db.selectFrom('messages').select(['id', 'text', 'erased_at']).where('org_id', '=', org.id).execute();
      const erased = messages.filter((m) => m.erased_at !== null).map((m) => messageAge.get(m.id)!).sort((a, b) => a - b);
      expect(erased, `messages erased after day ${d}`).to.deep.equal(range(-2, d - 1));
      expect(messages.filter((m) => m.erased_at !== null).every((m) => m.text === ERASED_TEXT)).to.equal(true);
      const contacts = await db.selectFrom('contacts').select(['id', 'anonymized_at']).where('org_id', '=', org.id).execute();
      const anonymised = contacts.filter((c) => c.anonymized_at !== null).map((c) => c.id);
      expect(anonymised.map((id) => customerAge.get(id)!).sort((a, b) => a - b), `customers anonymised after day ${d}`).to.deep.equal(range(-1, d - 1));
      for (const id of keep) expect(anonymised).to.not.include(id);

      expect(run!.day).to.equal(`2026-12-${String(d + 1).padStart(2, '0')}`);
      expect(run!.policy).to.deep.equal({ messagesMonths: 24, inactiveCustomerMonths: 36 });
      expect([run!.report.messages, run!.report.customers], `report of day ${d}`).to.deep.equal(d === 0 ? [2, 1] : [1, 1]);
      await clock.advance(DAY);
    }
    const reports = await db.selectFrom('audit_log').select(['actor', 'entity_id', 'details']).where('action', '=', 'retention.applied').orderBy('id').execute();
    expect(reports).to.have.length(31);
    expect(reports[0]).to.deep.include({ actor: 'system:retention', entity_id: '2026-12-01' });
    expect(reports[0]!.details).to.include({ messages: 2, customers: 1 });
  });

  it('follows the shop\'s own limits, and a repeat of the same cutoffs changes nothing', async () => {
    const { org } = await seed();
    const db = fx.handle.db;
    await repositories(db).organizations.update(org.id, { settings: { retentionMessagesMonths: 23, retentionInactiveCustomerMonths: 35 } }, new Date(START));
    const { run } = await runDailyRetention(db, org.id, new Date(START));
    // A month shorter (December 2024 has 31 days): messages k ≤ 30 and customers j ≤ 30 are past it on the first day.
    expect(run!.policy).to.deep.equal({ messagesMonths: 23, inactiveCustomerMonths: 35 });
    expect([run!.report.messages, run!.report.customers]).to.deep.equal([range(-2, 30).length, range(-1, 30).length]);
    const again = await applyRetention(db, org.id, new Date(START), { messagesBefore: monthsBefore(new Date(START), 23), customersBefore: monthsBefore(new Date(START), 35), excludePhones: [OWNER] });
    expect(again).to.deep.equal({ messages: 0, otherTexts: 0, customers: 0, customerIds: [] });
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}

describe('retention on Aurora\'s schedule', () => {
  let h: PipelineHarness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('runs once per local day on the injected clock, and the customer\'s actor and the shop forget who it anonymised', async function () {
    this.timeout(60_000);
    h = await startPipeline({ clockStart: Date.UTC(2026, 11, 2, 2, 0) }); // 23:00 in São Paulo, an hour before the next local day
    const repos = repositories(h.storage.db);
    const longAgo = new Date(START - 3 * 366 * DAY);
    const gone = await repos.contacts.findOrCreateByPhone(h.orgId, { phone: '+5511944440000', name: 'Sumida' }, longAgo);
    await repos.contacts.touchInteraction(h.orgId, gone.id, longAgo);
    const runs = () => h!.storage.db.selectFrom('audit_log').select(['entity_id', 'details']).where('action', '=', 'retention.applied').orderBy('id').execute();
    // Today's run happened on Aurora's first tick, before she was seeded: ticks later today leave her alone.
    await h.passTimeTo(Date.UTC(2026, 11, 2, 2, 50));
    expect((await runs()).map((r) => r.entity_id)).to.deep.equal(['2026-12-01']);
    expect((await repos.contacts.findById(h.orgId, gone.id))!.anonymizedAt).to.equal(null);
    // Into the next local day (São Paulo's midnight is 03:00 UTC), a minute at a time.
    await h.passTimeTo(Date.UTC(2026, 11, 2, 3, 30));
    expect((await runs()).map((r) => r.entity_id)).to.deep.equal(['2026-12-01', '2026-12-02']);
    expect((await runs())[1]!.details).to.include({ messages: 0, customers: 1 });
    expect((await repos.contacts.findById(h.orgId, gone.id))!.anonymizedAt).to.be.a('string');
    // The anonymised customer's number writing again is a new customer.
    h.simulator.inject(h.instanceId, { from: '+5511944440000', text: 'oi', id: 'WA-R-1' });
    await h.untilInbox(1);
    await h.settle();
    expect((await repos.contacts.findByPhone(h.orgId, '+5511944440000'))!.id).to.not.equal(gone.id);
  });
});
