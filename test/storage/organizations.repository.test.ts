import { expect } from 'chai';
import { InstancesRepository } from '../../storage/instances.repository.js';
import { OrganizationsRepository } from '../../storage/organizations.repository.js';
import { describeEachEngine } from '../support/test-database.js';
import { FIXTURE_TIME } from '../support/fake-clock.js';

describeEachEngine('OrganizationsRepository', (fx) => {
  it('creates an org with defaults and finds it by id', async () => {
    const orgs = new OrganizationsRepository(fx.handle.db);
    const org = await orgs.create({ name: 'Patas & Cia', ownerNumbers: ['+5511900000001'] }, FIXTURE_TIME);
    expect(org).to.include({ name: 'Patas & Cia', timezone: 'America/Sao_Paulo' });
    expect(org.ownerNumbers).to.deep.equal(['+5511900000001']);
    expect(await orgs.findById(org.id)).to.deep.equal(org);
  });

  it('rotates the token hash: only the newest one resolves', async () => {
    const orgs = new OrganizationsRepository(fx.handle.db);
    const org = await orgs.create({ name: 'A' }, FIXTURE_TIME);
    await orgs.setTokenHash(org.id, 'hash-1', FIXTURE_TIME);
    expect(await orgs.findIdByTokenHash('hash-1')).to.equal(org.id);
    await orgs.setTokenHash(org.id, 'hash-2', FIXTURE_TIME);
    expect(await orgs.findIdByTokenHash('hash-1')).to.equal(undefined);
    expect(await orgs.findIdByTokenHash('hash-2')).to.equal(org.id);
  });

  it('patches only the given fields and keeps non-ASCII text intact', async () => {
    const orgs = new OrganizationsRepository(fx.handle.db);
    const org = await orgs.create({ name: 'A' }, FIXTURE_TIME);
    const updated = await orgs.update(org.id, { name: 'Clínica Veterinária São João 🐶', settings: { endereco: 'Rua das Flores, 12' } }, FIXTURE_TIME);
    expect(updated).to.include({ name: 'Clínica Veterinária São João 🐶', timezone: 'America/Sao_Paulo' });
    expect(updated?.settings).to.deep.equal({ endereco: 'Rua das Flores, 12' });
  });
});

describeEachEngine('InstancesRepository', (fx) => {
  it('scopes lookups by org: another org\'s id is not found', async () => {
    const orgs = new OrganizationsRepository(fx.handle.db);
    const instances = new InstancesRepository(fx.handle.db);
    const a = await orgs.create({ name: 'A' }, FIXTURE_TIME);
    const b = await orgs.create({ name: 'B' }, FIXTURE_TIME);
    const instance = await instances.create({ orgId: a.id, name: 'Principal', transport: 'simulator', createdAt: FIXTURE_TIME });
    expect(await instances.findById(a.id, instance.id)).to.include({ status: 'created', consecutiveFailures: 0 });
    expect(await instances.findById(b.id, instance.id)).to.equal(undefined);
  });

  it('counts consecutive failures and resets them on connect', async () => {
    const orgs = new OrganizationsRepository(fx.handle.db);
    const instances = new InstancesRepository(fx.handle.db);
    const org = await orgs.create({ name: 'A' }, FIXTURE_TIME);
    const instance = await instances.create({ orgId: org.id, name: 'Principal', transport: 'baileys', createdAt: FIXTURE_TIME });
    const now = new Date('2026-12-01T12:00:00Z');
    expect(await instances.recordFailure(instance.id, now)).to.equal(1);
    expect(await instances.recordFailure(instance.id, now)).to.equal(2);
    await instances.recordConnected(instance.id, now);
    const connected = await instances.findById(org.id, instance.id);
    expect(connected).to.include({ status: 'open', consecutiveFailures: 0, lastConnectedAt: now.toISOString() });
  });

  it('lists instances not connected since a date as stale until flagged', async () => {
    const orgs = new OrganizationsRepository(fx.handle.db);
    const instances = new InstancesRepository(fx.handle.db);
    const org = await orgs.create({ name: 'A' }, FIXTURE_TIME);
    const old = await instances.create({ orgId: org.id, name: 'Antigo', transport: 'baileys', createdAt: FIXTURE_TIME });
    await instances.recordConnected(old.id, new Date('2026-09-01T12:00:00Z'));
    await instances.setStatus(old.id, 'reconnecting', new Date('2026-09-01T13:00:00Z'));
    const fresh = await instances.create({ orgId: org.id, name: 'Novo', transport: 'baileys', createdAt: FIXTURE_TIME });
    await instances.recordConnected(fresh.id, new Date('2026-11-20T12:00:00Z'));
    await instances.setStatus(fresh.id, 'reconnecting', new Date('2026-11-20T13:00:00Z'));
    const stale = await instances.listStale(new Date('2026-10-26T00:00:00Z'));
    expect(stale.map((i) => i.id)).to.deep.equal([old.id]);
    await instances.flagStale(old.id, new Date('2026-11-25T00:00:00Z'));
    expect(await instances.listStale(new Date('2026-10-26T00:00:00Z'))).to.deep.equal([]);
  });
});
