import { expect } from 'chai';
import { ConversationsRepository } from '../../storage/conversations.repository.js';
import { InboxRepository, type InboundMessage } from '../../storage/inbox.repository.js';
import { MessagesRepository } from '../../storage/messages.repository.js';
import { OutboxRepository } from '../../storage/outbox.repository.js';
import { seedTenant } from '../support/fixtures.js';
import { describeEachEngine } from '../support/test-database.js';
import { FIXTURE_TIME } from '../support/fake-clock.js';

describeEachEngine('InboxRepository', (fx) => {
  const inbound = (orgId: string, instanceId: string, waMessageId: string): InboundMessage => ({
    orgId, instanceId, remoteJid: '5511987654321@s.whatsapp.net', waMessageId, fromMe: false,
    senderPhone: '+5511987654321', pushName: 'Ana', text: 'quero marcar um banho pro Rex', receivedAt: FIXTURE_TIME,
  });

  it('accepts a redelivered message once, in another batch or in the same one', async () => {
    const { org, instance } = await seedTenant(fx.handle.db);
    const inbox = new InboxRepository(fx.handle.db);
    const [first] = await inbox.acceptMany([inbound(org.id, instance.id, 'WA1')]);
    expect(first).to.be.a('number');
    expect(await inbox.acceptMany([inbound(org.id, instance.id, 'WA1')])).to.deep.equal([undefined]);
    const [second, twice] = await inbox.acceptMany([inbound(org.id, instance.id, 'WA2'), inbound(org.id, instance.id, 'WA2')]);
    expect([typeof second, twice]).to.deep.equal(['number', undefined]);
  });

  it('marks a row processed exactly once, so a replayed turn can detect it lost the race', async () => {
    const { org, instance } = await seedTenant(fx.handle.db);
    const inbox = new InboxRepository(fx.handle.db);
    const [id] = (await inbox.acceptMany([inbound(org.id, instance.id, 'WA1')])) as number[];
    const now = new Date('2026-12-01T12:00:00Z');
    const results = await Promise.all([1, 2, 3].map(() => inbox.markProcessed(id!, 'replied', now)));
    expect(results.filter(Boolean)).to.have.length(1);
    expect(await inbox.isProcessed(id!)).to.equal(true);
  });

  it('lists unprocessed rows oldest first for replay', async () => {
    const { org, instance } = await seedTenant(fx.handle.db);
    const inbox = new InboxRepository(fx.handle.db);
    const [a, b, c] = (await inbox.acceptMany(['WA1', 'WA2', 'WA3'].map((id) => inbound(org.id, instance.id, id)))) as number[];
    await inbox.markProcessed(b!, 'replied', new Date());
    const pending = await inbox.listUnprocessed({ orgId: org.id });
    expect(pending.map((r) => r.id)).to.deep.equal([a, c]);
    expect(pending[0]!.text).to.equal('quero marcar um banho pro Rex');
  });
});

describeEachEngine('OutboxRepository', (fx) => {
  it('enqueues once per idempotency key and keeps the pre-assigned WhatsApp id across retries', async () => {
    const { org, instance } = await seedTenant(fx.handle.db);
    const outbox = new OutboxRepository(fx.handle.db);
    const t0 = new Date('2026-12-01T12:00:00Z');
    const message = {
      orgId: org.id, instanceId: instance.id, idempotencyKey: 'reply:inbox:1', waMessageId: '3EB0AAAA',
      toPhone: '+5511987654321', toJid: '5511987654321@s.whatsapp.net', text: 'Olá! Como posso ajudar? 🐾', kind: 'reply' as const,
      queuedAt: t0,
    };
    const first = await outbox.enqueue(message);
    const second = await outbox.enqueue({ ...message, waMessageId: '3EB0BBBB' });
    expect(first.created).to.equal(true);
    expect(second).to.deep.include({ created: false });
    expect(second.message.waMessageId).to.equal('3EB0AAAA');

    expect((await outbox.listDue(instance.id, t0)).map((m) => m.id)).to.deep.equal([first.message.id]);
    await outbox.markSending(first.message.id, t0);
    await outbox.scheduleRetry(first.message.id, 'rate-overlimit', new Date('2026-12-01T12:00:30Z'), t0);
    expect(await outbox.listDue(instance.id, new Date('2026-12-01T12:00:10Z'))).to.deep.equal([]);
    const retried = await outbox.listDue(instance.id, new Date('2026-12-01T12:00:30Z'));
    expect(retried[0]).to.include({ waMessageId: '3EB0AAAA', attempts: 1, status: 'pending' });
    await outbox.markSent(first.message.id, new Date('2026-12-01T12:00:31Z'));
    expect(await outbox.countPending(instance.id)).to.equal(0);
    const sent = await outbox.listSent(instance.id, { toPhone: '+5511987654321' });
    expect(sent.items.map((m) => m.text)).to.deep.equal(['Olá! Como posso ajudar? 🐾']);
  });
});

describeEachEngine('ConversationsRepository and MessagesRepository', (fx) => {
  it('finds or creates one conversation per contact and number', async () => {
    const { org, instance, contact } = await seedTenant(fx.handle.db);
    const conversations = new ConversationsRepository(fx.handle.db);
    const results = await Promise.all([1, 2, 3, 4].map(() => conversations.findOrCreate(org.id, contact.id, instance.id, FIXTURE_TIME)));
    expect(new Set(results.map((c) => c.id)).size).to.equal(1);
    expect(results[0]).to.include({ mode: 'bot', escalatedAt: null });
  });

  it('escalates to human and releases back to the bot', async () => {
    const { org, instance, contact } = await seedTenant(fx.handle.db);
    const conversations = new ConversationsRepository(fx.handle.db);
    const conversation = await conversations.findOrCreate(org.id, contact.id, instance.id, FIXTURE_TIME);
    const now = new Date('2026-12-01T12:00:00Z');
    await conversations.touch(org.id, conversation.id, now);
    const escalated = await conversations.escalate(org.id, conversation.id, 'pedido do cliente', now);
    expect(escalated).to.include({ mode: 'human', escalationReason: 'pedido do cliente', escalatedAt: now.toISOString() });
    expect((await conversations.list(org.id, { mode: 'human' })).items.map((c) => c.id)).to.deep.equal([conversation.id]);
    await conversations.release(org.id, conversation.id, now);
    expect((await conversations.list(org.id, { mode: 'human' })).items).to.deep.equal([]);
  });

  it('stores a message once and returns the window oldest first', async () => {
    const { org, instance, contact } = await seedTenant(fx.handle.db);
    const conversation = await new ConversationsRepository(fx.handle.db).findOrCreate(org.id, contact.id, instance.id, FIXTURE_TIME);
    const messages = new MessagesRepository(fx.handle.db);
    const base = { orgId: org.id, conversationId: conversation.id, instanceId: instance.id, remoteJid: '5511987654321@s.whatsapp.net' };
    for (let i = 0; i < 12; i++) {
      const stored = await messages.insertOnce({
        ...base, waMessageId: `WA${i}`, fromMe: i % 2 === 1, direction: i % 2 ? 'out' : 'in', author: i % 2 ? 'bot' : 'customer',
        text: `mensagem ${i}`, createdAt: new Date(Date.UTC(2026, 11, 1, 12, i)),
      });
      expect(stored).to.not.equal(undefined);
    }
    const duplicate = await messages.insertOnce({ ...base, waMessageId: 'WA0', fromMe: false, direction: 'in', author: 'customer', text: 'mensagem 0', createdAt: FIXTURE_TIME });
    expect(duplicate).to.equal(undefined);
    const window = await messages.window(org.id, conversation.id, 10);
    expect(window.map((m) => m.text)).to.deep.equal(Array.from({ length: 10 }, (_, i) => `mensagem ${i + 2}`));
    const page = await messages.list(org.id, conversation.id, { limit: 5 });
    const rest = await messages.list(org.id, conversation.id, { limit: 50, cursor: page.nextCursor! });
    expect([...page.items, ...rest.items].map((m) => m.text)).to.have.length(12);
  });
});
