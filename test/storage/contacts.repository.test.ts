import { expect } from 'chai';
import { ContactsRepository } from '../../storage/contacts.repository.js';
import { OrganizationsRepository } from '../../storage/organizations.repository.js';
import { PetsRepository } from '../../storage/pets.repository.js';
import { describeEachEngine } from '../support/test-database.js';
import { FIXTURE_TIME } from '../support/fake-clock.js';

describeEachEngine('ContactsRepository', (fx) => {
  it('gives one contact per phone even when 20 first messages race', async () => {
    const org = await new OrganizationsRepository(fx.handle.db).create({ name: 'A' }, FIXTURE_TIME);
    const contacts = new ContactsRepository(fx.handle.db);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => contacts.findOrCreateByPhone(org.id, { phone: '+5511987654321', name: i === 0 ? 'Ana' : null }, FIXTURE_TIME)),
    );
    expect(new Set(results.map((c) => c.id)).size).to.equal(1);
    const count = await fx.handle.db.selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).to.equal(1);
  });

  it('fills a missing name or LID later without overwriting a known name', async () => {
    const org = await new OrganizationsRepository(fx.handle.db).create({ name: 'A' }, FIXTURE_TIME);
    const contacts = new ContactsRepository(fx.handle.db);
    await contacts.findOrCreateByPhone(org.id, { phone: '+5511987654321' }, FIXTURE_TIME);
    const named = await contacts.findOrCreateByPhone(org.id, { phone: '+5511987654321', name: 'Ana', lid: '123@lid' }, FIXTURE_TIME);
    expect(named).to.include({ name: 'Ana', lid: '123@lid' });
    const again = await contacts.findOrCreateByPhone(org.id, { phone: '+5511987654321', name: 'Outro Nome' }, FIXTURE_TIME);
    expect(again.name).to.equal('Ana');
    expect((await contacts.findByLid(org.id, '123@lid'))?.id).to.equal(named.id);
  });

  it('create reports the existing id for a taken phone', async () => {
    const org = await new OrganizationsRepository(fx.handle.db).create({ name: 'A' }, FIXTURE_TIME);
    const contacts = new ContactsRepository(fx.handle.db);
    const first = await contacts.create(org.id, { phone: '+5511987654321', name: 'Ana' }, FIXTURE_TIME);
    const second = await contacts.create(org.id, { phone: '+5511987654321', name: 'Ana de novo' }, FIXTURE_TIME);
    expect(second).to.deep.equal({ existingId: first.contact!.id });
  });

  it('searches by name or phone inside one org only, paginated', async () => {
    const orgs = new OrganizationsRepository(fx.handle.db);
    const a = await orgs.create({ name: 'A' }, FIXTURE_TIME);
    const b = await orgs.create({ name: 'B' }, FIXTURE_TIME);
    const contacts = new ContactsRepository(fx.handle.db);
    for (let i = 0; i < 5; i++) await contacts.findOrCreateByPhone(a.id, { phone: `+551198765432${i}`, name: `Maria ${i}` }, FIXTURE_TIME);
    await contacts.findOrCreateByPhone(b.id, { phone: '+5511900000000', name: 'Maria de B' }, FIXTURE_TIME);
    const page1 = await contacts.search(a.id, { q: 'maria', limit: 3 });
    expect(page1.items).to.have.length(3);
    expect(page1.nextCursor).to.be.a('string');
    const page2 = await contacts.search(a.id, { q: 'maria', limit: 3, cursor: page1.nextCursor! });
    expect(page2.items).to.have.length(2);
    expect(page2.nextCursor).to.equal(null);
    expect([...page1.items, ...page2.items].every((c) => c.orgId === a.id)).to.equal(true);
    expect((await contacts.search(a.id, { q: '98765-43' })).items).to.deep.equal([]);
    expect((await contacts.search(a.id, { q: '%' })).items).to.deep.equal([]);
  });

  it('lists inactive customers, excluding opted-out ones', async () => {
    const org = await new OrganizationsRepository(fx.handle.db).create({ name: 'A' }, FIXTURE_TIME);
    const contacts = new ContactsRepository(fx.handle.db);
    const old = await contacts.findOrCreateByPhone(org.id, { phone: '+5511911111111' }, FIXTURE_TIME);
    const recent = await contacts.findOrCreateByPhone(org.id, { phone: '+5511922222222' }, FIXTURE_TIME);
    const optedOut = await contacts.findOrCreateByPhone(org.id, { phone: '+5511933333333' }, FIXTURE_TIME);
    await contacts.touchInteraction(org.id, old.id, new Date('2026-09-01T12:00:00Z'));
    await contacts.touchInteraction(org.id, recent.id, new Date('2026-11-20T12:00:00Z'));
    await contacts.touchInteraction(org.id, optedOut.id, new Date('2026-09-01T12:00:00Z'));
    await contacts.setMarketingOptOut(org.id, optedOut.id, true, new Date('2026-09-02T12:00:00Z'));
    const inactive = await contacts.listInactive(org.id, new Date('2026-10-26T00:00:00Z'));
    expect(inactive.map((c) => c.id)).to.deep.equal([old.id]);
  });
});

describeEachEngine('PetsRepository', (fx) => {
  it('registers a pet once per name per customer, case-insensitively', async () => {
    const org = await new OrganizationsRepository(fx.handle.db).create({ name: 'A' }, FIXTURE_TIME);
    const contact = await new ContactsRepository(fx.handle.db).findOrCreateByPhone(org.id, { phone: '+5511987654321' }, FIXTURE_TIME);
    const pets = new PetsRepository(fx.handle.db);
    const rex = await pets.upsert(org.id, contact.id, { name: 'Rex', species: 'cão', size: 'M' }, FIXTURE_TIME);
    const again = await pets.upsert(org.id, contact.id, { name: 'rex', species: 'cão', size: 'G', breed: 'labrador' }, FIXTURE_TIME);
    expect(again.id).to.equal(rex.id);
    expect(again).to.include({ size: 'G', breed: 'labrador' });
    expect(await pets.listByContact(org.id, contact.id)).to.have.length(1);
    expect((await pets.findByName(org.id, contact.id, 'REX'))?.id).to.equal(rex.id);
  });

  it('never shows a pet to another org', async () => {
    const orgs = new OrganizationsRepository(fx.handle.db);
    const a = await orgs.create({ name: 'A' }, FIXTURE_TIME);
    const b = await orgs.create({ name: 'B' }, FIXTURE_TIME);
    const contact = await new ContactsRepository(fx.handle.db).findOrCreateByPhone(a.id, { phone: '+5511987654321' }, FIXTURE_TIME);
    const pets = new PetsRepository(fx.handle.db);
    const luna = await pets.upsert(a.id, contact.id, { name: 'Luna', species: 'gato', size: 'P' }, FIXTURE_TIME);
    expect(await pets.findById(b.id, luna.id)).to.equal(undefined);
    expect(await pets.listByContact(b.id, contact.id)).to.deep.equal([]);
  });
});
