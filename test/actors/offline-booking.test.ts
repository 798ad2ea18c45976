import { expect } from 'chai';
import { createOfflineCustomerAgent } from '../../agents/offline-customer-agent.js';
import type { CustomerAgent } from '../../agents/customer-agent.js';
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
});
