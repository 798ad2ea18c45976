import os from 'node:os';
import { expect } from 'chai';
import { Counter, Registry } from 'prom-client';
import { NoticeBus, type Notice } from '../../actors/notice-bus.js';
import { PatinhaMetrics } from '../../app/metrics.js';
import { isLoopback } from '../../http/metrics-access.js';
import { listen } from '../../http/server.js';
import type { ActorSystem } from '../../runtime/system.js';
import type { StorageHandle } from '../../storage/open-database.js';
import type { TestHttp } from '../support/http-client.js';
import { startTestApp } from '../support/test-app.js';
import { sharedDatabase } from '../support/test-database.js';

/** /metrics describes every shop on the node: a token, or this machine only. */
describe('/metrics access', () => {
  const METRICS_TOKEN = 'metrics-token-0123456789';
  let storage: StorageHandle;
  let http: TestHttp | undefined;
  before(async function () {
    this.timeout(60_000);
    storage = await sharedDatabase('pglite');
  });
  afterEach(async () => http?.close());

  const registryWithOneMetric = () => {
    const registry = new Registry();
    new Counter({ name: 'patinha_probe_total', help: 'probe', registers: [registry] }).inc();
    return registry;
  };

  it('asks for METRICS_TOKEN as a bearer token when it is set', async () => {
    http = await startTestApp({ storage, metrics: registryWithOneMetric(), metricsToken: METRICS_TOKEN });
    expect((await http.request('GET', '/metrics')).status).to.equal(401);
    expect((await http.request('GET', '/metrics', { token: 'metrics-token-wrong-000000' })).status).to.equal(401);
    const ok = await http.request('GET', '/metrics', { token: METRICS_TOKEN });
    expect(ok.status).to.equal(200);
    expect(ok.body).to.contain('patinha_probe_total 1');
  });

  it('without METRICS_TOKEN serves loopback clients and refuses others with 403', async function () {
    http = await startTestApp({ storage, metrics: registryWithOneMetric() });
    expect((await http.request('GET', '/metrics')).status).to.equal(200);
    const external = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
    if (!external) return this.skip(); // no non-loopback interface to come from
    // The same app, reached from a non-loopback address of this machine.
    const app = (http.server.server.listeners('request')[0]) as Parameters<typeof listen>[0];
    const open = await listen(app, 0, '0.0.0.0');
    try {
      const res = await fetch(`http://${external.address}:${open.port}/metrics`);
      expect(res.status).to.equal(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).to.equal('FORBIDDEN');
    } finally {
      await open.close(0);
    }
  });

  it('tells loopback addresses from others', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1', '0:0:0:0:0:0:0:1']) expect(isLoopback(a), a).to.equal(true);
    for (const a of ['10.0.0.1', '192.0.2.2', '::ffff:10.0.0.1', 'fd00::1', '::', undefined, '']) expect(isLoopback(a), String(a)).to.equal(false);
  });
});

describe('PatinhaMetrics labels', () => {
  const ORG = '5a1b2c3d-0000-4000-8000-000000000001';
  const INSTANCE = '5a1b2c3d-0000-4000-8000-000000000002';
  const system = { subscribe: () => () => {}, tree: () => ({ kind: 'supervisor', address: 'root', children: [] }) } as unknown as ActorSystem;

  async function afterTraffic(metrics: PatinhaMetrics): Promise<string> {
    const bus = new NoticeBus();
    metrics.attach(bus, system);
    bus.publish({ kind: 'inbound', orgId: ORG, inboxIds: ['a'] } as unknown as Notice);
    bus.publish({ kind: 'status', orgId: ORG, instanceId: INSTANCE, status: 'open' } as unknown as Notice);
    return metrics.registry.metrics();
  }

  it('carries no org or instance ids by default', async () => {
    const text = await afterTraffic(new PatinhaMetrics({ defaultMetrics: false }));
    expect(text).to.contain('patinha_messages_inbound_total 1');
    expect(text).to.contain('patinha_whatsapp_connections_opened_total 1');
    expect(text).not.to.contain(ORG);
    expect(text).not.to.contain(INSTANCE);
  });

  it('labels by org and instance with METRICS_ORG_LABELS', async () => {
    const text = await afterTraffic(new PatinhaMetrics({ defaultMetrics: false, orgLabels: true }));
    expect(text).to.contain(`patinha_messages_inbound_total{org="${ORG}"} 1`);
    expect(text).to.contain(`patinha_whatsapp_connections_opened_total{instance="${INSTANCE}"} 1`);
  });
});
