import { expect } from 'chai';
import { createOfflineCustomerAgent } from '../../agents/offline-customer-agent.js';
import type { CustomerAgent } from '../../agents/customer-agent.js';
import { BookingsRepository } from '../../storage/bookings.repository.js';
import { repositories } from '../../storage/repositories.js';
import { CUSTOMER, startPipeline, type PipelineHarness } from '../support/pipeline-harness.js';

describe('offline pt-BR assistant through the whole pipeline', () => {
  let h: PipelineHarness<CustomerAgent> | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('books a bath in a scripted conversation of at most 8 customer messages', async () => {
    h = await startPipeline({ agent: createOfflineCustomerAgent() });
    const conversation = ['oi', 'quero agendar um banho', 'meu cachorro se chama Thor, é um vira-lata de porte médio', 'sim', 'amanhã de manhã', '1', 'sim'];
    expect(conversation.length).to.be.at.most(8);
    for (const [i, text] of conversation.entries()) {
      h.simulator.inject(h.instanceId, { from: CUSTOMER, text, id: `WA-${i}` });
      await h.untilInbox(i + 1);
      await h.settle();
    }
    const replies = h.simulator.sentTo(h.instanceId, CUSTOMER).map((m) => m.text);
    expect(replies).to.have.length(conversation.length);
    expect(replies[3]).to.equal('Pronto! Thor está cadastrado. 🐾 Para qual dia e período? Por exemplo: "amanhã de manhã" ou "sexta à tarde".');
    expect(replies.at(-2)).to.match(/Confirma\? \(sim\/não\)$/);
    expect(replies.at(-1)).to.match(/^Agendado! ✅ Banho para Thor em quarta-feira, 02\/12, às 8h/);
    const bookings = await h.storage.db.selectFrom('bookings').select(['status', 'source', 'price_cents', 'starts_at']).execute();
    expect(bookings).to.have.length(1);
    expect(bookings[0]).to.include({ status: 'scheduled', source: 'whatsapp', price_cents: 6500 });
    expect(bookings[0]!.starts_at.toISOString()).to.equal('2026-12-02T11:00:00.000Z');
    const pets = await h.storage.db.selectFrom('pets').select(['name', 'species', 'size', 'breed']).execute();
    expect(pets).to.deep.equal([{ name: 'Thor', species: 'cão', size: 'M', breed: 'vira-lata' }]);
    const pending = await h.storage.db.selectFrom('pending_actions').select(['kind', 'status']).orderBy('created_at').execute();
    expect(pending).to.deep.equal([{ kind: 'cadastrar_pet', status: 'confirmed' }, { kind: 'agendar_servico', status: 'confirmed' }]);
    const processed = await h.storage.db.selectFrom('inbox').select('processed_at').where('processed_at', 'is', null).execute();
    expect(processed).to.deep.equal([]);
  });

  describe('a customer who names the hour ("amanhã às 15h", with Rex on file)', () => {
    async function registerRex(phone = CUSTOMER, name = 'Rex') {
      const repos = repositories(h!.storage.db);
      const now = new Date(h!.clock.now());
      const contact = await repos.contacts.findOrCreateByPhone(h!.orgId, { phone }, now);
      const pet = await repos.pets.upsert(h!.orgId, contact.id, { name, species: 'cão', size: 'M' }, now);
      return { contact, pet, service: (await repos.services.list(h!.orgId))[0]! };
    }

    async function say(texts: string[]): Promise<string[]> {
      for (const [i, text] of texts.entries()) {
        h!.simulator.inject(h!.instanceId, { from: CUSTOMER, text, id: `WA-HOUR-${i}` });
        await h!.untilInbox(i + 1);
        await h!.settle();
      }
      return h!.simulator.sentTo(h!.instanceId, CUSTOMER).map((m) => m.text);
    }

    it('offers 15h when it is free and books 15:00 local after "sim"', async () => {
      h = await startPipeline({ agent: createOfflineCustomerAgent() });
      await registerRex();

      const [offer, booked] = await say(['quero banho pro Rex amanhã às 15h', 'sim']);

      expect(offer).to.match(/^Tenho horário livre às 15h! .*quarta-feira, 02\/12, às 15h.*Confirma\? \(sim\/não\)$/s);
      expect(offer).to.not.contain('não tenho');
      expect(booked).to.match(/^Agendado! ✅ Banho para Rex em quarta-feira, 02\/12, às 15h/);
      const bookings = await h.storage.db.selectFrom('bookings').select(['status', 'starts_at']).execute();
      expect(bookings.map((b) => [b.status, b.starts_at.toISOString()])).to.deep.equal([['scheduled', '2026-12-02T18:00:00.000Z']]);
    });

    it('says 15h is taken and offers the free times nearest 15h, not the first of the day', async () => {
      h = await startPipeline({ agent: createOfflineCustomerAgent() });
      await registerRex();
      // Another customer's bath fills the only place at 15:00 (capacity banho: 1).
      const other = await registerRex('+5511911112222', 'Bolt');
      const now = new Date(h.clock.now());
      await new BookingsRepository(h.storage.db).book(
        h.orgId,
        { contactId: other.contact.id, petId: other.pet.id, serviceId: other.service.id, startsAt: '2026-12-02T15:00:00-03:00', source: 'staff' },
        now,
      );

      const [reply] = await say(['quero banho pro Rex amanhã às 15h']);

      expect(reply).to.contain('Às 15h não tenho horário livre.');
      expect(reply).to.match(/14h\b/);
      expect(reply).to.match(/16h\b/);
      expect(reply).to.not.match(/às 8h\b/);
      const pending = await h.storage.db.selectFrom('pending_actions').select('kind').execute();
      expect(pending).to.deep.equal([]);
    });
  });
});
