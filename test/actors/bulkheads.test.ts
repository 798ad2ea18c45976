import { expect } from 'chai';
import { sql } from 'kysely';
import { auroraAddress, orgAddress, sessionAddress } from '../../actors/addresses.js';
import type { AuroraAgent } from '../../agents/aurora-agent.js';
import { createOfflineAuroraAgent } from '../../agents/aurora/offline-aurora-agent.js';
import type { RuntimeEvent } from '../../runtime/events.js';
import { findByAddress } from '../../runtime/node.js';
import { repositories } from '../../storage/repositories.js';
import { flushPromises } from '../support/fake-clock.js';
import { CUSTOMER, OWNER, startPipeline, type PipelineHarness } from '../support/pipeline-harness.js';
import { startTestApp } from '../support/test-app.js';

/** A Tuesday morning inside the shops' opening hours (any fake date works: the clock stamps every row). */
const START = Date.UTC(2027, 0, 5, 12); // a Tuesday, 09:00 in São Paulo


interface Shop {
  orgId: string;
  instanceId: string;
}

/** Three shops in one actor system: the harness's own (A) and two more (B, C), each with a number and the same owner. */
async function threeShops(h: PipelineHarness): Promise<[Shop, Shop, Shop]> {
  const repos = repositories(h.storage.db);
  const now = new Date(h.clock.now());
  const more: Shop[] = [];
  for (const [name, phone] of [['Pet B', '+5511977770002'], ['Pet C', '+5511977770003']] as const) {
    const org = await repos.organizations.create({ name, ownerNumbers: [OWNER], settings: {} }, now);
    await repos.businessHours.replace(org.id, { weekly: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: '08:00', closes: '18:00' })), closures: [] }, now);
    const instance = await repos.instances.create({ orgId: org.id, name: 'Principal', transport: 'simulator', phone, createdAt: now });
    more.push({ orgId: org.id, instanceId: instance.id });
  }
  return [{ orgId: h.orgId, instanceId: h.instanceId }, more[0]!, more[1]!];
}

describe('bulkheads between shops', () => {
  let h: PipelineHarness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  const say = (shop: Shop, text: string, id: string) => h!.simulator.inject(shop.instanceId, { from: CUSTOMER, text, id });
  const repliesOf = (shop: Shop) => h!.simulator.sentTo(shop.instanceId, CUSTOMER).map((s) => s.text);

  it('a shop whose settings were poisoned in the database keeps working on the defaults, its owner is alerted, and no actor crashes (even after a restart)', async () => {
    h = await startPipeline({ clockStart: START });
    const [a, b, c] = await threeShops(h);
    await sql`update organizations set settings = ${JSON.stringify({ dailySummaryTime: '99:99', scheduling: { slotIntervalMin: 0, capacity: { banho: -5 } } })}::jsonb where id = ${b.orgId}`.execute(h.storage.db);
    await h.restart(); // "and again after each restart"
    const crashes: RuntimeEvent[] = [];
    h.actors.system.subscribe((event) => {
      if (event.type === 'crashed' || event.type === 'escalated' || event.type === 'failed') crashes.push(event);
    });
    await h.settle(60_000);

    for (const [shop, id] of [[a, 'A-1'], [b, 'B-1'], [c, 'C-1']] as const) say(shop, 'oi', id);
    await h.settle();
    for (const shop of [a, b, c]) expect(repliesOf(shop), shop.orgId).to.deep.equal(['Recebi: oi']);
    expect(crashes.map((e) => `${e.type} ${e.address}`)).to.deep.equal([]);
    const tree = h.actors.tree();
    expect(findByAddress(tree, 'orgs')!.state).to.equal('running');
    expect(findByAddress(tree, auroraAddress(b.orgId))!.restarts).to.equal(0);
    const alerts = await h.storage.db.selectFrom('alerts').select(['org_id', 'kind', 'message']).where('kind', '=', 'configuracao_invalida').execute();
    expect(alerts.map((r) => r.org_id)).to.deep.equal([b.orgId]);
    expect(alerts[0]!.message).to.contain('dailySummaryTime').and.contain('scheduling.slotIntervalMin');
  });

  it('a shop whose actors keep crashing is stopped alone (failed, with the reason), the others keep answering, and it is retried with backoff', async function () {
    this.timeout(120_000);
    let broken = true;
    const offline = createOfflineAuroraAgent();
    const exploding: AuroraAgent = { kind: 'offline', respond: async () => { throw new Error('aurora model exploded'); } };
    let shops: [Shop, Shop, Shop] | undefined;
    h = await startPipeline({ clockStart: START, auroraAgentFor: (orgId) => (broken && orgId === shops?.[1].orgId ? exploding : offline) });
    shops = await threeShops(h);
    const [a, b, c] = shops;
    await h.restart();
    const events: RuntimeEvent[] = [];
    h.actors.system.subscribe((event) => events.push(event));

    // B's owner writes: every message crashes B's Aurora — more than B's intensity allows — and the
    // unanswered ones are replayed after each restart of B, so it crashes over and over.
    for (let i = 1; i <= 6; i++) h.simulator.inject(b.instanceId, { from: OWNER, text: `resumo ${i}`, id: `B-OWNER-${i}` });
    const orgB = () => findByAddress(h!.actors.tree(), orgAddress(b.orgId))!;
    for (let i = 0; i < 60 && orgB().state !== 'failed'; i++) await h.settle(1_000);

    const tree = h.actors.tree();
    const first = orgB().failure!;
    expect(orgB().state).to.equal('failed');
    expect(orgB().lastError).to.match(/^ESCALATED: supervisor org\/.+ exceeded 5 restarts/).and.contain('aurora model exploded');
    expect(first.retryAt - first.since).to.be.within(4_000, 6_000); // the first retry: 5 s ±20%
    expect(findByAddress(tree, 'orgs')!.state).to.equal('running');
    expect(findByAddress(tree, 'root')!.state).to.equal('running');
    expect(h.actors.system.state).to.equal('running');
    for (const shop of [a, c]) expect(findByAddress(tree, orgAddress(shop.orgId))!.state).to.equal('running');
    expect(events.filter((e) => e.type === 'escalated').map((e) => e.address)).to.not.include('orgs');
    expect(h.actors.failedOrgs().map((f) => f.orgId)).to.deep.equal([b.orgId]);

    // /health is degraded and names B; B's owner alert is queued (sent once B's number is back).
    const http = await startTestApp({ storage: h.storage, clock: h.clock, failedOrgs: () => h!.actors.failedOrgs() });
    try {
      const health = await http.request('GET', '/health');
      expect(health.status).to.equal(503);
      expect(health.body.status).to.equal('degraded');
      expect(health.body.failedOrgs.map((f: { orgId: string }) => f.orgId)).to.deep.equal([b.orgId]);
    } finally {
      await http.close();
    }
    await h.waitFor(async () => (await h!.storage.db.selectFrom('alerts').select('org_id').where('kind', '=', 'loja_parada').execute()).length > 0);
    const outage = await h.storage.db.selectFrom('alerts').select('org_id').where('kind', '=', 'loja_parada').execute();
    expect(outage.map((r) => r.org_id)).to.deep.equal([b.orgId]);

    // The other shops' customers still get answers through the simulator.
    say(a, 'oi', 'A-1');
    say(c, 'oi', 'C-1');
    await h.settle();
    expect(repliesOf(a)).to.deep.equal(['Recebi: oi']);
    expect(repliesOf(c)).to.deep.equal(['Recebi: oi']);

    // Retried with backoff: still broken → failed again, with a longer wait; fixed → back, answering.
    for (let i = 0; i < 60 && orgB().failure?.attempts !== 2; i++) await h.settle(1_000);
    const second = orgB().failure!;
    expect(second.attempts).to.equal(2);
    expect(second.retryAt - second.since).to.be.within(8_000, 12_000);
    await h.clock.advanceTo(second.retryAt - 1);
    expect(orgB().state).to.equal('failed'); // 1 ms early: still waiting

    broken = false;
    await h.clock.advanceTo(second.retryAt);
    await h.settle();
    await h.settle();
    expect(orgB().state).to.equal('running');
    expect(h.actors.failedOrgs()).to.deep.equal([]);
    say(b, 'oi', 'B-1');
    await h.settle();
    expect(repliesOf(b)).to.deep.equal(['Recebi: oi']);
    const toOwner = h.simulator.sentTo(b.instanceId, OWNER).map((s) => s.text);
    expect(toOwner.some((t) => t.includes('foi pausado'))).to.equal(true);
    expect(toOwner.length).to.be.greaterThan(1); // the owner's messages were answered too
    await flushPromises();
  });
});

describe('unsafe characters in a customer text', () => {
  let h: PipelineHarness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('stores "oi\\u0000" as "oi", answers it, and the number stays connected after three of them', async () => {
    h = await startPipeline({ clockStart: START });
    for (let i = 1; i <= 3; i++) {
      h.simulator.inject(h.instanceId, { from: CUSTOMER, text: 'oi\u0000', id: `WA-NUL-${i}`, pushName: 'Ana\u0000' });
      await h.settle();
    }
    h.simulator.inject(h.instanceId, { from: CUSTOMER, text: 'tudo bem? \uD83D', id: 'WA-SURROGATE' });
    await h.settle();
    const inbox = await h.storage.db.selectFrom('inbox').select(['text', 'push_name', 'processed_at']).orderBy('id').execute();
    expect(inbox.map((r) => r.text)).to.deep.equal(['oi', 'oi', 'oi', 'tudo bem? \uFFFD']);
    expect(inbox.every((r) => r.processed_at !== null)).to.equal(true);
    expect(inbox[0]!.push_name).to.equal('Ana');
    expect(h.simulator.sentTo(h.instanceId, CUSTOMER).map((s) => s.text)).to.deep.equal(['Recebi: oi', 'Recebi: oi', 'Recebi: oi', 'Recebi: tudo bem? \uFFFD']);
    const session = findByAddress(h.actors.tree(), sessionAddress(h.orgId, h.instanceId))!;
    expect(session.state).to.equal('running');
    expect(session.restarts).to.equal(0);
    const instance = await repositories(h.storage.db).instances.findById(h.orgId, h.instanceId);
    expect(instance!.status).to.equal('open');
  });
});
