import { expect } from 'chai';
import { LeasesRepository } from '../../storage/leases.repository.js';
import { describeEachEngine } from '../support/test-database.js';

describeEachEngine('LeasesRepository', (fx) => {
  const t0 = new Date('2026-12-01T12:00:00Z');
  const later = (ms: number) => new Date(t0.getTime() + ms);

  it('gives a lease to one holder until it expires, then to the next', async () => {
    const leases = new LeasesRepository(fx.handle.db);
    expect(await leases.acquire('wa:1', 'node-a', 60_000, t0)).to.equal(true);
    expect(await leases.acquire('wa:1', 'node-b', 60_000, later(10_000))).to.equal(false);
    expect(await leases.acquire('wa:1', 'node-a', 60_000, later(30_000))).to.equal(true); // renewal
    expect(await leases.acquire('wa:1', 'node-b', 60_000, later(80_000))).to.equal(false); // renewed until 90 s
    expect(await leases.acquire('wa:1', 'node-b', 60_000, later(91_000))).to.equal(true);
    expect(await leases.holderOf('wa:1', later(91_000))).to.equal('node-b');
  });

  it('lets exactly one of many concurrent takers win', async () => {
    const leases = new LeasesRepository(fx.handle.db);
    const wins = await Promise.all(Array.from({ length: 10 }, (_, i) => leases.acquire('wa:2', `node-${i}`, 60_000, t0)));
    expect(wins.filter(Boolean)).to.have.length(1);
  });

  it('frees a lease on release by its holder only', async () => {
    const leases = new LeasesRepository(fx.handle.db);
    await leases.acquire('wa:3', 'node-a', 60_000, t0);
    await leases.release('wa:3', 'node-b');
    expect(await leases.holderOf('wa:3', t0)).to.equal('node-a');
    await leases.release('wa:3', 'node-a');
    expect(await leases.acquire('wa:3', 'node-b', 60_000, t0)).to.equal(true);
  });
});
