import { expect } from 'chai';
import type { Redis } from 'ioredis';
import { FakeClock } from '../support/fake-clock.js';
import { startTestApp } from '../support/test-app.js';
import { sharedDatabase } from '../support/test-database.js';
import { connectTestRedis } from '../support/test-redis.js';

describe('health routes', () => {
  const clock = new FakeClock(Date.UTC(2026, 11, 1, 12));

  async function start(redis?: Redis) {
    const storage = await sharedDatabase('pglite');
    return startTestApp({ storage, redis, clock, actorCount: () => 3 });
  }

  it('answers GET /health with the storage engine, redis state, uptime and actor count', async () => {
    const http = await start();
    try {
      await clock.advance(42_000);
      const res = await http.request('GET', '/health');
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.equal({ status: 'ok', storage: 'pglite', redis: 'absent', uptimeS: 42, actors: 3 });
      const db = await http.request('GET', '/health/db');
      expect(db.status).to.equal(200);
      expect(db.body.status).to.equal('ok');
      expect(db.body.latencyMs).to.be.a('number');
      expect((await http.request('GET', '/health/supabase')).body.status).to.equal('ok');
      expect((await http.request('GET', '/health/redis')).body).to.deep.equal({ status: 'absent', latencyMs: null });
    } finally {
      await http.close();
    }
  });

  it('reports redis ok, then degraded with 503 on /health/redis when it goes away', async function () {
    const redis = await connectTestRedis(this);
    const http = await start(redis);
    try {
      expect((await http.request('GET', '/health')).body).to.include({ status: 'ok', redis: 'ok' });
      expect((await http.request('GET', '/health/redis')).status).to.equal(200);
      redis.disconnect();
      const health = await http.request('GET', '/health');
      expect(health.status).to.equal(503);
      expect(health.body).to.deep.include({ status: 'degraded', redis: 'down', missing: ['redis'], failedOrgs: [] });
      const probe = await http.request('GET', '/health/redis');
      expect(probe.status).to.equal(503);
      expect(probe.body).to.deep.equal({ status: 'down', latencyMs: null });
    } finally {
      await http.close();
    }
  });

  it('answers 503 degraded naming the shops stopped alone and the missing services, and 200 ok again once they are back', async () => {
    const storage = await sharedDatabase('pglite');
    let redis: 'absent' | 'up' | 'down' = 'up';
    let failed = [{ orgId: 'org-1', retryAt: Date.UTC(2026, 11, 1, 12, 5) }];
    const http = await startTestApp({ storage, clock, actorCount: () => 3, redisStatus: () => redis, failedOrgs: () => failed });
    try {
      const one = await http.request('GET', '/health');
      expect(one.status).to.equal(503);
      expect(one.body).to.deep.include({ status: 'degraded', storage: 'pglite', redis: 'ok', actors: 3, missing: [], failedOrgs: [{ orgId: 'org-1', retryAt: '2026-12-01T12:05:00.000Z' }] });
      redis = 'down';
      expect((await http.request('GET', '/health')).body).to.deep.include({ redis: 'down', missing: ['redis'] });
      redis = 'up';
      failed = [];
      const ok = await http.request('GET', '/health');
      expect(ok.status).to.equal(200);
      expect(ok.body).to.include({ status: 'ok', redis: 'ok' });
      expect(ok.body).to.not.have.property('failedOrgs');
    } finally {
      await http.close();
    }
  });

  it('serves Prometheus text on /metrics and a coded 404 for unknown routes', async () => {
    const http = await start();
    try {
      const metrics = await http.request('GET', '/metrics');
      expect(metrics.status).to.equal(200);
      expect(metrics.headers.get('content-type')).to.contain('text/plain');
      const missing = await http.request('GET', '/api/nothing-here');
      expect(missing.status).to.equal(404);
      expect(missing.body.error.code).to.equal('NOT_FOUND');
    } finally {
      await http.close();
    }
  });
});
