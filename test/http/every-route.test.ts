import { expect } from 'chai';
import { startFullApp, type FullApp } from '../support/full-app.js';
import { TEST_ADMIN_TOKEN } from '../support/test-app.js';

/**
 * Walks every org route the OpenAPI document lists: another org's token gets
 * 404 (never 403), a malformed body gets 400 MALFORMED_JSON, an unknown id
 * gets 404 — and none of it changes a row.
 */
describe('every org route', () => {
  let app: FullApp | undefined;
  after(async () => app?.close());

  const UNKNOWN = '00000000-0000-4000-8000-000000000000';

  async function snapshot(a: FullApp) {
    const counts: Record<string, number> = {};
    for (const table of ['organizations', 'instances', 'contacts', 'pets', 'services', 'bookings', 'resources', 'conversations', 'messages', 'outbox', 'inbox', 'campaigns', 'business_hours', 'closures'] as const) {
      const row = await a.storage.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      counts[table] = Number(row.n);
    }
    return counts;
  }

  it('answers 404 to another org, 400 to malformed JSON and 404 to unknown ids, changing nothing', async () => {
    app = await startFullApp();
    const other = await app.http.request('POST', '/admin/orgs', { token: TEST_ADMIN_TOKEN, json: { name: 'Outra' } });
    const spec = (await app.http.request('GET', '/api/openapi.json')).body;
    const routes = Object.entries(spec.paths as Record<string, Record<string, unknown>>)
      .filter(([path]) => path.startsWith('/api/orgs/{orgId}'))
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ path, method: method.toUpperCase() })));
    expect(routes.length).to.be.greaterThan(35);
    const before = await snapshot(app);
    for (const { path, method } of routes) {
      const url = (org: string) => path.replace('{orgId}', org).replace('{id}', UNKNOWN);
      const withBody = method !== 'GET' && method !== 'DELETE';
      const foreign = await app.http.request(method, url(app.orgId), { token: other.body.token, ...(withBody && { json: {} }) });
      expect(foreign.status, `${method} ${path} with another org's token`).to.equal(404);
      expect(foreign.body.error.code).to.equal('NOT_FOUND');
      if (withBody) {
        const malformed = await app.http.request(method, url(app.orgId), { token: app.token, rawBody: '{"oops":' });
        expect(malformed.status, `${method} ${path} malformed`).to.equal(400);
        expect(malformed.body.error.code).to.equal('MALFORMED_JSON');
      }
      if (path.includes('{id}')) {
        const unknown = await app.http.request(method, url(app.orgId), { token: app.token, ...(withBody && { json: {} }) });
        expect([400, 404], `${method} ${path} unknown id → ${unknown.status} ${JSON.stringify(unknown.body)}`).to.include(unknown.status);
      }
    }
    await app.settle();
    expect(await snapshot(app)).to.deep.equal(before);
  });
});
