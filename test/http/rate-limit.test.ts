import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { TestHttp } from '../support/http-client.js';
import { startTestApp, TEST_ADMIN_TOKEN } from '../support/test-app.js';
import { sharedDatabase } from '../support/test-database.js';
import { connectTestRedis } from '../support/test-redis.js';

describe('per-token rate limit', () => {
  let http: TestHttp | undefined;
  afterEach(async () => {
    await http?.close();
    http = undefined;
  });

  async function exhaust(token: string, times: number) {
    const statuses: number[] = [];
    for (let i = 0; i < times; i++) statuses.push((await http!.request('GET', '/admin/orgs', { token })).status);
    return statuses;
  }

  it('answers 429 RATE_LIMITED with Retry-After past the budget, per token', async () => {
    http = await startTestApp({ storage: await sharedDatabase('pglite'), rateLimit: { limit: 3, windowMs: 60_000 } });
    expect(await exhaust(TEST_ADMIN_TOKEN, 3)).to.deep.equal([200, 200, 200]);
    const limited = await http.request('GET', '/admin/orgs', { token: TEST_ADMIN_TOKEN });
    expect(limited.status).to.equal(429);
    expect(limited.body.error.code).to.equal('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).to.be.greaterThan(0);
    // Another token has its own budget; health is never limited.
    expect((await http.request('GET', '/admin/orgs', { token: 'someone-else' })).status).to.equal(401);
    expect((await http.request('GET', '/health')).status).to.equal(200);
  });

  it('shares the budget through Redis when it is configured', async function () {
    const redis = await connectTestRedis(this);
    const storage = await sharedDatabase('pglite');
    const token = `adm_${randomBytes(8).toString('hex')}`; // a fresh key: earlier runs' counters do not interfere
    // Two apps (two "nodes") on one Redis share one budget.
    const limit = { limit: 4, windowMs: 60_000, redis };
    const a = await startTestApp({ storage, rateLimit: limit });
    const b = await startTestApp({ storage, rateLimit: limit });
    try {
      http = a;
      expect(await exhaust(token, 2)).to.deep.equal([401, 401]);
      http = b;
      expect(await exhaust(token, 3)).to.deep.equal([401, 401, 429]);
    } finally {
      await a.close();
      await b.close();
      http = undefined;
      redis.disconnect();
    }
  });
});
