import { expect } from 'chai';
import { useHttpApp } from '../support/http-fixture.js';

describe('organization routes', () => {
  const app = useHttpApp();

  it('returns the org to its own token and to the admin token', async () => {
    const org = await app.createOrg('Patas');
    for (const token of [org.token, app.adminToken]) {
      const res = await app.http.request('GET', org.base, { token });
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.equal({ id: org.id, name: 'Patas', timezone: 'America/Sao_Paulo', ownerNumbers: [], settings: {} });
    }
  });

  it('answers 404, never 403, to another org\'s token, and 401 without a token', async () => {
    const a = await app.createOrg('A');
    const b = await app.createOrg('B');
    const foreign = await app.http.request('GET', a.base, { token: b.token });
    expect(foreign.status).to.equal(404);
    expect(foreign.body.error.code).to.equal('NOT_FOUND');
    const patch = await app.http.request('PATCH', a.base, { token: b.token, json: { name: 'Hacked' } });
    expect(patch.status).to.equal(404);
    expect((await app.http.request('GET', a.base, { token: a.token })).body.name).to.equal('A');
    expect((await app.http.request('GET', a.base)).status).to.equal(401);
    expect((await app.http.request('GET', '/api/orgs/00000000-0000-4000-8000-000000000000', { token: app.adminToken })).status).to.equal(404);
    expect((await app.http.request('GET', '/api/orgs/garbage', { token: app.adminToken })).status).to.equal(404);
  });

  it('patches fields and merges settings', async () => {
    const org = await app.createOrg('A');
    await app.http.request('PATCH', org.base, { token: org.token, json: { settings: { address: 'Rua A, 1' } } });
    const res = await app.http.request('PATCH', org.base, {
      token: org.token,
      json: { timezone: 'America/Manaus', ownerNumbers: ['11 91234-5678'], settings: { paymentMethods: ['Pix'] } },
    });
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.include({ timezone: 'America/Manaus', ownerNumbers: ['+5511912345678'] });
    expect(res.body.settings).to.deep.equal({ address: 'Rua A, 1', paymentMethods: ['Pix'] });
  });

  it('rejects a bad patch and changes nothing', async () => {
    const org = await app.createOrg('A');
    for (const json of [{ timezone: 'Nowhere/Land' }, { name: '' }, { ownerNumbers: 'not-a-list' }, { unknown: 1 }]) {
      const res = await app.http.request('PATCH', org.base, { token: org.token, json });
      expect(res.status, JSON.stringify(json)).to.equal(400);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
    }
    expect((await app.http.request('GET', org.base, { token: org.token })).body).to.deep.include({ name: 'A', timezone: 'America/Sao_Paulo' });
  });
});
