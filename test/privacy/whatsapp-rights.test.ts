import { expect } from 'chai';
import { createOfflineCustomerAgent } from '../../agents/offline-customer-agent.js';
import type { CustomerAgent } from '../../agents/customer-agent.js';
import { DELETION_DONE, DELETION_QUESTION } from '../../actors/conversation/data-deletion.js';
import { CONSENT_GRANTED_REPLY } from '../../actors/conversation/marketing-consent.js';
import { ConsentRepository } from '../../storage/consent.repository.js';
import { repositories } from '../../storage/repositories.js';
import { findPersonalData } from '../support/personal-data-search.js';
import { CUSTOMER, describeOnEachEngine, startPipeline, type PipelineHarness } from '../support/pipeline-harness.js';

/** The customer's rights served on WhatsApp, through the simulator and the whole actor tree (offline assistant). */
describeOnEachEngine('privacy on WhatsApp', () => {
  let h: PipelineHarness<CustomerAgent> | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  let sent = 0;
  async function say(text: string): Promise<string> {
    sent++;
    h!.simulator.inject(h!.instanceId, { from: CUSTOMER, text, id: `WA-P-${sent}`, pushName: 'Ana Souza' });
    await h!.untilInbox(sent);
    await h!.settle();
    return h!.simulator.sentTo(h!.instanceId, CUSTOMER).at(-1)!.text;
  }

  beforeEach(() => {
    sent = 0;
  });

  it('asks "Confirma?" on "apagar meus dados", anonymises after "sim", and the confirmation still reaches the phone', async () => {
    h = await startPipeline({ agent: createOfflineCustomerAgent() });
    await say('oi, quero agendar um banho');
    await say('meu cachorro se chama Thor, é um vira-lata de porte médio');
    await say('sim'); // Thor registered
    const repos = repositories(h.storage.db);
    const contact = (await repos.contacts.findByPhone(h.orgId, CUSTOMER))!;
    expect(contact.name).to.equal('Ana Souza');

    expect(await say('quero que apaguem meus dados')).to.equal(DELETION_QUESTION);
    expect((await repos.contacts.findById(h.orgId, contact.id))!.anonymizedAt, 'nothing before the yes').to.equal(null);
    expect(await say('sim')).to.equal(DELETION_DONE);

    const anonymised = (await repos.contacts.findById(h.orgId, contact.id))!;
    expect(anonymised).to.include({ phone: null, name: null });
    expect(anonymised.anonymizedAt).to.be.a('string');
    // Delivered (the simulator got it above) and then the outbox row forgot where it went.
    const confirmation = await h.storage.db.selectFrom('outbox').select(['status', 'to_phone', 'to_jid', 'text']).where('text', '=', DELETION_DONE).executeTakeFirstOrThrow();
    expect(confirmation).to.deep.equal({ status: 'sent', to_phone: '', to_jid: '', text: DELETION_DONE });
    expect(await findPersonalData(h.storage.db, [CUSTOMER, CUSTOMER.slice(1), 'Ana Souza', 'Thor', 'vira-lata'])).to.deep.equal([]);
    const audit = await h.storage.db.selectFrom('audit_log').select(['actor', 'action', 'entity_id']).where('action', '=', 'contact.anonymized').execute();
    expect(audit).to.deep.equal([{ actor: 'customer:whatsapp', action: 'contact.anonymized', entity_id: contact.id }]);

    // Writing again is starting over: a new customer, with nothing of the old one.
    await say('oi');
    const fresh = (await repos.contacts.findByPhone(h.orgId, CUSTOMER))!;
    expect(fresh.id).to.not.equal(contact.id);
    expect((await repos.pets.listByContact(h.orgId, fresh.id))).to.deep.equal([]);
  });

  it('changes nothing when the customer answers "não"', async () => {
    h = await startPipeline({ agent: createOfflineCustomerAgent() });
    expect(await say('excluir meu cadastro')).to.equal(DELETION_QUESTION);
    expect(await say('não')).to.match(/não fiz nada/);
    const contact = await repositories(h.storage.db).contacts.findByPhone(h.orgId, CUSTOMER);
    expect(contact?.anonymizedAt).to.equal(null);
  });

  it('asks for marketing consent after the first booking, records "QUERO RECEBER" with its message, and PARAR withdraws it', async () => {
    h = await startPipeline({ agent: createOfflineCustomerAgent() });
    for (const text of ['oi', 'quero agendar um banho', 'meu cachorro se chama Thor, é um vira-lata de porte médio', 'sim', 'amanhã de manhã', '1']) await say(text);
    const booked = await say('sim');
    expect(booked).to.match(/^Agendado! ✅/);
    expect(booked).to.contain('Posso te mandar novidades e promoções da Pet Shop Teste por aqui? Se quiser, responda QUERO RECEBER.');
    const repos = repositories(h.storage.db);
    const asked = (await repos.contacts.findByPhone(h.orgId, CUSTOMER))!;
    expect(asked.marketingConsentAskedAt).to.be.a('string');
    expect(asked.marketingConsentAt).to.equal(null);

    expect(await say('QUERO RECEBER')).to.equal(CONSENT_GRANTED_REPLY);
    const consented = (await repos.contacts.findByPhone(h.orgId, CUSTOMER))!;
    // When: the turn's time on the injected clock, after the question was asked.
    expect(Date.parse(consented.marketingConsentAt!)).to.be.within(Date.parse(asked.marketingConsentAskedAt!) + 1, h.clock.now());
    expect(await say('PARAR')).to.match(/não vai mais receber/);
    const history = await new ConsentRepository(h.storage.db).listForContact(h.orgId, asked.id);
    expect(history.map((e) => [e.decision, e.source])).to.deep.equal([['granted', 'whatsapp'], ['revoked', 'whatsapp']]);
    expect(history.every((e) => /^inbox:\d+$/.test(e.evidence))).to.equal(true);
    expect((await repos.contacts.findByPhone(h.orgId, CUSTOMER))!).to.include({ marketingConsentAt: null, marketingOptOut: true });
  });
});
