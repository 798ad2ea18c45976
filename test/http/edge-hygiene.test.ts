import { expect } from 'chai';
import { FIXTURE_TIME } from '../support/fake-clock.js';
import { ConversationsRepository } from '../../storage/conversations.repository.js';
import { useHttpApp } from '../support/http-fixture.js';

const BANHO = { name: 'Banho', category: 'banho', bySize: { P: { durationMin: 60, priceCents: 5000 } } };
const CRAFTED_CURSOR = 'WyJ4IiwieSJd'; // base64url of ["x","y"]: the right shape, nonsense inside

/** Hostile input at the HTTP edge answers 4xx, never a 500 from the database. */
describe('edge hygiene', () => {
  const app = useHttpApp();

  it('refuses NUL and lone surrogates in body fields, nested settings, keys and ?q= with 400 listing the field', async () => {
    const org = await app.createOrg();
    const cases: Array<[string, string, unknown]> = [
      ['POST', `${org.base}/contacts`, { phone: '+5511987654321', name: 'Ana\u0000' }],
      ['POST', `${org.base}/contacts`, { phone: '+5511987654321', name: 'Ana\uD800' }],
      ['POST', `${org.base}/services`, { ...BANHO, name: 'Tosa\uDC00' }],
      ['PATCH', org.base, { settings: { endereco: { rua: 'Rua\u0000 A' } } }],
      ['PATCH', org.base, { settings: { 'chave\u0000': 'x' } }],
    ];
    for (const [method, path, json] of cases) {
      const res = await app.http.request(method, path, { token: org.token, json });
      expect(res.status, `${method} ${path} ${JSON.stringify(json)} → ${JSON.stringify(res.body)}`).to.equal(400);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
      expect(res.body.error.details.problems[0].path).to.match(/^body\./);
      expect(JSON.stringify(res.body)).not.to.match(/\\u0000|\\ud800|\\udc00/i);
    }
    const search = await app.http.request('GET', `${org.base}/contacts?q=a%00b`, { token: org.token });
    expect(search.status).to.equal(400);
    expect(search.body.error.details.problems).to.deep.include({ path: 'query.q', message: 'must not contain NUL characters or lone surrogates' });
    const contacts = await app.http.request('GET', `${org.base}/contacts`, { token: org.token });
    expect(contacts.body.items).to.deep.equal([]);
  });

  it('refuses JSON nested absurdly deep with 400', async () => {
    const org = await app.createOrg();
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const res = await app.http.request('PATCH', org.base, { token: org.token, rawBody: `{"settings":${deep}}` });
    expect(res.status).to.equal(400);
    expect(res.body.error.code).to.equal('VALIDATION_FAILED');
  });

  it('answers a crafted or truncated cursor with 400 INVALID_CURSOR on every list that takes one', async () => {
    const org = await app.createOrg();
    const instance = await app.http.request('POST', `${org.base}/instances`, { token: org.token, json: { name: 'Loja' } });
    const contact = await app.http.request('POST', `${org.base}/contacts`, { token: org.token, json: { phone: '+5511987654321' } });
    const conversation = await new ConversationsRepository(app.db).findOrCreate(org.id, contact.body.id, instance.body.id, FIXTURE_TIME);
    const lists = [`${org.base}/contacts`, `${org.base}/conversations`, `${org.base}/conversations/${conversation.id}/messages`];
    const wrongShape = Buffer.from(JSON.stringify(['2026-01-01T00:00:00.000Z', 'y'])).toString('base64url');
    for (const list of lists) {
      for (const cursor of [CRAFTED_CURSOR, 'not-base64!', 'e30', wrongShape, Buffer.from('[1,2]').toString('base64url')]) {
        const res = await app.http.request('GET', `${list}?cursor=${cursor}`, { token: org.token });
        expect(res.status, `${list} cursor=${cursor} → ${JSON.stringify(res.body)}`).to.equal(400);
        expect(res.body.error.code).to.equal('INVALID_CURSOR');
      }
    }
  });

  it('answers 409 ALREADY_EXISTS when a service is renamed onto another one\'s name, like POST does', async () => {
    const org = await app.createOrg();
    await app.http.request('POST', `${org.base}/services`, { token: org.token, json: BANHO });
    const tosa = await app.http.request('POST', `${org.base}/services`, { token: org.token, json: { ...BANHO, name: 'Tosa' } });
    const res = await app.http.request('PATCH', `${org.base}/services/${tosa.body.id}`, { token: org.token, json: { name: 'Banho' } });
    expect(res.status, JSON.stringify(res.body)).to.equal(409);
    expect(res.body.error.code).to.equal('ALREADY_EXISTS');
    const names = (await app.http.request('GET', `${org.base}/services`, { token: org.token })).body.items.map((s: { name: string }) => s.name);
    expect(names).to.have.members(['Banho', 'Tosa']);
  });

  it('refuses dates before 1900 or after 9999 with 400 wherever dates are accepted', async () => {
    const org = await app.createOrg();
    const weekly = [{ weekday: 1, opens: '08:00', closes: '18:00' }];
    for (const closure of [{ from: '0000-01-01', to: '0000-01-02' }, { from: '0000-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' }, { from: '2026-01-01', to: '9999-12-31' }, { from: '2026-02-30', to: '2026-03-01' }, { from: '10000-01-01', to: '10000-01-02' }]) {
      const res = await app.http.request('PUT', `${org.base}/business-hours`, { token: org.token, json: { weekly, closures: [closure] } });
      expect(res.status, `${JSON.stringify(closure)} → ${JSON.stringify(res.body)}`).to.equal(400);
    }
    const service = await app.http.request('POST', `${org.base}/services`, { token: org.token, json: BANHO });
    const zero = encodeURIComponent('0000-01-01T00:00:00Z');
    const later = encodeURIComponent('0000-01-02T00:00:00Z');
    for (const path of [`/slots?serviceId=${service.body.id}&size=P&from=${zero}&to=${later}`, `/bookings?from=${zero}&to=${later}`, `/bookings?from=${encodeURIComponent('10000-01-01T00:00:00Z')}&to=${later}`]) {
      const res = await app.http.request('GET', org.base + path, { token: org.token });
      expect(res.status, `${path} → ${JSON.stringify(res.body)}`).to.equal(400);
    }
    const contact = await app.http.request('POST', `${org.base}/contacts`, { token: org.token, json: { phone: '+5511987654321' } });
    const pet = await app.http.request('POST', `${org.base}/contacts/${contact.body.id}/pets`, { token: org.token, json: { name: 'Rex', species: 'cão', size: 'P', birthDate: '0000-01-01' } });
    expect(pet.status, JSON.stringify(pet.body)).to.equal(400);
    const booking = await app.http.request('POST', `${org.base}/bookings`, {
      token: org.token, json: { contactId: contact.body.id, petId: contact.body.id, serviceId: service.body.id, startsAt: '0000-06-01T10:00:00-03:00' },
    });
    expect(booking.status, JSON.stringify(booking.body)).to.equal(400);
    expect((await app.http.request('GET', `${org.base}/business-hours`, { token: org.token })).status).to.equal(200);
  });
});
