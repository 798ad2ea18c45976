import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import pg from 'pg';
import { expectEachAnsweredOnce } from '../support/answered-once.js';
import { pollProcess } from '../support/poll-process.js';
import { skipOrFail } from '../support/services.js';
import { flattenTree, nodeCaller, type SupervisionNode } from '../support/node-calls.js';
import { spawnPatinha, type SpawnedPatinha } from '../support/spawn-patinha.js';
import { postgresServerUrl } from '../support/test-database.js';
import { createThrowawayDatabase } from '../support/throwaway-database.js';

/**
 * Every product actor type placed out of process by configuration alone: the repository's
 * actors.json with `"mode": "forked"` and a pool for the session, shop, conversation and Aurora
 * types — the same modules the node runs in memory, built in each host from its node context.
 * A customer is answered, the owner talks to Aurora, and after the conversations' host is
 * SIGKILLed every accepted message is still answered exactly once (a replayed turn asks the
 * shop, on another host, for its snapshot through the node).
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ADMIN = 'adm_forked-product-token-0123456789';
const KEY = 'fd'.repeat(32);
const OWNER = '+5511987650001';
const HOSTED = ['session', 'shop', 'conversation', 'aurora'] as const;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms)); // another process is working; not a timer of ours

/** actors.json with the product types out of process, module paths made absolute (the file lives elsewhere). */
function hostedManifest(dir: string, mode: 'forked' | 'threaded'): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'actors.json'), 'utf8'));
  manifest.context.module = path.resolve(ROOT, manifest.context.module);
  for (const type of HOSTED) {
    const actor = manifest.actors[type];
    Object.assign(actor, { mode, pool: 1, module: path.resolve(ROOT, actor.module) });
  }
  const file = path.join(dir, `actors.all-${mode}.json`);
  fs.writeFileSync(file, JSON.stringify(manifest));
  return file;
}

describe('every product actor type in forked host processes (real processes)', function () {
  this.timeout(180_000);
  let database: Awaited<ReturnType<typeof createThrowawayDatabase>> | undefined;
  let node: SpawnedPatinha | undefined;
  let db: pg.Client | undefined;
  let dir: string | undefined;

  before(async function () {
    if (!postgresServerUrl) skipOrFail(this, 'PostgreSQL', 'TEST_DATABASE_URL/DATABASE_URL is not set');
    database = await createThrowawayDatabase(postgresServerUrl!);
  });
  after(async () => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    await database?.drop();
  });

  const call = nodeCaller(() => node!.port, ADMIN);
  const actors = async () => flattenTree((await call('GET', '/admin/supervision')).body.nodes[0].tree as SupervisionNode);

  /** One node with the product actors hosted in `mode`, a shop with an owner number and one simulator number. */
  async function startShop(mode: 'forked' | 'threaded') {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), `patinha-${mode}-all-`));
    node = await spawnPatinha({
      DATABASE_URL: database!.url, DATA_DIR: dir, ADMIN_TOKEN: ADMIN, SESSION_ENCRYPTION_KEY: KEY, SEED_DEMO: '0',
      ACTORS_CONFIG: hostedManifest(dir, mode), LOG_LEVEL: process.env.NODE_LOG_LEVEL ?? 'warn',
    });
    db = new pg.Client({ connectionString: database!.url });
    await db.connect();

    const org = await call('POST', '/admin/orgs', { name: 'Pet Shop Hospedado', timezone: 'America/Sao_Paulo' });
    expect(org.status, JSON.stringify(org.body)).to.equal(201);
    const orgId: string = org.body.org.id;
    const token: string = org.body.token;
    // The new shop's lease is taken within a moment; until then its actors answer 503.
    const saved = await pollProcess('the owner number saved', () => call('PATCH', `/api/orgs/${orgId}`, { ownerNumbers: [OWNER] }, token), (answer) => answer.status !== 503);
    expect(saved.status, JSON.stringify(saved.body)).to.equal(200);
    const instance = await call('POST', `/api/orgs/${orgId}/instances`, { name: 'Principal', transport: 'simulator' }, token);
    expect(instance.status, JSON.stringify(instance.body)).to.equal(201);
    const instanceId: string = instance.body.id;
    await pollProcess('the number open', async () => (await db!.query(`select status from instances where id = $1`, [instanceId])).rows[0]?.status, (status) => status === 'open');

    // Each shop its own customers (the tests share one database).
    let customer = mode === 'forked' ? 60_000_000 : 61_000_000;
    const accepted: Array<{ from: string; id: string }> = [];
    const send = async (from: string, text: string, id: string) => {
      for (let attempt = 0; attempt < 300; attempt++) {
        const answer = await call('POST', `/api/orgs/${orgId}/instances/${instanceId}/simulator/inbound`, { from, text, id }, token);
        if (answer.status === 202) return;
        if (answer.status !== 503) throw new Error(`inbound answered ${answer.status}: ${JSON.stringify(answer.body)}`);
        await pause(200);
      }
      throw new Error(`${id} was never accepted`);
    };
    const write = async () => {
      const from = `+55119${customer++}`;
      const message = { from, id: `HOSTED-${from}` };
      await send(from, 'oi, quanto custa um banho?', message.id);
      accepted.push(message);
    };
    const ownerAnswered = async () => {
      await send(OWNER, 'como foi hoje?', `HOSTED-OWNER-${mode}`);
      const owner = await pollProcess(
        'Aurora answers the owner',
        async () => (await db!.query(`select text from outbox where org_id = $1 and to_phone = $2 and status = 'sent'`, [orgId, OWNER])).rows,
        (rows) => rows.length > 0,
      );
      expect(owner[0].text).to.be.a('string').and.not.equal('');
    };
    return { write, accepted, ownerAnswered };
  }

  afterEach(async () => {
    if (process.env.NODE_LOG_DIR && node) fs.writeFileSync(path.join(process.env.NODE_LOG_DIR, 'hosted-product.log'), node.stdout() + node.stderr());
    if (node && node.child.exitCode === null && node.child.signalCode === null) node.child.kill('SIGKILL');
    await node?.exited;
    node = undefined;
    await db?.end();
    db = undefined;
  });

  it('answers customers and the owner from forked hosts, and a SIGKILLed conversations host loses nothing', async () => {
    const { write, accepted, ownerAnswered } = await startShop('forked');

    // ── customers and the owner are answered, every product actor in a host of its type ──
    await Promise.all([write(), write(), write()]);
    await ownerAnswered();
    const placed = await pollProcess('each product type running in a host', actors, (list) => HOSTED.every((type) => list.some((a) => a.address.startsWith(`${type}/`) && a.state === 'running' && typeof a.pid === 'number')));
    const pidOf = (type: string) => new Set(placed.filter((a) => a.address.startsWith(`${type}/`)).map((a) => a.pid));
    for (const type of HOSTED) {
      expect([...pidOf(type)], `${type} hosts`).to.have.length(1);
      expect(pidOf(type).has(node!.child.pid!), `${type} not in the node`).to.equal(false);
    }
    const hostPids = new Set(HOSTED.map((type) => [...pidOf(type)][0]));
    expect(hostPids.size, 'one pool per type').to.equal(HOSTED.length);

    // ── the conversations' host dies while customers write ──
    const victim = [...pidOf('conversation')][0]!;
    const during = Promise.all([write(), write(), write(), write()]);
    process.kill(victim, 'SIGKILL');
    await during;
    await pollProcess('conversations running on a new host', actors, (list) => list.some((a) => a.address.startsWith('conversation/') && a.state === 'running' && typeof a.pid === 'number' && a.pid !== victim));
    await Promise.all([write(), write()]);
    await expectEachAnsweredOnce(db!, accepted);

    node!.child.kill('SIGINT');
    expect(await node!.exited).to.equal(0);
  });

  it('answers customers and the owner with every product actor type on worker threads', async () => {
    const { write, accepted, ownerAnswered } = await startShop('threaded');
    await Promise.all([write(), write(), write()]);
    await ownerAnswered();
    // A starting actor shows as running without a pid until its host has built it.
    const isHosted = (a: SupervisionNode) => HOSTED.some((type) => a.address.startsWith(`${type}/`));
    const placed = await pollProcess('each product type running on a thread', actors, (list) => HOSTED.every((type) => list.some((a) => a.address.startsWith(`${type}/`))) && list.filter(isHosted).every((a) => a.state === 'running' && typeof a.pid === 'number'));
    // Worker threads of the node: one process for all, where forked hosts are one process per type.
    expect([...new Set(placed.filter(isHosted).map((a) => a.pid))]).to.deep.equal([node!.child.pid]);
    await expectEachAnsweredOnce(db!, accepted);

    node!.child.kill('SIGINT');
    expect(await node!.exited).to.equal(0);
  });
});
