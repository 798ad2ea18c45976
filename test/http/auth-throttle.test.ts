import { expect } from 'chai';
import { io as connectSocket } from 'socket.io-client';
import { NoticeBus } from '../../actors/notice-bus.js';
import { PatinhaMetrics } from '../../app/metrics.js';
import { AuthThrottle, clientKey } from '../../http/auth-throttle.js';
import { SocketGateway } from '../../http/socket-gateway.js';
import { repositories } from '../../storage/repositories.js';
import type { StorageHandle } from '../../storage/open-database.js';
import { FakeClock } from '../support/fake-clock.js';
import type { TestHttp } from '../support/http-client.js';
import { startTestApp, TEST_ADMIN_TOKEN } from '../support/test-app.js';
import { sharedDatabase, truncateAll } from '../support/test-database.js';
import { pino } from 'pino';

/** Guessing tokens costs: an address that keeps failing authentication is refused for the rest of the window. */
describe('failed-authentication throttle', () => {
  const LIMIT = 3;
  const WINDOW_MS = 60_000;
  let storage: StorageHandle;
  let http: TestHttp | undefined;
  let gateway: SocketGateway | undefined;
  let clock: FakeClock;
  let metrics: PatinhaMetrics;

  before(async function () {
    this.timeout(60_000);
    storage = await sharedDatabase('pglite');
  });
  beforeEach(async () => {
    await truncateAll(storage);
    clock = new FakeClock(Date.UTC(2026, 11, 1, 12));
    metrics = new PatinhaMetrics({ defaultMetrics: false });
    const authThrottle = new AuthThrottle({ clock, limit: LIMIT, windowMs: WINDOW_MS, onEvent: (event, channel) => metrics.countAuth(event, channel) });
    http = await startTestApp({ storage, clock, authThrottle, metrics: metrics.registry });
    gateway = new SocketGateway({ server: http.server.server, bus: new NoticeBus(), repos: repositories(storage.db), adminToken: TEST_ADMIN_TOKEN, logger: pino({ level: 'silent' }), authThrottle });
  });
  afterEach(async () => {
    await gateway?.close();
    await http?.close();
  });

  const handshake = (orgId: string, token: string) =>
    new Promise<string>((resolve) => {
      const socket = connectSocket(`${http!.baseUrl}/org/${orgId}`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
      socket.on('connect', () => {
        socket.disconnect();
        resolve('ok');
      });
      socket.on('connect_error', (error) => {
        socket.disconnect();
        resolve(error.message);
      });
    });

  it('answers 429 with Retry-After to every route, /api/session and the handshake once an address failed too often, until the window ends', async () => {
    const org = await http!.request('POST', '/admin/orgs', { token: TEST_ADMIN_TOKEN, json: { name: 'Loja' } });
    const base = `/api/orgs/${org.body.org.id}`;
    for (let i = 0; i < LIMIT; i++) {
      const guess = await http!.request('GET', base, { token: `pat_guess-${i}` });
      expect(guess.status).to.equal(401);
    }
    for (const [path, token] of [[base, org.body.token], ['/api/session', org.body.token], ['/admin/orgs', TEST_ADMIN_TOKEN], [base, 'pat_guess-again']]) {
      const refused = await http!.request('GET', path!, { token });
      expect(refused.status, path).to.equal(429);
      expect(refused.body.error.code).to.equal('TOO_MANY_AUTH_FAILURES');
      expect(Number(refused.headers.get('retry-after'))).to.equal(WINDOW_MS / 1000);
    }
    expect(await handshake(org.body.org.id, org.body.token)).to.equal('TOO_MANY_AUTH_FAILURES');

    await clock.advance(WINDOW_MS - 1000);
    expect(Number((await http!.request('GET', base, { token: org.body.token })).headers.get('retry-after'))).to.equal(1);
    await clock.advance(1000);
    expect((await http!.request('GET', base, { token: org.body.token })).status).to.equal(200);
    expect(await handshake(org.body.org.id, org.body.token)).to.equal('ok');

    const text = await metrics.registry.metrics();
    expect(text).to.contain(`patinha_auth_failures_total{channel="http"} ${LIMIT}`);
    expect(text).to.match(/patinha_auth_throttled_total\{channel="http"\} [1-9]/);
    expect(text).to.contain('patinha_auth_throttled_total{channel="socket"} 1');
  });

  it('counts failures at /api/session and at the Socket.IO handshake alike', async () => {
    const org = await http!.request('POST', '/admin/orgs', { token: TEST_ADMIN_TOKEN, json: { name: 'Loja' } });
    expect((await http!.request('GET', '/api/session', { token: 'pat_nope' })).status).to.equal(401);
    expect(await handshake(org.body.org.id, 'pat_nope')).to.equal('UNAUTHORIZED');
    expect(await handshake(org.body.org.id, 'pat_nope-2')).to.equal('UNAUTHORIZED');
    expect((await http!.request('GET', '/api/session', { token: org.body.token })).status).to.equal(429);
    const text = await metrics.registry.metrics();
    expect(text).to.contain('patinha_auth_failures_total{channel="socket"} 2');
  });

  it('leaves successful authentication alone, however many requests', async () => {
    const org = await http!.request('POST', '/admin/orgs', { token: TEST_ADMIN_TOKEN, json: { name: 'Loja' } });
    for (let i = 0; i < LIMIT * 5; i++) {
      expect((await http!.request('GET', `/api/orgs/${org.body.org.id}`, { token: org.body.token })).status).to.equal(200);
      expect((await http!.request('GET', '/api/session', { token: org.body.token })).status).to.equal(200);
    }
    // Another org's valid token is a 404, not a guess.
    const other = await http!.request('POST', '/admin/orgs', { token: TEST_ADMIN_TOKEN, json: { name: 'Outra' } });
    for (let i = 0; i < LIMIT * 2; i++) expect((await http!.request('GET', `/api/orgs/${org.body.org.id}`, { token: other.body.token })).status).to.equal(404);
    expect((await http!.request('GET', `/api/orgs/${org.body.org.id}`, { token: org.body.token })).status).to.equal(200);
  });

  it('keys IPv4 addresses whole and IPv6 ones by their /64', () => {
    expect(clientKey('::ffff:10.1.2.3')).to.equal('10.1.2.3');
    expect(clientKey('10.1.2.3')).to.equal('10.1.2.3');
    expect(clientKey('2001:db8:1:2:aaaa::1')).to.equal(clientKey('2001:db8:1:2:bbbb:cccc:dddd:eeee'));
    expect(clientKey('2001:db8:1:2::1')).not.to.equal(clientKey('2001:db8:1:3::1'));
    expect(clientKey(undefined)).to.equal('unknown');
  });
});
