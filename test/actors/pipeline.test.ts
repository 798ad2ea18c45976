import { expect } from 'chai';
import { repositories } from '../../storage/repositories.js';
import { CUSTOMER, describeOnEachEngine, OWNER, ScriptedAgent, startPipeline, type PipelineHarness } from '../support/pipeline-harness.js';
import { eventually } from '../support/eventually.js';
import { findByAddress } from '../../runtime/node.js';
import { conversationAddress } from '../../actors/addresses.js';
import type { ShopSnapshot } from '../../actors/shop/shop-snapshot.js';
import { phoneToJid } from '../../domain/phone.js';
import { InboxRepository } from '../../storage/inbox.repository.js';

describeOnEachEngine('message pipeline (simulator → inbox → conversation → outbox → simulator)', () => {
  let h: PipelineHarness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  const replies = () => h!.simulator.sentTo(h!.instanceId, CUSTOMER).map((s) => s.text);

  it('answers one message with exactly one reply and records every table', async () => {
    h = await startPipeline();
    h.simulator.inject(h.instanceId, { from: CUSTOMER, text: 'oi', id: 'WA-1', pushName: 'Ana' });
    await h.settle();
    expect(replies()).to.deep.equal(['Recebi: oi']);
    const db = h.storage.db;
    const inbox = await db.selectFrom('inbox').selectAll().execute();
    expect(inbox.map((r) => [r.processed_at !== null, r.outcome])).to.deep.equal([[true, 'agent']]);
    const messages = await db.selectFrom('messages').select(['author', 'text']).orderBy('created_at').execute();
    expect(messages).to.deep.equal([{ author: 'customer', text: 'oi' }, { author: 'bot', text: 'Recebi: oi' }]);
    const outbox = await db.selectFrom('outbox').select(['status', 'idempotency_key']).execute();
    expect(outbox).to.deep.equal([{ status: 'sent', idempotency_key: `reply:${inbox[0]!.id}` }]);
    const contact = await repositories(db).contacts.findByPhone(h.orgId, CUSTOMER);
    expect(contact).to.include({ name: 'Ana' });
    const conversation = await db.selectFrom('conversations').select(['last_message_at', 'mode']).executeTakeFirstOrThrow();
    expect(conversation.mode).to.equal('bot');
    expect(conversation.last_message_at).to.not.equal(null);
  });

  it('replies once to a message WhatsApp delivers twice', async () => {
    h = await startPipeline();
    h.simulator.inject(h.instanceId, { from: CUSTOMER, text: 'oi', id: 'WA-1' });
    h.simulator.inject(h.instanceId, { from: CUSTOMER, text: 'oi', id: 'WA-1' });
    await h.settle();
    h.simulator.inject(h.instanceId, { from: CUSTOMER, text: 'oi', id: 'WA-1' });
    await h.settle();
    expect(replies()).to.deep.equal(['Recebi: oi']);
    expect(h.agent.turns).to.have.length(1);
  });

  it('answers a burst of messages within the window as one turn', async () => {
    h = await startPipeline({ burstMs: 1500 });
    h.simulator.inject(h.instanceId, { from: CUSTOMER, text: 'oi', id: 'WA-1' });
    await h.untilInbox(1);
    await h.clock.advance(500);
    h.simulator.inject(h.instanceId, { from: CUSTOMER, text: 'quero marcar banho', id: 'WA-2' });
    await h.untilInbox(2);
    await h.clock.advance(500);
    h.simulator.inject(h.instanceId, { from: CUSTOMER, text: 'pro Rex', id: 'WA-3' });
    await h.untilInbox(3);
    await h.settle();
    expect(h.agent.turns.map((t) => t.text)).to.deep.equal(['oi\nquero marcar banho\npro Rex']);
    expect(replies()).to.have.length(1);
  });

  it('counts the burst window from the message\'s arrival: time it spent reaching the actor is not added', async () => {
    h = await startPipeline({ burstMs: 1500 });
    h.simulator.inject(h.instanceId, { from: CUSTOMER, text: 'oi', id: 'WA-1' });
    await h.untilInbox(1);
    await h.settle();
    const contact = (await repositories(h.storage.db).contacts.findByPhone(h.orgId, CUSTOMER))!;
    // The next message reaches the customer's actor 1.2 s after the number took it (a busy shop).
    const message = {
      orgId: h.orgId, instanceId: h.instanceId, remoteJid: phoneToJid(CUSTOMER), waMessageId: 'WA-2', fromMe: false,
      senderPhone: CUSTOMER, senderLid: null, pushName: null, text: 'quero marcar banho', receivedAt: new Date(h.clock.now()),
    };
    const [id] = await new InboxRepository(h.storage.db).acceptMany([message]);
    const snapshot = await h.actors.shop(h.orgId).ask<ShopSnapshot>({ type: 'shop.snapshot' });
    const customer = h.actors.conversation(h.orgId, contact.id);
    customer.tell({ type: 'conversation.inbound', row: { ...message, id: id!, attempts: 0, acceptedAtMs: h.clock.now() - 1_200 }, snapshot });
    await customer.ask({ type: 'conversation.refresh' }); // the inbound row is handled: its window runs
    await h.clock.advance(299);
    expect(h.agent.turns, 'still within the window').to.have.length(1);
    await h.clock.advance(1);
    await h.waitFor(async () => h!.agent.turns.length === 2, 'the turn 1.5 s after the arrival');
    expect(h.agent.turns[1]!.text).to.equal('quero marcar banho');
    // The turn's write is still in flight when the agent has answered: let it commit, so the
    // next test's TRUNCATE never meets it half-way (they deadlocked on PostgreSQL).
    await h.settle();
  });

  it('replies exactly once after the conversation crashes between the model\'s answer and the commit', async () => {
    let crashes = 0;
    h = await startPipeline({
      beforeCommit: () => {
        if (crashes++ === 0) throw new Error('crash after the model answered');
      },
    });
    h.simulator.inject(h.instanceId, { from: CUSTOMER, text: 'oi', id: 'WA-1' });
    await h.settle(10_000);
    await h.settle(10_000);
    expect(crashes).to.equal(2);
    expect(h.agent.turns).to.have.length(2); // the model was asked again after the restart…
    expect(replies()).to.deep.equal(['Recebi: oi']); // …but the customer got one reply
    const tree = JSON.stringify(h.actors.system.tree());
    expect(tree).to.contain('"restarts":1');
  });

  it('books through a pending action: the write happens only after "sim"', async () => {
    const agent = new ScriptedAgent(async (input) => {
      if (/banho/i.test(input.text)) {
        await input.tools.cadastrarPet({ nome: 'Rex', especie: 'cachorro', porte: 'M' });
        return { reply: 'Entendi, vou cadastrar Rex, cão, porte M (médio). Confirma? (sim/não)' };
      }
      if (/amanh/i.test(input.text)) {
        const outcome = await input.tools.agendarServico({ servico: 'banho', pet: 'Rex', inicio: '2026-12-02T10:00:00-03:00' });
        return { reply: outcome.ok ? outcome.say! : `erro ${outcome.code}` };
      }
      return { reply: 'Como posso ajudar?' };
    });
    h = await startPipeline({ agent });
    const say = async (text: string, id: string) => {
      h!.simulator.inject(h!.instanceId, { from: CUSTOMER, text, id });
      await h!.settle();
    };
    await say('quero banho pro meu cachorro', 'WA-1');
    expect(await h.storage.db.selectFrom('pets').selectAll().execute()).to.have.length(0);
    await say('sim', 'WA-2');
    expect((await h.storage.db.selectFrom('pets').select('name').execute()).map((p) => p.name)).to.deep.equal(['Rex']);
    await say('amanhã às 10', 'WA-3');
    expect(await h.storage.db.selectFrom('bookings').selectAll().execute()).to.have.length(0);
    await say('sim', 'WA-4');
    const bookings = await h.storage.db.selectFrom('bookings').select(['status', 'source', 'price_cents']).execute();
    expect(bookings).to.deep.equal([{ status: 'scheduled', source: 'whatsapp', price_cents: 6500 }]);
    const texts = replies();
    expect(texts).to.have.length(4);
    expect(texts[1]).to.match(/^Pronto! Rex está cadastrado/);
    expect(texts[2]).to.match(/Confirma\? \(sim\/não\)$/);
    expect(texts[3]).to.match(/^Agendado! ✅ Banho para Rex em quarta-feira, 02\/12, às 10h/);
    expect(agent.turns).to.have.length(2); // the two "sim" never reached the agent
  });

  it('goes silent in human mode after the shop replies from its own phone', async () => {
    h = await startPipeline();
    h.simulator.inject(h.instanceId, { from: CUSTOMER, text: 'oi', id: 'WA-1' });
    await h.settle();
    h.simulator.inject(h.instanceId, { from: CUSTOMER, text: 'Oi Ana, aqui é a Carla da loja!', id: 'WA-STAFF-1', fromMe: true });
    await h.settle();
    h.simulator.inject(h.instanceId, { from: CUSTOMER, text: 'oi Carla', id: 'WA-2' });
    await h.settle();
    expect(replies()).to.deep.equal(['Recebi: oi']);
    const conversation = await h.storage.db.selectFrom('conversations').select('mode').executeTakeFirstOrThrow();
    expect(conversation.mode).to.equal('human');
    const authors = await h.storage.db.selectFrom('messages').select('author').orderBy('created_at').execute();
    expect(authors.map((a) => a.author)).to.deep.equal(['customer', 'bot', 'staff', 'customer']);
  });

  it('sends the owner\'s messages to Aurora, never to the customer assistant', async () => {
    h = await startPipeline();
    h.simulator.inject(h.instanceId, { from: OWNER, text: 'como foi hoje?', id: 'WA-O1' });
    await h.settle();
    const toOwner = h.simulator.sentTo(h.instanceId, OWNER).map((s) => s.text);
    expect(toOwner).to.have.length(1);
    expect(toOwner[0]).to.match(/📊 \*Hoje\*/);
    expect(h.agent.turns).to.have.length(0);
  });

  it('opts a customer out of marketing on PARAR', async () => {
    h = await startPipeline();
    h.simulator.inject(h.instanceId, { from: CUSTOMER, text: 'PARAR', id: 'WA-1' });
    await h.settle();
    expect(replies()[0]).to.match(/não vai mais receber/);
    const contact = await repositories(h.storage.db).contacts.findByPhone(h.orgId, CUSTOMER);
    expect(contact?.marketingOptOut).to.equal(true);
    expect(h.agent.turns).to.have.length(0);
  });
});

describeOnEachEngine('answers to the day-before reminder', () => {
  let h: PipelineHarness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  async function remindedBooking() {
    const repos = repositories(h!.storage.db);
    const contact = await repos.contacts.findOrCreateByPhone(h!.orgId, { phone: CUSTOMER, name: 'Ana' }, new Date(h!.clock.now()));
    const pet = await repos.pets.upsert(h!.orgId, contact.id, { name: 'Rex', species: 'cão', size: 'M' }, new Date(h!.clock.now()));
    const service = (await repos.services.list(h!.orgId))[0]!;
    const { BookingsRepository } = await import('../../storage/bookings.repository.js');
    const bookings = new BookingsRepository(h!.storage.db);
    const now = new Date(h!.clock.now());
    const booking = await bookings.book(h!.orgId, { contactId: contact.id, petId: pet.id, serviceId: service.id, startsAt: '2026-12-02T10:00:00-03:00', source: 'whatsapp' }, now);
    await bookings.claimReminder(booking.id, now);
    return booking.id;
  }

  for (const [answer, status, reply] of [
    ['1', 'confirmed', /^Confirmado! ✅/],
    ['2', 'cancelled', /^Cancelado\./],
  ] as const) {
    it(`turns "${answer}" into a ${status} booking without asking the assistant`, async () => {
      h = await startPipeline();
      const id = await remindedBooking();
      h.simulator.inject(h.instanceId, { from: CUSTOMER, text: answer, id: 'WA-R' });
      await h.untilInbox(1);
      await h.settle();
      const row = await h.storage.db.selectFrom('bookings').select('status').where('id', '=', id).executeTakeFirstOrThrow();
      expect(row.status).to.equal(status);
      expect(h.simulator.sentTo(h.instanceId, CUSTOMER).at(-1)!.text).to.match(reply);
      expect(h.agent.turns).to.have.length(0);
    });
  }
  it('recognises "1" after a reminder even when the customer\'s actor was already awake before it (the reminder refreshes it)', async () => {
    h = await startPipeline();
    h.simulator.inject(h.instanceId, { from: CUSTOMER, text: 'oi', id: 'WA-0' });
    await h.untilInbox(1);
    await h.settle();
    expect(h.simulator.sentTo(h.instanceId, CUSTOMER).map((m) => m.text)).to.deep.equal(['Recebi: oi']);
    // Booked by staff straight in storage, then reminded by Aurora's own job: only the reminder tells the awake actor.
    const repos = repositories(h.storage.db);
    const contact = (await repos.contacts.findByPhone(h.orgId, CUSTOMER))!;
    const pet = await repos.pets.upsert(h.orgId, contact.id, { name: 'Rex', species: 'cão', size: 'M' }, new Date(h.clock.now()));
    const service = (await repos.services.list(h.orgId))[0]!;
    const { BookingsRepository } = await import('../../storage/bookings.repository.js');
    const booking = await new BookingsRepository(h.storage.db).book(h.orgId, { contactId: contact.id, petId: pet.id, serviceId: service.id, startsAt: '2026-12-02T10:00:00-03:00', source: 'staff' }, new Date(h.clock.now()));
    // Aurora's next tick, well before the conversation would passivate (it must be awake to be stale).
    h.actors.aurora(h.orgId).tell({ type: '$aurora.tick' });
    await h.settle();
    await eventually(async () => (await h!.storage.db.selectFrom('bookings').select('reminder_sent_at').where('id', '=', booking.id).executeTakeFirstOrThrow()).reminder_sent_at !== null, 'the reminder went out');
    h.simulator.inject(h.instanceId, { from: CUSTOMER, text: '1', id: 'WA-R' });
    await h.untilInbox(2);
    await h.settle();
    const row = await h.storage.db.selectFrom('bookings').select('status').where('id', '=', booking.id).executeTakeFirstOrThrow();
    expect(row.status).to.equal('confirmed');
    expect(h.simulator.sentTo(h.instanceId, CUSTOMER).at(-1)!.text).to.match(/^Confirmado! ✅/);
  });
});

describeOnEachEngine('staff changes to a customer\'s agenda', () => {
  let h: PipelineHarness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('go through the customer\'s actor: an awake conversation\'s next turn sees a booking staff just made', async () => {
    h = await startPipeline();
    h.simulator.inject(h.instanceId, { from: CUSTOMER, text: 'oi', id: 'WA-1' });
    await h.untilInbox(1);
    await h.settle();
    const repos = repositories(h.storage.db);
    const contact = (await repos.contacts.findByPhone(h.orgId, CUSTOMER))!;
    const pet = await repos.pets.upsert(h.orgId, contact.id, { name: 'Rex', species: 'cão', size: 'M' }, new Date(h.clock.now()));
    const service = (await repos.services.list(h.orgId))[0]!;
    const booking = await h.actors.conversation(h.orgId, contact.id).ask<{ id: string }>({
      type: 'conversation.staff-booking', change: { kind: 'book', petId: pet.id, serviceId: service.id, startsAt: '2026-12-02T10:00:00-03:00' },
    });
    const taken = await h.actors.conversation(h.orgId, contact.id).ask({
      type: 'conversation.staff-booking', change: { kind: 'book', petId: pet.id, serviceId: service.id, startsAt: '2026-12-02T10:00:00-03:00' },
    }).then(() => undefined, (error: Error & { code?: string; details?: { nextSlots?: unknown[] } }) => error);
    expect(taken?.code, 'a refusal is an answer, not a crash').to.equal('SLOT_TAKEN');
    expect(taken?.details?.nextSlots, 'the refusal carries the next free slots').to.be.an('array').that.is.not.empty;
    h.simulator.inject(h.instanceId, { from: CUSTOMER, text: 'tenho algo marcado?', id: 'WA-2' });
    await h.untilInbox(2);
    await h.settle();
    const context = h.agent.turns.at(-1)!.context;
    expect(context.bookings.map((b) => b.id)).to.deep.equal([booking.id]);
    expect(findByAddress(h.actors.tree(), conversationAddress(h.orgId, contact.id))!.restarts).to.equal(0);
  });

  it('a pet staff registers, a staff reply and a release reach the awake conversation\'s next turn', async () => {
    h = await startPipeline();
    h.simulator.inject(h.instanceId, { from: CUSTOMER, text: 'oi', id: 'WA-1' });
    await h.untilInbox(1);
    await h.settle();
    const contact = (await repositories(h.storage.db).contacts.findByPhone(h.orgId, CUSTOMER))!;
    const customer = h.actors.conversation(h.orgId, contact.id);
    const pet = await customer.ask<{ id: string; name: string }>({ type: 'conversation.register-pet', pet: { name: 'Mel', species: 'cão', size: 'P' } });
    expect(pet.name).to.equal('Mel');
    const conversation = (await h.storage.db.selectFrom('conversations').select('id').where('contact_id', '=', contact.id).executeTakeFirstOrThrow());
    await customer.ask({ type: 'conversation.staff-reply', conversationId: conversation.id, text: 'Oi! Aqui é a Carla, da loja.' });
    await customer.ask({ type: 'conversation.release', conversationId: conversation.id });
    h.simulator.inject(h.instanceId, { from: CUSTOMER, text: 'quero marcar banho', id: 'WA-2' });
    await h.untilInbox(2);
    await h.settle();
    const turn = h.agent.turns.at(-1)!;
    expect(turn.context.pets.map((p) => p.name)).to.deep.equal(['Mel']);
    expect(turn.window.map((m) => [m.role, m.text])).to.deep.include(['staff', 'Oi! Aqui é a Carla, da loja.']);
  });
});

describeOnEachEngine('human mode quiet period', () => {
  let h: PipelineHarness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('hands the conversation back to the bot after the shop\'s quiet period without staff', async () => {
    h = await startPipeline();
    await h.actors.shop(h.orgId).ask({ type: 'shop.update-org', patch: { settings: { humanQuietMinutes: 10 } }, actor: 'test' }); // what PATCH /orgs/:id sends
    h.simulator.inject(h.instanceId, { from: CUSTOMER, text: 'Oi, aqui é a Carla da loja', id: 'STAFF-1', fromMe: true });
    await h.untilInbox(1);
    await h.settle();
    h.simulator.inject(h.instanceId, { from: CUSTOMER, text: 'oi Carla', id: 'WA-1' });
    await h.untilInbox(2);
    await h.settle();
    expect(h.simulator.sentTo(h.instanceId, CUSTOMER)).to.deep.equal([]); // within 10 minutes: silent
    await h.settle(10 * 60_000); // ten quiet minutes, a minute at a time (health checks run in between)
    h.simulator.inject(h.instanceId, { from: CUSTOMER, text: 'tem alguém aí?', id: 'WA-2' });
    await h.untilInbox(3);
    await h.settle();
    expect(h.simulator.sentTo(h.instanceId, CUSTOMER).map((m) => m.text)).to.deep.equal(['Recebi: tem alguém aí?']);
    expect((await h.storage.db.selectFrom('conversations').select('mode').executeTakeFirstOrThrow()).mode).to.equal('bot');
  });
});
