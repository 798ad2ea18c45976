import { expect } from 'chai';
import { repositories } from '../../storage/repositories.js';
import { startFullApp, type FullApp } from '../support/full-app.js';
import { ConsentRepository } from '../../storage/consent.repository.js';
import { OWNER } from '../support/pipeline-harness.js';

describe('owner routes: analytics, campaigns, summaries', () => {
  let app: FullApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('answers analytics for each period and refuses an unknown one', async () => {
    app = await startFullApp();
    for (const period of ['hoje', 'semana', 'mes', 'ano']) {
      const res = await app.http.request('GET', `${app.base}/analytics?period=${period}`, { token: app.token });
      expect(res.status, period).to.equal(200);
      expect(res.body).to.deep.include({ period, newCustomers: 0 });
      expect(res.body.current).to.deep.equal({ scheduled: 0, confirmed: 0, completed: 0, cancelled: 0, no_show: 0, total: 0, revenueCents: 0 });
    }
    expect((await app.http.request('GET', `${app.base}/analytics?period=decada`, { token: app.token })).status).to.equal(400);
  });

  it('confirms a drafted campaign through the API and stops it', async () => {
    app = await startFullApp();
    const repos = repositories(app.storage.db);
    for (const phone of ['+5511911110001', '+5511911110002']) {
      const c = await repos.contacts.findOrCreateByPhone(app.orgId, { phone }, new Date(app.clock.now()));
      await repos.contacts.touchInteraction(app.orgId, c.id, new Date('2026-08-01T12:00:00Z'));
      await new ConsentRepository(app.storage.db).record({ orgId: app.orgId, contactId: c.id, decision: 'granted', source: 'staff', evidence: 'test', now: new Date('2026-08-01T12:00:00Z') });
    }
    app.simulator.inject(app.instanceId, { from: OWNER, text: 'sugira uma campanha de reativação', id: 'O-1' });
    await app.waitFor(async () => {
      await app!.clock.advance(200);
      return (await app!.http.request('GET', `${app!.base}/campaigns`, { token: app!.token })).body.items.length === 1;
    });
    const [draft] = (await app.http.request('GET', `${app.base}/campaigns`, { token: app.token })).body.items;
    expect(draft).to.include({ status: 'draft', kind: 'reativacao', audienceSize: 2 });
    const confirmed = await app.http.request('POST', `${app.base}/campaigns/${draft.id}/confirm`, { token: app.token, json: {} });
    expect(confirmed.body.status).to.equal('sending');
    expect((await app.http.request('POST', `${app.base}/campaigns/${draft.id}/confirm`, { token: app.token, json: {} })).status).to.equal(409);
    const stopped = await app.http.request('POST', `${app.base}/campaigns/${draft.id}/cancel`, { token: app.token, json: {} });
    expect(stopped.body.status).to.equal('stopped');
    const other = await app.http.request('POST', '/admin/orgs', { token: 'adm_test-admin-token-0123456789', json: { name: 'Outra' } });
    expect((await app.http.request('POST', `/api/orgs/${other.body.org.id}/campaigns/${draft.id}/cancel`, { token: other.body.token, json: {} })).status).to.equal(404);
  });

  it('lists the daily summaries once they were sent', async () => {
    app = await startFullApp();
    expect((await app.http.request('GET', `${app.base}/summaries`, { token: app.token })).body.items).to.deep.equal([]);
    await app.clock.advanceTo(new Date('2026-12-01T22:01:00Z').getTime());
    await app.waitFor(async () => (await app!.http.request('GET', `${app!.base}/summaries`, { token: app!.token })).body.items.length === 1);
    const [summary] = (await app.http.request('GET', `${app.base}/summaries`, { token: app.token })).body.items;
    expect(summary.date).to.equal('2026-12-01');
    expect(summary.text).to.match(/^📊 \*Resumo do Dia\* - 01\/12\/2026/);
  });
});
