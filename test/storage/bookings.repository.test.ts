import { expect } from 'chai';
import { AnalyticsRepository } from '../../storage/analytics.repository.js';
import { BookingsRepository } from '../../storage/bookings.repository.js';
import { repositories } from '../../storage/repositories.js';
import { describeEachEngine } from '../support/test-database.js';
import { FIXTURE_TIME } from '../support/fake-clock.js';
import { codeOf } from '../support/error-code.js';

/** Monday 2026-12-07, 09:00 in São Paulo (UTC-3). */
const NOW = new Date('2026-12-07T12:00:00Z');
const TUESDAY_10H = '2026-12-08T10:00:00-03:00';

async function shop(db: Parameters<typeof repositories>[0], capacity = 2) {
  const repos = repositories(db);
  const org = await repos.organizations.create({ name: 'Pet Shop', settings: { scheduling: { capacity: { banho: capacity }, minNoticeMin: 120 } } }, FIXTURE_TIME);
  await repos.businessHours.replace(org.id, {
    weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes: '18:00' })),
    closures: [{ from: '2026-12-25T03:00:00.000Z', to: '2026-12-26T03:00:00.000Z', reason: 'Natal' }],
  }, FIXTURE_TIME);
  const banho = await repos.services.create(org.id, {
    name: 'Banho', category: 'banho', species: ['cão', 'gato'],
    bySize: { P: { durationMin: 60, priceCents: 5000 }, M: { durationMin: 60, priceCents: 6500 } },
  }, FIXTURE_TIME);
  const people = [];
  for (let i = 0; i < 50; i++) {
    const contact = await repos.contacts.findOrCreateByPhone(org.id, { phone: `+55119876543${String(i).padStart(2, '0')}` }, FIXTURE_TIME);
    const pet = await repos.pets.upsert(org.id, contact.id, { name: `Pet ${i}`, species: 'cão', size: 'M' }, FIXTURE_TIME);
    people.push({ contactId: contact.id, petId: pet.id });
  }
  return { repos, org, banho, people, bookings: new BookingsRepository(db) };
}


describeEachEngine('BookingsRepository', (fx) => {
  it('books a free slot at the price of the pet size', async () => {
    const { org, banho, people, bookings } = await shop(fx.handle.db);
    const booking = await bookings.book(org.id, { ...people[0]!, serviceId: banho.id, startsAt: TUESDAY_10H, source: 'whatsapp' }, NOW);
    expect(booking).to.deep.include({ status: 'scheduled', priceCents: 6500, startsAt: '2026-12-08T13:00:00.000Z', endsAt: '2026-12-08T14:00:00.000Z', source: 'whatsapp' });
  });

  it('gives exactly the capacity to 50 concurrent attempts at one slot; the rest get SLOT_TAKEN with next free slots', async function () {
    this.timeout(60_000);
    const { org, banho, people, bookings } = await shop(fx.handle.db, 2);
    const results = await Promise.allSettled(
      people.map((p) => bookings.book(org.id, { ...p, serviceId: banho.id, startsAt: TUESDAY_10H, source: 'whatsapp' }, NOW)),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).to.have.length(2);
    expect(lost).to.have.length(48);
    for (const failure of lost) {
      expect(failure.reason.code).to.equal('SLOT_TAKEN');
      expect(failure.reason.details.nextSlots).to.have.length.greaterThan(0);
      expect(failure.reason.details.nextSlots[0].startsAt).to.not.equal('2026-12-08T13:00:00.000Z');
    }
    const stored = await fx.handle.db.selectFrom('bookings').select('unit').where('org_id', '=', org.id).execute();
    expect(stored.map((b) => b.unit).sort()).to.deep.equal([1, 2]);
  });

  it('never lets one pet hold two overlapping bookings, even with capacity left, and the database enforces it', async function () {
    this.timeout(30_000);
    const { repos, org, banho, people, bookings } = await shop(fx.handle.db, 2);
    const p = people[0]!;
    const consulta = await repos.services.create(org.id, { name: 'Consulta', category: 'consulta', bySize: { M: { durationMin: 30, priceCents: 9000 } } }, FIXTURE_TIME);
    await bookings.book(org.id, { ...p, serviceId: banho.id, startsAt: TUESDAY_10H, source: 'whatsapp' }, NOW);

    // Capacity 2 has room at 10:00, but not for the same pet; nor another category half an hour later.
    expect(await codeOf(bookings.book(org.id, { ...p, serviceId: banho.id, startsAt: TUESDAY_10H, source: 'whatsapp' }, NOW))).to.equal('PET_ALREADY_BOOKED');
    expect(await codeOf(bookings.preview(org.id, { ...p, serviceId: consulta.id, startsAt: '2026-12-08T10:30:00-03:00' }, NOW))).to.equal('PET_ALREADY_BOOKED');
    // Another pet at the same time, and the same pet right after, are fine.
    await bookings.book(org.id, { ...people[1]!, serviceId: banho.id, startsAt: TUESDAY_10H, source: 'whatsapp' }, NOW);
    const later = await bookings.book(org.id, { ...p, serviceId: consulta.id, startsAt: '2026-12-08T11:00:00-03:00', source: 'staff' }, NOW);
    expect(await codeOf(bookings.reschedule(org.id, later.id, '2026-12-08T10:30:00-03:00', NOW))).to.equal('PET_ALREADY_BOOKED');

    // Two concurrent attempts for the same pet at the same time in different categories: exactly one wins.
    const racing = await Promise.allSettled([
      bookings.book(org.id, { ...people[2]!, serviceId: banho.id, startsAt: '2026-12-09T10:00:00-03:00', source: 'whatsapp' }, NOW),
      bookings.book(org.id, { ...people[2]!, serviceId: consulta.id, startsAt: '2026-12-09T10:00:00-03:00', source: 'staff' }, NOW),
    ]);
    expect(racing.filter((r) => r.status === 'fulfilled')).to.have.length(1);

    // The rule is the database's, not only the repository's: a raw insert that skips the checks is refused.
    const [first] = await fx.handle.db.selectFrom('bookings').selectAll().where('pet_id', '=', p.petId).execute();
    const { id: _id, created_at: _c, updated_at: _u, ...copy } = first!;
    let refusal: unknown;
    try {
      await fx.handle.db.insertInto('bookings').values({ ...copy, category: 'outra', unit: 1, created_at: NOW, updated_at: NOW }).execute();
    } catch (error) {
      refusal = error;
    }
    expect((refusal as { code?: string } | undefined)?.code).to.equal('23P01');
  });

  it('refuses each impossible booking with its own code', async () => {
    const { repos, org, banho, people, bookings } = await shop(fx.handle.db);
    const p = people[0]!;
    const attempt = (startsAt: string, serviceId = banho.id, who = p) => bookings.book(org.id, { ...who, serviceId, startsAt, source: 'staff' }, NOW);
    expect(await codeOf(attempt('2026-12-08T19:00:00-03:00'))).to.equal('OUTSIDE_BUSINESS_HOURS');
    expect(await codeOf(attempt('2026-12-08T17:30:00-03:00'))).to.equal('OUTSIDE_BUSINESS_HOURS'); // would end after 18:00
    expect(await codeOf(attempt('2026-12-25T10:00:00-03:00'))).to.equal('IN_CLOSURE');
    expect(await codeOf(attempt('2026-12-07T08:00:00-03:00'))).to.equal('IN_THE_PAST');
    expect(await codeOf(attempt('2026-12-07T10:00:00-03:00'))).to.equal('TOO_SOON');
    expect(await codeOf(attempt('2027-02-01T10:00:00-03:00'))).to.equal('BEYOND_HORIZON');
    const inactive = await repos.services.create(org.id, { name: 'Tosa', category: 'tosa', active: false, bySize: { M: { durationMin: 60, priceCents: 1 } } }, FIXTURE_TIME);
    expect(await codeOf(attempt(TUESDAY_10H, inactive.id))).to.equal('SERVICE_INACTIVE');
    const onlySmall = await repos.services.create(org.id, { name: 'Mini banho', category: 'banho', species: ['cão'], bySize: { P: { durationMin: 30, priceCents: 1 } } }, FIXTURE_TIME);
    expect(await codeOf(attempt(TUESDAY_10H, onlySmall.id))).to.equal('SIZE_NOT_OFFERED');
    const cat = await repos.pets.upsert(org.id, p.contactId, { name: 'Mingau', species: 'gato', size: 'P' }, FIXTURE_TIME);
    expect(await codeOf(attempt(TUESDAY_10H, onlySmall.id, { contactId: p.contactId, petId: cat.id }))).to.equal('SPECIES_NOT_SERVED');
    expect(await fx.handle.db.selectFrom('bookings').selectAll().execute()).to.deep.equal([]);
  });

  it('never books another customer\'s pet', async () => {
    const { org, banho, people, bookings } = await shop(fx.handle.db);
    const code = await codeOf(bookings.book(org.id, { contactId: people[0]!.contactId, petId: people[1]!.petId, serviceId: banho.id, startsAt: TUESDAY_10H, source: 'whatsapp' }, NOW));
    expect(code).to.equal('NOT_FOUND');
  });

  it('walks the state machine and refuses invalid transitions', async () => {
    const { org, banho, people, bookings } = await shop(fx.handle.db);
    const booking = await bookings.book(org.id, { ...people[0]!, serviceId: banho.id, startsAt: TUESDAY_10H, source: 'staff' }, NOW);
    expect((await bookings.applyEvent(org.id, booking.id, 'confirm', NOW)).status).to.equal('confirmed');
    expect((await bookings.applyEvent(org.id, booking.id, 'complete', NOW)).status).to.equal('completed');
    expect(await codeOf(bookings.applyEvent(org.id, booking.id, 'cancel', NOW))).to.equal('INVALID_TRANSITION');
  });

  it('reschedules in place, freeing the old slot, and a cancelled booking frees its place', async () => {
    const { org, banho, people, bookings } = await shop(fx.handle.db, 1);
    const first = await bookings.book(org.id, { ...people[0]!, serviceId: banho.id, startsAt: TUESDAY_10H, source: 'staff' }, NOW);
    expect(await codeOf(bookings.book(org.id, { ...people[1]!, serviceId: banho.id, startsAt: TUESDAY_10H, source: 'staff' }, NOW))).to.equal('SLOT_TAKEN');
    const moved = await bookings.reschedule(org.id, first.id, '2026-12-08T15:00:00-03:00', NOW);
    expect(moved).to.deep.include({ id: first.id, status: 'scheduled', startsAt: '2026-12-08T18:00:00.000Z' });
    const second = await bookings.book(org.id, { ...people[1]!, serviceId: banho.id, startsAt: TUESDAY_10H, source: 'staff' }, NOW);
    await bookings.applyEvent(org.id, second.id, 'cancel', NOW, 'cliente desistiu');
    await bookings.book(org.id, { ...people[2]!, serviceId: banho.id, startsAt: TUESDAY_10H, source: 'staff' }, NOW);
  });

  it('lists free slots that disappear as they are booked', async () => {
    const { org, banho, people, bookings } = await shop(fx.handle.db, 1);
    const from = new Date('2026-12-08T11:00:00Z');
    const to = new Date('2026-12-08T21:00:00Z');
    const before = await bookings.freeSlots(org.id, banho.id, 'M', from, to, NOW);
    expect(before[0]!.startsAt).to.equal('2026-12-08T11:00:00.000Z');
    expect(before.map((s) => s.startsAt)).to.include('2026-12-08T13:00:00.000Z');
    await bookings.book(org.id, { ...people[0]!, serviceId: banho.id, startsAt: TUESDAY_10H, source: 'staff' }, NOW);
    const after = await bookings.freeSlots(org.id, banho.id, 'M', from, to, NOW);
    expect(after.map((s) => s.startsAt)).to.not.include('2026-12-08T13:00:00.000Z');
    expect(after.map((s) => s.startsAt)).to.not.include('2026-12-08T12:30:00.000Z'); // would overlap 10:00–11:00
  });

  it('lets exactly one caller claim a booking\'s reminder', async () => {
    const { org, banho, people, bookings } = await shop(fx.handle.db);
    const booking = await bookings.book(org.id, { ...people[0]!, serviceId: banho.id, startsAt: TUESDAY_10H, source: 'whatsapp' }, NOW);
    const due = await bookings.listReminderCandidates(new Date('2026-12-08T03:00:00Z'), new Date('2026-12-09T03:00:00Z'));
    expect(due.map((b) => b.id)).to.deep.equal([booking.id]);
    const claims = await Promise.all([1, 2, 3, 4, 5].map(() => bookings.claimReminder(booking.id, NOW)));
    expect(claims.filter(Boolean)).to.have.length(1);
    expect(await bookings.listReminderCandidates(new Date('2026-12-08T03:00:00Z'), new Date('2026-12-09T03:00:00Z'))).to.deep.equal([]);
  });

  it('counts bookings by status with the revenue of completed ones, and lists a customer\'s bookings', async () => {
    const { org, banho, people, bookings } = await shop(fx.handle.db, 5);
    const a = await bookings.book(org.id, { ...people[0]!, serviceId: banho.id, startsAt: TUESDAY_10H, source: 'staff' }, NOW);
    const b = await bookings.book(org.id, { ...people[1]!, serviceId: banho.id, startsAt: TUESDAY_10H, source: 'staff' }, NOW);
    await bookings.book(org.id, { ...people[2]!, serviceId: banho.id, startsAt: TUESDAY_10H, source: 'staff' }, NOW);
    await bookings.applyEvent(org.id, a.id, 'complete', NOW);
    await bookings.applyEvent(org.id, b.id, 'no_show', NOW);
    const counts = await new AnalyticsRepository(fx.handle.db).statusCounts(org.id, new Date('2026-12-08T03:00:00Z'), new Date('2026-12-09T03:00:00Z'));
    expect(counts).to.deep.equal({ scheduled: 1, confirmed: 0, completed: 1, cancelled: 0, no_show: 1, total: 3, revenueCents: 6500 });
    expect((await bookings.listForContact(org.id, people[0]!.contactId, NOW)).map((x) => x.id)).to.deep.equal([a.id]);
  });
});

describeEachEngine('BookingsRepository inside a transaction', (fx) => {
  it('falls back to the next unit under a race without aborting the surrounding transaction', async function () {
    this.timeout(60_000);
    const { org, banho, people } = await shop(fx.handle.db, 2);
    // 20 concurrent transactions race for a slot with two places; each also writes an audit row.
    const results = await Promise.allSettled(
      people.slice(0, 20).map((p, i) =>
        fx.handle.db.transaction().execute(async (trx) => {
          const booking = await new BookingsRepository(trx).book(org.id, { ...p, serviceId: banho.id, startsAt: TUESDAY_10H, source: 'whatsapp' }, NOW);
          await trx.insertInto('audit_log').values({ org_id: org.id, actor: `t${i}`, action: 'booked', entity: 'booking', entity_id: booking.id, created_at: FIXTURE_TIME }).execute();
          return booking;
        }),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).to.have.length(2);
    expect(lost.map((r) => r.reason.code)).to.deep.equal(Array(18).fill('SLOT_TAKEN'));
    const units = await fx.handle.db.selectFrom('bookings').select('unit').orderBy('unit').execute();
    expect(units.map((u) => u.unit)).to.deep.equal([1, 2]);
    expect(await fx.handle.db.selectFrom('audit_log').select('action').execute()).to.have.length(2);
  });
});
