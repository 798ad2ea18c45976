import { expect } from 'chai';
import type { CustomerAgent } from '../../agents/customer-agent.js';
import { createOfflineCustomerAgent } from '../../agents/offline-customer-agent.js';
import { repositories } from '../../storage/repositories.js';
import { CORPUS_SERVICES, questionsAskedThrice } from '../support/conversation-corpus.js';
import { startPipeline, type PipelineHarness } from '../support/pipeline-harness.js';

/**
 * The failures customers met with the offline assistant (issue #16), each
 * replayed through the simulator: the whole pipeline, real database.
 */
describe('offline assistant with real customers (simulator → actors → database)', () => {
  let h: PipelineHarness<CustomerAgent> | undefined;
  let sent = 0;
  const PHONE = '+5511976543210';
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  async function start(options: { bathCapacity?: number } = {}) {
    h = await startPipeline<CustomerAgent>({ agent: createOfflineCustomerAgent(), services: CORPUS_SERVICES, ...options });
    sent = 0;
    return h;
  }

  async function say(...texts: string[]): Promise<string[]> {
    const before = h!.simulator.sentTo(h!.instanceId, PHONE).length;
    for (const text of texts) {
      h!.simulator.inject(h!.instanceId, { from: PHONE, text, id: `WA-CONV-${++sent}` });
      await h!.untilInbox(sent);
      await h!.settle(2_000);
    }
    return h!.simulator.sentTo(h!.instanceId, PHONE).slice(before).map((m) => m.text);
  }

  async function pets() {
    return h!.storage.db.selectFrom('pets').select(['name', 'species', 'breed', 'size', 'sex']).orderBy('name').execute();
  }

  async function onFile(name: string, species: string, size: 'P' | 'M' | 'G', sex: 'macho' | 'fêmea') {
    const repos = repositories(h!.storage.db);
    const now = new Date(h!.clock.now());
    const contact = await repos.contacts.findOrCreateByPhone(h!.orgId, { phone: PHONE }, now);
    return repos.pets.upsert(h!.orgId, contact.id, { name, species, size, sex }, now);
  }

  it('reads a lower-case name and a breed in a messy sentence and registers the pet with its usual size ("minha shih tzu luna ta fedendo kkkk")', async () => {
    await start();
    const [proposal] = await say('minha shih tzu luna ta fedendo kkkk');
    expect(proposal).to.match(/cadastrar Luna, cão \(shih tzu\), porte P .*Confirma\? \(sim\/não\)$/);
    const [registered] = await say('sim');
    expect(registered).to.match(/^Pronto! Luna está cadastrada\./);
    expect(await pets()).to.deep.equal([{ name: 'Luna', species: 'cão', breed: 'shih tzu', size: 'P', sex: 'fêmea' }]);
  });

  it('registers several pets from one message, each with its own facts', async () => {
    await start();
    const [proposal] = await say('tenho um golden chamado thor e uma gata siamesa, a mel. quero cadastrar os dois');
    expect(proposal).to.contain('Thor, cão (golden retriever), porte G').and.to.contain('Mel, gato (siamês), porte P');
    expect(await say('sim')).to.deep.equal(['Pronto! Thor e Mel estão cadastrados. 🐾 Quer agendar algum serviço para Thor ou Mel?']);
    expect(await pets()).to.deep.equal([
      { name: 'Mel', species: 'gato', breed: 'siamês', size: 'P', sex: 'fêmea' },
      { name: 'Thor', species: 'cão', breed: 'golden retriever', size: 'G', sex: 'macho' },
    ]);
  });

  it('never carries one pet\'s facts into another: Mel is not offered as a golden retriever of porte G', async () => {
    await start();
    await say('quero banho pro meu golden thor');
    const [proposal] = await say('na verdade é pra mel, minha gata pequena');
    expect(proposal).to.match(/cadastrar Mel, gato, porte P/);
    expect(proposal).to.not.match(/golden|porte G/);
    await say('sim');
    expect(await pets()).to.deep.equal([{ name: 'Mel', species: 'gato', breed: null, size: 'P', sex: 'fêmea' }]);
  });

  it('never asks the same question a third time: the second time with an example, the third time it offers the team', async () => {
    await start();
    const replies = await say('quero agendar banho', 'sei lá', '???');
    expect(replies[0]).to.contain('Para qual pet é?');
    expect(replies[1]).to.contain('por exemplo');
    expect(replies[2]).to.contain('Quer que eu chame alguém da equipe?');
    expect(questionsAskedThrice(replies)).to.deep.equal([]);
    await say('sim');
    const conversation = await h!.storage.db.selectFrom('conversations').select('mode').executeTakeFirstOrThrow();
    expect(conversation.mode).to.equal('human');
  });

  it('refuses, in pt-BR, a second booking of the same pet at the same hour although capacity is left', async () => {
    await start({ bathCapacity: 2 });
    await onFile('Rex', 'cão', 'M', 'macho');
    await say('banho pro rex amanha 10h', 'sim');
    const [refusal] = await say('quero outro banho pro rex amanha 10h');
    expect(refusal).to.contain('Esse pet já tem um agendamento nesse horário.');
    const bookings = await h!.storage.db.selectFrom('bookings').select('starts_at').execute();
    expect(bookings.map((b) => b.starts_at.toISOString())).to.deep.equal(['2026-12-02T13:00:00.000Z']);
  });

  it('prices a breed at the one size that fits ("tosa pra um golden" → porte G)', async () => {
    await start();
    const [price] = await say('quanto custa a tosa pra um golden?');
    expect(price).to.equal('Tosa para golden retriever: R$ 120,00 (porte grande).');
  });

  it('agrees in gender: "Pipoca está cadastrada" for "minha cachorra Pipoca", and asks when nothing tells', async () => {
    await start();
    await say('quero cadastrar minha cachorra pipoca, porte medio');
    expect(await say('sim')).to.satisfy((r: string[]) => r[0]!.startsWith('Pronto! Pipoca está cadastrada.'));
    const [question] = await say('quero cadastrar o cacau, um gato pequeno');
    // "o Cacau" tells: no question. A bare unisex name does not:
    expect(question).to.match(/cadastrar Cacau/);
    await say('não');
    expect(await say('quero cadastrar meu pet', 'paçoca', 'gato', 'pequeno')).to.include('Paçoca é macho ou fêmea?');
  });

  it('says there is nothing on Friday when asked to cancel Friday, and lists what there is', async () => {
    await start();
    const rex = await onFile('Rex', 'cão', 'M', 'macho');
    const repos = repositories(h!.storage.db);
    const service = (await repos.services.list(h!.orgId)).find((s) => s.name === 'Banho')!;
    const { BookingsRepository } = await import('../../storage/bookings.repository.js');
    await new BookingsRepository(h!.storage.db).book(h!.orgId, { contactId: rex.contactId, petId: rex.id, serviceId: service.id, startsAt: '2026-12-03T10:00:00-03:00', source: 'staff' }, new Date(h!.clock.now()));
    const [reply] = await say('cancela meu horário de sexta');
    expect(reply).to.match(/^Não encontrei nenhum agendamento seu na sexta, 04\/12\./);
    expect(reply).to.contain('Banho do Rex — quinta, 03/12 às 10h');
    expect(reply).to.not.match(/agendar|horários livres/i);
    const pending = await h!.storage.db.selectFrom('pending_actions').select('kind').execute();
    expect(pending).to.deep.equal([]);
  });

  it('answers a question asked while a confirmation is pending, then repeats the pending confirmation', async () => {
    await start();
    await onFile('Rex', 'cão', 'M', 'macho');
    const [proposal] = await say('banho pro rex amanha 10h');
    expect(proposal).to.match(/Confirma\? \(sim\/não\)$/);
    const [answer] = await say('onde fica a loja?');
    expect(answer).to.contain('Rua A, 1');
    expect(answer).to.match(/Sobre o seu pedido: .*Banho para Rex.*Confirma\? \(sim\/não\)$/s);
    expect(answer.match(/Confirma\?/g)).to.have.length(1);
    expect(await say('sim')).to.satisfy((r: string[]) => r[0]!.startsWith('Agendado!'));
  });

  it('asks which other day suits after a "não" to the offered times instead of repeating them', async () => {
    await start();
    await onFile('Rex', 'cão', 'M', 'macho');
    const [list] = await say('quero banho pro rex amanha de manha');
    expect(list).to.contain('Tenho estes horários');
    const [next] = await say('não');
    expect(next).to.equal('Sem problemas! Qual outro dia ou horário fica bom para você? Por exemplo: "quinta à tarde" ou "sábado às 10h".');
  });
});
