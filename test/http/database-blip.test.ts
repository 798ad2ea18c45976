import { expect } from 'chai';
import { migrateToLatest } from '../../storage/migrate.js';
import { openDatabase, type StorageHandle } from '../../storage/open-database.js';
import { isDatabaseUnavailable } from '../../storage/storage-errors.js';
import type { TestHttp } from '../support/http-client.js';
import { skipOrFail } from '../support/services.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { startTestApp, TEST_ADMIN_TOKEN } from '../support/test-app.js';
import { postgresServerUrl } from '../support/test-database.js';
import { createThrowawayDatabase } from '../support/throwaway-database.js';

/** The app talks to a real PostgreSQL through a proxy the test cuts and restores. */
describe('a PostgreSQL blip', function () {
  this.timeout(60_000);
  let database: Awaited<ReturnType<typeof createThrowawayDatabase>> | undefined;
  let proxy: TcpProxy | undefined;
  let storage: StorageHandle | undefined;
  let http: TestHttp | undefined;

  before(async function () {
    if (!postgresServerUrl) skipOrFail(this, 'PostgreSQL', 'TEST_DATABASE_URL/DATABASE_URL is not set');
    database = await createThrowawayDatabase(postgresServerUrl!, 'patinha_blip');
    const url = new URL(database.url);
    proxy = await TcpProxy.start({ host: url.hostname, port: Number(url.port || 5432) });
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    storage = await openDatabase({ databaseUrl: url.toString(), dataDir: 'memory://unused' });
    await migrateToLatest(storage.db);
    http = await startTestApp({ storage });
  });
  after(async () => {
    await http?.close();
    await proxy?.restore().catch(() => undefined);
    await storage?.close();
    await proxy?.cut();
    await database?.drop();
  });

  const orgs = () => http!.request('GET', '/admin/orgs', { token: TEST_ADMIN_TOKEN });

  it('answers 503 DATABASE_UNAVAILABLE with Retry-After while the database is away, and 200 once it is back', async () => {
    expect((await orgs()).status).to.equal(200);
    await proxy!.cut();
    const during = await orgs();
    expect([during.status, during.body.error.code]).to.deep.equal([503, 'DATABASE_UNAVAILABLE']);
    expect(during.headers.get('retry-after')).to.equal('2');
    const health = await http!.request('GET', '/health');
    expect([health.status, health.body.status]).to.deep.equal([503, 'degraded']);
    expect((await http!.request('GET', '/health/db')).status).to.equal(503);

    await proxy!.restore();
    expect((await orgs()).status).to.equal(200);
  });

  it('tells a blip from a bad request', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).to.equal(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).to.equal(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).to.equal(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' }))).to.equal(false);
    expect(isDatabaseUnavailable(new Error('boom'))).to.equal(false);
  });
});
