import { expect } from 'chai';
import { useHttpApp, type OrgHandle } from '../support/http-fixture.js';

// The test app's clock stands at 2026-12-01T12:00Z: Tuesday 09:00 in São Paulo.
const HOURS = {
  weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes: '18:00' })),
  closures: [{ from: '2026-12-25', to: '2026-12-25', reason: 'Natal' }],
  capacity: { banho: 1 },
};

describe('agenda routes', () => {
  const app = useHttpApp();

  async function setup(): Promise<OrgHandle & { serviceId: string; contactId: string; petId: string }> {
    const org = await app.createOrg();
    const put = await app.http.request('PUT', `${org.base}/business-hours`, { token: org.token, json: HOURS });
    expect(put.status, JSON.stringify(put.body)).to.equal(200);
    const service = await app.http.request('POST', `${org.base}/services`, {
      token: org.token, json: { name: 'Banho', category: 'banho', species: ['cão'], bySize: { M: { durationMin: 60, priceCents: 6500 } } },
    });
    const contact = await app.http.request('POST', `${org.base}/contacts`, { token: org.token, json: { phone: '11987654321', name: 'Ana' } });
    const pet = await app.http.request('POST', `${org.base}/contacts/${contact.body.id}/pets`, { token: org.token, json: { name: 'Rex', species: 'cão', size: 'M' } });
    return { ...org, serviceId: service.body.id, contactId: contact.body.id, petId: pet.body.id };
  }

  it('stores hours with a local-date closure and reads them back', async () => {
    const org = await setup();
    const res = await app.http.request('GET', `${org.base}/business-hours`, { token: org.token });
    expect(res.body).to.deep.include({ timezone: 'America/Sao_Paulo', capacity: { banho: 1 }, minNoticeMin: 120, slotIntervalMin: 30 });
    expect(res.body.weekly).to.have.length(5);
    expect(res.body.closures).to.deep.equal([{ from: '2026-12-25T03:00:00.000Z', to: '2026-12-26T03:00:00.000Z', reason: 'Natal' }]);
  });

  it('rejects impossible hours and changes nothing', async () => {
    const org = await setup();
    for (const weekly of [[{ weekday: 1, opens: '18:00', closes: '08:00' }], [{ weekday: 9, opens: '08:00', closes: '18:00' }], [{ weekday: 1, opens: '8h', closes: '18:00' }]]) {
      const res = await app.http.request('PUT', `${org.base}/business-hours`, { token: org.token, json: { ...HOURS, weekly } });
      expect(res.status, JSON.stringify(weekly)).to.equal(400);
    }
    expect((await app.http.request('GET', `${org.base}/business-hours`, { token: org.token })).body.weekly).to.have.length(5);
  });

  it('offers slots in the shop\'s offset, books one, and answers 409 SLOT_TAKEN with alternatives', async () => {
    const org = await setup();
    const slots = await app.http.request('GET', `${org.base}/slots?serviceId=${org.serviceId}&size=M&from=2026-12-02T00:00:00-03:00&to=2026-12-03T00:00:00-03:00`, { token: org.token });
    expect(slots.status).to.equal(200);
    expect(slots.body.items[0]).to.deep.equal({ startsAt: '2026-12-02T08:00:00-03:00', endsAt: '2026-12-02T09:00:00-03:00' });
    const booking = { contactId: org.contactId, petId: org.petId, serviceId: org.serviceId, startsAt: '2026-12-02T10:00:00-03:00' };
    const created = await app.http.request('POST', `${org.base}/bookings`, { token: org.token, json: booking });
    expect(created.status).to.equal(201);
    expect(created.body).to.deep.include({ status: 'scheduled', priceCents: 6500, source: 'staff', startsAt: '2026-12-02T10:00:00-03:00' });
    const again = await app.http.request('POST', `${org.base}/bookings`, { token: org.token, json: booking });
    expect(again.status).to.equal(409);
    expect(again.body.error.code).to.equal('SLOT_TAKEN');
    expect(again.body.error.details.nextSlots).to.be.an('array').that.is.not.empty;
    expect(again.body.error.details.nextSlots[0].startsAt).to.match(/-03:00$/);
    const agenda = await app.http.request('GET', `${org.base}/bookings?from=2026-12-02T00:00:00-03:00&to=2026-12-03T00:00:00-03:00`, { token: org.token });
    expect(agenda.body.items.map((b: { id: string }) => b.id)).to.deep.equal([created.body.id]);
  });

  it('refuses a booking on a closure or outside hours with the specific code', async () => {
    const org = await setup();
    const base = { contactId: org.contactId, petId: org.petId, serviceId: org.serviceId };
    const closed = await app.http.request('POST', `${org.base}/bookings`, { token: org.token, json: { ...base, startsAt: '2026-12-25T10:00:00-03:00' } });
    expect([closed.status, closed.body.error.code]).to.deep.equal([422, 'IN_CLOSURE']);
    const late = await app.http.request('POST', `${org.base}/bookings`, { token: org.token, json: { ...base, startsAt: '2026-12-02T20:00:00-03:00' } });
    expect([late.status, late.body.error.code]).to.deep.equal([422, 'OUTSIDE_BUSINESS_HOURS']);
  });

  it('moves a booking through its states and refuses an invalid transition with 409', async () => {
    const org = await setup();
    const created = await app.http.request('POST', `${org.base}/bookings`, {
      token: org.token, json: { contactId: org.contactId, petId: org.petId, serviceId: org.serviceId, startsAt: '2026-12-02T10:00:00-03:00' },
    });
    const id = created.body.id;
    const moved = await app.http.request('POST', `${org.base}/bookings/${id}/reschedule`, { token: org.token, json: { startsAt: '2026-12-02T14:00:00-03:00' } });
    expect(moved.body.startsAt).to.equal('2026-12-02T14:00:00-03:00');
    expect((await app.http.request('POST', `${org.base}/bookings/${id}/confirm`, { token: org.token, json: {} })).body.status).to.equal('confirmed');
    expect((await app.http.request('POST', `${org.base}/bookings/${id}/cancel`, { token: org.token, json: { reason: 'cliente pediu' } })).body.status).to.equal('cancelled');
    const invalid = await app.http.request('POST', `${org.base}/bookings/${id}/complete`, { token: org.token, json: {} });
    expect([invalid.status, invalid.body.error.code]).to.deep.equal([409, 'INVALID_TRANSITION']);
  });

  it('hides another org\'s bookings and refuses foreign ids in a booking', async () => {
    const a = await setup();
    const b = await app.createOrg('B');
    const created = await app.http.request('POST', `${a.base}/bookings`, {
      token: a.token, json: { contactId: a.contactId, petId: a.petId, serviceId: a.serviceId, startsAt: '2026-12-02T10:00:00-03:00' },
    });
    expect((await app.http.request('POST', `${b.base}/bookings/${created.body.id}/cancel`, { token: b.token, json: {} })).status).to.equal(404);
    const foreign = await app.http.request('POST', `${b.base}/bookings`, {
      token: b.token, json: { contactId: a.contactId, petId: a.petId, serviceId: a.serviceId, startsAt: '2026-12-02T11:00:00-03:00' },
    });
    expect(foreign.status).to.equal(404);
    const bad = await app.http.request('GET', `${a.base}/slots?serviceId=${a.serviceId}&size=XL&from=x&to=y`, { token: a.token });
    expect(bad.status).to.equal(400);
  });
});
