import { expect } from 'chai';
import { repositories } from '../../storage/repositories.js';
import { ConsentRepository } from '../../storage/consent.repository.js';
import { CUSTOMER, describeOnEachEngine, OWNER, startPipeline, type PipelineHarness } from '../support/pipeline-harness.js';

/** The harness clock starts Tuesday 2026-12-01 12:00 UTC = 09:00 in São Paulo. */
const at = (iso: string) => new Date(iso).getTime();

describeOnEachEngine('AuroraActor', () => {
  let h: PipelineHarness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  const toOwner = (phone = OWNER) => h!.simulator.sentTo(h!.instanceId, phone).map((m) => m.text);
  const summaries = async () => h!.storage.db.selectFrom('daily_summaries').select(['org_id', 'date', 'sent_at']).orderBy('date').execute();

  async function ownerSays(text: string, id: string) {
    const before = toOwner().length;
    h!.simulator.inject(h!.instanceId, { from: OWNER, text, id });
    await h!.waitFor(async () => {
      await h!.untilQuiet(); // the owner's turn goes first: on PostgreSQL it takes real time, fake time must wait for it
      await h!.clock.advance(250);
      return toOwner().length > before;
    });
  }

  it('sends the daily summary once at 19:00 local, not again after a restart, and again the next day', async function () {
    // 35 fake hours, walked a minute at a time with real I/O between steps: slow on a busy machine, not a bound on the product.
    this.timeout(120_000);
    h = await startPipeline();
    await h.passTimeTo(at('2026-12-01T21:59:00Z')); // 18:59 in São Paulo
    await h.settle(1000);
    expect(await summaries()).to.deep.equal([]);
    await h.passTimeTo(at('2026-12-01T22:00:30Z'));
    await h.waitFor(async () => (await summaries()).length === 1);
    await h.settle();
    expect(toOwner().filter((t) => t.startsWith('📊 *Resumo do Dia* - 01/12/2026'))).to.have.length(1);
    await h.restart();
    await h.passTimeTo(at('2026-12-01T23:30:00Z'));
    await h.settle();
    expect(toOwner().filter((t) => t.includes('Resumo do Dia'))).to.have.length(1);
    // Across midnight: nothing before 19:00 of the 2nd, one more at 19:00.
    await h.passTimeTo(at('2026-12-02T21:00:00Z'));
    await h.settle();
    expect(await summaries()).to.have.length(1);
    await h.passTimeTo(at('2026-12-02T22:01:00Z'));
    await h.waitFor(async () => (await summaries()).length === 2);
    expect((await summaries()).map((s) => s.date)).to.deep.equal(['2026-12-01', '2026-12-02']);
  });

  it('sends a summary missed during downtime on start, if still the same day', async () => {
    h = await startPipeline();
    await h.stop();
    await h.passTimeTo(at('2026-12-01T23:00:00Z'));
    await h.restart();
    // Aurora's first tick is due at once after its start; fake time moves only once the actors are idle.
    await h.waitFor(async () => {
      await h!.untilQuiet();
      await h!.clock.advance(100);
      return (await summaries()).length === 1;
    });
  });

  it('times each org\'s summary in its own time zone', async () => {
    h = await startPipeline();
    const repos = repositories(h.storage.db);
    const manaus = await repos.organizations.create({ name: 'Pet Manaus', timezone: 'America/Manaus', ownerNumbers: ['+5592900000001'] }, new Date(h.clock.now()));
    await repos.instances.create({ orgId: manaus.id, name: 'Manaus', transport: 'simulator', createdAt: new Date(h.clock.now()) });
    await h.restart();
    await h.passTimeTo(at('2026-12-01T22:00:30Z')); // 19:00 in São Paulo, 18:00 in Manaus
    await h.waitFor(async () => (await summaries()).length === 1);
    expect((await summaries()).map((s) => s.org_id)).to.deep.equal([h.orgId]);
    await h.passTimeTo(at('2026-12-01T23:00:30Z')); // 19:00 in Manaus
    await h.waitFor(async () => (await summaries()).length === 2);
    expect((await summaries()).map((s) => s.org_id).sort()).to.deep.equal([h.orgId, manaus.id].sort());
  });

  it('answers analytics with the figures of a seeded week', async () => {
    h = await startPipeline();
    const db = h.storage.db;
    const repos = repositories(db);
    const service = (await repos.services.list(h.orgId))[0]!;
    const contact = await repos.contacts.findOrCreateByPhone(h.orgId, { phone: CUSTOMER, name: 'Ana' }, new Date(h.clock.now()));
    const pet = await repos.pets.upsert(h.orgId, contact.id, { name: 'Rex', species: 'cão', size: 'M' }, new Date(h.clock.now()));
    // This week (Mon 30/11 – Sun 6/12): 3 completed at R$ 65, 1 cancelled, 1 no-show, 1 scheduled. Last week: 2 completed.
    const seed = [
      ['2026-11-30T12:00:00Z', 'completed'], ['2026-11-30T14:00:00Z', 'completed'], ['2026-12-01T12:00:00Z', 'completed'],
      ['2026-12-01T14:00:00Z', 'cancelled'], ['2026-12-01T16:00:00Z', 'no_show'], ['2026-12-03T12:00:00Z', 'scheduled'],
      ['2026-11-24T12:00:00Z', 'completed'], ['2026-11-25T12:00:00Z', 'completed'],
    ] as const;
    for (const [startsAt, status] of seed) {
      const ends = new Date(new Date(startsAt).getTime() + 3_600_000);
      await db.insertInto('bookings').values({
        org_id: h.orgId, contact_id: contact.id, pet_id: pet.id, service_id: service.id, category: 'banho', pet_size: 'M', starts_at: startsAt,
        ends_at: ends, blocked_until: ends, status, price_cents: 6500, source: 'staff',
        created_at: new Date(h.clock.now()), updated_at: new Date(h.clock.now()),
      }).execute();
    }
    await ownerSays('e a semana?', 'O-1');
    const reply = toOwner().at(-1)!;
    expect(reply).to.contain('📊 *Esta semana*');
    expect(reply).to.contain('📋 Atendimentos marcados para esta semana: 6 (📈 +200% vs. período anterior)');
    expect(reply).to.contain('🗓️ Agendamentos feitos nesta semana (para qualquer data): 8');
    expect(reply).to.contain('✅ Concluídos: 3');
    expect(reply).to.contain('❌ Cancelamentos: 1');
    expect(reply).to.contain('⚠️ No-shows: 1');
    expect(reply).to.contain('💰 Receita (concluídos): R$ 195,00 (📈 +50% vs. período anterior)');
    expect(reply).to.contain('🏆 Mais pedidos: Banho (5)');
  });

  it('sends a campaign only after "sim", never to opted-out customers, and stops when told', async () => {
    h = await startPipeline();
    const repos = repositories(h.storage.db);
    const old = new Date('2026-09-01T12:00:00Z');
    const phones = ['+5511911110001', '+5511911110002', '+5511911110003', '+5511911110004'];
    for (const phone of phones) {
      const c = await repos.contacts.findOrCreateByPhone(h.orgId, { phone, name: `Cliente ${phone.slice(-1)}` }, new Date(h.clock.now()));
      await repos.contacts.touchInteraction(h.orgId, c.id, old);
      // Campaigns reach only customers who said yes to them.
      await new ConsentRepository(h.storage.db).record({ orgId: h.orgId, contactId: c.id, decision: 'granted', source: 'staff', evidence: 'test', now: old });
    }
    const optedOut = await repos.contacts.findByPhone(h.orgId, phones[3]!);
    await repos.contacts.setMarketingOptOut(h.orgId, optedOut!.id, true, old);

    await ownerSays('sugira uma campanha de reativação', 'O-1');
    expect(toOwner().at(-1)).to.match(/Campanha de reativação\* para 3 clientes[\s\S]*Confirma o envio\? \(sim\/não\)/);
    await h.settle(60_000);
    const campaignSends = () => phones.flatMap((p) => h!.simulator.sentTo(h!.instanceId, p));
    expect(campaignSends()).to.deep.equal([]); // nothing without confirmation

    await ownerSays('sim', 'O-2');
    expect(toOwner().at(-1)).to.match(/Campanha confirmada! Enviando para 3 clientes/);
    // Cold pacing: one message, then ≥ 4 s before the next. Stop after the first.
    await h.waitFor(async () => campaignSends().length >= 1);
    await ownerSays('para a campanha', 'O-3');
    expect(toOwner().at(-1)).to.match(/Campanha interrompida: 1 enviada, 2 canceladas/);
    await h.settle(120_000);
    expect(campaignSends()).to.have.length(1);
    expect(h.simulator.sentTo(h.instanceId, phones[3]!)).to.deep.equal([]);
    expect(campaignSends()[0]!.text).to.contain('responda PARAR');
  });

  it('gives a customer who asks Aurora-style questions the customer assistant, never analytics', async () => {
    h = await startPipeline();
    h.simulator.inject(h.instanceId, { from: CUSTOMER, text: 'como foi hoje? me passa o faturamento da semana', id: 'C-1' });
    await h.untilInbox(1);
    await h.settle();
    const toCustomer = h.simulator.sentTo(h.instanceId, CUSTOMER).map((m) => m.text);
    expect(toCustomer).to.have.length(1);
    expect(toCustomer[0]).to.not.match(/Resumo|Receita|📊/);
    expect(h.agent.turns).to.have.length(1);
  });
});
