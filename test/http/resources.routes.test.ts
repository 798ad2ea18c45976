import { expect } from 'chai';
import { TOKEN_ACTOR_NAME } from '../../storage/actor-names.js';
import { StaffAccounts } from '../../http/staff-accounts.js';
import { UsersRepository } from '../../storage/users.repository.js';
import { FakeClock } from '../support/fake-clock.js';
import { useHttpApp, type OrgHandle } from '../support/http-fixture.js';

// The test app's clock stands at 2026-12-01T12:00Z: Tuesday 09:00 in São Paulo.
const HOURS = { weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes: '18:00' })), capacity: { banho: 1 } };
const DAY = 'from=2026-12-02T00:00:00-03:00&to=2026-12-03T00:00:00-03:00';

/**
 * Professionals and rooms over HTTP: owner-only writes with validation, each one's own capacity
 * for bookings and free slots, and nothing of one shop reachable from another.
 */
describe('resource routes (profissionais e salas)', () => {
  const app = useHttpApp();

  async function setup(): Promise<OrgHandle & { serviceId: string; contacts: Array<{ contactId: string; petId: string }> }> {
    const org = await app.createOrg();
    expect((await app.http.request('PUT', `${org.base}/business-hours`, { token: org.token, json: HOURS })).status).to.equal(200);
    const service = await app.http.request('POST', `${org.base}/services`, {
      token: org.token, json: { name: 'Banho', category: 'Banho', species: ['cão'], bySize: { M: { durationMin: 60, priceCents: 6500 } } },
    });
    const contacts = [];
    for (const [i, name] of ['Ana', 'Bruno', 'Carla'].entries()) {
      const contact = await app.http.request('POST', `${org.base}/contacts`, { token: org.token, json: { phone: `1198765432${i}`, name } });
      const pet = await app.http.request('POST', `${org.base}/contacts/${contact.body.id}/pets`, { token: org.token, json: { name: `Pet ${name}`, species: 'cão', size: 'M' } });
      contacts.push({ contactId: contact.body.id, petId: pet.body.id });
    }
    return { ...org, serviceId: service.body.id, contacts };
  }

  /** A signed-in staff member's cookie (a session made straight through StaffAccounts). */
  async function staffCookie(orgId: string, role: 'owner' | 'staff', name: string): Promise<{ cookie: string; userId: string }> {
    const accounts = new StaffAccounts(new UsersRepository(app.db), new FakeClock(Date.UTC(2026, 11, 1, 12)));
    const email = `${name.toLowerCase()}@petshop.com`;
    const invited = await accounts.invite(orgId, { email, name, role }, 'test');
    await accounts.useLink(invited.token, 'uma senha comprida');
    const session = await accounts.signIn(email, 'uma senha comprida');
    return { cookie: `patinha_session=${session.token}`, userId: invited.user.id };
  }

  async function withCookie(method: string, path: string, cookie: string, json?: unknown) {
    const base = app.http.baseUrl;
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { cookie, origin: base, ...(json !== undefined && { 'content-type': 'application/json' }) },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    return { status: response.status, body: (await response.json().catch(() => ({}))) as any };
  }

  it('creates, lists, changes and removes professionals and rooms, with the defaults', async () => {
    const org = await setup();
    const bia = await app.http.request('POST', `${org.base}/resources`, { token: org.token, json: { name: 'Bia', kind: 'professional', categories: ['Banho', 'tosa'] } });
    expect(bia.status, JSON.stringify(bia.body)).to.equal(201);
    expect(bia.body).to.deep.include({ name: 'Bia', kind: 'professional', capacity: 1, categories: ['banho', 'tosa'], active: true });
    const sala = await app.http.request('POST', `${org.base}/resources`, { token: org.token, json: { name: 'Sala 1', kind: 'room', capacity: 3 } });
    expect(sala.body).to.deep.include({ capacity: 3, categories: [] });
    const list = await app.http.request('GET', `${org.base}/resources`, { token: org.token });
    expect(list.body.items.map((r: { name: string }) => r.name)).to.deep.equal(['Bia', 'Sala 1']);
    const patched = await app.http.request('PATCH', `${org.base}/resources/${sala.body.id}`, { token: org.token, json: { capacity: 2, name: 'Sala grande' } });
    expect(patched.body).to.deep.include({ capacity: 2, name: 'Sala grande' });
    expect((await app.http.request('DELETE', `${org.base}/resources/${sala.body.id}`, { token: org.token })).body).to.deep.equal({ id: sala.body.id, result: 'deleted' });
    expect((await app.http.request('DELETE', `${org.base}/resources/${sala.body.id}`, { token: org.token })).status).to.equal(404);
    const audit = await app.db.selectFrom('audit_log').select(['action', 'actor']).where('entity', '=', 'resource').orderBy('id').execute();
    expect(audit.map((a) => a.action)).to.deep.equal(['resource.created', 'resource.created', 'resource.updated', 'resource.deleted']);
    expect(audit[0]!.actor).to.match(/^org-token:/);
  });

  it('refuses invalid resources with 400 and a taken name with 409, changing nothing', async () => {
    const org = await setup();
    const invalid = [
      { name: '', kind: 'room' },
      { name: 'X', kind: 'cadeira' },
      { name: 'X', kind: 'room', capacity: 0 },
      { name: 'X', kind: 'room', capacity: 101 },
      { name: 'X', kind: 'room', capacity: 1.5 },
      { name: 'X', kind: 'room', categories: ['banho', 'banho'] },
      { name: 'X', kind: 'room', categories: [''] },
      { name: 'X', kind: 'room', color: 'azul' },
      { name: 'x'.repeat(81), kind: 'room' },
    ];
    for (const json of invalid) {
      const res = await app.http.request('POST', `${org.base}/resources`, { token: org.token, json });
      expect([res.status, res.body.error?.code], JSON.stringify(json)).to.deep.equal([400, 'VALIDATION_FAILED']);
    }
    await app.http.request('POST', `${org.base}/resources`, { token: org.token, json: { name: 'Bia', kind: 'professional' } });
    const again = await app.http.request('POST', `${org.base}/resources`, { token: org.token, json: { name: 'BIA', kind: 'room' } });
    expect([again.status, again.body.error.code]).to.deep.equal([409, 'ALREADY_EXISTS']);
    expect((await app.http.request('GET', `${org.base}/resources`, { token: org.token })).body.items).to.have.length(1);
  });

  it('lets staff see resources and book on them, but only the owner change them', async () => {
    const org = await setup();
    const staff = await staffCookie(org.id, 'staff', 'Bia');
    const owner = await staffCookie(org.id, 'owner', 'Dona');
    const created = await withCookie('POST', `${org.base}/resources`, owner.cookie, { name: 'Sala', kind: 'room', capacity: 2 });
    expect(created.status).to.equal(201);
    expect((await withCookie('GET', `${org.base}/resources`, staff.cookie)).status).to.equal(200);
    for (const [method, path, json] of [
      ['POST', `${org.base}/resources`, { name: 'Outra', kind: 'room' }],
      ['PATCH', `${org.base}/resources/${created.body.id}`, { capacity: 5 }],
      ['DELETE', `${org.base}/resources/${created.body.id}`, undefined],
    ] as const) {
      const refused = await withCookie(method, path, staff.cookie, json);
      expect([refused.status, refused.body.error?.code], `${method} ${path}`).to.deep.equal([403, 'OWNER_ONLY']);
    }
    const booked = await withCookie('POST', `${org.base}/bookings`, staff.cookie, { ...org.contacts[0], serviceId: org.serviceId, startsAt: '2026-12-02T10:00:00-03:00', resourceId: created.body.id });
    expect(booked.status, JSON.stringify(booked.body)).to.equal(201);
    expect(booked.body).to.deep.include({ resourceId: created.body.id, createdBy: { kind: 'staff', name: 'Bia' }, changedBy: null });
  });

  it('books each professional up to their own capacity and shows it in the free slots', async () => {
    const org = await setup();
    const bia = (await app.http.request('POST', `${org.base}/resources`, { token: org.token, json: { name: 'Bia', kind: 'professional', categories: ['banho'] } })).body;
    const caio = (await app.http.request('POST', `${org.base}/resources`, { token: org.token, json: { name: 'Caio', kind: 'professional', categories: ['banho'] } })).body;
    const book = (i: number, extra: Record<string, unknown> = {}) =>
      app.http.request('POST', `${org.base}/bookings`, { token: org.token, json: { ...org.contacts[i], serviceId: org.serviceId, startsAt: '2026-12-02T10:00:00-03:00', ...extra } });
    const first = await book(0);
    const second = await book(1);
    expect([first.status, second.status], JSON.stringify(second.body)).to.deep.equal([201, 201]);
    expect([first.body.resourceId, second.body.resourceId], 'two at 10:00 although the category capacity is 1').to.deep.equal([bia.id, caio.id]);
    const third = await book(2);
    expect([third.status, third.body.error.code]).to.deep.equal([409, 'SLOT_TAKEN']);
    expect(third.body.error.details.nextSlots[0].startsAt).to.equal('2026-12-02T11:00:00-03:00');

    const slots = async (resourceId?: string) => (await app.http.request('GET', `${org.base}/slots?serviceId=${org.serviceId}&size=M&${DAY}${resourceId ? `&resourceId=${resourceId}` : ''}`, { token: org.token })).body.items
      .map((s: { startsAt: string }) => s.startsAt.slice(11, 16));
    expect(await slots()).to.not.include('10:00');
    expect(await slots(bia.id)).to.not.include('10:00');

    // Moving Bia's booking onto Caio at 11:00, then Caio is taken at 11:00 but Bia is free at 10:00.
    const moved = await app.http.request('POST', `${org.base}/bookings/${first.body.id}/reschedule`, { token: org.token, json: { startsAt: '2026-12-02T11:00:00-03:00', resourceId: caio.id } });
    expect(moved.body).to.deep.include({ resourceId: caio.id, startsAt: '2026-12-02T11:00:00-03:00', changedBy: { kind: 'token', name: TOKEN_ACTOR_NAME } });
    expect(await slots(bia.id)).to.include('10:00');
    expect(await slots(caio.id)).to.not.include('11:00');

    // A resource that is switched off no longer takes bookings; one with bookings to come cannot be switched off.
    const off = await app.http.request('PATCH', `${org.base}/resources/${bia.id}`, { token: org.token, json: { active: false } });
    expect(off.body.active).to.equal(false);
    const onOff = await book(2, { resourceId: bia.id, startsAt: '2026-12-02T14:00:00-03:00' });
    expect([onOff.status, onOff.body.error.code]).to.deep.equal([422, 'RESOURCE_UNAVAILABLE']);
    const inUse = await app.http.request('DELETE', `${org.base}/resources/${caio.id}`, { token: org.token });
    expect([inUse.status, inUse.body.error.code, inUse.body.error.details]).to.deep.equal([409, 'RESOURCE_IN_USE', { bookings: 2 }]);
  });

  it('keeps one shop\'s resources out of another\'s reach', async () => {
    const a = await setup();
    const b = await setup();
    const sala = (await app.http.request('POST', `${a.base}/resources`, { token: a.token, json: { name: 'Sala', kind: 'room' } })).body;
    for (const [method, json] of [['PATCH', { capacity: 9 }], ['DELETE', undefined]] as const) {
      const res = await app.http.request(method, `${b.base}/resources/${sala.id}`, { token: b.token, json });
      expect([res.status, res.body.error.code], method).to.deep.equal([404, 'NOT_FOUND']);
      const foreignToken = await app.http.request(method, `${a.base}/resources/${sala.id}`, { token: b.token, json });
      expect(foreignToken.status).to.equal(404);
    }
    expect((await app.http.request('GET', `${b.base}/resources`, { token: b.token })).body.items).to.deep.equal([]);
    const foreignBooking = await app.http.request('POST', `${b.base}/bookings`, {
      token: b.token, json: { ...b.contacts[0], serviceId: b.serviceId, startsAt: '2026-12-02T10:00:00-03:00', resourceId: sala.id },
    });
    expect([foreignBooking.status, foreignBooking.body.error.code]).to.deep.equal([404, 'NOT_FOUND']);
    const foreignSlots = await app.http.request('GET', `${b.base}/slots?serviceId=${b.serviceId}&size=M&${DAY}&resourceId=${sala.id}`, { token: b.token });
    expect(foreignSlots.status).to.equal(404);
    const badId = await app.http.request('GET', `${b.base}/slots?serviceId=${b.serviceId}&size=M&${DAY}&resourceId=sala`, { token: b.token });
    expect(badId.status).to.equal(400);
    expect((await app.http.request('GET', `${a.base}/resources/${sala.id}`, { token: a.token })).status, 'no such route').to.equal(404);
    expect((await app.http.request('PATCH', `${a.base}/resources/${sala.id}`, { token: a.token, json: {} })).body.capacity).to.equal(1);
  });
});
