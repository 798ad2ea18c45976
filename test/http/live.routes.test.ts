import { expect } from 'chai';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { auroraAddress, sessionAddress } from '../../actors/addresses.js';
import { INBOUND_STORE_WAIT_MS } from '../../http/whatsapp.routes.js';
import { OutboxRepository } from '../../storage/outbox.repository.js';
import { CUSTOMER } from '../support/pipeline-harness.js';
import { startFullApp, type FullApp } from '../support/full-app.js';
import { PairingTransport } from '../support/pairing-transport.js';
import { TEST_ADMIN_TOKEN } from '../support/test-app.js';

describe('live routes: simulator, conversations, supervision, Socket.IO', () => {
  let app: FullApp | undefined;
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.disconnect();
    await app?.close();
    app = undefined;
  });

  function socketFor(orgId: string, token: string): Socket {
    const socket = connectSocket(`${app!.http.baseUrl}/org/${orgId}`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    return socket;
  }

  const connected = (socket: Socket) =>
    new Promise<string>((resolve) => {
      socket.on('connect', () => resolve('ok'));
      socket.on('connect_error', (error) => resolve(error.message));
    });

  it('takes a simulator message, answers it once, and shows the reply in the outbound list', async () => {
    app = await startFullApp();
    const inbound = { from: '11 98765-4321', text: 'oi', id: 'SIM-1' };
    const first = await app.http.request('POST', `${app.base}/instances/${app.instanceId}/simulator/inbound`, { token: app.token, json: inbound });
    expect([first.status, first.body]).to.deep.equal([202, { id: 'SIM-1' }]);
    await app.http.request('POST', `${app.base}/instances/${app.instanceId}/simulator/inbound`, { token: app.token, json: inbound });
    await app.settle();
    const out = await app.http.request('GET', `${app.base}/instances/${app.instanceId}/simulator/outbound?to=${encodeURIComponent(CUSTOMER)}`, { token: app.token });
    expect(out.body.items.map((m: { text: string }) => m.text)).to.deep.equal(['Recebi: oi']);
    expect(out.body.items[0]).to.include({ to: CUSTOMER });
  });

  it('answers 202 only once the inbox row is committed, and 503 NUMBER_BUSY with Retry-After when the number cannot store it in time', async () => {
    app = await startFullApp();
    const url = `${app.base}/instances/${app.instanceId}/simulator/inbound`;
    const inbound = { from: CUSTOMER, text: 'oi, tem horário amanhã?', id: 'SIM-DURABLE-1' };
    // The number is busy: it is stuck sending a reply to someone else (WhatsApp is slow to take it).
    await new OutboxRepository(app.storage.db).enqueue({
      orgId: app.orgId, instanceId: app.instanceId, idempotencyKey: 'busy-1', waMessageId: '3EB0BUSY', toPhone: '+5511911112222',
      toJid: '5511911112222@s.whatsapp.net', text: 'Seu horário está confirmado', kind: 'reply', queuedAt: new Date(app.clock.now()),
    });
    const hold = app.simulator.holdNextSend();
    app.actors.session(app.orgId, app.instanceId).tell({ type: 'session.flush' });
    await hold.reached;
    let answered = false;
    const pending = app.http.request('POST', url, { token: app.token, json: inbound }).finally(() => (answered = true));
    await app.waitFor(async () => app!.simulator.awaitingReceipt === 1 || answered);
    expect(answered, 'answered while the inbox row could not have been committed').to.equal(false);
    await app.clock.advance(INBOUND_STORE_WAIT_MS);
    const busy = await pending;
    expect(busy.status).to.equal(503);
    expect(busy.body.error).to.deep.include({ code: 'NUMBER_BUSY', details: { id: 'SIM-DURABLE-1' } });
    expect(busy.headers.get('retry-after')).to.equal('2');
    hold.release();
    // The customer's WhatsApp sends it again with the same id: stored once, answered once.
    const again = await app.http.request('POST', url, { token: app.token, json: inbound });
    expect([again.status, again.body]).to.deep.equal([202, { id: 'SIM-DURABLE-1' }]);
    await app.settle();
    const rows = await app.storage.db.selectFrom('inbox').select(['wa_message_id', 'outcome']).execute();
    expect(rows).to.deep.equal([{ wa_message_id: 'SIM-DURABLE-1', outcome: 'agent' }]);
    const replies = await app.storage.db.selectFrom('outbox').select('to_phone').where('to_phone', '=', CUSTOMER).execute();
    expect(replies).to.have.length(1);
  });

  it('rejects bad simulator input and other orgs', async () => {
    app = await startFullApp();
    const url = `${app.base}/instances/${app.instanceId}/simulator/inbound`;
    expect((await app.http.request('POST', url, { token: app.token, json: { from: 'x', text: 'oi' } })).status).to.equal(400);
    expect((await app.http.request('POST', url, { token: app.token, json: { from: CUSTOMER, text: 'a'.repeat(5000) } })).status).to.equal(400);
    expect((await app.http.request('POST', url, { token: app.token, rawBody: '{"from":' })).body.error.code).to.equal('MALFORMED_JSON');
    const other = await app.http.request('POST', '/admin/orgs', { token: TEST_ADMIN_TOKEN, json: { name: 'Outra' } });
    const foreign = await app.http.request('POST', url, { token: other.body.token, json: { from: CUSTOMER, text: 'oi' } });
    expect(foreign.status).to.equal(404);
    await app.settle();
    expect(await app.storage.db.selectFrom('inbox').selectAll().execute()).to.deep.equal([]);
  });

  it('lets staff take a conversation over and hand it back', async () => {
    app = await startFullApp();
    app.simulator.inject(app.instanceId, { from: CUSTOMER, text: 'oi', id: 'WA-1' });
    await app.settle();
    const list = await app.http.request('GET', `${app.base}/conversations`, { token: app.token });
    const conversationId = list.body.items[0].id;
    const reply = await app.http.request('POST', `${app.base}/conversations/${conversationId}/reply`, { token: app.token, json: { text: 'Oi! Aqui é a Carla.' } });
    expect(reply.status).to.equal(201);
    expect(reply.body).to.include({ author: 'staff', direction: 'out', text: 'Oi! Aqui é a Carla.' });
    await app.settle();
    expect((await app.http.request('GET', `${app.base}/conversations?mode=human`, { token: app.token })).body.items).to.have.length(1);
    app.simulator.inject(app.instanceId, { from: CUSTOMER, text: 'obrigada Carla', id: 'WA-2' });
    await app.settle();
    const released = await app.http.request('POST', `${app.base}/conversations/${conversationId}/release`, { token: app.token, json: {} });
    expect(released.body.mode).to.equal('bot');
    app.simulator.inject(app.instanceId, { from: CUSTOMER, text: 'oi de novo', id: 'WA-3' });
    await app.settle();
    const texts = app.simulator.sentTo(app.instanceId, CUSTOMER).map((m) => m.text);
    expect(texts).to.deep.equal(['Recebi: oi', 'Oi! Aqui é a Carla.', 'Recebi: oi de novo']);
    const messages = await app.http.request('GET', `${app.base}/conversations/${conversationId}/messages`, { token: app.token });
    expect(messages.body.items.map((m: { author: string }) => m.author)).to.deep.equal(['customer', 'bot', 'staff', 'customer', 'customer', 'bot']);
  });

  it('shows the supervision tree and restarts an actor by address', async () => {
    app = await startFullApp();
    const tree = await app.http.request('GET', '/admin/supervision', { token: TEST_ADMIN_TOKEN });
    expect(tree.status).to.equal(200);
    const root = tree.body.nodes[0].tree;
    expect(root).to.include({ address: 'root', kind: 'supervisor' });
    const session = sessionAddress(app.orgId, app.instanceId);
    expect(JSON.stringify(root)).to.contain(session);
    const restarted = await app.http.request('POST', '/admin/actors/restart', { token: TEST_ADMIN_TOKEN, json: { address: auroraAddress(app.orgId) } });
    expect([restarted.status, restarted.body.address]).to.deep.equal([202, auroraAddress(app.orgId)]);
    expect((await app.http.request('POST', '/admin/actors/restart', { token: TEST_ADMIN_TOKEN, json: { address: 'nobody/here' } })).status).to.equal(404);
    expect((await app.http.request('GET', '/admin/supervision', { token: app.token })).status).to.equal(401);
  });

  it('shows a crashed actor as restarting in the supervision tree, then running again', async () => {
    let crashes = 0;
    app = await startFullApp({
      beforeCommit: () => {
        if (crashes++ === 0) throw new Error('crash in the middle of a turn');
      },
    });
    app.simulator.inject(app.instanceId, { from: CUSTOMER, text: 'oi', id: 'WA-1' });
    await app.untilInbox(1);
    await app.clock.advance(1_500); // the burst window closes; the turn crashes; the restart waits for its backoff
    await app.waitFor(async () => crashes === 1);
    const find = (node: { address: string; children: unknown[] }, prefix: string): any =>
      node.address.startsWith(prefix) ? node : node.children.map((c) => find(c as typeof node, prefix)).find(Boolean);
    let conversation: any;
    await app.waitFor(async () => {
      const tree = (await app!.http.request('GET', '/admin/supervision', { token: TEST_ADMIN_TOKEN })).body.nodes[0].tree;
      conversation = find(tree, 'conversation/');
      return conversation?.state === 'restarting';
    });
    expect(conversation).to.include({ kind: 'worker', state: 'restarting', restarts: 0 });
    expect(conversation.lastError).to.contain('crash in the middle of a turn');
    await app.settle();
    const after = find((await app.http.request('GET', '/admin/supervision', { token: TEST_ADMIN_TOKEN })).body.nodes[0].tree, 'conversation/');
    expect(after).to.include({ state: 'running', restarts: 1 });
    expect(app.simulator.sentTo(app.instanceId, CUSTOMER)).to.have.length(1);
  });

  it('streams an org\'s events to its own sockets only', async () => {
    app = await startFullApp();
    const other = await app.http.request('POST', '/admin/orgs', { token: TEST_ADMIN_TOKEN, json: { name: 'Outra' } });
    const mine = socketFor(app.orgId, app.token);
    const intruder = socketFor(app.orgId, other.body.token);
    const bystander = socketFor(other.body.org.id, other.body.token);
    expect(await connected(mine)).to.equal('ok');
    expect(await connected(intruder)).to.equal('UNAUTHORIZED');
    expect(await connected(bystander)).to.equal('ok');
    const seen: unknown[] = [];
    const leaked: unknown[] = [];
    mine.on('message:new', (e) => seen.push(e));
    bystander.onAny((...args) => leaked.push(args));
    intruder.onAny((...args) => leaked.push(args));
    app.simulator.inject(app.instanceId, { from: CUSTOMER, text: 'oi', id: 'WA-1' });
    await app.settle();
    for (let i = 0; i < 200 && seen.length < 2; i++) await new Promise((r) => setImmediate(r));
    expect(seen).to.have.length(2);
    expect(leaked).to.deep.equal([]);
  });
});

describe('pairing a real number', () => {
  let app: FullApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('answers an 8-character pairing code and refuses to pair a simulated number', async () => {
    const transport = new PairingTransport();
    app = await startFullApp({ baileys: transport });
    const created = await app.http.request('POST', `${app.base}/instances`, { token: app.token, json: { name: 'Loja', transport: 'baileys' } });
    expect(created.body).to.include({ transport: 'baileys', status: 'created' });
    const first = app.http.request('POST', `${app.base}/instances/${created.body.id}/pairing-code`, { token: app.token, json: { phone: '(11) 98888-7777' } });
    await app.waitFor(async () => transport.requested.length > 0);
    await app.settle(1_000);
    const res = await first;
    expect([res.status, res.body]).to.deep.equal([200, { code: 'PATI-NHA1' }]);
    expect(transport.requested).to.deep.equal(['+5511988887777']);
    // The socket now waits for pairing (QR shown): a second request asks that same socket.
    const again = await app.http.request('POST', `${app.base}/instances/${created.body.id}/pairing-code`, { token: app.token, json: { phone: '+5511988887777' } });
    expect(again.body).to.deep.equal({ code: 'PATI-NHA2' });
    const simulated = await app.http.request('POST', `${app.base}/instances/${app.instanceId}/pairing-code`, { token: app.token, json: { phone: '+5511988887777' } });
    expect([simulated.status, simulated.body.error.code]).to.deep.equal([422, 'WRONG_TRANSPORT']);
  });
});
