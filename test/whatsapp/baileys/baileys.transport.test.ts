import { randomBytes } from 'node:crypto';
import v8 from 'node:v8';
import vm from 'node:vm';
import { proto, type WAMessage } from '@whiskeysockets/baileys';
import { expect } from 'chai';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { pino } from 'pino';
import { systemClock, type Clock } from '../../../runtime/clock.js';
import { MemoryCache } from '../../../storage/memory-cache.js';
import type { StorageHandle } from '../../../storage/open-database.js';
import { repositories } from '../../../storage/repositories.js';
import { SecretBox } from '../../../storage/secret-box.js';
import { WaAuthRepository } from '../../../storage/wa-auth.repository.js';
import { AuthStateStore, authCachePrefix } from '../../../whatsapp/baileys/auth-state-store.js';
import type { BaileysConnection } from '../../../whatsapp/baileys/baileys-connection.js';
import { BaileysTransport, type BaileysTransportOptions } from '../../../whatsapp/baileys/baileys.transport.js';
import { FakeClock, FIXTURE_TIME } from '../../support/fake-clock.js';
import { closedPort, startFakeWaServer, type FakeWaServer } from '../../support/fake-wa-server.js';
import { sharedDatabase, truncateAll } from '../../support/test-database.js';
import { linkedCreds } from '../../support/wa-auth-fixtures.js';
import { EventRecorder } from './event-recorder.js';

/**
 * Real Baileys 7 sockets against loopback servers (no WhatsApp here): every
 * failure WhatsApp-less tests can reach — refused port, server hang-up, silent
 * server, an HTTP error on the upgrade — and the socket lifecycle around them.
 * connectTimeoutMs is small so no Baileys timer outlives the suite.
 */
const CONNECT_TIMEOUT_MS = 1500;
const logger = pino({ level: 'silent' });

function activeTimeouts(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
}

/** Lets pending timers/callbacks run for real (only where a real socket must make progress). */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('BaileysTransport on loopback (real Baileys sockets)', function () {
  this.timeout(15_000);
  let storage: StorageHandle;
  let orgId: string;
  let instanceId: string;
  const servers: FakeWaServer[] = [];
  const transports: BaileysTransport[] = [];
  let generation = 0;

  before(async function () {
    this.timeout(60_000);
    storage = await sharedDatabase('pglite');
  });

  beforeEach(async () => {
    await truncateAll(storage);
    const repos = repositories(storage.db);
    const org = await repos.organizations.create({ name: 'Pet Shop Loopback' }, FIXTURE_TIME);
    const instance = await repos.instances.create({ orgId: org.id, name: 'Principal', transport: 'baileys', createdAt: FIXTURE_TIME });
    orgId = org.id;
    instanceId = instance.id;
  });

  afterEach(async () => {
    for (const transport of transports.splice(0)) await transport.release(instanceId);
    for (const server of servers.splice(0)) await server.close();
  });

  const encryptionKey = randomBytes(32).toString('hex');

  function transportFor(url: string, overrides: Partial<BaileysTransportOptions> = {}, clock: Clock = systemClock): BaileysTransport {
    const transport = new BaileysTransport({
      db: storage.db,
      cache: new MemoryCache(clock),
      encryptionKey,
      logger,
      clock,
      waWebSocketUrl: url,
      connectTimeoutMs: CONNECT_TIMEOUT_MS,
      ...overrides,
    });
    transports.push(transport);
    return transport;
  }

  async function server(behaviour: Parameters<typeof startFakeWaServer>[0]): Promise<FakeWaServer> {
    const started = await startFakeWaServer(behaviour);
    servers.push(started);
    return started;
  }

  async function connect(transport: BaileysTransport, recorder = new EventRecorder()) {
    const connection = await transport.connect({ orgId, instanceId, generation: ++generation, onEvent: recorder.onEvent });
    return { connection, recorder };
  }

  it('reports a refused port as closed 408, once, after connecting', async () => {
    const transport = transportFor(`ws://127.0.0.1:${await closedPort()}/ws/chat`);
    const { connection, recorder } = await connect(transport);
    const closed = await recorder.closed();
    expect(closed.code).to.equal(408);
    expect(closed.message).to.match(/ECONNREFUSED/);
    await connection.end();
    expect(recorder.types()).to.deep.equal(['status:connecting', 'closed']);
    expect(recorder.envelopes.every((e) => e.generation === connection.generation && e.instanceId === instanceId)).to.equal(true);
    expect(transport.liveSockets).to.equal(0);
  });

  it('reports a server that accepts then closes as closed 428 (connectionClosed)', async () => {
    const fake = await server('accept-then-close');
    const transport = transportFor(fake.url);
    const { recorder } = await connect(transport);
    const closed = await recorder.closed();
    expect(closed.code).to.equal(428);
    expect(recorder.events.filter((e) => e.type === 'closed')).to.have.length(1);
  });

  it('tears down a socket stuck on a silent WebSocket server with its watchdog, on the injected clock', async () => {
    const fake = await server('silent');
    const clock = new FakeClock();
    const transport = transportFor(fake.url, {}, clock);
    const helloSent = fake.nextFrame();
    const { recorder } = await connect(transport);
    await recorder.waitFor('status', (e) => e.status === 'connecting');
    await helloSent; // upgrade done, ClientHello out, no answer coming
    expect(clock.pendingDelays()).to.include(CONNECT_TIMEOUT_MS);
    await clock.advance(CONNECT_TIMEOUT_MS - 1);
    expect(recorder.events.some((e) => e.type === 'closed')).to.equal(false);
    await clock.advance(1);
    const closed = await recorder.closed();
    expect(closed).to.include({ code: 408 });
    expect(closed.message).to.match(/watchdog/i);
    expect(transport.liveSockets).to.equal(0);
  });

  it('tears down a socket whose HTTP upgrade is never answered with its watchdog', async () => {
    const fake = await server('tcp-silent');
    const clock = new FakeClock();
    const transport = transportFor(fake.url, {}, clock);
    const accepted = fake.nextConnection();
    const { recorder } = await connect(transport);
    await recorder.waitFor('status', (e) => e.status === 'connecting');
    await accepted;
    await clock.advance(CONNECT_TIMEOUT_MS);
    const closed = await recorder.closed();
    expect(closed.code).to.equal(408);
    expect(closed.message).to.match(/watchdog/i);
  });

  it('ends at once, as 408, a socket whose upgrade is answered with HTTP 403 (not a WhatsApp ban)', async () => {
    const fake = await server({ httpStatus: 403 });
    const transport = transportFor(fake.url, {}, new FakeClock()); // the watchdog never fires here
    const { recorder } = await connect(transport);
    const closed = await recorder.closed();
    expect(closed.code).to.equal(408);
    expect(closed.message).to.contain('HTTP 403');
  });

  it('without the fast path, the watchdog still ends a socket hung on an HTTP 403 upgrade', async () => {
    const fake = await server({ httpStatus: 403 });
    const clock = new FakeClock();
    const transport = transportFor(fake.url, { failFastOnHttpError: false }, clock);
    const accepted = fake.nextConnection();
    const { recorder } = await connect(transport);
    await recorder.waitFor('status', (e) => e.status === 'connecting');
    await accepted;
    // Baileys swallows the 403 (it listens for 'unexpected-response'), so the socket just hangs…
    for (let i = 0; i < 20; i++) await tick();
    expect(recorder.events.some((e) => e.type === 'closed')).to.equal(false);
    // …until the watchdog fires.
    await clock.advance(CONNECT_TIMEOUT_MS);
    const closed = await recorder.closed();
    expect(closed.code).to.equal(408);
    expect(closed.message).to.match(/watchdog/i);
  });

  it('refuses to send before the socket is open, with the code NOT_CONNECTED', async () => {
    const fake = await server('silent');
    const transport = transportFor(fake.url);
    const { connection, recorder } = await connect(transport);
    await recorder.waitFor('status', (e) => e.status === 'connecting');
    const error = await connection.send({ waMessageId: '3EB0TEST', toJid: '5511987654321@s.whatsapp.net', text: 'oi' }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(Error).and.to.include({ code: 'NOT_CONNECTED' });
    await connection.end();
    const afterEnd = await connection.send({ waMessageId: '3EB0TEST2', toJid: '5511987654321@s.whatsapp.net', text: 'oi' }).catch((e: unknown) => e);
    expect(afterEnd).to.include({ code: 'NOT_CONNECTED' });
  });

  it('end() reports closed with no code and releases the handshake timer Baileys leaves armed', async () => {
    const fake = await server('silent');
    const transport = transportFor(fake.url, { connectTimeoutMs: 10_000 });
    const helloSent = fake.nextFrame();
    const before = activeTimeouts();
    const { connection, recorder } = await connect(transport);
    await helloSent; // Baileys now waits for the server hello with a 10 s timer
    expect(activeTimeouts()).to.be.greaterThan(before);
    await connection.end();
    const closed = await recorder.closed();
    expect(closed.code).to.equal(undefined);
    for (let i = 0; i < 5; i++) await tick();
    expect(activeTimeouts()).to.equal(before);
    expect(recorder.events.filter((e) => e.type === 'closed')).to.have.length(1);
  });

  it('ends the previous socket before opening the next: never two sockets of one number', async () => {
    const fake = await server('silent');
    const transport = transportFor(fake.url);
    const firstHello = fake.nextFrame();
    const first = await connect(transport);
    await firstHello;
    const secondHello = fake.nextFrame();
    const second = await connect(transport);
    expect((await first.recorder.closed()).code).to.equal(undefined);
    // the first socket's `closed` was delivered before connect() returned the second
    expect(first.recorder.events.at(-1)?.type).to.equal('closed');
    await secondHello;
    await second.connection.end();
    expect(fake.accepted).to.equal(2);
    expect(fake.maxLive).to.equal(1);
    expect(transport.liveSockets).to.equal(0);
  });

  it('50 connect/close cycles keep one socket at a time and bounded heap', async function () {
    this.timeout(60_000);
    const gc = exposeGc();
    const fake = await server('accept-then-close');
    const transport = transportFor(fake.url);
    const cycle = async () => {
      const { connection, recorder } = await connect(transport);
      expect((await recorder.closed()).code).to.equal(428);
      await connection.end();
    };
    for (let i = 0; i < 5; i++) await cycle(); // warm-up: lazy module state, JIT
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    for (let i = 0; i < 50; i++) await cycle();
    const elapsed = performance.now() - started;
    for (let i = 0; i < 5; i++) await tick();
    gc();
    const growthMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
    expect(fake.accepted).to.equal(55);
    expect(fake.maxLive).to.equal(1);
    expect(transport.liveSockets).to.equal(0);
    expect(growthMb).to.be.lessThan(30);
    process.stderr.write(`      [50 cycles: ${elapsed.toFixed(0)} ms, heap growth ${growthMb.toFixed(2)} MB]\n`);
  });

  describe('session state across sockets', () => {
    async function connectSilent(transport: BaileysTransport, fake: FakeWaServer) {
      const hello = fake.nextFrame();
      const { connection, recorder } = await connect(transport);
      await hello;
      return { connection: connection as BaileysConnection, recorder };
    }

    it('saves creds before it reports the close (a 515 after pairing must find them saved)', async () => {
      const fake = await server('silent');
      const gate = new QueryGate();
      const transport = transportFor(fake.url, { db: storage.db.withPlugin(gate) });
      const { connection, recorder } = await connectSilent(transport, fake);
      expect(await transport.hasCredentials(instanceId)).to.equal(false);
      gate.close();
      // What Baileys does on pair-success: update creds, then the server restarts the stream.
      const paired = linkedCreds();
      connection.socket.ev.emit('creds.update', { me: paired.me, account: paired.account, signalIdentities: paired.signalIdentities });
      const ended = connection.end();
      try {
        await gate.waitForBlocked();
        for (let i = 0; i < 10; i++) await tick();
        expect(recorder.events.some((e) => e.type === 'closed')).to.equal(false);
      } finally {
        gate.open();
      }
      await ended;
      expect((await recorder.closed()).code).to.equal(undefined);
      const fresh = await AuthStateStore.open({ db: storage.db, secretBox: new SecretBox(encryptionKey), cache: new MemoryCache(systemClock), orgId, instanceId });
      expect(fresh.creds.account?.accountSignature).to.deep.equal(paired.account!.accountSignature);
      expect(await transportFor(fake.url).hasCredentials(instanceId)).to.equal(true);
    });

    it('keeps one creds object and one cacheable key store for every socket of the session', async () => {
      const fake = await server('silent');
      const cache = new MemoryCache(systemClock);
      const transport = transportFor(fake.url, { cache });
      const first = await connectSilent(transport, fake);
      const firstCreds = first.connection.socket.authState.creds;
      await first.connection.socket.authState.keys.set({ session: { 'peer.0': Buffer.from('s1') } });
      await first.connection.end();
      // Gone from the database and the shared cache, still in the session's in-memory key cache: the same store serves the next socket.
      await storage.db.deleteFrom('wa_auth').where('instance_id', '=', instanceId).where('type', '=', 'session').execute();
      await cache.delPrefix(authCachePrefix(instanceId));
      const second = await connectSilent(transport, fake);
      expect(second.connection.socket.authState.creds).to.equal(firstCreds);
      const seen = await second.connection.socket.authState.keys.get('session', ['peer.0']);
      expect(Buffer.from(seen['peer.0']!).toString()).to.equal('s1');
      await second.connection.end();
      // release() drops the session: the next one reads the database again.
      await transport.release(instanceId);
      const third = await connectSilent(transport, fake);
      expect(third.connection.socket.authState.creds).to.not.equal(firstCreds);
      expect(await third.connection.socket.authState.keys.get('session', ['peer.0'])).to.deep.equal({});
      await third.connection.end();
    });

    it('forgets a pairing that never completed, so the next socket registers instead of logging in', async () => {
      const fake = await server('silent');
      const transport = transportFor(fake.url);
      const { connection } = await connectSilent(transport, fake);
      // What requestPairingCode does before it sends anything.
      connection.socket.ev.emit('creds.update', { me: { id: '5511987654321@s.whatsapp.net', name: '~' }, pairingCode: 'ABCD1234' });
      await connection.end();
      const saved = await AuthStateStore.open({ db: storage.db, secretBox: new SecretBox(encryptionKey), cache: new MemoryCache(systemClock), orgId, instanceId });
      expect(saved.restored).to.equal(true);
      expect(saved.creds.me).to.equal(undefined);
      expect(saved.creds.pairingCode).to.equal(undefined);
    });

    it('delivers upserts as normalized messages, resolving a LID through Baileys\' mapping over our store', async () => {
      const fake = await server('silent');
      const transport = transportFor(fake.url);
      const { connection, recorder } = await connectSilent(transport, fake);
      await connection.socket.authState.keys.set({ 'lid-mapping': { '5511987654321': '123456789012345', '123456789012345_reverse': '5511987654321' } });
      const upsert = (id: string, remoteJid: string, message: proto.IMessage): WAMessage => ({ key: { id, remoteJid, fromMe: false }, message, messageTimestamp: 1_767_000_000, pushName: 'Ana' });
      connection.socket.ev.emit('messages.upsert', {
        type: 'notify',
        messages: [
          upsert('A', '123456789012345@lid', { conversation: 'quero marcar banho' }),
          upsert('B', 'status@broadcast', { conversation: 'status' }),
          upsert('C', '5511912345678@s.whatsapp.net', { imageMessage: { caption: 'o Rex' } }),
        ],
      });
      const event = await recorder.waitFor('messages');
      expect(event.messages.map((m) => [m.waMessageId, m.senderPhone, m.senderLid, m.text])).to.deep.equal([
        ['A', '+5511987654321', '123456789012345@lid', 'quero marcar banho'],
        ['C', '+5511912345678', null, 'o Rex'],
      ]);
      await connection.end();
    });

    it('turns QRs into images, asks for one pairing code after the first QR, and stands the watchdog down', async () => {
      const fake = await server('silent');
      const clock = new FakeClock();
      const transport = transportFor(fake.url, {}, clock);
      const hello = fake.nextFrame();
      const recorder = new EventRecorder();
      const connection = (await transport.connect({ orgId, instanceId, generation: ++generation, pairingPhone: '+55 11 98765-4321', onEvent: recorder.onEvent })) as BaileysConnection;
      await hello;
      // What Baileys emits once WhatsApp offers a QR (the loopback server cannot).
      connection.socket.ev.emit('connection.update', { qr: '2@first-ref,noise,identity,adv' });
      connection.socket.ev.emit('connection.update', { qr: '2@second-ref,noise,identity,adv' });
      const pairing = await recorder.waitFor('pairing-code');
      expect(pairing.code).to.match(/^[A-Z0-9]{8}$/);
      await recorder.waitFor('qr', (e) => e.qr.startsWith('2@second'));
      const types = recorder.types();
      expect(types.slice(0, 3)).to.deep.equal(['status:connecting', 'status:pairing', 'qr']);
      expect(types.slice(3).sort()).to.deep.equal(['pairing-code', 'qr']); // one code for two QRs
      const qr = recorder.events.find((e) => e.type === 'qr') as Extract<(typeof recorder.events)[number], { type: 'qr' }>;
      expect(qr.qrDataUrl).to.match(/^data:image\/png;base64,/);
      expect(connection.socket.authState.creds.me?.id).to.equal('5511987654321@s.whatsapp.net'); // digits as given
      await clock.advance(CONNECT_TIMEOUT_MS * 3); // a QR is on screen: no watchdog
      expect(recorder.events.some((e) => e.type === 'closed')).to.equal(false);
      await connection.end();
    });

    it('reports the linked account on open, with how it was linked, once', async () => {
      const fake = await server('silent');
      const transport = transportFor(fake.url);
      const { connection, recorder } = await connectSilent(transport, fake);
      const paired = linkedCreds();
      connection.socket.ev.emit('connection.update', { qr: '2@ref,noise,identity,adv' });
      connection.socket.ev.emit('creds.update', { me: paired.me, account: paired.account });
      connection.socket.ev.emit('connection.update', { isNewLogin: true, qr: undefined });
      await connection.end(); // the 515 restart
      const next = await connectSilent(transport, fake);
      next.connection.socket.ev.emit('connection.update', { connection: 'open' });
      expect(await next.recorder.waitFor('account')).to.deep.equal({ type: 'account', phone: '+5511987654321', authMethod: 'qr' });
      await next.recorder.waitFor('status', (e) => e.status === 'open');
      expect(next.recorder.types()).to.deep.equal(['status:connecting', 'account', 'status:open']);
      await next.connection.end();
      const later = await connectSilent(transport, fake);
      later.connection.socket.ev.emit('connection.update', { connection: 'open' });
      expect(await later.recorder.waitFor('account')).to.include({ authMethod: null });
      await later.connection.end();
      expect(recorder.types()).to.deep.equal(['status:connecting', 'status:qr', 'qr', 'closed']);
    });

    it('asks for a pairing code only on a socket that can still pair', async () => {
      const fake = await server('silent');
      const transport = transportFor(fake.url);
      const { connection } = await connectSilent(transport, fake);
      const pending = connection.requestPairingCode('+5511987654321'); // waits for the first QR, which never comes…
      await connection.end();
      expect(await pending.catch((e: unknown) => e)).to.include({ code: 'NOT_CONNECTED' }); // …and fails when the socket ends
      const paired = await connectSilent(transport, fake);
      Object.assign(paired.connection.socket.authState.creds, { account: linkedCreds().account });
      expect(await paired.connection.requestPairingCode('+5511987654321').catch((e: unknown) => e)).to.include({ code: 'ALREADY_PAIRED' });
      await paired.connection.end();
    });

    it('logout ends the live socket and deletes every row and cached copy of the number', async () => {
      const fake = await server('silent');
      const cache = new MemoryCache(systemClock);
      const transport = transportFor(fake.url, { cache });
      const { connection, recorder } = await connectSilent(transport, fake);
      Object.assign(connection.socket.authState.creds, linkedCreds());
      connection.socket.ev.emit('creds.update', {});
      await connection.socket.authState.keys.set({ session: { '5511987654321.0': Buffer.from('s') } });
      await connection.socket.authState.keys.get('session', ['5511987654321.0']);
      await transport.logout(instanceId);
      expect((await recorder.closed()).code).to.equal(undefined); // not open: nothing to unlink, just ended
      expect(await new WaAuthRepository(storage.db).countByType(instanceId)).to.deep.equal({});
      expect(await cache.delPrefix(authCachePrefix(instanceId))).to.equal(0);
      expect(await transport.hasCredentials(instanceId)).to.equal(false);
      // the next connect starts from fresh creds
      const next = await connectSilent(transport, fake);
      expect(next.connection.socket.authState.creds.account).to.equal(undefined);
      await next.connection.end();
    });

    it('logout without a socket still deletes the stored creds', async () => {
      const store = await AuthStateStore.open({ db: storage.db, secretBox: new SecretBox(encryptionKey), cache: new MemoryCache(systemClock), orgId, instanceId });
      Object.assign(store.creds, linkedCreds());
      await store.saveCreds();
      const transport = transportFor('ws://127.0.0.1:9/ws/chat');
      expect(await transport.hasCredentials(instanceId)).to.equal(true);
      await transport.logout(instanceId);
      expect(await transport.hasCredentials(instanceId)).to.equal(false);
    });
  });
});

/** A kysely plugin that holds every query result while closed: makes "was it saved before X?" deterministic. */
class QueryGate implements KyselyPlugin {
  #closed = false;
  #held: (() => void)[] = [];
  #blockedWaiters: (() => void)[] = [];

  close(): void {
    this.#closed = true;
  }

  open(): void {
    this.#closed = false;
    for (const release of this.#held.splice(0)) release();
  }

  waitForBlocked(): Promise<void> {
    return this.#held.length ? Promise.resolve() : new Promise((resolve) => this.#blockedWaiters.push(resolve));
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (this.#closed) {
      await new Promise<void>((resolve) => {
        this.#held.push(resolve);
        for (const waiter of this.#blockedWaiters.splice(0)) waiter();
      });
    }
    return args.result;
  }
}

/** global.gc without --expose-gc (the mocha options are shared by every suite). */
function exposeGc(): () => void {
  if (typeof globalThis.gc === 'function') return () => globalThis.gc!();
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  return () => gc();
}
