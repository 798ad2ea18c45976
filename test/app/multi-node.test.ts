import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import pg from 'pg';
import { pollProcess } from '../support/poll-process.js';
import { RedisServerProcess } from '../support/redis-server-process.js';
import { skipOrFail } from '../support/services.js';
import { spawnPatinha, type SpawnedPatinha } from '../support/spawn-patinha.js';
import { postgresServerUrl } from '../support/test-database.js';
import { createThrowawayDatabase } from '../support/throwaway-database.js';

const ADMIN = 'adm_multi-node-test-token-0123456789';
const KEY = 'cd'.repeat(32);

describe('two nodes on one PostgreSQL (real processes)', function () {
  this.timeout(120_000);
  let database: Awaited<ReturnType<typeof createThrowawayDatabase>> | undefined;
  let redisServer: RedisServerProcess | undefined;
  const nodes: SpawnedPatinha[] = [];
  const dirs: string[] = [];

  before(async function () {
    if (!postgresServerUrl) skipOrFail(this, 'PostgreSQL', 'TEST_DATABASE_URL/DATABASE_URL is not set');
    database = await createThrowawayDatabase(postgresServerUrl!);
  });
  after(async () => {
    for (const node of nodes) {
      if (node.child.exitCode === null) node.child.kill('SIGKILL');
      await node.exited;
    }
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    await redisServer?.kill();
    await database?.drop();
  });

  const start = (nodeId: string, env: Record<string, string> = {}) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `patinha-${nodeId}-`));
    dirs.push(dir);
    return spawnPatinha({ DATABASE_URL: database!.url, DATA_DIR: dir, NODE_ID: nodeId, ADMIN_TOKEN: ADMIN, SESSION_ENCRYPTION_KEY: KEY, ...env });
  };
  const get = (node: SpawnedPatinha, url: string) => fetch(`http://127.0.0.1:${node.port}${url}`, { headers: { authorization: `Bearer ${ADMIN}` } }).then((r) => r.json() as Promise<any>);

  it('seeds once, gives each shop (and so its WhatsApp numbers) to exactly one node, and serves the same data from both', async () => {
    nodes.push(...(await Promise.all([start('node-a'), start('node-b')])));
    const db = new pg.Client({ connectionString: database!.url });
    await db.connect();
    try {
      let leases: Array<{ holder: string }> = [];
      for (let i = 0; i < 200 && leases.length === 0; i++) {
        leases = (await db.query<{ holder: string }>('select holder from org_leases where holder is not null')).rows;
        if (leases.length === 0) await new Promise((r) => setTimeout(r, 50)); // waiting for another process, not for a timer of ours
      }
      expect(leases).to.have.length(1);
      expect(['node-a', 'node-b']).to.include(leases[0]!.holder);
      expect((await db.query('select count(*)::int as n from organizations')).rows[0].n).to.equal(1);
    } finally {
      await db.end();
    }
    const [a, b] = nodes as [SpawnedPatinha, SpawnedPatinha];
    const orgsA = await get(a, '/admin/orgs');
    const orgsB = await get(b, '/admin/orgs');
    expect(orgsA).to.deep.equal(orgsB);
    const treeA = await get(a, '/admin/supervision');
    expect(treeA.nodes[0].nodeId).to.equal('node-a');
    for (const node of nodes) {
      node.child.kill('SIGINT');
      expect(await node.exited).to.equal(0);
    }
  });

  it('with Redis, shows both nodes\' trees from either node, and a node that stopped as gone', async function () {
    redisServer = await RedisServerProcess.start(this);
    for (const node of nodes.splice(0)) await node.exited;
    const redis = { REDIS_URL: redisServer.url };
    const [a, b] = await Promise.all([start('node-a', redis), start('node-b', redis)]);
    nodes.push(a, b);
    type Nodes = { nodes: Array<{ nodeId: string; status: string; tree: { address: string } | null; lastSeenAt?: string; reason?: string }> };
    const bothLive = (answer: Nodes) => answer.nodes.map((n) => `${n.nodeId}:${n.status}`).join() === 'node-b:live,node-a:live';
    const fromB = await pollProcess('node-b to see both nodes live', () => get(b, '/admin/supervision') as Promise<Nodes>, (x) => bothLive(x));
    expect(fromB.nodes.map((n) => n.tree?.address)).to.deep.equal(['root', 'root']);

    b.child.kill('SIGINT');
    expect(await b.exited).to.equal(0);
    const fromA = (await get(a, '/admin/supervision')) as Nodes;
    expect(fromA.nodes.map((n) => [n.nodeId, n.status, n.reason])).to.deep.equal([['node-a', 'live', undefined], ['node-b', 'gone', 'HEARTBEAT_LAPSED']]);
    // Stamped by the nodes' own clocks, which need not be this process's (CI runs it under faketime).
    expect(Number.isFinite(Date.parse(fromA.nodes[1]!.lastSeenAt!)), 'lastSeenAt is a time').to.equal(true);
    a.child.kill('SIGINT');
    expect(await a.exited).to.equal(0);
  });
});
