import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import pg from 'pg';
import { skipOrFail } from '../support/services.js';
import { spawnPatinha, type SpawnedPatinha } from '../support/spawn-patinha.js';
import { postgresServerUrl } from '../support/test-database.js';
import { createThrowawayDatabase } from '../support/throwaway-database.js';

const ADMIN = 'adm_multi-node-test-token-0123456789';
const KEY = 'cd'.repeat(32);

describe('two nodes on one PostgreSQL (real processes)', function () {
  this.timeout(120_000);
  let database: Awaited<ReturnType<typeof createThrowawayDatabase>> | undefined;
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
    await database?.drop();
  });

  const start = (nodeId: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `patinha-${nodeId}-`));
    dirs.push(dir);
    return spawnPatinha({ DATABASE_URL: database!.url, DATA_DIR: dir, NODE_ID: nodeId, ADMIN_TOKEN: ADMIN, SESSION_ENCRYPTION_KEY: KEY });
  };

  it('seeds once, gives each WhatsApp number to exactly one node, and serves the same data from both', async () => {
    nodes.push(...(await Promise.all([start('node-a'), start('node-b')])));
    const db = new pg.Client({ connectionString: database!.url });
    await db.connect();
    try {
      let leases: Array<{ holder: string }> = [];
      for (let i = 0; i < 200 && leases.length === 0; i++) {
        leases = (await db.query<{ holder: string }>('select holder from leases')).rows;
        if (leases.length === 0) await new Promise((r) => setTimeout(r, 50)); // waiting for another process, not for a timer of ours
      }
      expect(leases).to.have.length(1);
      expect(['node-a', 'node-b']).to.include(leases[0]!.holder);
      expect((await db.query('select count(*)::int as n from organizations')).rows[0].n).to.equal(1);
    } finally {
      await db.end();
    }
    const [a, b] = nodes as [SpawnedPatinha, SpawnedPatinha];
    const get = (node: SpawnedPatinha, url: string) => fetch(`http://127.0.0.1:${node.port}${url}`, { headers: { authorization: `Bearer ${ADMIN}` } }).then((r) => r.json() as Promise<any>);
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
});
