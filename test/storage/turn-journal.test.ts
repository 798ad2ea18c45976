import { expect } from 'chai';
import { upsertSenders } from '../../storage/first-contact.js';
import { TurnJournalWriter } from '../../storage/turn-journal-writer.js';
import { writeTurns, type TurnJournalEntry } from '../../storage/turn-journal.js';
import { OrgLeasesRepository } from '../../storage/org-leases.repository.js';
import { FIXTURE_TIME } from '../support/fake-clock.js';
import { seedTenant } from '../support/fixtures.js';
import { describeEachEngine } from '../support/test-database.js';

describeEachEngine('turn journal: a common turn in one statement, many turns in one group commit', (fixture) => {
  const now = FIXTURE_TIME;

  /** `count` customers of one shop, each with one unanswered message and an open conversation. */
  async function customers(count: number) {
    const { repos, org, instance } = await seedTenant(fixture.handle.db);
    const senders = Array.from({ length: count }, (_, i) => ({ phone: `+55119800${String(10_000 + i)}`, name: `Cliente ${i}`, instanceId: instance.id }));
    const known = await upsertSenders(fixture.handle.db, org.id, senders, now);
    const turns: TurnJournalEntry[] = [];
    for (const [i, sender] of senders.entries()) {
      const { contact, conversation, created } = known.get(sender.phone)!;
      expect(created, 'a new sender').to.equal(true);
      const waMessageId = `IN-${i}`;
      const remoteJid = `${sender.phone.slice(1)}@s.whatsapp.net`;
      const [id] = await repos.inbox.acceptMany([{ orgId: org.id, instanceId: instance.id, remoteJid, waMessageId, fromMe: false, senderPhone: sender.phone, text: `quanto custa o banho? ${i}`, receivedAt: now }]);
      turns.push({
        orgId: org.id, contactId: contact.id, conversationId: conversation!.id, now, inboxIds: [id!], outcome: 'agent',
        inbound: [{ instanceId: instance.id, remoteJid, waMessageId, text: `quanto custa o banho? ${i}`, receivedAt: now }],
        agentState: { step: i },
        reply: { instanceId: instance.id, toPhone: sender.phone, toJid: remoteJid, text: `O banho custa R$ 60,00 (${i})`, idempotencyKey: `reply:${id}`, waMessageId: `OUT-${i}` },
        modelCall: { model: 'gpt-test', promptTokens: 10, completionTokens: 5, latencyMs: 12, costUsd: 0.0001, toolCalls: [], error: null },
      });
    }
    return { org, turns };
  }

  const count = async (table: 'messages' | 'outbox' | 'ai_interactions') =>
    Number((await fixture.handle.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  it('writes each turn of a batch whole: processed marks, both messages, the outbox row, the agent state and the model call', async () => {
    const { turns } = await customers(5);
    const results = await writeTurns(fixture.handle.db, turns);
    expect(results.map((r) => r.applied)).to.deep.equal([true, true, true, true, true]);
    expect(results.map((r) => r.reply?.outbound.text)).to.deep.equal(turns.map((t) => t.reply!.text));
    expect(results.every((r) => r.inbound.length === 1)).to.equal(true);
    expect(await count('messages')).to.equal(10);
    expect(await count('outbox')).to.equal(5);
    expect(await count('ai_interactions')).to.equal(5);
    const unprocessed = await fixture.handle.db.selectFrom('inbox').select('id').where('processed_at', 'is', null).execute();
    expect(unprocessed).to.deep.equal([]);
    const states = await fixture.handle.db.selectFrom('conversations').select('agent_state').execute();
    expect(states.map((s) => s.agent_state).sort((a, b) => Number(a.step) - Number(b.step))).to.deep.equal([0, 1, 2, 3, 4].map((step) => ({ step })));
  });

  it('writes nothing for a turn whose rows another turn already answered, and still writes the others of the batch', async () => {
    const { turns } = await customers(3);
    await writeTurns(fixture.handle.db, [turns[1]!]);
    const again = await writeTurns(fixture.handle.db, turns);
    expect(again.map((r) => r.applied)).to.deep.equal([true, false, true]);
    expect(await count('outbox')).to.equal(3);
    expect(await count('messages')).to.equal(6);
  });

  it('writes a fenced turn only under the shop\'s current lease, and records the token on its reply', async () => {
    const { org, turns } = await customers(2);
    const leases = new OrgLeasesRepository(fixture.handle.db);
    const first = await leases.acquire(org.id, 'node-a', 15_000, now);
    const fence = { orgId: org.id, holder: 'node-a', token: first!.token };
    const [held] = await writeTurns(fixture.handle.db, [{ ...turns[0]!, fence }]);
    expect(held).to.include({ applied: true, leaseLost: false });
    // The lease lapses and node-b takes the shop: node-a's next turn must commit nothing.
    const later = new Date(now.getTime() + 20_000);
    expect(await leases.acquire(org.id, 'node-b', 15_000, later)).to.deep.equal({ token: first!.token + 1 });
    const [stale] = await writeTurns(fixture.handle.db, [{ ...turns[1]!, now: later, fence }]);
    expect(stale).to.include({ applied: false, leaseLost: true });
    const outbox = await fixture.handle.db.selectFrom('outbox').select(['to_phone', 'fencing_token']).execute();
    expect(outbox).to.deep.equal([{ to_phone: turns[0]!.reply!.toPhone, fencing_token: first!.token }]);
    expect(await count('messages'), 'only the first turn\'s two').to.equal(2);
  });

  it('fails only the bad turn of a group commit: the writer retries the batch entry by entry', async () => {
    const { turns } = await customers(4);
    const writer = new TurnJournalWriter(fixture.handle.db, { maxInFlight: 1, maxBatch: 10 });
    // A conversation id that is not a UUID breaks the statement it is in.
    const bad = { ...turns[2]!, conversationId: 'not-a-uuid' };
    const settled = await Promise.allSettled([writer.write(turns[0]!), writer.write(turns[1]!), writer.write(bad), writer.write(turns[3]!)]);
    expect(settled.map((s) => s.status)).to.deep.equal(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(await count('outbox')).to.equal(3);
  });

  it('finds a known sender again instead of creating a second contact, and opens no second conversation', async () => {
    const { org, turns } = await customers(1);
    const phone = turns[0]!.reply!.toPhone;
    const again = await upsertSenders(fixture.handle.db, org.id, [{ phone, name: 'outro nome', instanceId: turns[0]!.reply!.instanceId }], now);
    expect(again.get(phone)!.created).to.equal(false);
    expect(again.get(phone)!.contact.name).to.equal('Cliente 0');
    expect(again.get(phone)!.conversation).to.equal(undefined);
    expect(await fixture.handle.db.selectFrom('conversations').selectAll().execute()).to.have.length(1);
  });
});
