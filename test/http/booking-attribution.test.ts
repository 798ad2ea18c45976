import { expect } from 'chai';
import { ADMIN_ACTOR_NAME, TOKEN_ACTOR_NAME } from '../../storage/actor-names.js';
import { StaffAccounts } from '../../http/staff-accounts.js';
import { repositories } from '../../storage/repositories.js';
import { UsersRepository } from '../../storage/users.repository.js';
import { bookingAgent } from '../support/browser.js';
import { startFullApp, type FullApp } from '../support/full-app.js';
import { CUSTOMER } from '../support/pipeline-harness.js';
import { TEST_ADMIN_TOKEN } from '../support/test-app.js';

/**
 * Every booking change records who did it: the customer on WhatsApp, a signed-in staff member, a
 * token — carried through the customer's ConversationActor and shown by name, from this shop only.
 */
describe('who booked and who changed a booking', () => {
  let app: FullApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function signedIn(a: FullApp, orgId: string, name: string, role: 'owner' | 'staff' = 'staff') {
    const accounts = new StaffAccounts(new UsersRepository(a.storage.db), a.clock);
    const email = `${name.toLowerCase()}.${orgId.slice(0, 6)}@petshop.com`;
    const invited = await accounts.invite(orgId, { email, name, role }, 'test');
    await accounts.useLink(invited.token, 'uma senha comprida');
    return { cookie: `patinha_session=${(await accounts.signIn(email, 'uma senha comprida')).token}`, userId: invited.user.id };
  }

  async function withCookie(a: FullApp, method: string, path: string, cookie: string, json?: unknown) {
    const base = a.http.baseUrl;
    const response = await fetch(`${base}${path}`, {
      method, headers: { cookie, origin: base, ...(json !== undefined && { 'content-type': 'application/json' }) }, body: json === undefined ? undefined : JSON.stringify(json),
    });
    return { status: response.status, body: (await response.json().catch(() => ({}))) as any };
  }

  it('names the customer, the staff member and the token, and assigns the WhatsApp booking the first free room', async () => {
    app = await startFullApp({ agent: bookingAgent() });
    const api = (method: string, url: string, json?: unknown) => app!.http.request(method, `${app!.base}${url}`, { token: app!.token, json });
    const mesa1 = (await api('POST', '/resources', { name: 'Mesa 1', kind: 'room', categories: ['banho'] })).body;
    const mesa2 = (await api('POST', '/resources', { name: 'Mesa 2', kind: 'room', categories: ['banho'] })).body;
    // At the counter, Bia books Mesa 1 for tomorrow 10:00 (the time the customer will ask for).
    const bia = await signedIn(app, app.orgId, 'Bia');
    const walkIn = (await api('POST', '/contacts', { phone: '+5511912345678', name: 'Bruna' })).body;
    const mel = (await api('POST', `/contacts/${walkIn.id}/pets`, { name: 'Mel', species: 'cão', size: 'M' })).body;
    const banho = (await api('GET', '/services')).body.items[0];
    const counter = await withCookie(app, 'POST', `${app.base}/bookings`, bia.cookie, { contactId: walkIn.id, petId: mel.id, serviceId: banho.id, startsAt: '2026-12-02T10:00:00-03:00' });
    expect(counter.status, JSON.stringify(counter.body)).to.equal(201);
    expect(counter.body).to.deep.include({ resourceId: mesa1.id, createdBy: { kind: 'staff', name: 'Bia' }, changedBy: null });

    // The customer books on WhatsApp: the assistant's write lands on the free Mesa 2.
    for (const [i, text] of ['quero banho', 'sim', 'amanhã às 10', 'sim'].entries()) {
      app.simulator.inject(app.instanceId, { from: CUSTOMER, text, id: `WA-ATTR-${i}`, pushName: 'Carla' });
      await app.settle();
    }
    const day = async () => (await api('GET', '/bookings?from=2026-12-02T00:00:00-03:00&to=2026-12-03T00:00:00-03:00')).body.items as any[];
    const whatsapp = (await day()).find((b) => b.source === 'whatsapp');
    expect(whatsapp, JSON.stringify(app.simulator.sentTo(app.instanceId, CUSTOMER).map((m) => m.text))).to.not.equal(undefined);
    expect(whatsapp).to.deep.include({ resourceId: mesa2.id, startsAt: '2026-12-02T10:00:00-03:00', changedBy: null });
    expect(whatsapp.createdBy).to.deep.equal({ kind: 'customer', name: 'Carla' });

    // The token moves it (through the customer's actor); Bia then confirms it.
    const moved = await api('POST', `/bookings/${whatsapp.id}/reschedule`, { startsAt: '2026-12-02T14:00:00-03:00' });
    expect(moved.body).to.deep.include({ resourceId: mesa2.id, changedBy: { kind: 'token', name: TOKEN_ACTOR_NAME }, createdBy: { kind: 'customer', name: 'Carla' } });
    const confirmed = await withCookie(app, 'POST', `${app.base}/bookings/${whatsapp.id}/confirm`, bia.cookie, {});
    expect(confirmed.body.changedBy).to.deep.equal({ kind: 'staff', name: 'Bia' });
    const admin = await app.http.request('POST', `${app.base}/bookings/${counter.body.id}/cancel`, { token: TEST_ADMIN_TOKEN, json: { reason: 'desistiu' } });
    expect(admin.body.changedBy).to.deep.equal({ kind: 'admin', name: ADMIN_ACTOR_NAME });
    const stored = await app.storage.db.selectFrom('bookings').select(['id', 'created_by', 'changed_by']).where('id', '=', whatsapp.id).executeTakeFirstOrThrow();
    expect(stored.changed_by).to.equal(`staff:${bia.userId}`);
    expect(stored.created_by).to.match(/^customer:[0-9a-f-]{36}$/);

    // The agenda shows where the changes left it.
    const listed = await day();
    expect(listed.find((b) => b.id === whatsapp.id)).to.deep.include({ status: 'confirmed', startsAt: '2026-12-02T14:00:00-03:00' });
  });

  it('never shows the name of someone from another shop', async () => {
    app = await startFullApp();
    const other = await app.http.request('POST', '/admin/orgs', { token: TEST_ADMIN_TOKEN, json: { name: 'Outra' } });
    const stranger = await signedIn(app, other.body.org.id, 'Estranho');
    const repos = repositories(app.storage.db);
    const contact = (await app.http.request('POST', `${app.base}/contacts`, { token: app.token, json: { phone: '+5511912345678', name: 'Bruna' } })).body;
    const pet = await repos.pets.upsert(app.orgId, contact.id, { name: 'Mel', species: 'cão', size: 'M' }, new Date(app.clock.now()));
    const service = (await repos.services.list(app.orgId))[0]!;
    const booked = await app.http.request('POST', `${app.base}/bookings`, { token: app.token, json: { contactId: contact.id, petId: pet.id, serviceId: service.id, startsAt: '2026-12-02T10:00:00-03:00' } });
    // Written around the API: a label naming another shop's staff member, and a foreign customer.
    await app.storage.db.updateTable('bookings').set({ changed_by: `staff:${stranger.userId}`, created_by: `customer:${other.body.org.id}` }).where('id', '=', booked.body.id).execute();
    const listed = (await app.http.request('GET', `${app.base}/bookings?from=2026-12-02T00:00:00-03:00&to=2026-12-03T00:00:00-03:00`, { token: app.token })).body.items;
    expect(listed[0].changedBy).to.deep.equal({ kind: 'staff', name: 'Equipe' });
    expect(listed[0].createdBy).to.deep.equal({ kind: 'customer', name: 'Cliente' });
  });
});
