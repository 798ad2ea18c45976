import { expect } from 'chai';
import { useHttpApp } from '../support/http-fixture.js';

describe('admin routes', () => {
  const app = useHttpApp();

  it('creates an org, showing its token once, with normalized owner numbers', async () => {
    const res = await app.http.request('POST', '/admin/orgs', {
      token: app.adminToken,
      json: { name: 'Clínica Pata Feliz', ownerNumbers: ['(11) 98765-4321', '+55 11 98765-4321'] },
    });
    expect(res.status).to.equal(201);
    expect(res.body.token).to.match(/^pat_/);
    expect(res.body.org).to.deep.include({ name: 'Clínica Pata Feliz', timezone: 'America/Sao_Paulo', ownerNumbers: ['+5511987654321'] });
    const list = await app.http.request('GET', '/admin/orgs', { token: app.adminToken });
    expect(list.body.items.map((o: { id: string }) => o.id)).to.deep.equal([res.body.org.id]);
    expect(JSON.stringify(list.body)).to.not.contain(res.body.token);
  });

  it('refuses a missing or wrong admin token with 401, and an org token too', async () => {
    const org = await app.createOrg();
    for (const token of [undefined, 'wrong', org.token]) {
      const res = await app.http.request('GET', '/admin/orgs', { token });
      expect(res.status, String(token)).to.equal(401);
      expect(res.body.error.code).to.equal('UNAUTHORIZED');
    }
  });

  it('rejects bad input with a code and creates nothing', async () => {
    const cases = [
      { rawBody: '{"name": ', code: 'MALFORMED_JSON', status: 400 },
      { json: { name: '' }, code: 'VALIDATION_FAILED', status: 400 },
      { json: { name: 42 }, code: 'VALIDATION_FAILED', status: 400 },
      { json: { name: 'A', timezone: 'Mars/Olympus' }, code: 'VALIDATION_FAILED', status: 400 },
      { json: { name: 'A', ownerNumbers: ['abc'] }, code: 'VALIDATION_FAILED', status: 400 },
      { json: { name: 'A', surprise: true }, code: 'VALIDATION_FAILED', status: 400 },
      { json: { name: 'x'.repeat(70_000) }, code: 'PAYLOAD_TOO_LARGE', status: 413 },
    ];
    for (const c of cases) {
      const res = await app.http.request('POST', '/admin/orgs', { token: app.adminToken, ...c });
      expect(res.status, JSON.stringify(c).slice(0, 80)).to.equal(c.status);
      expect(res.body.error.code).to.equal(c.code);
    }
    expect((await app.http.request('GET', '/admin/orgs', { token: app.adminToken })).body.items).to.deep.equal([]);
  });

  it('rotates a token: the old one stops working at once', async () => {
    const org = await app.createOrg();
    expect((await app.http.request('GET', org.base, { token: org.token })).status).to.equal(200);
    const rotated = await app.http.request('POST', `/admin/orgs/${org.id}/token`, { token: app.adminToken });
    expect(rotated.status).to.equal(201);
    expect((await app.http.request('GET', org.base, { token: org.token })).status).to.equal(401);
    expect((await app.http.request('GET', org.base, { token: rotated.body.token })).status).to.equal(200);
    const audit = await app.db.selectFrom('audit_log').select('action').where('org_id', '=', org.id).execute();
    expect(audit.map((a) => a.action)).to.include('org.token_rotated');
  });

  it('answers 404 when rotating the token of an unknown org', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const res = await app.http.request('POST', `/admin/orgs/${id}/token`, { token: app.adminToken });
      expect(res.status).to.equal(404);
    }
  });
});

describe('GET /api/session', () => {
  const app = useHttpApp();

  it('tells the admin token from a shop token, and refuses anything else', async () => {
    const org = await app.createOrg('Patas');
    expect((await app.http.request('GET', '/api/session', { token: app.adminToken })).body).to.deep.equal({ role: 'admin' });
    const mine = await app.http.request('GET', '/api/session', { token: org.token });
    expect(mine.body.role).to.equal('org');
    expect(mine.body.org).to.include({ id: org.id, name: 'Patas' });
    expect((await app.http.request('GET', '/api/session', { token: 'pat_nope' })).status).to.equal(401);
    expect((await app.http.request('GET', '/api/session')).status).to.equal(401);
    expect((await app.http.request('GET', '/api/openapi.json')).status).to.equal(200);
  });
});
