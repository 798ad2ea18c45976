import { expect } from 'chai';
import { BookingsRepository } from '../../storage/bookings.repository.js';
import { repositories } from '../../storage/repositories.js';
import { ResourcesRepository } from '../../storage/resources.repository.js';
import { describeEachEngine } from '../support/test-database.js';
import { FIXTURE_TIME } from '../support/fake-clock.js';
import { codeOf } from '../support/error-code.js';

/** Monday 2026-12-07, 09:00 in São Paulo (UTC-3). */
const NOW = new Date('2026-12-07T12:00:00Z');
const TUESDAY_10H = '2026-12-08T10:00:00-03:00';

/** A shop whose banho category capacity is 1, and 30 customers with a dog each. */
async function shop(db: Parameters<typeof repositories>[0]) {
  const repos = repositories(db);
  const org = await repos.organizations.create({ name: 'Pet Shop', settings: { scheduling: { capacity: { banho: 1 }, minNoticeMin: 120 } } }, FIXTURE_TIME);
  await repos.businessHours.replace(org.id, { weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes: '18:00' })), closures: [] }, FIXTURE_TIME);
  const banho = await repos.services.create(org.id, { name: 'Banho', category: 'banho', species: ['cão'], bySize: { M: { durationMin: 60, priceCents: 6500 } } }, FIXTURE_TIME);
  const consulta = await repos.services.create(org.id, { name: 'Consulta', category: 'consulta', bySize: { M: { durationMin: 30, priceCents: 9000 } } }, FIXTURE_TIME);
  const people = [];
  for (let i = 0; i < 30; i++) {
    const contact = await repos.contacts.findOrCreateByPhone(org.id, { phone: `+55119876544${String(i).padStart(2, '0')}` }, FIXTURE_TIME);
    const pet = await repos.pets.upsert(org.id, contact.id, { name: `Pet ${i}`, species: 'cão', size: 'M' }, FIXTURE_TIME);
    people.push({ contactId: contact.id, petId: pet.id });
  }
  return { repos, org, banho, consulta, people, bookings: new BookingsRepository(db), resources: new ResourcesRepository(db) };
}

describeEachEngine('bookings on resources', (fx) => {
  it('never lets concurrent bookings exceed a room\'s capacity, and the database itself refuses an overlap on a resource unit', async function () {
    this.timeout(60_000);
    const { org, banho, people, bookings, resources } = await shop(fx.handle.db);
    const sala = await resources.create(org.id, { name: 'Sala de banho', kind: 'room', capacity: 2, categories: ['banho'] }, FIXTURE_TIME);
    const results = await Promise.allSettled(people.map((p) => bookings.book(org.id, { ...p, serviceId: banho.id, startsAt: TUESDAY_10H, source: 'whatsapp' }, NOW)));
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won, 'the room takes two at once, though the category capacity is 1').to.have.length(2);
    for (const r of results) if (r.status === 'rejected') expect(r.reason.code).to.equal('SLOT_TAKEN');
    const stored = await fx.handle.db.selectFrom('bookings').select(['unit', 'resource_id']).where('org_id', '=', org.id).execute();
    expect(stored.map((b) => `${b.resource_id === sala.id}:${b.unit}`).sort()).to.deep.equal(['true:1', 'true:2']);

    // Skipping every check: a raw insert on a taken unit of the room is refused by the exclusion constraint.
    const [first] = await fx.handle.db.selectFrom('bookings').selectAll().where('org_id', '=', org.id).where('unit', '=', 1).execute();
    const { id: _id, created_at: _c, updated_at: _u, ...copy } = first!;
    const refusal = await fx.handle.db.insertInto('bookings')
      .values({ ...copy, pet_id: people[29]!.petId, contact_id: people[29]!.contactId, created_at: NOW, updated_at: NOW })
      .execute().then(() => undefined, (e: unknown) => e);
    expect((refusal as { code?: string; constraint?: string }).code).to.equal('23P01');
    expect((refusal as { constraint?: string }).constraint).to.equal('bookings_resource_no_overbooking');
  });

  it('spreads concurrent bookings over two professionals, one each', async function () {
    this.timeout(60_000);
    const { org, banho, people, bookings, resources } = await shop(fx.handle.db);
    const bia = await resources.create(org.id, { name: 'Bia', kind: 'professional', capacity: 1, categories: ['banho'] }, FIXTURE_TIME);
    const caio = await resources.create(org.id, { name: 'Caio', kind: 'professional', capacity: 1, categories: ['banho'] }, FIXTURE_TIME);
    const results = await Promise.allSettled(people.slice(0, 10).map((p) => bookings.book(org.id, { ...p, serviceId: banho.id, startsAt: TUESDAY_10H, source: 'whatsapp' }, NOW)));
    const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.resourceId] : []));
    expect(won.sort()).to.deep.equal([bia.id, caio.id].sort());
  });

  it('assigns the first free resource, or the one staff chose, and records who booked and who changed', async () => {
    const { org, banho, consulta, people, bookings, resources } = await shop(fx.handle.db);
    const bia = await resources.create(org.id, { name: 'Bia', kind: 'professional', capacity: 1, categories: ['banho'] }, FIXTURE_TIME);
    const caio = await resources.create(org.id, { name: 'Caio', kind: 'professional', capacity: 1, categories: ['banho'] }, FIXTURE_TIME);
    const first = await bookings.book(org.id, { ...people[0]!, serviceId: banho.id, startsAt: TUESDAY_10H, source: 'whatsapp', actor: `customer:${people[0]!.contactId}` }, NOW);
    expect(first).to.deep.include({ resourceId: bia.id, createdBy: `customer:${people[0]!.contactId}`, changedBy: null });
    const second = await bookings.book(org.id, { ...people[1]!, serviceId: banho.id, startsAt: TUESDAY_10H, source: 'staff', actor: 'staff:x' }, NOW);
    expect(second.resourceId).to.equal(caio.id);
    expect(await codeOf(bookings.book(org.id, { ...people[2]!, serviceId: banho.id, startsAt: TUESDAY_10H, source: 'staff' }, NOW))).to.equal('SLOT_TAKEN');
    const chosen = await bookings.book(org.id, { ...people[2]!, serviceId: banho.id, startsAt: '2026-12-08T14:00:00-03:00', source: 'staff', resourceId: caio.id }, NOW);
    expect(chosen.resourceId).to.equal(caio.id);
    expect(await codeOf(bookings.book(org.id, { ...people[3]!, serviceId: consulta.id, startsAt: TUESDAY_10H, source: 'staff', resourceId: bia.id }, NOW))).to.equal('RESOURCE_UNAVAILABLE');
    // Consulta has no resource: the category capacity, no resource.
    expect((await bookings.book(org.id, { ...people[3]!, serviceId: consulta.id, startsAt: TUESDAY_10H, source: 'staff' }, NOW)).resourceId).to.equal(null);

    // A reschedule keeps the professional when free, moves to the free one otherwise, or to the one chosen.
    const kept = await bookings.reschedule(org.id, first.id, '2026-12-08T11:00:00-03:00', NOW, { actor: 'staff:bia' });
    expect(kept).to.deep.include({ resourceId: bia.id, changedBy: 'staff:bia', createdBy: `customer:${people[0]!.contactId}` });
    const moved = await bookings.reschedule(org.id, first.id, '2026-12-08T14:00:00-03:00', NOW, { actor: 'org-token:abc' });
    expect(moved).to.deep.include({ resourceId: bia.id, changedBy: 'org-token:abc' }); // Caio holds 14:00
    const forced = await bookings.reschedule(org.id, first.id, '2026-12-08T16:00:00-03:00', NOW, { resourceId: caio.id });
    expect(forced.resourceId).to.equal(caio.id);
    expect(await codeOf(bookings.reschedule(org.id, first.id, '2026-12-08T14:00:00-03:00', NOW, { resourceId: caio.id }))).to.equal('SLOT_TAKEN');
    const confirmed = await bookings.applyEvent(org.id, first.id, 'confirm', NOW, undefined, 'staff:caio');
    expect(confirmed.changedBy).to.equal('staff:caio');

    // Caio now holds 10:00, 14:00 and 16:00; Bia nothing: each one's free slots, and the shop's (either of them).
    const day = (resourceId?: string) => bookings.freeSlots(org.id, banho.id, 'M', new Date('2026-12-08T03:00:00Z'), new Date('2026-12-09T03:00:00Z'), NOW, resourceId)
      .then((slots) => slots.map((s) => s.startsAt.slice(11, 16)));
    const caios = await day(caio.id);
    for (const taken of ['13:00', '17:00', '19:00']) expect(caios, `Caio at ${taken}Z`).to.not.include(taken);
    expect(await day(bia.id)).to.include.members(['13:00', '17:00', '19:00']);
    expect(await day()).to.deep.equal(await day(bia.id));
  });

  it('counts a booking made before the shop had resources against the resources that could hold it, and places it on a resource when moved', async () => {
    const { org, banho, people, bookings, resources } = await shop(fx.handle.db);
    const legacy = await bookings.book(org.id, { ...people[0]!, serviceId: banho.id, startsAt: TUESDAY_10H, source: 'whatsapp' }, NOW);
    expect(legacy.resourceId).to.equal(null);
    const bia = await resources.create(org.id, { name: 'Bia', kind: 'professional', capacity: 1, categories: ['banho'] }, FIXTURE_TIME);
    expect(await codeOf(bookings.book(org.id, { ...people[1]!, serviceId: banho.id, startsAt: TUESDAY_10H, source: 'staff' }, NOW))).to.equal('SLOT_TAKEN');
    const moved = await bookings.reschedule(org.id, legacy.id, '2026-12-08T11:00:00-03:00', NOW);
    expect(moved.resourceId).to.equal(bia.id);
    expect((await bookings.book(org.id, { ...people[1]!, serviceId: banho.id, startsAt: TUESDAY_10H, source: 'staff' }, NOW)).resourceId).to.equal(bia.id);
  });

  it('refuses to switch off or remove a resource with bookings to come; removes an unused one, deactivates one with history', async () => {
    const { org, banho, people, bookings, resources } = await shop(fx.handle.db);
    const bia = await resources.create(org.id, { name: 'Bia', kind: 'professional', capacity: 1, categories: ['banho'] }, FIXTURE_TIME);
    const spare = await resources.create(org.id, { name: 'Sala 2', kind: 'room', capacity: 3, categories: [] }, FIXTURE_TIME);
    expect(await codeOf(resources.create(org.id, { name: 'bia', kind: 'room', capacity: 1 }, FIXTURE_TIME)), 'names are unique, ignoring case').to.equal('ALREADY_EXISTS');
    const booked = await bookings.book(org.id, { ...people[0]!, serviceId: banho.id, startsAt: TUESDAY_10H, source: 'staff', resourceId: bia.id }, NOW);
    expect(await codeOf(resources.remove(org.id, bia.id, NOW))).to.equal('RESOURCE_IN_USE');
    expect(await codeOf(resources.update(org.id, bia.id, { active: false }, NOW))).to.equal('RESOURCE_IN_USE');
    expect((await resources.update(org.id, bia.id, { capacity: 2, categories: ['banho', 'tosa'] }, NOW))).to.deep.include({ capacity: 2, categories: ['banho', 'tosa'] });
    await bookings.applyEvent(org.id, booked.id, 'complete', NOW);
    expect(await resources.remove(org.id, bia.id, NOW)).to.equal('deactivated');
    expect(await resources.remove(org.id, spare.id, NOW)).to.equal('deleted');
    expect(await resources.remove(org.id, spare.id, NOW)).to.equal('not_found');
    expect((await resources.list(org.id)).map((r) => [r.name, r.active])).to.deep.equal([['Bia', false]]);
  });
});
