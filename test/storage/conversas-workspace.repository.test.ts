import { expect } from 'chai';
import { CannedRepliesRepository } from '../../storage/canned-replies.repository.js';
import { ConversationsRepository } from '../../storage/conversations.repository.js';
import { customerOverview, setContactNotes } from '../../storage/customer-overview.js';
import { MessagesRepository } from '../../storage/messages.repository.js';
import { seedTenant } from '../support/fixtures.js';
import { describeEachEngine } from '../support/test-database.js';

/** The reads behind Conversas, the same on PGlite and PostgreSQL 15. */
describeEachEngine('Conversas reads and writes', (fx) => {
  const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 12, minute));

  it('orders the customers waiting on the team by their oldest unanswered message, and searches names, phones and texts', async () => {
    const { org, instance, contact, repos } = await seedTenant(fx.handle.db);
    const conversations = new ConversationsRepository(fx.handle.db);
    const messages = new MessagesRepository(fx.handle.db);
    const bruno = await repos.contacts.findOrCreateByPhone(org.id, { phone: '+5511922223333', name: 'Bruno' }, at(0));
    const ana = await conversations.findOrCreate(org.id, contact.id, instance.id, at(0));
    const other = await conversations.findOrCreate(org.id, bruno.id, instance.id, at(0));
    let n = 0;
    const write = async (conversationId: string, minute: number, direction: 'in' | 'out', author: 'customer' | 'bot' | 'staff', text: string) => {
      await messages.insertOnce({ orgId: org.id, conversationId, instanceId: instance.id, remoteJid: `x${conversationId}`, waMessageId: `WA${++n}`, fromMe: direction === 'out', direction, author, text, createdAt: at(minute) });
      await conversations.touch(org.id, conversationId, at(minute), { staff: author === 'staff' });
    };
    // Ana: answered by the bot long ago, then asks for a person (the bot's hand-off and "alo??" answers answer nothing).
    await write(ana.id, 1, 'in', 'customer', 'quanto custa o banho?');
    await write(ana.id, 2, 'out', 'bot', 'R$ 60,00');
    await write(ana.id, 10, 'in', 'customer', 'quero um atendente_humano');
    await write(ana.id, 10, 'out', 'bot', 'Já chamei a equipe');
    await conversations.escalate(org.id, ana.id, 'cliente pediu atendente', at(10));
    await write(ana.id, 12, 'in', 'customer', 'alo??');
    await write(ana.id, 12, 'out', 'bot', 'A equipe já foi avisada');
    // Bruno: handed over later.
    await write(other.id, 11, 'in', 'customer', 'preciso falar com alguém');
    await conversations.escalate(org.id, other.id, 'cliente pediu atendente', at(11));

    const waiting = await conversations.list(org.id, { sort: 'waiting' });
    expect(waiting.items.map((c) => [c.id, c.waitingSince])).to.deep.equal([[ana.id, at(10).toISOString()], [other.id, at(11).toISOString()]]);
    await write(ana.id, 13, 'out', 'staff', 'Oi Ana!');
    expect((await conversations.list(org.id, { sort: 'waiting' })).items.map((c) => c.id)).to.deep.equal([other.id]);
    await write(ana.id, 14, 'in', 'customer', 'oi!');
    const next = await conversations.list(org.id, { sort: 'waiting', limit: 1 });
    expect(next.items.map((c) => c.id)).to.deep.equal([other.id]);
    const rest = await conversations.list(org.id, { sort: 'waiting', cursor: next.nextCursor! });
    expect(rest.items.map((c) => [c.id, c.waitingSince])).to.deep.equal([[ana.id, at(14).toISOString()]]);

    const found = async (q: string) => (await conversations.list(org.id, { q })).items.map((c) => c.id).sort();
    expect(await found('BRUNO')).to.deep.equal([other.id]);
    expect(await found('2222-33')).to.deep.equal([other.id]);
    expect(await found('atendente_humano')).to.deep.equal([ana.id]);
    expect(await found('e_h')).to.deep.equal([ana.id]);
    expect(await found('a_e')).to.deep.equal([]); // "_" is not a wildcard
    expect(await found('banho')).to.deep.equal([ana.id]);
    await fx.handle.db.updateTable('messages').set({ erased_at: at(20) }).where('text', '=', 'quanto custa o banho?').execute();
    expect(await found('custa o banho'), 'an erased message is not searched').to.deep.equal([]);
  });

  it('reads a customer with pets, next and past bookings and the team\'s note', async () => {
    const { org, contact, pet, service, repos } = await seedTenant(fx.handle.db);
    const booking = (startsAt: string, endsAt: string, status: 'scheduled' | 'completed' | 'cancelled') => ({
      org_id: org.id, contact_id: contact.id, pet_id: pet.id, service_id: service.id, category: 'banho', pet_size: 'M' as const,
      starts_at: startsAt, ends_at: endsAt, blocked_until: endsAt, status, price_cents: 6000, source: 'staff' as const, created_at: at(0), updated_at: at(0),
    });
    await fx.handle.db.insertInto('bookings').values([
      booking('2026-11-20T13:00:00Z', '2026-11-20T14:00:00Z', 'completed'),
      booking('2026-11-27T13:00:00Z', '2026-11-27T14:00:00Z', 'cancelled'),
      booking('2026-12-01T12:30:00Z', '2026-12-01T13:30:00Z', 'scheduled'), // under way at 13:00
      booking('2026-12-03T13:00:00Z', '2026-12-03T14:00:00Z', 'cancelled'),
    ]).execute();
    await setContactNotes(fx.handle.db, org.id, contact.id, 'Rex morde', at(0));
    const overview = (await customerOverview(fx.handle.db, org.id, contact.id, new Date('2026-12-01T13:00:00Z')))!;
    expect(overview.notes).to.equal('Rex morde');
    expect(overview.pets.map((p) => p.name)).to.deep.equal(['Rex']);
    expect(overview.nextBookings.map((b) => [b.startsAt, b.serviceName, b.petName])).to.deep.equal([['2026-12-01T12:30:00.000Z', 'Banho', 'Rex']]);
    expect(overview.pastBookings.map((b) => [b.startsAt, b.status])).to.deep.equal([['2026-11-27T13:00:00.000Z', 'cancelled'], ['2026-11-20T13:00:00.000Z', 'completed']]);
    const stranger = await seedTenant(fx.handle.db, 'Outra');
    expect(await customerOverview(fx.handle.db, stranger.org.id, contact.id, at(0)), 'another org').to.equal(undefined);
    expect(await setContactNotes(fx.handle.db, stranger.org.id, contact.id, 'x', at(0))).to.equal(undefined);
    expect((await repos.contacts.findById(org.id, contact.id))!.name).to.equal('Ana');
  });

  it('keeps canned replies per shop with unique titles in any case', async () => {
    const { org } = await seedTenant(fx.handle.db);
    const stranger = await seedTenant(fx.handle.db, 'Outra');
    const replies = new CannedRepliesRepository(fx.handle.db);
    const first = await replies.create(org.id, { title: 'Pronto', text: '{pet} pronto' }, at(0));
    await replies.create(stranger.org.id, { title: 'Pronto', text: 'outro' }, at(0));
    const taken = await replies.create(org.id, { title: 'PRONTO', text: 'x' }, at(0)).catch((e: { code?: string }) => e.code);
    expect(taken).to.equal('ALREADY_EXISTS');
    expect((await replies.list(org.id)).map((r) => r.text)).to.deep.equal(['{pet} pronto']);
    expect(await replies.update(stranger.org.id, first.id, { text: 'roubado' }, at(1))).to.equal(undefined);
    expect(await replies.delete(stranger.org.id, first.id)).to.equal(false);
    expect((await replies.update(org.id, first.id, { text: '{pet} prontinho' }, at(1)))!.text).to.equal('{pet} prontinho');
  });
});
