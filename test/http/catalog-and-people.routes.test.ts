import { expect } from 'chai';
import { useHttpApp } from '../support/http-fixture.js';

const BANHO = {
  name: 'Banho',
  category: 'Banho',
  species: ['cão', 'gato'],
  bySize: { P: { durationMin: 60, priceCents: 5000 }, GG: { durationMin: 120, priceCents: 10000 } },
};

describe('services routes', () => {
  const app = useHttpApp();

  it('creates, lists, patches and deletes a service', async () => {
    const org = await app.createOrg();
    const created = await app.http.request('POST', `${org.base}/services`, { token: org.token, json: BANHO });
    expect(created.status).to.equal(201);
    expect(created.body).to.deep.include({ name: 'Banho', category: 'banho', active: true });
    const id = created.body.id;
    const patched = await app.http.request('PATCH', `${org.base}/services/${id}`, { token: org.token, json: { active: false } });
    expect(patched.body.active).to.equal(false);
    expect((await app.http.request('GET', `${org.base}/services`, { token: org.token })).body.items).to.have.length(1);
    const removed = await app.http.request('DELETE', `${org.base}/services/${id}`, { token: org.token });
    expect(removed.body).to.deep.equal({ id, result: 'deleted' });
    expect((await app.http.request('GET', `${org.base}/services`, { token: org.token })).body.items).to.deep.equal([]);
  });

  it('refuses a duplicate name with 409 and bad prices with 400', async () => {
    const org = await app.createOrg();
    await app.http.request('POST', `${org.base}/services`, { token: org.token, json: BANHO });
    const dup = await app.http.request('POST', `${org.base}/services`, { token: org.token, json: { ...BANHO, name: 'banho' } });
    expect(dup.status).to.equal(409);
    expect(dup.body.error.code).to.equal('ALREADY_EXISTS');
    for (const bySize of [{}, { XL: { durationMin: 60, priceCents: 1 } }, { P: { durationMin: 60, priceCents: -1 } }, { P: { durationMin: '60', priceCents: 1 } }]) {
      const res = await app.http.request('POST', `${org.base}/services`, { token: org.token, json: { ...BANHO, name: 'Outro', bySize } });
      expect(res.status, JSON.stringify(bySize)).to.equal(400);
    }
    expect((await app.http.request('GET', `${org.base}/services`, { token: org.token })).body.items).to.have.length(1);
  });

  it('hides another org\'s service behind 404', async () => {
    const a = await app.createOrg('A');
    const b = await app.createOrg('B');
    const service = await app.http.request('POST', `${a.base}/services`, { token: a.token, json: BANHO });
    const res = await app.http.request('PATCH', `${b.base}/services/${service.body.id}`, { token: b.token, json: { active: false } });
    expect(res.status).to.equal(404);
    expect((await app.http.request('DELETE', `${b.base}/services/${service.body.id}`, { token: b.token })).status).to.equal(404);
    expect((await app.http.request('PATCH', `${a.base}/services/${service.body.id}`, { token: b.token, json: { active: false } })).status).to.equal(404);
    expect((await app.http.request('PATCH', `${a.base}/services/not-a-uuid`, { token: a.token, json: {} })).status).to.equal(400);
  });
});

describe('contacts and pets routes', () => {
  const app = useHttpApp();

  it('registers a walk-in customer with a normalized phone, and answers 409 with the id for a known phone', async () => {
    const org = await app.createOrg();
    const created = await app.http.request('POST', `${org.base}/contacts`, { token: org.token, json: { phone: '(11) 8765-4321', name: 'Ana' } });
    expect(created.status).to.equal(201);
    expect(created.body).to.deep.include({ phone: '+5511987654321', name: 'Ana', marketingOptOut: false });
    const again = await app.http.request('POST', `${org.base}/contacts`, { token: org.token, json: { phone: '+55 11 98765-4321' } });
    expect(again.status).to.equal(409);
    expect(again.body.error.details).to.deep.equal({ id: created.body.id });
    const found = await app.http.request('GET', `${org.base}/contacts?q=ana`, { token: org.token });
    expect(found.body.items.map((c: { id: string }) => c.id)).to.deep.equal([created.body.id]);
    expect((await app.http.request('GET', `${org.base}/contacts/${created.body.id}`, { token: org.token })).body.name).to.equal('Ana');
  });

  it('registers pets with canonical species and lists them', async () => {
    const org = await app.createOrg();
    const contact = await app.http.request('POST', `${org.base}/contacts`, { token: org.token, json: { phone: '11987654321' } });
    const pet = await app.http.request('POST', `${org.base}/contacts/${contact.body.id}/pets`, {
      token: org.token,
      json: { name: 'Thor', species: 'cachorro', size: 'M', breed: 'vira-lata', birthDate: '2022-03-01' },
    });
    expect(pet.status).to.equal(201);
    expect(pet.body).to.deep.include({ name: 'Thor', species: 'cão', size: 'M', breed: 'vira-lata', birthDate: '2022-03-01', contactId: contact.body.id });
    const list = await app.http.request('GET', `${org.base}/contacts/${contact.body.id}/pets`, { token: org.token });
    expect(list.body.items).to.have.length(1);
  });

  it('rejects bad pets and phones and hides other orgs\' customers', async () => {
    const a = await app.createOrg('A');
    const b = await app.createOrg('B');
    const contact = await app.http.request('POST', `${a.base}/contacts`, { token: a.token, json: { phone: '11987654321' } });
    for (const json of [{ name: 'X', species: 'dragão', size: 'M' }, { name: 'X', species: 'cão', size: 'XL' }, { name: 'X', species: 'cão', size: 'M', birthDate: '31/12/2020' }]) {
      const res = await app.http.request('POST', `${a.base}/contacts/${contact.body.id}/pets`, { token: a.token, json });
      expect(res.status, JSON.stringify(json)).to.equal(400);
    }
    expect((await app.http.request('POST', `${a.base}/contacts`, { token: a.token, json: { phone: '123' } })).status).to.equal(400);
    expect((await app.http.request('GET', `${b.base}/contacts/${contact.body.id}`, { token: b.token })).status).to.equal(404);
    const foreignPet = await app.http.request('POST', `${b.base}/contacts/${contact.body.id}/pets`, { token: b.token, json: { name: 'X', species: 'cão', size: 'M' } });
    expect(foreignPet.status).to.equal(404);
    expect((await app.http.request('GET', `${b.base}/contacts`, { token: b.token })).body.items).to.deep.equal([]);
    const pets = await app.db.selectFrom('pets').selectAll().execute();
    expect(pets).to.deep.equal([]);
  });
});

describe('instances routes', () => {
  const app = useHttpApp();

  it('adds a simulator number by default and reads it back', async () => {
    const org = await app.createOrg();
    const created = await app.http.request('POST', `${org.base}/instances`, { token: org.token, json: { name: 'Recepção', phone: '11 98888-7777' } });
    expect(created.status).to.equal(201);
    expect(created.body).to.deep.include({ name: 'Recepção', phone: '+5511988887777', transport: 'simulator', status: 'created', consecutiveFailures: 0 });
    expect((await app.http.request('GET', `${org.base}/instances/${created.body.id}`, { token: org.token })).body.id).to.equal(created.body.id);
    expect((await app.http.request('GET', `${org.base}/instances`, { token: org.token })).body.items).to.have.length(1);
    const other = await app.createOrg('B');
    expect((await app.http.request('GET', `${other.base}/instances/${created.body.id}`, { token: other.token })).status).to.equal(404);
    expect((await app.http.request('POST', `${org.base}/instances`, { token: org.token, json: { name: 'X', transport: 'telegram' } })).status).to.equal(400);
  });
});

describe('OpenAPI document', () => {
  const app = useHttpApp();

  it('describes every declared route with its request schema', async () => {
    const res = await app.http.request('GET', '/api/openapi.json');
    expect(res.status).to.equal(200);
    expect(res.body.openapi).to.equal('3.1.0');
    const paths = res.body.paths;
    expect(paths['/admin/orgs'].post.requestBody.content['application/json'].schema.required).to.include('name');
    expect(paths['/api/orgs/{orgId}'].patch).to.be.an('object');
    expect(paths['/api/orgs/{orgId}/services/{id}'].delete).to.be.an('object');
    expect(paths['/api/orgs/{orgId}/contacts'].get.parameters.map((p: { name: string }) => p.name)).to.include.members(['orgId', 'q', 'cursor', 'limit']);
  });
});

describe('inactive customers route', () => {
  const app = useHttpApp();

  it('lists customers silent for the given days, without opted-out ones or the owner', async () => {
    const org = await app.createOrg('A', { ownerNumbers: ['+5511900000001'] });
    const { repositories } = await import('../../storage/repositories.js');
    const repos = repositories(app.db);
    const old = new Date('2026-09-01T12:00:00Z');
    for (const [phone, optOut] of [['+5511911110001', false], ['+5511911110002', true], ['+5511900000001', false]] as const) {
      const c = await repos.contacts.findOrCreateByPhone(org.id, { phone, name: phone.slice(-4) }, old);
      await repos.contacts.touchInteraction(org.id, c.id, old);
      if (optOut) await repos.contacts.setMarketingOptOut(org.id, c.id, true, old);
    }
    const res = await app.http.request('GET', `${org.base}/contacts/inactive?days=30`, { token: org.token });
    expect(res.status).to.equal(200);
    expect(res.body.items.map((c: { phone: string }) => c.phone)).to.deep.equal(['+5511911110001']);
    expect((await app.http.request('GET', `${org.base}/contacts/inactive?days=0`, { token: org.token })).status).to.equal(400);
  });
});
