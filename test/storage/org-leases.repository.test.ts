import { expect } from 'chai';
import { OrganizationsRepository } from '../../storage/organizations.repository.js';
import { assertFenced, OrgLeasesRepository } from '../../storage/org-leases.repository.js';
import { describeEachEngine } from '../support/test-database.js';

describeEachEngine('OrgLeasesRepository', (fx) => {
  const t0 = new Date('2026-12-01T12:00:00Z');
  const later = (ms: number) => new Date(t0.getTime() + ms);
  const ttl = 15_000;

  const newOrg = async (name = 'Patas & Cia') => (await new OrganizationsRepository(fx.handle.db).create({ name }, t0)).id;
  const lostCode = (promise: Promise<unknown>) => promise.then(() => undefined, (e: { code?: string }) => e.code);

  it('starts at token 1 and keeps the token while the holder renews', async () => {
    const leases = new OrgLeasesRepository(fx.handle.db);
    const org = await newOrg();
    expect(await leases.acquire(org, 'node-a', ttl, t0)).to.deep.equal({ token: 1 });
    expect(await leases.acquire(org, 'node-b', ttl, later(5_000))).to.equal(undefined);
    expect(await leases.renew(org, 'node-a', 1, ttl, later(10_000))).to.equal(true);
    expect(await leases.acquire(org, 'node-a', ttl, later(20_000))).to.deep.equal({ token: 1 }); // a renewal by acquire
    expect(await leases.acquire(org, 'node-b', ttl, later(34_000))).to.equal(undefined); // renewed until 35 s
    expect(await leases.holderOf(org, later(34_000))).to.deep.equal({ holder: 'node-a', token: 1 });
  });

  it('gives an expired lease to another node under token + 1; the old holder can neither renew nor commit', async () => {
    const leases = new OrgLeasesRepository(fx.handle.db);
    const org = await newOrg();
    await leases.acquire(org, 'node-a', ttl, t0);
    expect(await leases.acquire(org, 'node-b', ttl, later(ttl))).to.deep.equal({ token: 2 });
    expect(await leases.holderOf(org, later(ttl))).to.deep.equal({ holder: 'node-b', token: 2 });

    expect(await leases.renew(org, 'node-a', 1, ttl, later(ttl + 1))).to.equal(false);
    const stale = fx.handle.db.transaction().execute(async (trx) => {
      await assertFenced(trx, org, 'node-a', 1, later(ttl + 1));
      await trx.updateTable('organizations').set({ name: 'escrito por quem perdeu' }).where('id', '=', org).execute();
    });
    expect(await lostCode(stale)).to.equal('LEASE_LOST');
    const { name } = await fx.handle.db.selectFrom('organizations').select('name').where('id', '=', org).executeTakeFirstOrThrow();
    expect(name).to.equal('Patas & Cia');

    // The new holder commits under its token.
    await fx.handle.db.transaction().execute((trx) => new OrgLeasesRepository(trx).assertFenced({ orgId: org, holder: 'node-b', token: 2 }, later(ttl + 1)));
  });

  it('fails the fencing check of a holder whose lease lapsed even before anyone took it, and bumps the token on its return', async () => {
    const leases = new OrgLeasesRepository(fx.handle.db);
    const org = await newOrg();
    await leases.acquire(org, 'node-a', ttl, t0);
    expect(await lostCode(fx.handle.db.transaction().execute((trx) => assertFenced(trx, org, 'node-a', 1, later(ttl))))).to.equal('LEASE_LOST');
    expect(await leases.renew(org, 'node-a', 1, ttl, later(ttl))).to.equal(false);
    expect(await leases.holderOf(org, later(ttl))).to.equal(undefined);
    // Work started under token 1 may still be in flight: the new tenure must not share its token.
    expect(await leases.acquire(org, 'node-a', ttl, later(ttl))).to.deep.equal({ token: 2 });
  });

  it('renews many leases of one holder in one statement and says which it lost; lists the live leases', async () => {
    const leases = new OrgLeasesRepository(fx.handle.db);
    const [kept, taken, lapsed] = [await newOrg('Kept'), await newOrg('Taken'), await newOrg('Lapsed')];
    await leases.acquire(kept, 'node-a', ttl, t0);
    await leases.acquire(taken, 'node-a', ttl, t0);
    await leases.acquire(lapsed, 'node-a', 1_000, t0);
    await leases.release(taken, 'node-a', 1, later(1_000));
    expect(await leases.acquire(taken, 'node-b', ttl, later(1_000))).to.deep.equal({ token: 2 });
    const held = [{ orgId: kept, token: 1 }, { orgId: taken, token: 1 }, { orgId: lapsed, token: 1 }];
    expect([...(await leases.renewMany('node-a', held, ttl, later(2_000)))]).to.deep.equal([kept]);
    expect(await leases.renewMany('node-a', [], ttl, later(2_000))).to.have.property('size', 0);
    const live = (await leases.listLive(later(2_000))).sort((a, b) => a.holder.localeCompare(b.holder));
    expect(live).to.deep.equal([
      { orgId: kept, holder: 'node-a', token: 1, expiresAt: later(2_000 + ttl) },
      { orgId: taken, holder: 'node-b', token: 2, expiresAt: later(1_000 + ttl) },
    ]);
    expect(await leases.holderOf(kept, later(2_000 + ttl - 1)), 'renewed from 2 s').to.deep.equal({ holder: 'node-a', token: 1 });
  });

  it('keeps counting after a release: the next holder gets token + 1', async () => {
    const leases = new OrgLeasesRepository(fx.handle.db);
    const org = await newOrg();
    await leases.acquire(org, 'node-a', ttl, t0);
    await leases.release(org, 'node-b', 1, later(1_000)); // not the holder: a no-op
    await leases.release(org, 'node-a', 7, later(1_000)); // not its token: a no-op
    expect(await leases.holderOf(org, later(1_000))).to.deep.equal({ holder: 'node-a', token: 1 });

    await leases.release(org, 'node-a', 1, later(2_000));
    expect(await leases.holderOf(org, later(2_000))).to.equal(undefined);
    expect(await leases.renew(org, 'node-a', 1, ttl, later(2_000))).to.equal(false);
    expect(await lostCode(fx.handle.db.transaction().execute((trx) => assertFenced(trx, org, 'node-a', 1, later(2_000))))).to.equal('LEASE_LOST');

    expect(await leases.acquire(org, 'node-b', ttl, later(3_000))).to.deep.equal({ token: 2 });
    await leases.release(org, 'node-b', 2, later(4_000));
    expect(await leases.acquire(org, 'node-a', ttl, later(5_000))).to.deep.equal({ token: 3 });
  });

  it('lets exactly one of many concurrent takers win, for a new org and for an expired lease', async () => {
    const leases = new OrgLeasesRepository(fx.handle.db);
    const org = await newOrg();
    const race = (at: Date) => Promise.all(Array.from({ length: 10 }, (_, i) => leases.acquire(org, `node-${i}`, ttl, at)));

    const first = await race(t0);
    expect(first.filter(Boolean)).to.deep.equal([{ token: 1 }]);
    const firstWinner = `node-${first.findIndex(Boolean)}`;
    expect((await leases.holderOf(org, t0))?.holder).to.equal(firstWinner);

    const second = await race(later(ttl));
    const winners = second.filter(Boolean);
    expect(winners).to.have.length(1);
    // The old holder may win again, but as a new tenure: never token 1 twice.
    expect(winners[0]).to.deep.equal({ token: 2 });
  });

  it('lists the live leases a node holds', async () => {
    const leases = new OrgLeasesRepository(fx.handle.db);
    const [o1, o2, o3] = [await newOrg('A'), await newOrg('B'), await newOrg('C')];
    await leases.acquire(o1, 'node-a', ttl, t0);
    await leases.acquire(o2, 'node-a', 5_000, t0);
    await leases.acquire(o3, 'node-b', ttl, t0);

    const held = await leases.listHeldBy('node-a', later(1_000));
    expect(held.map((l) => l.orgId).sort()).to.deep.equal([o1, o2].sort());
    expect(held.find((l) => l.orgId === o1)).to.deep.include({ holder: 'node-a', token: 1, expiresAt: later(ttl) });
    expect((await leases.listHeldBy('node-a', later(5_000))).map((l) => l.orgId)).to.deep.equal([o1]); // o2 lapsed
    expect(await leases.listHeldBy('node-c', t0)).to.deep.equal([]);
  });

  it('makes a takeover wait for a fenced transaction of the old holder to commit', async () => {
    const leases = new OrgLeasesRepository(fx.handle.db);
    const org = await newOrg();
    await leases.acquire(org, 'node-a', ttl, t0);
    const events: string[] = [];
    let takeover: Promise<unknown> | undefined;
    await fx.handle.db.transaction().execute(async (trx) => {
      await assertFenced(trx, org, 'node-a', 1, later(ttl - 1));
      // On PGlite (one connection) the takeover queues behind the transaction anyway.
      takeover = leases.acquire(org, 'node-b', ttl, later(ttl)).then((r) => events.push(`takeover:${r?.token}`));
      await new Promise((resolve) => setTimeout(resolve, 50));
      events.push('commit');
    });
    await takeover;
    expect(events).to.deep.equal(['commit', 'takeover:2']);
  });

  it('drops an org\'s lease with the org', async () => {
    const leases = new OrgLeasesRepository(fx.handle.db);
    const org = await newOrg();
    await leases.acquire(org, 'node-a', ttl, t0);
    await fx.handle.db.deleteFrom('organizations').where('id', '=', org).execute();
    expect(await leases.holderOf(org, t0)).to.equal(undefined);
  });
});
