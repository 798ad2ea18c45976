import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { auroraAddress, conversationAddress, sessionAddress } from '../../actors/addresses.js';
import { PatinhaActors } from '../../actors/patinha-actors.js';
import { answerNodeRequests } from '../../app/node-requests.js';
import { NodeCluster } from '../../cluster/node-cluster.js';
import type { NodeRequestHandler } from '../../cluster/node-link.js';
import { silentLogger } from '../../runtime/logger.js';
import { loadManifest } from '../../runtime/manifest.js';
import { findByAddress } from '../../runtime/node.js';
import { mulberry32 } from '../../runtime/random.js';
import { SimulatorTransport } from '../../whatsapp/simulator.transport.js';
import { FakeClock } from '../support/fake-clock.js';
import { startFullApp, type FullApp } from '../support/full-app.js';
import { ScriptedAgent } from '../support/pipeline-harness.js';
import { testClusterPrefix, testRedisLinks } from '../support/test-cluster.js';
import { TEST_ADMIN_TOKEN } from '../support/test-app.js';

const ACTORS_JSON = fileURLToPath(new URL('../../actors.json', import.meta.url));

/**
 * `/admin/supervision` across nodes on the real Redis: node A serves HTTP over its actor tree;
 * node B is a second actor tree on the same database; C and D answer with a tree of their own
 * making. All of them find each other through the membership and talk through the node link.
 */
describe('GET /admin/supervision with several nodes (real redis-server)', function () {
  this.timeout(60_000);
  let redis: Awaited<ReturnType<typeof testRedisLinks>> | undefined;
  let app: FullApp | undefined;
  let nodeB: PatinhaActors | undefined;
  const clusters: NodeCluster[] = [];

  afterEach(async () => {
    for (const cluster of clusters.splice(0)) await cluster.stop();
    if (nodeB) {
      const stopping = nodeB.stop();
      for (let i = 0; i < 50 && nodeB.system.state !== 'stopped'; i++) await app!.clock.advance(1_000);
      await stopping;
      nodeB = undefined;
    }
    await app?.close();
    app = undefined;
    await redis?.close();
    redis = undefined;
  });

  it('shows every node\'s tree, restarts an actor on another node, and shows stopped or silent nodes as gone', async function () {
    const prefix = testClusterPrefix();
    redis = await testRedisLinks(this, 4, prefix);
    const clusterClock = new FakeClock(Date.UTC(2026, 11, 1, 12));
    const join = (index: number, nodeId: string, answer: NodeRequestHandler) => {
      const cluster = NodeCluster.start({ redis: redis!.links[index]!, nodeId, answer, clock: clusterClock, prefix });
      clusters.push(cluster);
      return cluster;
    };
    const clusterA = join(0, 'node-a', (payload, from) => answerNodeRequests({ local: app!.actors, holds: () => true, rebalance: () => undefined })(payload, from));
    app = await startFullApp({ cluster: clusterA });
    nodeB = await PatinhaActors.start({
      db: app.storage.db,
      manifest: loadManifest({ path: ACTORS_JSON }),
      clock: app.clock,
      random: mulberry32(11),
      logger: silentLogger,
      transports: { simulator: new SimulatorTransport(app.clock) },
      nodeId: 'node-b',
      agentFor: () => new ScriptedAgent(),
      bootStaggerMs: 0,
    });
    const clusterB = join(1, 'node-b', answerNodeRequests({ local: nodeB, holds: () => true, rebalance: () => undefined }));
    const tiny = { address: 'root', kind: 'supervisor', state: 'running', restarts: 0, mailbox: 0, lastError: null, uptimeMs: 5, children: [] };
    const clusterC = join(2, 'node-c', () => ({ tree: tiny, restartsPerMinute: [0, 2, 1] }));
    join(3, 'node-d', () => ({ not: 'a tree' }));
    await Promise.all(clusters.map((c) => c.ready));
    const joinedAt = new Date(clusterClock.now()).toISOString();

    const supervision = async () => {
      const res = await app!.http.request('GET', '/admin/supervision', { token: TEST_ADMIN_TOKEN });
      expect(res.status).to.equal(200);
      return res.body.nodes as Array<{ nodeId: string; status: string; tree: any; lastSeenAt?: string; reason?: string; restartsPerMinute?: number[] }>;
    };

    let nodes = await supervision();
    expect(nodes.map((n) => [n.nodeId, n.status])).to.deep.equal([['node-a', 'live'], ['node-b', 'live'], ['node-c', 'live'], ['node-d', 'gone']]);
    const session = sessionAddress(app.orgId, app.instanceId);
    for (const node of nodes.slice(0, 2)) {
      expect(node.tree).to.include({ address: 'root', kind: 'supervisor' });
      expect(findByAddress(node.tree, session), `${node.nodeId} runs the number's session`).to.not.equal(undefined);
    }
    expect(nodes[2]!.tree).to.deep.equal(tiny);
    expect(nodes[2]!.restartsPerMinute).to.deep.equal([0, 2, 1]);
    expect(nodes[0]!.restartsPerMinute).to.have.length(60);
    expect(nodes[3]).to.deep.equal({ nodeId: 'node-d', status: 'gone', lastSeenAt: joinedAt, tree: null, reason: 'INVALID_ANSWER' });

    // A restart asked on A for node B happens on B's tree, not A's.
    const aurora = auroraAddress(app.orgId);
    // An admin restart starts a new incarnation (it is not counted as a crash restart).
    const incarnationOf = (actors: PatinhaActors) => findByAddress(actors.tree(), aurora)!.incarnation;
    const [beforeA, beforeB] = [incarnationOf(app.actors), incarnationOf(nodeB)];
    const restarted = await app.http.request('POST', '/admin/actors/restart', { token: TEST_ADMIN_TOKEN, json: { address: aurora, nodeId: 'node-b' } });
    expect([restarted.status, restarted.body.nodeId, restarted.body.address]).to.deep.equal([202, 'node-b', aurora]);
    await app.settle();
    expect(incarnationOf(app.actors)).to.equal(beforeA);
    expect(incarnationOf(nodeB)).to.be.a('number').and.not.equal(beforeB);
    const missing = await app.http.request('POST', '/admin/actors/restart', { token: TEST_ADMIN_TOKEN, json: { address: 'nobody/here', nodeId: 'node-b' } });
    expect([missing.status, missing.body.error.code]).to.deep.equal([404, 'NOT_FOUND']);

    // C stops cleanly: gone at once, since its goodbye.
    await clusterClock.advance(1_000);
    await clusterC.stop();
    // B's process dies: its link is gone but its heartbeat has not lapsed yet (15 s).
    await clusterB.stop({ leave: false });
    nodes = await supervision();
    expect(nodes.map((n) => [n.nodeId, n.status, n.reason])).to.deep.equal([
      ['node-a', 'live', undefined], ['node-b', 'gone', 'NODE_UNREACHABLE'], ['node-c', 'gone', 'HEARTBEAT_LAPSED'], ['node-d', 'gone', 'INVALID_ANSWER'],
    ]);
    expect(nodes[2]).to.deep.equal({ nodeId: 'node-c', status: 'gone', lastSeenAt: new Date(clusterClock.now()).toISOString(), tree: null, reason: 'HEARTBEAT_LAPSED' });
    const unreachable = await app.http.request('POST', '/admin/actors/restart', { token: TEST_ADMIN_TOKEN, json: { address: aurora, nodeId: 'node-b' } });
    expect([unreachable.status, unreachable.body.error.code]).to.deep.equal([503, 'NODE_UNREACHABLE']);
  });

  it('documents live and gone nodes in the OpenAPI document', async () => {
    app = await startFullApp();
    const doc = (await app.http.request('GET', '/api/openapi.json')).body;
    const schema = JSON.stringify(doc.paths['/admin/supervision'].get.responses['200']);
    expect(schema).to.contain('"gone"').and.to.contain('lastSeenAt').and.to.contain('"live"');
    const nodes = (await app.http.request('GET', '/admin/supervision', { token: TEST_ADMIN_TOKEN })).body.nodes;
    expect(nodes.map((n: { nodeId: string; status: string }) => [n.nodeId, n.status])).to.deep.equal([['local', 'live']]); // no Redis: this node alone
  });

  it('labels a shop\'s actors with its name, the number and the customer, keeps one shop on ?orgId, and counts restarts per minute', async () => {
    app = await startFullApp();
    const other = await app.http.request('POST', '/admin/orgs', { token: TEST_ADMIN_TOKEN, json: { name: 'Banho & Tosa Outra', timezone: 'America/Sao_Paulo' } });
    expect(other.status).to.equal(201);
    const otherId: string = other.body.org.id;
    app.actors.activateOrg(otherId);
    app.simulator.inject(app.instanceId, { from: '+5511987654321', text: 'oi', id: 'WA-LABEL-1', pushName: 'Bruna' });
    await app.settle();
    const contact = await app.storage.db.selectFrom('contacts').select(['id']).where('org_id', '=', app.orgId).executeTakeFirstOrThrow();
    const shopName = (await app.storage.db.selectFrom('organizations').select('name').where('id', '=', app.orgId).executeTakeFirstOrThrow()).name;

    const all = (await app.http.request('GET', '/admin/supervision', { token: TEST_ADMIN_TOKEN })).body;
    const tree = all.nodes[0].tree;
    expect(findByAddress(tree, auroraAddress(app.orgId))).to.include({ label: shopName });
    expect((findByAddress(tree, sessionAddress(app.orgId, app.instanceId)) as any).label).to.equal(`${shopName} · Principal (+5511988887777)`);
    expect((findByAddress(tree, conversationAddress(app.orgId, contact.id)) as any).label).to.match(new RegExp(`^${shopName} · .* \\(\\+5511987654321\\)$`));
    expect(findByAddress(tree, auroraAddress(otherId))).to.include({ label: 'Banho & Tosa Outra' });
    expect(findByAddress(tree, 'root')).to.not.have.property('label');
    expect(all.shops).to.deep.equal([{ id: otherId, name: 'Banho & Tosa Outra' }, { id: app.orgId, name: shopName }].sort((a, b) => a.name.localeCompare(b.name, 'pt-BR')));

    const one = (await app.http.request('GET', `/admin/supervision?orgId=${otherId}`, { token: TEST_ADMIN_TOKEN })).body.nodes[0].tree;
    expect(findByAddress(one, auroraAddress(otherId))).to.not.equal(undefined);
    expect(findByAddress(one, auroraAddress(app.orgId)), 'the other shop is left out').to.equal(undefined);
    expect(findByAddress(one, 'orgs'), 'the supervisors above stay').to.not.equal(undefined);
    const bad = await app.http.request('GET', '/admin/supervision?orgId=nope', { token: TEST_ADMIN_TOKEN });
    expect([bad.status, bad.body.error.code]).to.deep.equal([400, 'VALIDATION_FAILED']);

    const before = all.nodes[0].restartsPerMinute as number[];
    expect(before).to.have.length(60);
    app.actors.onRuntimeEvent({ type: 'restart-scheduled', address: auroraAddress(app.orgId), delayMs: 100, attempt: 1 });
    app.actors.onRuntimeEvent({ type: 'restart-scheduled', address: auroraAddress(app.orgId), delayMs: 200, attempt: 2 });
    const after = (await app.http.request('GET', '/admin/supervision', { token: TEST_ADMIN_TOKEN })).body.nodes[0].restartsPerMinute as number[];
    expect(after.at(-1)).to.equal(before.at(-1)! + 2);
  });
});
