import { expect } from 'chai';
import { createAuroraToolbox } from '../../actors/aurora/aurora-toolbox.js';
import { planDemoHistory, AHEAD_DAYS, HISTORY_DAYS, INACTIVE_CUSTOMERS } from '../../app/demo-history.js';
import { DEMO_SERVICES, seedDemoOnce } from '../../app/seed-demo.js';
import { resolveSchedulingSettings } from '../../domain/scheduling-settings.js';
import { localDateOf, daysBetween } from '../../domain/zoned-time.js';
import { mulberry32 } from '../../runtime/random.js';
import { sharedDatabase, truncateAll } from '../support/test-database.js';

const TZ = 'America/Sao_Paulo';
// Friday 4 December 2026, 10:00 in São Paulo.
const NOW = new Date('2026-12-04T13:00:00Z');
const SETTINGS = resolveSchedulingSettings({
  timezone: TZ,
  weekly: [...[1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes: '18:00' })), { weekday: 6, opens: '08:00', closes: '12:00' }],
  capacity: { banho: 2, tosa: 1, veterinaria: 1 },
});

describe('the demo shop\'s six weeks of history', function () {
  this.timeout(60_000);

  it('is the same plan for the same clock and seed, and another for another seed', () => {
    const a = planDemoHistory(NOW, SETTINGS, DEMO_SERVICES, mulberry32(1));
    expect(planDemoHistory(NOW, SETTINGS, DEMO_SERVICES, mulberry32(1))).to.deep.equal(a);
    expect(planDemoHistory(NOW, SETTINGS, DEMO_SERVICES, mulberry32(2))).to.not.deep.equal(a);
  });

  it('spreads plausible bookings over six weeks back and ten days ahead, within hours, capacity and one visit at a time per pet', () => {
    const { customers, bookings } = planDemoHistory(NOW, SETTINGS, DEMO_SERVICES, mulberry32(20261204));
    expect(customers.length).to.be.at.least(20);
    expect(bookings.length).to.be.at.least(150);
    const today = localDateOf(NOW, TZ);
    const offsets = bookings.map((b) => daysBetween(today, localDateOf(b.startsAt, TZ)));
    expect(Math.min(...offsets)).to.be.at.least(-HISTORY_DAYS);
    expect(Math.max(...offsets)).to.be.at.most(AHEAD_DAYS);
    expect(offsets.some((o) => o <= -35) && offsets.some((o) => o > 0)).to.equal(true);
    const statuses = new Set(bookings.map((b) => b.status));
    expect([...statuses].sort()).to.deep.equal(['cancelled', 'completed', 'confirmed', 'no_show', 'scheduled']);
    // Nothing ahead is completed, nothing behind is still waiting.
    for (const b of bookings) {
      if (b.endsAt <= NOW) expect(['completed', 'cancelled', 'no_show']).to.include(b.status);
      if (b.startsAt > NOW) expect(['scheduled', 'confirmed', 'cancelled']).to.include(b.status);
      expect(b.createdAt.getTime()).to.be.at.most(NOW.getTime());
      expect(b.createdAt.getTime()).to.be.below(b.startsAt.getTime());
    }
    const active = bookings.filter((b) => b.status !== 'cancelled');
    for (const [i, a] of active.entries()) {
      for (const b of active.slice(i + 1)) {
        const overlap = a.startsAt < b.endsAt && b.startsAt < a.endsAt;
        if (!overlap) continue;
        expect(a.customer === b.customer && a.pet === b.pet, 'one pet in two places').to.equal(false);
        expect(a.category === b.category && a.unit === b.unit, 'one unit twice').to.equal(false);
      }
    }
    // The customers who stopped coming: last seen more than 30 days ago.
    const monthAgo = NOW.getTime() - 30 * 86_400_000;
    expect(customers.filter((c) => c.lastInteractionAt.getTime() < monthAgo)).to.have.length(INACTIVE_CUSTOMERS);
  });

  for (const engine of ['pglite', 'postgres'] as const) {
    it(`seeds it once with the shop, and Aurora has figures, inactive customers and an agenda to show [${engine}]`, async function () {
      if (engine === 'postgres' && !process.env.TEST_DATABASE_URL && !process.env.DATABASE_URL) this.skip();
      const storage = await sharedDatabase(engine);
      await truncateAll(storage);
      const seeded = await seedDemoOnce(storage.db, TZ, NOW);
      expect(seeded).to.not.equal(undefined);
      expect(await seedDemoOnce(storage.db, TZ, NOW)).to.equal(undefined);
      const count = async (table: 'contacts' | 'pets' | 'bookings') => Number((await storage.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      expect(await count('contacts')).to.be.at.least(20);
      expect(await count('bookings')).to.be.at.least(150);
      const tools = createAuroraToolbox({ db: storage.db, orgId: seeded!.orgId, now: NOW, turnText: '', newMessageId: () => 'x', inactiveDays: 30 });
      const month = await tools.buscarAnalytics({ periodo: 'mes' });
      expect(month.ok && month.data.total).to.be.above(0);
      const inactive = await tools.listarClientesInativos({});
      expect(inactive.ok && inactive.data.count).to.equal(INACTIVE_CUSTOMERS);
      const tomorrow = await tools.consultarAgenda({ quando: 'semana que vem' });
      expect(tomorrow.ok && tomorrow.data.counts.total).to.be.above(0);
      const human = await storage.db.selectFrom('conversations').select(['mode', 'escalation_reason']).where('mode', '=', 'human').execute();
      expect(human).to.deep.equal([{ mode: 'human', escalation_reason: 'cliente pediu atendente' }]);
      expect(await storage.db.selectFrom('messages').select('id').execute()).to.have.length(6);
      // Conversas has ready answers to pick from.
      const canned = await storage.db.selectFrom('canned_replies').select('title').where('org_id', '=', seeded!.orgId).orderBy('title').execute();
      expect(canned.map((r) => r.title)).to.deep.equal(['Boas-vindas', 'Confirmar horário', 'Pet pronto para buscar']);
      const campaign = await tools.sugerirCampanha({ tipo: 'reativacao' });
      expect(campaign.ok && campaign.data.audience).to.equal(INACTIVE_CUSTOMERS);
    });
  }
});
