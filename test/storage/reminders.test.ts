import { expect } from 'chai';
import { BookingsRepository } from '../../storage/bookings.repository.js';
import { listDueReminders } from '../../storage/reminders.js';
import { repositories } from '../../storage/repositories.js';
import { describeEachEngine } from '../support/test-database.js';
import { FIXTURE_TIME } from '../support/fake-clock.js';

describeEachEngine('listDueReminders', (fx) => {
  async function shopIn(timezone: string, name: string) {
    const repos = repositories(fx.handle.db);
    const org = await repos.organizations.create({ name, timezone, settings: { scheduling: { minNoticeMin: 0 } } }, FIXTURE_TIME);
    await repos.businessHours.replace(org.id, { weekly: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: '00:00', closes: '23:30' })), closures: [] }, FIXTURE_TIME);
    const service = await repos.services.create(org.id, { name: 'Banho', category: 'banho', bySize: { M: { durationMin: 30, priceCents: 5000 } } }, FIXTURE_TIME);
    const contact = await repos.contacts.findOrCreateByPhone(org.id, { phone: '+5511987654321' }, FIXTURE_TIME);
    const pet = await repos.pets.upsert(org.id, contact.id, { name: 'Rex', species: 'cão', size: 'M' }, FIXTURE_TIME);
    const book = (startsAt: string, now: Date) =>
      new BookingsRepository(fx.handle.db).book(org.id, { contactId: contact.id, petId: pet.id, serviceId: service.id, startsAt, source: 'whatsapp' }, now);
    return { org, book };
  }

  it('finds tomorrow\'s bookings on each shop\'s own calendar, and each only until claimed', async () => {
    const now = new Date('2026-12-07T23:30:00Z'); // 20:30 in São Paulo, already 8 Dec 08:30 in Tokyo
    const sp = await shopIn('America/Sao_Paulo', 'SP');
    const tokyo = await shopIn('Asia/Tokyo', 'Tóquio');
    const spTomorrow = await sp.book('2026-12-08T10:00:00-03:00', now);
    await sp.book('2026-12-09T10:00:00-03:00', now); // the day after tomorrow: not yet
    const tokyoTomorrow = await tokyo.book('2026-12-09T10:00:00+09:00', now);
    await tokyo.book('2026-12-08T18:00:00+09:00', now); // today in Tokyo: no reminder

    const due = await listDueReminders(fx.handle.db, now);
    expect(due.map((d) => d.booking.id).sort()).to.deep.equal([spTomorrow.id, tokyoTomorrow.id].sort());

    const bookings = new BookingsRepository(fx.handle.db);
    expect(await bookings.claimReminder(spTomorrow.id, now)).to.equal(true);
    // A restart lists again: the claimed one is gone, the other is still due, and claims stay single.
    const afterRestart = await listDueReminders(fx.handle.db, new Date(now.getTime() + 60_000));
    expect(afterRestart.map((d) => d.booking.id)).to.deep.equal([tokyoTomorrow.id]);
    expect(await bookings.claimReminder(spTomorrow.id, now)).to.equal(false);
  });
});
