import { expect } from 'chai';
import { AnalyticsRepository } from '../../storage/analytics.repository.js';
import { ERASED_TEXT, erasePersonalData } from '../../storage/personal-data-eraser.js';
import { exportPersonalData } from '../../storage/personal-data-export.js';
import { repositories } from '../../storage/repositories.js';
import { seedCustomerHistory, type Customer } from '../support/customer-history.js';
import { FIXTURE_TIME } from '../support/fake-clock.js';
import { findPersonalData } from '../support/personal-data-search.js';
import { describeEachEngine } from '../support/test-database.js';

const ANA: Customer = { phone: '+5511987654321', name: 'Ana Souza', petName: 'Rex' };
const BRUNO: Customer = { phone: '+5521912345678', name: 'Bruno Lima', petName: 'Thor' };
const OWNER = '+5511900000001';

describeEachEngine('personal data: export and deletion', (fx) => {
  async function world() {
    const db = fx.handle.db;
    const repos = repositories(db);
    const at = FIXTURE_TIME;
    const org = await repos.organizations.create({ name: 'Pet Shop Teste', ownerNumbers: [OWNER] }, at);
    const instance = await repos.instances.create({ orgId: org.id, name: 'Principal', transport: 'simulator', createdAt: at });
    const service = await repos.services.create(org.id, { name: 'Banho', category: 'banho', species: ['cão'], bySize: { M: { durationMin: 60, priceCents: 6000 } } }, at);
    const owner = await repos.contacts.findOrCreateByPhone(org.id, { phone: OWNER, name: 'Dona' }, at);
    const ownerConversation = await repos.conversations.findOrCreate(org.id, owner.id, instance.id, at);
    const w = { orgId: org.id, instanceId: instance.id, serviceId: service.id, ownerConversationId: ownerConversation.id };
    const ana = await seedCustomerHistory(db, w, ANA, at, 'a');
    const bruno = await seedCustomerHistory(db, w, BRUNO, at, 'b');
    return { org, ana, bruno };
  }

  async function figures(orgId: string) {
    const analytics = new AnalyticsRepository(fx.handle.db);
    const from = new Date('2025-01-01T00:00:00Z');
    const to = new Date('2027-01-01T00:00:00Z');
    const count = async (table: 'contacts' | 'pets' | 'bookings' | 'messages' | 'conversations' | 'campaign_recipients' | 'ai_interactions') =>
      Number((await fx.handle.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    return {
      status: await analytics.statusCounts(orgId, from, to),
      newCustomers: await analytics.newCustomers(orgId, from, to, [OWNER]),
      topServices: await analytics.topServices(orgId, from, to),
      rows: { contacts: await count('contacts'), pets: await count('pets'), bookings: await count('bookings'), messages: await count('messages'), conversations: await count('conversations'), recipients: await count('campaign_recipients'), modelCalls: await count('ai_interactions') },
    };
  }

  it('exports every row held about the customer and nothing of another customer', async () => {
    const { org, ana } = await world();
    const doc = (await exportPersonalData(fx.handle.db, org.id, ana.contact.id, FIXTURE_TIME))!;
    expect(doc.format).to.equal('patinha.personal-data.v1');
    expect(doc.contact).to.include({ id: ana.contact.id, phone: ANA.phone, name: ANA.name, email: 'a@exemplo.com.br', birthday: '1990-05-17' });
    expect(doc.pets.map((p) => p.name)).to.deep.equal(['Rex']);
    expect(doc.bookings.map((b) => b.id).sort()).to.deep.equal([...ana.bookings].sort());
    expect(doc.conversations).to.have.length(1);
    const messages = doc.conversations[0]!.messages;
    // Every message of every conversation of theirs: what they said and what was said to them.
    const stored = await fx.handle.db.selectFrom('messages').select('id').where('conversation_id', '=', ana.conversation.id).execute();
    expect(messages.map((m) => m.id).sort()).to.deep.equal(stored.map((m) => m.id).sort());
    expect(messages.map((m) => m.author)).to.have.members(['customer', 'bot']);
    expect(doc.consent.marketing.granted).to.equal(true);
    expect(doc.consent.history.map((e) => [e.decision, e.source, e.evidence])).to.deep.equal([['granted', 'whatsapp', `inbox:${ana.inboxId}`]]);
    expect(doc.proposals.map((p) => p.summary)).to.deep.equal(['Cadastrar Rex']);
    expect(doc.campaignsReceived.map((c) => c.campaignId)).to.deep.equal([ana.campaignId]);
    expect(doc.assistantCalls).to.have.length(1);
    // Nothing of Bruno anywhere in it (his phone, name, pet, ids).
    const text = JSON.stringify(doc);
    for (const needle of [BRUNO.phone, BRUNO.phone.slice(1), BRUNO.name, BRUNO.petName, 'Bruno']) expect(text, needle).to.not.contain(needle);
    expect(await exportPersonalData(fx.handle.db, org.id, '00000000-0000-4000-8000-000000000000', FIXTURE_TIME)).to.equal(undefined);
  });

  it('anonymises the customer in one transaction: no trace of phone, name or pet in any text column, the figures unchanged', async () => {
    const { org, ana, bruno } = await world();
    // An old account: WhatsApp writes Ana's number without the 9th digit, and so her chat's address.
    const legacy = '551187654321';
    const repos = repositories(fx.handle.db);
    const [legacyInbox] = await repos.inbox.acceptMany([{ orgId: org.id, instanceId: ana.conversation.instanceId, remoteJid: `${legacy}@s.whatsapp.net`, waMessageId: 'WA-old', fromMe: false, senderPhone: legacy, pushName: 'Ana', text: 'mensagem antiga', receivedAt: FIXTURE_TIME }]);
    await repos.inbox.markProcessed(legacyInbox!, 'agent', FIXTURE_TIME);
    await repos.messages.insertOnce({ orgId: org.id, conversationId: ana.conversation.id, instanceId: ana.conversation.instanceId, remoteJid: `${legacy}@s.whatsapp.net`, waMessageId: 'WA-old', fromMe: false, direction: 'in', author: 'customer', text: 'mensagem antiga', createdAt: FIXTURE_TIME });
    const anaTraces = [ANA.phone, ANA.phone.slice(1), legacy, ANA.name, 'Souza', ANA.petName, 'a@exemplo.com.br', 'a99887766', 'mensagem antiga'];
    expect((await findPersonalData(fx.handle.db, anaTraces)).length, 'the seed leaves traces everywhere').to.be.greaterThan(10);
    const before = await figures(org.id);

    const counts = await fx.handle.db.transaction().execute((trx) => erasePersonalData(trx, { orgId: org.id, contactId: ana.contact.id, now: FIXTURE_TIME }));

    expect(counts).to.include({ messages: 3, pets: 1, bookings: 2 });
    expect(await findPersonalData(fx.handle.db, anaTraces)).to.deep.equal([]);
    expect(await figures(org.id)).to.deep.equal(before);
    // Bruno keeps everything.
    const brunoTraces = await findPersonalData(fx.handle.db, [BRUNO.phone, BRUNO.name, BRUNO.petName]);
    for (const column of ['contacts.phone', 'contacts.name', 'pets.name', 'messages.text', 'inbox.text', 'outbox.to_phone', 'pending_actions.summary', 'bookings.cancel_reason']) {
      expect(brunoTraces.some((hit) => hit.startsWith(`${column} `)), column).to.equal(true);
    }
    const contact = await repositories(fx.handle.db).contacts.findById(org.id, ana.contact.id);
    expect(contact).to.include({ phone: null, name: null, email: null, marketingConsentAt: null, anonymizedAt: FIXTURE_TIME.toISOString() });
    const [message] = await fx.handle.db.selectFrom('messages').select(['text', 'erased_at']).where('conversation_id', '=', ana.conversation.id).where('direction', '=', 'in').execute();
    expect(message).to.deep.equal({ text: ERASED_TEXT, erased_at: FIXTURE_TIME });
    const pending = await fx.handle.db.selectFrom('outbox').select('status').where('to_phone', '=', BRUNO.phone).execute();
    expect(pending.every((row) => row.status === 'pending')).to.equal(true);
    expect(await fx.handle.db.selectFrom('outbox').select('status').where('org_id', '=', org.id).where('idempotency_key', 'like', 'campaign:%').where('to_phone', '=', '').execute()).to.deep.equal([{ status: 'cancelled' }]);
    void bruno;
  });

  it('changes nothing the second time, and nothing at all for an unknown or foreign contact', async () => {
    const { org, ana } = await world();
    const other = await repositories(fx.handle.db).organizations.create({ name: 'Outra' }, FIXTURE_TIME);
    expect(await erasePersonalData(fx.handle.db, { orgId: other.id, contactId: ana.contact.id, now: FIXTURE_TIME })).to.equal(undefined);
    expect((await findPersonalData(fx.handle.db, [ANA.phone])).length).to.be.greaterThan(0);
    await erasePersonalData(fx.handle.db, { orgId: org.id, contactId: ana.contact.id, now: FIXTURE_TIME });
    expect(await erasePersonalData(fx.handle.db, { orgId: org.id, contactId: ana.contact.id, now: new Date(FIXTURE_TIME.getTime() + 1000) })).to.equal(undefined);
    const contact = await repositories(fx.handle.db).contacts.findById(org.id, ana.contact.id);
    expect(contact?.anonymizedAt).to.equal(FIXTURE_TIME.toISOString());
  });
});
