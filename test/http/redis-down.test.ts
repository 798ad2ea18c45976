import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { NoticeBus } from '../../actors/notice-bus.js';
import { SocketGateway } from '../../http/socket-gateway.js';
import { RedisCache } from '../../storage/redis-cache.js';
import { RedisLink } from '../../storage/redis-link.js';
import { SecretBox } from '../../storage/secret-box.js';
import { AuthStateStore, authCachePrefix, CACHE_RETRY_AFTER_MS } from '../../whatsapp/baileys/auth-state-store.js';
import { FakeClock } from '../support/fake-clock.js';
import { repositories } from '../../storage/repositories.js';
import type { TestHttp } from '../support/http-client.js';
import { RedisServerProcess } from '../support/redis-server-process.js';
import { untilStatus } from '../support/redis-link-events.js';
import { startTestApp, TEST_ADMIN_TOKEN } from '../support/test-app.js';
import { sharedDatabase, truncateAll } from '../support/test-database.js';
import { seedWaInstance } from '../support/wa-auth-fixtures.js';

/** The app's Redis users, in-process, against a redis-server of the test's own that it kills and restarts. */
describe('while Redis is down (own redis-server, killed and restarted)', function () {
  this.timeout(90_000); // the first test also opens the shared PGlite, slow on a loaded machine
  let server: RedisServerProcess | undefined;
  let link: RedisLink | undefined;
  let http: TestHttp | undefined;
  let direct: Redis | undefined;
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);

  before(async function () {
    server = await RedisServerProcess.start(this);
  });
  beforeEach(async () => {
    await server!.kill(); // each test starts with a fresh, empty Redis
    await server!.restart();
    rejections.length = 0;
    process.on('unhandledRejection', onRejection);
  });
  afterEach(async () => {
    process.off('unhandledRejection', onRejection);
    await http?.close();
    await link?.close();
    direct?.disconnect();
    http = undefined;
    link = undefined;
    direct = undefined;
    await server!.kill();
  });

  const startApp = async (rateLimit = { limit: 3, windowMs: 60_000 }) => {
    link = new RedisLink(server!.url, { logger: pino({ level: 'silent' }) }).start();
    http = await startTestApp({ storage: await sharedDatabase('pglite'), redis: link.commands, redisStatus: () => link!.status(), rateLimit });
    direct = new Redis(server!.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    direct.on('error', () => undefined);
    return http;
  };
  const orgs = () => http!.request('GET', '/admin/orgs', { token: TEST_ADMIN_TOKEN });
  const limitKeys = () => direct!.keys('patinha:rl:*');

  it('rate-limits in memory instead of answering 500, then counts in Redis again when it returns', async () => {
    await startApp();
    await untilStatus(link!, 'up');
    expect((await orgs()).status).to.equal(200);
    expect(await limitKeys()).to.have.length(1);

    await server!.kill();
    await untilStatus(link!, 'down');
    // The node still limits, alone: a fresh in-memory budget of 3.
    expect([(await orgs()).status, (await orgs()).status, (await orgs()).status, (await orgs()).status]).to.deep.equal([200, 200, 200, 429]);
    expect((await http!.request('GET', '/health')).body).to.include({ redis: 'down' });

    await server!.restart(); // an empty Redis: no keys, no loaded scripts
    await untilStatus(link!, 'up');
    expect((await orgs()).status).to.equal(200);
    expect(await limitKeys()).to.have.length(1);
    expect((await http!.request('GET', '/health')).body).to.include({ redis: 'ok' });
    expect(rejections).to.deep.equal([]);
  });

  it('starts with Redis unreachable, answers, and uses Redis once it appears', async () => {
    await server!.kill();
    await startApp();
    expect((await orgs()).status).to.equal(200);
    expect((await http!.request('GET', '/health')).body).to.include({ status: 'degraded', redis: 'down' });
    const probe = await http!.request('GET', '/health/redis');
    expect([probe.status, probe.body]).to.deep.equal([503, { status: 'down', latencyMs: null }]);

    await server!.restart();
    await untilStatus(link!, 'up');
    expect((await orgs()).status).to.equal(200);
    // The store's scripts failed to load at start; it loads them now instead of failing for good.
    expect(await limitKeys()).to.have.length(1);
    expect((await http!.request('GET', '/health/redis')).status).to.equal(200);
    expect(rejections).to.deep.equal([]);
  });

  it('delivers Socket.IO events to this node\'s sockets while Redis is down, once each, and rejects nothing', async () => {
    await startApp();
    const bus = new NoticeBus();
    const storage = await sharedDatabase('pglite');
    const gateway = new SocketGateway({ server: http!.server.server, bus, repos: repositories(storage.db), adminToken: TEST_ADMIN_TOKEN, logger: pino({ level: 'silent' }), redisLink: link });
    const orgId = randomUUID();
    let socket: Socket | undefined;
    try {
      await untilStatus(link!, 'up');
      socket = connectSocket(`${http!.baseUrl}/org/${orgId}`, { auth: { token: TEST_ADMIN_TOKEN }, transports: ['websocket'], reconnection: false, forceNew: true });
      await new Promise<void>((resolve, reject) => {
        socket!.on('connect', () => resolve());
        socket!.on('connect_error', reject);
      });
      const received: string[] = [];
      let wake: (() => void) | undefined;
      socket.on('whatsapp:status', (event: { status: string }) => {
        received.push(event.status);
        wake?.();
      });
      const publish = async (status: string) => {
        const arrived = new Promise<void>((resolve) => (wake = resolve));
        bus.publish({ kind: 'status', orgId, instanceId: randomUUID(), status });
        await arrived;
      };

      await publish('open');
      await server!.kill();
      await untilStatus(link!, 'down');
      await publish('reconnecting');
      await publish('open');
      await server!.restart();
      await untilStatus(link!, 'up');
      await publish('qr');
      // Round-trip one more event so a duplicate of any of the above would have arrived by now.
      await publish('open');
      expect(received).to.deep.equal(['open', 'reconnecting', 'open', 'qr', 'open']);
      expect(rejections).to.deep.equal([]);
    } finally {
      socket?.disconnect();
      await gateway.close();
    }
  });

  it('keeps the WhatsApp auth state in PostgreSQL while Redis is down, and caches it in Redis again after', async () => {
    await startApp();
    const storage = await sharedDatabase('pglite');
    await truncateAll(storage);
    const ids = await seedWaInstance(storage.db);
    const clock = new FakeClock();
    const store = await AuthStateStore.open({ db: storage.db, secretBox: new SecretBox('ab'.repeat(32)), cache: new RedisCache(link!.commands), clock, ...ids });
    await untilStatus(link!, 'up');
    await store.saveCreds();
    const read = async (id: string) => Buffer.from((await store.keys.get('session', [id]))[id] ?? '').toString();

    await server!.kill();
    await untilStatus(link!, 'down');
    await store.keys.set({ session: { 'a.0': Buffer.from('written while down') } });
    expect(await read('a.0')).to.equal('written while down');

    await server!.restart();
    await untilStatus(link!, 'up');
    await clock.advance(CACHE_RETRY_AFTER_MS); // past the store's "distrust the cache" pause
    expect(await read('a.0')).to.equal('written while down');
    expect(await direct!.keys(`patinha:${authCachePrefix(ids.instanceId)}*`)).to.not.deep.equal([]);
    expect(rejections).to.deep.equal([]);
  });
});
