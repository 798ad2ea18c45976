import { expect } from 'chai';
import { OrgTenancy, type OrgHost } from '../../cluster/org-tenancy.js';
import { ownerOf } from '../../domain/org-placement.js';
import { OrganizationsRepository } from '../../storage/organizations.repository.js';
import { OrgLeasesRepository, type OrgLease } from '../../storage/org-leases.repository.js';
import { FakeClock, FIXTURE_TIME } from '../support/fake-clock.js';
import { describeEachEngine } from '../support/test-database.js';

/** An org host that records what it was told, in order. */
class RecordingHost implements OrgHost {
  readonly running = new Map<string, number>();
  constructor(readonly name: string, readonly log: string[]) {}
  start(orgId: string, lease: OrgLease): void {
    this.running.set(orgId, lease.token);
    this.log.push(`${this.name} start ${orgId} #${lease.token}`);
  }
  async stop(orgId: string): Promise<void> {
    this.running.delete(orgId);
    this.log.push(`${this.name} stop ${orgId}`);
  }
}

describeEachEngine('OrgTenancy', (fx) => {
  const TTL = 15_000;
  const RENEW = 5_000;
  const MARGIN = 4_000;
  let orgIds: string[];
  let log: string[];

  beforeEach(async () => {
    const orgs = new OrganizationsRepository(fx.handle.db);
    orgIds = [];
    for (let i = 0; i < 8; i++) orgIds.push((await orgs.create({ name: `Pet ${i}` }, FIXTURE_TIME)).id);
    log = [];
  });

  const node = (nodeId: string, clock: FakeClock, live: () => string[], leases = new OrgLeasesRepository(fx.handle.db)) => {
    const host = new RecordingHost(nodeId, log);
    const tenancy = new OrgTenancy({
      nodeId, leases, host, clock, ttlMs: TTL, renewMs: RENEW, marginMs: MARGIN,
      listOrgs: async () => orgIds,
      liveNodes: async () => live(),
    });
    return { tenancy, host, clock };
  };
  const holders = () => new OrgLeasesRepository(fx.handle.db).listLive(new Date(FIXTURE_TIME.getTime() + 1));

  it('places every org on exactly one live node, the one rendezvous hashing names', async () => {
    const clock = new FakeClock();
    const live = () => ['node-a', 'node-b', 'node-c'];
    const nodes = ['node-a', 'node-b', 'node-c'].map((id) => node(id, clock, live));
    await Promise.all(nodes.map((n) => n.tenancy.start()));
    for (const orgId of orgIds) {
      const owner = ownerOf(orgId, live());
      const runners = nodes.filter((n) => n.host.running.has(orgId)).map((n) => n.tenancy.nodeId);
      expect(runners, orgId).to.deep.equal([owner]);
      for (const n of nodes) expect(n.tenancy.holderOf(orgId)?.holder ?? owner, 'each node knows the holder').to.equal(owner);
    }
    expect(new Set(nodes.map((n) => n.host.running.size)).size, 'spread, not all on one').to.be.greaterThan(1);
    await Promise.all(nodes.map((n) => n.tenancy.stop()));
  });

  it('moves the orgs of a node that stops beating once their leases lapse, under a new token', async () => {
    const clockA = new FakeClock();
    const clockB = new FakeClock();
    let aAlive = true;
    const live = () => (aAlive ? ['node-a', 'node-b'] : ['node-b']);
    const a = node('node-a', clockA, live);
    const b = node('node-b', clockB, live);
    await a.tenancy.start();
    await b.tenancy.start();
    const fromA = [...a.host.running.keys()];
    expect(fromA.length).to.be.greaterThan(0);

    // node-a freezes (kill -9, a long pause): its clock and timers stop; node-b's go on.
    aAlive = false;
    await clockB.advance(TTL - 1);
    await b.tenancy.rebalance();
    expect(fromA.filter((orgId) => b.host.running.has(orgId)), 'not before the lease lapses').to.deep.equal([]);
    await clockB.advance(1);
    await b.tenancy.rebalance();
    for (const orgId of fromA) expect(b.host.running.get(orgId), orgId).to.equal(2);
    expect(b.host.running.size).to.equal(orgIds.length);

    // node-a wakes up: its watchdog stops what it can no longer be sure of; its fence is gone.
    await clockA.advance(TTL);
    expect(a.host.running.size).to.equal(0);
    for (const orgId of fromA) expect(a.tenancy.fenceOf(orgId)).to.equal(undefined);
    await Promise.all([a.tenancy.stop(), b.tenancy.stop()]);
  });

  it('stops an org on the local clock before its lease can lapse when renewals fail, and only then may another node take it', async () => {
    const clock = new FakeClock();
    const real = new OrgLeasesRepository(fx.handle.db);
    let databaseDown = false;
    const flaky = Object.create(real) as OrgLeasesRepository;
    flaky.renewMany = (...args) => (databaseDown ? Promise.reject(new Error('connection refused')) : real.renewMany(...args));
    flaky.listLive = (...args) => (databaseDown ? Promise.reject(new Error('connection refused')) : real.listLive(...args));
    const a = node('node-a', clock, () => ['node-a'], flaky);
    await a.tenancy.start();
    expect(a.host.running.size).to.equal(orgIds.length);
    const stoppedAt: number[] = [];
    const stop = a.host.stop.bind(a.host);
    a.host.stop = async (orgId) => {
      stoppedAt.push(clock.now());
      await stop(orgId);
    };

    databaseDown = true;
    const lastRenewal = clock.now();
    await clock.advance(TTL - MARGIN - 1);
    expect(a.host.running.size, 'still within the margin').to.equal(orgIds.length);
    await clock.advance(1);
    expect(a.host.running.size).to.equal(0);
    expect(Math.max(...stoppedAt)).to.be.below(lastRenewal + TTL);
    // Nobody else could have taken them yet: the leases are still node-a's until the TTL.
    expect(await real.acquire(orgIds[0]!, 'node-b', TTL, new Date(clock.now()))).to.equal(undefined);
    expect(await real.acquire(orgIds[0]!, 'node-b', TTL, new Date(lastRenewal + TTL))).to.deep.equal({ token: 2 });
    await a.tenancy.stop();
  });

  it('hands orgs to a node that joins: the old holder stops and releases before the new one starts', async () => {
    const clock = new FakeClock();
    let nodes = ['node-a'];
    const a = node('node-a', clock, () => nodes);
    await a.tenancy.start();
    expect(a.host.running.size).to.equal(orgIds.length);
    nodes = ['node-a', 'node-b'];
    const b = node('node-b', clock, () => nodes);
    await b.tenancy.start();
    expect(b.host.running.size, 'nothing is free yet').to.equal(0);
    await a.tenancy.rebalance();
    await b.tenancy.rebalance();
    const moved = orgIds.filter((orgId) => ownerOf(orgId, nodes) === 'node-b');
    expect([...b.host.running.keys()].sort()).to.deep.equal([...moved].sort());
    for (const orgId of moved) {
      expect(log.indexOf(`node-a stop ${orgId}`), orgId).to.be.below(log.indexOf(`node-b start ${orgId} #2`));
      expect(a.host.running.has(orgId)).to.equal(false);
    }
    const live = await holders();
    expect(live).to.have.length(orgIds.length);
    await Promise.all([a.tenancy.stop(), b.tenancy.stop()]);
    expect(await holders(), 'a clean stop releases every lease').to.deep.equal([]);
  });
});
