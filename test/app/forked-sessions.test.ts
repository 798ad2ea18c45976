import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
 * The documented configuration `actors.forked-sessions.json`: every SessionActor (its socket,
 * its Signal crypto) runs in one of two forked host processes, not in the node's event loop.
 * One host is killed with SIGKILL while customers write; its sessions restart under the node's
 * supervision on a new host process, every number is open again, and every accepted message is
 * answered exactly once.
 */
const ADMIN = 'adm_forked-sessions-token-0123456789';
const KEY = 'fe'.repeat(32);
const NUMBERS = 6;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms)); // another process is working; not a timer of ours
const phoneOf = (i: number) => `+55119${String(50_000_000 + i).padStart(8, '0')}`;

describe('SessionActors in forked host processes (real processes)', function () {
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
    if (process.env.NODE_LOG_DIR && node) fs.writeFileSync(path.join(process.env.NODE_LOG_DIR, 'forked.log'), node.stdout() + node.stderr());
    if (node && node.child.exitCode === null && node.child.signalCode === null) node.child.kill('SIGKILL');
    await node?.exited;
    await db?.end();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    await database?.drop();
  });

  const call = nodeCaller(() => node!.port, ADMIN);
  const sessions = async () => flattenTree((await call('GET', '/admin/supervision')).body.nodes[0].tree as SupervisionNode).filter((n) => n.address.startsWith('session/'));

  it('runs the numbers on two host processes, and a SIGKILLed host\'s numbers come back open with nothing lost', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'patinha-forked-'));
    node = await spawnPatinha({
      DATABASE_URL: database!.url, DATA_DIR: dir, ADMIN_TOKEN: ADMIN, SESSION_ENCRYPTION_KEY: KEY, SEED_DEMO: '0',
      ACTORS_CONFIG: 'actors.forked-sessions.json', LOG_LEVEL: process.env.NODE_LOG_LEVEL ?? 'warn',
    });
    db = new pg.Client({ connectionString: database!.url });
    await db.connect();

    const org = await call('POST', '/admin/orgs', { name: 'Pet Shop Forked', timezone: 'America/Sao_Paulo' });
    expect(org.status, JSON.stringify(org.body)).to.equal(201);
    const orgId: string = org.body.org.id;
    const token: string = org.body.token;
    const numbers: string[] = [];
    for (let i = 0; i < NUMBERS; i++) {
      const instance = await call('POST', `/api/orgs/${orgId}/instances`, { name: `Número ${i + 1}`, transport: 'simulator' }, token);
      expect(instance.status, JSON.stringify(instance.body)).to.equal(201);
      numbers.push(instance.body.id);
    }
    const allOpen = async () => (await db!.query<{ n: number }>(`select count(*)::int as n from instances where status = 'open'`)).rows[0]!.n === NUMBERS;
    await pollProcess('every number open', allOpen, (open) => open);

    // ── the sessions run on two hosts, neither of them the node ──
    const running = await pollProcess('every session running in a host', sessions, (list) => list.length === NUMBERS && list.every((s) => s.state === 'running' && typeof s.pid === 'number'));
    const hosts = new Set(running.map((s) => s.pid!));
    expect(hosts.size, 'two host processes at most').to.be.within(1, 2);
    expect(hosts.has(node.child.pid!)).to.equal(false);

    // ── customers write to every number; one host dies in the middle ──
    let customer = 0;
    const accepted: Array<{ from: string; id: string }> = [];
    const write = async (instanceId: string) => {
      const from = phoneOf(customer++);
      const message = { from, text: 'oi, tem horário amanhã?', id: `FORKED-${from}` };
      for (let attempt = 0; attempt < 300; attempt++) {
        const answer = await call('POST', `/api/orgs/${orgId}/instances/${instanceId}/simulator/inbound`, message, token);
        if (answer.status === 202) {
          accepted.push(message);
          return;
        }
        if (answer.status !== 503) throw new Error(`inbound answered ${answer.status}: ${JSON.stringify(answer.body)}`);
        await pause(200);
      }
      throw new Error(`${message.id} was never accepted`);
    };
    await Promise.all(numbers.map(write));
    const victim = running[0]!.pid!;
    const onVictim = running.filter((s) => s.pid === victim).map((s) => s.address);
    const during = Promise.all(numbers.map(write));
    process.kill(victim, 'SIGKILL');
    await during;

    // ── its sessions restart on a new host process, and their numbers are open again ──
    const back = await pollProcess(
      'the killed host\'s sessions running again elsewhere',
      sessions,
      (list) => list.length === NUMBERS && list.every((s) => s.state === 'running' && typeof s.pid === 'number' && s.pid !== victim),
      600,
    );
    for (const address of onVictim) expect(back.find((s) => s.address === address)!.pid).to.not.equal(victim);
    await pollProcess('every number open again', allOpen, (open) => open);
    await Promise.all(numbers.map(write));

    // ── every accepted message answered exactly once ──
    await expectEachAnsweredOnce(db, accepted);

    node.child.kill('SIGINT');
    expect(await node.exited).to.equal(0);
  });
});
