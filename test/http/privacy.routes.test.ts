import { expect } from 'chai';
import { conversationAddress } from '../../actors/addresses.js';
import { tokenFingerprint } from '../../http/auth.js';
import { repositories } from '../../storage/repositories.js';
import { startFullApp, type FullApp } from '../support/full-app.js';
import { useHttpApp } from '../support/http-fixture.js';
import { findPersonalData } from '../support/personal-data-search.js';
import { CUSTOMER } from '../support/pipeline-harness.js';
import { TEST_ADMIN_TOKEN } from '../support/test-app.js';
import type { TreeNode } from '../../runtime/node.js';

const findByAddress = (node: TreeNode, address: string): TreeNode | undefined =>
  node.address === address ? node : node.children.map((c) => findByAddress(c, address)).find(Boolean);

/** Export, deletion, consent and the access log over the real actor tree. */
describe('privacy routes', () => {
  let app: FullApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  let written = 0;
  async function customerWrites(a: FullApp, text: string, id: string) {
    a.simulator.inject(a.instanceId, { from: CUSTOMER, text, id, pushName: 'Ana Souza' });
    await a.untilInbox(++written);
    await a.settle();
  }
  beforeEach(() => {
    written = 0;
  });

  it('exports a customer, logs who read their conversation and export, and anonymises them through their actor', async () => {
    app = await startFullApp();
    const api = (method: string, url: string, options: { json?: unknown; token?: string } = {}) => app!.http.request(method, `${app!.base}${url}`, { token: options.token ?? app!.token, json: options.json });
    await customerWrites(app, 'oi, sou a Ana', 'WA-1');
    const contact = (await repositories(app.storage.db).contacts.findByPhone(app.orgId, CUSTOMER))!;
    const conversation = (await api('GET', '/conversations')).body.items[0];
    expect(findByAddress(app.actors.tree(), conversationAddress(app.orgId, contact.id)), 'the actor holds the customer').to.not.equal(undefined);

    expect((await api('GET', `/conversations/${conversation.id}/messages`)).status).to.equal(200);
    const exported = await api('GET', `/contacts/${contact.id}/export`, { token: TEST_ADMIN_TOKEN });
    expect(exported.status).to.equal(200);
    expect(exported.headers.get('content-disposition')).to.equal(`attachment; filename="dados-cliente-${contact.id}.json"`);
    expect(exported.body.contact).to.include({ phone: CUSTOMER, name: 'Ana Souza' });
    expect(exported.body.conversations[0].messages.map((m: { text: string }) => m.text)).to.deep.equal(['oi, sou a Ana', 'Recebi: oi, sou a Ana']);

    const removed = await api('DELETE', `/contacts/${contact.id}`);
    expect(removed.status).to.equal(204);
    await app.settle();
    expect((await api('GET', `/contacts/${contact.id}`)).body).to.include({ phone: null, name: null, marketingConsentAt: null });
    expect(await findPersonalData(app.storage.db, [CUSTOMER, CUSTOMER.slice(1), 'Ana Souza', 'sou a Ana'])).to.deep.equal([]);
    // Repeating it changes nothing and logs nothing new.
    expect((await api('DELETE', `/contacts/${contact.id}`)).status).to.equal(204);

    const everything = (await api('GET', '/audit-log')).body.items as Array<{ actor: string; action: string; entityId: string }>;
    // (Aurora's first tick also ran the day's retention; that entry is the oldest.)
    expect(everything.at(-1)!.action).to.equal('retention.applied');
    const log = everything.slice(0, -1);
    const orgActor = `org-token:${tokenFingerprint(app.token)}`;
    expect(log.map((e) => [e.action, e.actor, e.entityId])).to.deep.equal([
      ['contact.anonymized', orgActor, contact.id],
      ['contact.exported', `admin-token:${tokenFingerprint(TEST_ADMIN_TOKEN)}`, contact.id],
      ['conversation.read', orgActor, conversation.id],
    ]);
    expect(JSON.stringify(log)).to.not.contain(app.token).and.not.contain(TEST_ADMIN_TOKEN);
    const page = await api('GET', '/audit-log?limit=1');
    expect(page.body.items).to.have.length(1);
    const next = await api('GET', `/audit-log?limit=2&cursor=${page.body.nextCursor}`);
    expect(next.body.items.map((e: { action: string }) => e.action)).to.deep.equal(['contact.exported', 'conversation.read']);
    expect((await api('GET', `/audit-log?entityId=${contact.id}`)).body.items).to.have.length(2);

    // The same phone writing again is somebody new, routed to a new contact (the shop forgot the old one).
    await customerWrites(app, 'oi de novo', 'WA-2');
    const again = (await repositories(app.storage.db).contacts.findByPhone(app.orgId, CUSTOMER))!;
    expect(again.id).to.not.equal(contact.id);
    expect(app.simulator.sentTo(app.instanceId, CUSTOMER).map((m) => m.text).at(-1)).to.equal('Recebi: oi de novo');
  });

  it('records the marketing answer staff heard, with who recorded it, and refuses it for an anonymised customer', async () => {
    app = await startFullApp();
    const api = (method: string, url: string, json?: unknown) => app!.http.request(method, `${app!.base}${url}`, { token: app!.token, json });
    const contact = (await api('POST', '/contacts', { phone: '+5511912345678', name: 'Bruna' })).body;
    expect(contact).to.include({ marketingConsentAt: null, marketingOptOut: false, anonymizedAt: null });
    const granted = await api('PUT', `/contacts/${contact.id}/consent`, { marketing: true });
    expect(granted.status).to.equal(200);
    expect(granted.body.marketingConsentAt).to.equal(new Date(app.clock.now()).toISOString());
    const revoked = await api('PUT', `/contacts/${contact.id}/consent`, { marketing: false });
    expect(revoked.body).to.include({ marketingConsentAt: null, marketingOptOut: true });
    const exported = (await api('GET', `/contacts/${contact.id}/export`)).body;
    expect(exported.consent.history.map((e: { decision: string; source: string; evidence: string }) => [e.decision, e.source, e.evidence])).to.deep.equal([
      ['granted', 'staff', `org-token:${tokenFingerprint(app.token)}`],
      ['revoked', 'staff', `org-token:${tokenFingerprint(app.token)}`],
    ]);
    expect((await api('PUT', `/contacts/${contact.id}/consent`, { marketing: 'yes' })).status).to.equal(400);
    expect((await api('DELETE', `/contacts/${contact.id}`)).status).to.equal(204);
    const refused = await api('PUT', `/contacts/${contact.id}/consent`, { marketing: true });
    expect([refused.status, refused.body.error.code]).to.deep.equal([409, 'ANONYMIZED']);
    expect((await api('GET', '/contacts')).body.items, 'anonymised customers are not listed').to.deep.equal([]);
  });
});

describe('privacy routes without the actor system', () => {
  const app = useHttpApp();

  it('anonymises and exports straight from storage, and 404s another org\'s customer', async () => {
    const org = await app.createOrg();
    const other = await app.createOrg('Outra');
    const contact = (await app.http.request('POST', `${org.base}/contacts`, { token: org.token, json: { phone: '+5511987654321', name: 'Ana' } })).body;
    expect((await app.http.request('GET', `${other.base}/contacts/${contact.id}/export`, { token: other.token })).status).to.equal(404);
    expect((await app.http.request('DELETE', `${other.base}/contacts/${contact.id}`, { token: other.token })).status).to.equal(404);
    expect((await app.http.request('DELETE', `${org.base}/contacts/${contact.id}`, { token: org.token })).status).to.equal(204);
    const exported = (await app.http.request('GET', `${org.base}/contacts/${contact.id}/export`, { token: org.token })).body;
    expect(exported.contact).to.include({ phone: null, name: null });
    expect(exported.contact.anonymizedAt).to.be.a('string');
    const log = (await app.http.request('GET', `${org.base}/audit-log?action=contact.anonymized`, { token: org.token })).body.items;
    expect(log).to.have.length(1);
    expect((await app.http.request('GET', `${other.base}/audit-log`, { token: other.token })).body.items.filter((e: { action: string }) => e.action.startsWith('contact.'))).to.deep.equal([]);
  });
});
