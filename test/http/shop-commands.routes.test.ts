import { expect } from 'chai';
import { shopAddress } from '../../actors/addresses.js';
import type { ShopSnapshot } from '../../actors/shop/shop-snapshot.js';
import { findByAddress } from '../../runtime/node.js';
import { repositories } from '../../storage/repositories.js';
import { CUSTOMER } from '../support/pipeline-harness.js';
import { startFullApp, type FullApp } from '../support/full-app.js';

const TOSA = { name: 'Tosa higiênica', category: 'tosa', bySize: { P: { durationMin: 40, priceCents: 5000 } } };

/** The routes that change what the shop actor holds, over the real actor tree: each is a command to that actor. */
describe('shop writes through the shop actor', () => {
  let app: FullApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  const snapshot = () => app!.actors.shop(app!.orgId).ask<ShopSnapshot>({ type: 'shop.snapshot' });
  const shopRestarts = () => findByAddress(app!.actors.tree(), shopAddress(app!.orgId))!.restarts;

  it('answers each change once the snapshot conversations read holds it, one reload per change', async () => {
    app = await startFullApp();
    const before = await snapshot();
    const patched = await app.http.request('PATCH', app.base, { token: app.token, json: { ownerNumbers: ['+55 11 97777-0000'], settings: { humanQuietMinutes: 12 } } });
    expect(patched.status).to.equal(200);
    let now = await snapshot();
    expect(now.version).to.equal(before.version + 1);
    expect(now.ownerNumbers).to.deep.equal(['+5511977770000']);
    expect(now.org.settings, 'merged, not replaced').to.include({ humanQuietMinutes: 12 }).and.to.have.property('scheduling');

    const created = await app.http.request('POST', `${app.base}/services`, { token: app.token, json: TOSA });
    expect(created.status).to.equal(201);
    now = await snapshot();
    expect(now.services.map((s) => s.name)).to.include('Tosa higiênica');

    const renamed = await app.http.request('PATCH', `${app.base}/services/${created.body.id}`, { token: app.token, json: { name: 'Tosa bebê' } });
    expect([renamed.status, renamed.body.name]).to.deep.equal([200, 'Tosa bebê']);
    expect((await snapshot()).services.map((s) => s.name)).to.include('Tosa bebê').and.not.include('Tosa higiênica');

    const removed = await app.http.request('DELETE', `${app.base}/services/${created.body.id}`, { token: app.token });
    expect(removed.body).to.deep.equal({ id: created.body.id, result: 'deleted' });
    expect((await snapshot()).services.map((s) => s.id)).to.not.include(created.body.id);

    const hours = await app.http.request('PUT', `${app.base}/business-hours`, {
      token: app.token, json: { weekly: [{ weekday: 2, opens: '10:00', closes: '16:00' }], closures: [{ from: '2026-12-24', to: '2026-12-25', reason: 'Natal' }], capacity: { banho: 3 } },
    });
    expect(hours.status).to.equal(200);
    const settings = (await snapshot()).settings;
    expect(settings.weekly).to.deep.equal([{ weekday: 2, opens: '10:00', closes: '16:00' }]);
    expect(settings.capacity).to.deep.include({ banho: 3 });
    expect(settings.closures).to.have.length(1);
    const audited = await app.storage.db.selectFrom('audit_log').select('action').where('org_id', '=', app.orgId).execute();
    expect(audited.map((r) => r.action)).to.include.members(['org.updated', 'business_hours.replaced']);
    expect((await snapshot()).version).to.equal(before.version + 5);
  });

  it('answers a refused change with its code, changes nothing and keeps the shop actor running', async () => {
    app = await startFullApp();
    const first = await app.http.request('POST', `${app.base}/services`, { token: app.token, json: TOSA });
    expect(first.status).to.equal(201);
    const before = await snapshot();
    const again = await app.http.request('POST', `${app.base}/services`, { token: app.token, json: TOSA });
    expect([again.status, again.body.error.code]).to.deep.equal([409, 'ALREADY_EXISTS']);
    const unknown = await app.http.request('PATCH', `${app.base}/services/6f1c2b7e-0000-4000-8000-000000000000`, { token: app.token, json: { active: false } });
    expect([unknown.status, unknown.body.error.code]).to.deep.equal([404, 'NOT_FOUND']);
    const gone = await app.http.request('DELETE', `${app.base}/services/6f1c2b7e-0000-4000-8000-000000000000`, { token: app.token });
    expect(gone.status).to.equal(404);
    const after = await snapshot();
    expect(after.version, 'nothing reloaded').to.equal(before.version);
    expect(after.services.filter((s) => s.name === TOSA.name)).to.have.length(1);
    expect(shopRestarts(), 'a refusal is an answer, not a crash').to.equal(0);
  });

  it('registers a pet through the customer\'s actor', async () => {
    app = await startFullApp();
    app.simulator.inject(app.instanceId, { from: CUSTOMER, text: 'oi', id: 'WA-1' });
    await app.untilInbox(1);
    await app.settle();
    const contact = (await repositories(app.storage.db).contacts.findByPhone(app.orgId, CUSTOMER))!;
    const pet = await app.http.request('POST', `${app.base}/contacts/${contact.id}/pets`, { token: app.token, json: { name: 'Pipoca', species: 'gato', size: 'P' } });
    expect([pet.status, pet.body.name]).to.deep.equal([201, 'Pipoca']);
    const unknown = await app.http.request('POST', `${app.base}/contacts/6f1c2b7e-0000-4000-8000-000000000000/pets`, { token: app.token, json: { name: 'Rex', species: 'cão', size: 'M' } });
    expect(unknown.status).to.equal(404);
  });
});
