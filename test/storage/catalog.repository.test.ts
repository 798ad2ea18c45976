import { expect } from 'chai';
import { BusinessHoursRepository } from '../../storage/business-hours.repository.js';
import { OrganizationsRepository } from '../../storage/organizations.repository.js';
import { ServicesRepository } from '../../storage/services.repository.js';
import { seedTenant } from '../support/fixtures.js';
import { describeEachEngine } from '../support/test-database.js';
import { FIXTURE_TIME } from '../support/fake-clock.js';

describeEachEngine('ServicesRepository', (fx) => {
  it('keeps duration and price per pet size', async () => {
    const org = await new OrganizationsRepository(fx.handle.db).create({ name: 'A' }, FIXTURE_TIME);
    const services = new ServicesRepository(fx.handle.db);
    const tosa = await services.create(org.id, {
      name: 'Tosa',
      category: 'tosa',
      species: ['cão'],
      bySize: { P: { durationMin: 60, priceCents: 4500 }, GG: { durationMin: 120, priceCents: 12000 } },
    }, FIXTURE_TIME);
    expect(await services.findById(org.id, tosa.id)).to.deep.equal(tosa);
    expect(tosa.bySize.GG).to.deep.equal({ durationMin: 120, priceCents: 12000 });
    const updated = await services.update(org.id, tosa.id, { active: false }, new Date());
    expect(updated?.active).to.equal(false);
    expect(await services.list(org.id, { activeOnly: true })).to.deep.equal([]);
  });

  it('deletes an unused service but only deactivates a booked one', async () => {
    const { org, contact, pet, service } = await seedTenant(fx.handle.db);
    const services = new ServicesRepository(fx.handle.db);
    const spare = await services.create(org.id, { name: 'Hidratação', category: 'banho', bySize: {} }, FIXTURE_TIME);
    expect(await services.remove(org.id, spare.id, new Date())).to.equal('deleted');
    await fx.handle.db
      .insertInto('bookings')
      .values({
        org_id: org.id, contact_id: contact.id, pet_id: pet.id, service_id: service.id, category: 'banho', pet_size: 'M',
        starts_at: '2026-12-10T13:00:00Z', ends_at: '2026-12-10T14:00:00Z', blocked_until: '2026-12-10T14:00:00Z',
        price_cents: 6000, source: 'staff', created_at: FIXTURE_TIME, updated_at: FIXTURE_TIME,
      })
      .execute();
    expect(await services.remove(org.id, service.id, new Date())).to.equal('deactivated');
    expect((await services.findById(org.id, service.id))?.active).to.equal(false);
    expect(await services.remove(org.id, '00000000-0000-0000-0000-000000000000', new Date())).to.equal('not_found');
  });
});

describeEachEngine('BusinessHoursRepository', (fx) => {
  it('replaces the weekly grid and closures as a whole', async () => {
    const org = await new OrganizationsRepository(fx.handle.db).create({ name: 'A' }, FIXTURE_TIME);
    const hours = new BusinessHoursRepository(fx.handle.db);
    await hours.replace(org.id, {
      weekly: [
        { weekday: 1, opens: '08:00', closes: '12:00' },
        { weekday: 1, opens: '13:00', closes: '18:00' },
        { weekday: 6, opens: '08:00', closes: '12:00' },
      ],
      closures: [{ from: '2026-12-25T03:00:00.000Z', to: '2026-12-26T03:00:00.000Z', reason: 'Natal' }],
    }, FIXTURE_TIME);
    const stored = await hours.get(org.id);
    expect(stored.weekly).to.deep.equal([
      { weekday: 1, opens: '08:00', closes: '12:00' },
      { weekday: 1, opens: '13:00', closes: '18:00' },
      { weekday: 6, opens: '08:00', closes: '12:00' },
    ]);
    expect(stored.closures.map(({ from, to, reason }) => ({ from, to, reason }))).to.deep.equal([
      { from: '2026-12-25T03:00:00.000Z', to: '2026-12-26T03:00:00.000Z', reason: 'Natal' },
    ]);
    await hours.replace(org.id, { weekly: [{ weekday: 2, opens: '09:00', closes: '17:00' }], closures: [] }, FIXTURE_TIME);
    expect(await hours.get(org.id)).to.deep.equal({ weekly: [{ weekday: 2, opens: '09:00', closes: '17:00' }], closures: [] });
  });
});
