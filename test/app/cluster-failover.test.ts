import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import pg from 'pg';
import { placeOrgs } from '../../domain/org-placement.js';
import { mulberry32 } from '../../runtime/random.js';
import { expectEachAnsweredOnce } from '../support/answered-once.js';
import { pollProcess } from '../support/poll-process.js';
import { RedisServerProcess } from '../support/redis-server-process.js';
import { skipOrFail } from '../support/services.js';
import { spawnPatinha, type SpawnedPatinha } from '../support/spawn-patinha.js';
import { postgresServerUrl } from '../support/test-database.js';
import { createThrowawayDatabase } from '../support/throwaway-database.js';

/**
 * Three real node processes on one PostgreSQL and one redis-server, 20 simulator shops. Shops
 * spread over the nodes by their leases; one node is killed with SIGKILL while customers keep
 * writing to the others; its shops move within the lease TTL, every accepted message is answered
 * once, and every reply was written under its shop's current fencing token, in token order.
 */
const ADMIN = 'adm_cluster-failover-token-0123456789';
const KEY = 'ab'.repeat(32);
const SHOPS = 20;
/** The lease TTL of actors.json, which the nodes run with. */
const LEASE_TTL_MS = 15_000;
/** A lapsed lease is taken on the next placement round, run for that moment: a round trip or two, on a busy machine. */
const TAKEOVER_SLACK_MS = 3_000;
const SEED = Number(process.env.CLUSTER_SEED ?? 20261204);

interface Shop {
  orgId: string;
  instanceId: string;
  /** The shop's own API token: each shop has its own rate budget, as in production. */
  token: string;
}

interface LeaseRow {
  org_id: string;
  holder: string | null;
  fencing_token: number;
  expires_at: Date;
  updated_at: Date;
}

const phoneOf = (i: number) => `+55119${String(60_000_000 + i).padStart(8, '0')}`;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms)); // another process is working; not a timer of ours

describe('three nodes, twenty shops, one node killed (real processes)', function () {
  this.timeout(240_000);
  let database: Awaited<ReturnType<typeof createThrowawayDatabase>> | undefined;
  let redisServer: RedisServerProcess | undefined;
  let db: pg.Client | undefined;
  const nodes = new Map<string, SpawnedPatinha>();
  const dirs: string[] = [];

  before(async function () {
    if (!postgresServerUrl) skipOrFail(this, 'PostgreSQL', 'TEST_DATABASE_URL/DATABASE_URL is not set');
    redisServer = await RedisServerProcess.start(this);
    database = await createThrowawayDatabase(postgresServerUrl!);
  });
  after(async () => {
    if (process.env.NODE_LOG_DIR) for (const [id, node] of nodes) fs.writeFileSync(path.join(process.env.NODE_LOG_DIR, `${id}.log`), node.stdout() + node.stderr());
    for (const node of nodes.values()) {
      if (node.child.exitCode === null && node.child.signalCode === null) node.child.kill('SIGKILL');
      await node.exited;
    }
    await db?.end();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    await redisServer?.kill();
    await database?.drop();
  });

  const start = async (nodeId: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `patinha-${nodeId}-`));
    dirs.push(dir);
    const node = await spawnPatinha({
      DATABASE_URL: database!.url, REDIS_URL: redisServer!.url, DATA_DIR: dir, NODE_ID: nodeId,
      ADMIN_TOKEN: ADMIN, SESSION_ENCRYPTION_KEY: KEY, SEED_DEMO: '0', LOG_LEVEL: process.env.NODE_LOG_LEVEL ?? 'warn',
    });
    nodes.set(nodeId, node);
    return node;
  };
  const call = async (nodeId: string, method: string, url: string, body?: unknown, token = ADMIN) => {
    const response = await fetch(`http://127.0.0.1:${nodes.get(nodeId)!.port}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json().catch(() => ({}))) as any };
  };
  const leases = async () => (await db!.query<LeaseRow>('select org_id, holder, fencing_token::int as fencing_token, expires_at, updated_at from org_leases where holder is not null')).rows;

  /** A customer writes until a node acknowledges (202); a 503 means "try again", with the same id. */
  const write = async (live: () => string[], random: () => number, shop: Shop, message: { from: string; text: string; id: string }) => {
    for (let attempt = 0; attempt < 400; attempt++) {
      const candidates = live();
      const nodeId = candidates[Math.floor(random() * candidates.length)]!;
      const answer = await call(nodeId, 'POST', `/api/orgs/${shop.orgId}/instances/${shop.instanceId}/simulator/inbound`, message, shop.token).catch(() => ({ status: 0, body: {} }));
      if (answer.status === 202) return nodeId;
      if (answer.status !== 503 && answer.status !== 0) throw new Error(`inbound answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      await pause(200);
    }
    throw new Error(`message ${message.id} was never accepted`);
  };

  it('spreads the shops, moves a killed node\'s shops within the lease TTL, answers every message once, and fences every write', async () => {
    const random = mulberry32(SEED);
    const ids = ['node-a', 'node-b', 'node-c'];
    await Promise.all(ids.map(start));
    db = new pg.Client({ connectionString: database!.url });
    await db.connect();

    // ── 20 shops, each with a simulator number, created through one node ──
    const shops: Shop[] = [];
    for (let i = 0; i < SHOPS; i++) {
      const org = await call('node-a', 'POST', '/admin/orgs', { name: `Pet Shop ${i + 1}`, timezone: 'America/Sao_Paulo' });
      expect(org.status, JSON.stringify(org.body)).to.equal(201);
      const instance = await call('node-a', 'POST', `/api/orgs/${org.body.org.id}/instances`, { name: 'Atendimento', transport: 'simulator' });
      expect(instance.status, JSON.stringify(instance.body)).to.equal(201);
      shops.push({ orgId: org.body.org.id, instanceId: instance.body.id, token: org.body.token });
    }

    // ── every shop on the node rendezvous hashing gives it, its number open ──
    const expected = placeOrgs(shops.map((s) => s.orgId), ids);
    await pollProcess('every shop held by its node', leases, (rows) => rows.length === SHOPS && rows.every((r) => r.holder === expected.get(r.org_id)));
    const perNode = new Map(ids.map((id) => [id, shops.filter((s) => expected.get(s.orgId) === id)]));
    expect([...perNode.values()].filter((held) => held.length > 0).length, 'shops on more than one node').to.be.greaterThan(1);
    await pollProcess(
      'every number open',
      async () => (await db!.query<{ n: number }>(`select count(*)::int as n from instances where status = 'open'`)).rows[0]!.n,
      (n) => n === SHOPS,
    );

    // ── customers write to any node; each message reaches its shop's node ──
    let customer = 0;
    const sent: Array<{ shop: Shop; from: string; id: string }> = [];
    const writeRound = async (live: () => string[], tag: string, targets: Shop[]) => {
      await Promise.all(targets.map(async (shop) => {
        const from = phoneOf(customer++);
        const id = `${tag}-${from}`;
        await write(live, random, shop, { from, text: 'oi, quero marcar um banho', id });
        sent.push({ shop, from, id });
      }));
    };
    await writeRound(() => ids, 'BEFORE', shops);

    // ── kill the node holding the most shops, mid-traffic ──
    const victim = [...perNode.entries()].sort((a, b) => b[1].length - a[1].length)[0]![0];
    const survivors = ids.filter((id) => id !== victim);
    const moved = perNode.get(victim)!;
    const writing = writeRound(() => survivors, 'DURING', shops); // through the survivors, while the victim dies
    nodes.get(victim)!.child.kill('SIGKILL');
    await nodes.get(victim)!.exited;
    // Its leases cannot change any more: this is when each one lapses.
    const lapses = new Map((await leases()).filter((r) => r.holder === victim).map((r) => [r.org_id, r]));
    await writing;

    // ── its shops move to the survivors as their leases lapse, each under the next token ──
    const takeovers = new Map<string, LeaseRow>();
    await pollProcess('the killed node\'s shops taken by the others', async () => {
      for (const row of await leases()) {
        if (lapses.has(row.org_id) && row.holder !== victim && !takeovers.has(row.org_id)) takeovers.set(row.org_id, row);
      }
      return takeovers.size;
    }, (n) => n === moved.length, 800);
    const after = placeOrgs(shops.map((s) => s.orgId), survivors);
    for (const shop of moved) {
      const before = lapses.get(shop.orgId)!;
      const taken = takeovers.get(shop.orgId)!;
      expect(taken.holder, 'the survivor rendezvous hashing names').to.equal(after.get(shop.orgId));
      expect(taken.fencing_token, 'a new tenure, a new token').to.equal(before.fencing_token + 1);
      // Taken at the lapse (a lease lasts the TTL from its last renewal, the node's death at the latest).
      expect(taken.updated_at.getTime() - before.expires_at.getTime(), `${shop.orgId} taken soon after its lease lapsed`).to.be.within(0, TAKEOVER_SLACK_MS);
      expect(before.expires_at.getTime() - before.updated_at.getTime()).to.be.at.most(LEASE_TTL_MS);
    }
    const lags = moved.map((shop) => takeovers.get(shop.orgId)!.updated_at.getTime() - lapses.get(shop.orgId)!.expires_at.getTime());
    process.stdout.write(`      ${moved.length} shops moved from ${victim}; taken ${Math.min(...lags)}–${Math.max(...lags)} ms after their leases lapsed\n`);
    await writeRound(() => survivors, 'AFTER', moved);

    // ── every accepted message answered exactly once ──
    await expectEachAnsweredOnce(db, sent);

    // ── fencing: each shop's replies in write order carry non-decreasing tokens, none past the shop's lease ──
    const current = new Map((await leases()).map((r) => [r.org_id, r.fencing_token]));
    const writes = (await db.query<{ org_id: string; fencing_token: number | null }>(
      `select org_id, fencing_token::int as fencing_token from outbox where kind = 'reply' order by id`,
    )).rows;
    const lastToken = new Map<string, number>();
    for (const row of writes) {
      expect(row.fencing_token, 'every reply written under a lease').to.be.a('number');
      expect(row.fencing_token!, 'tokens only grow').to.be.at.least(lastToken.get(row.org_id) ?? 0);
      expect(row.fencing_token!).to.be.at.most(current.get(row.org_id)!);
      lastToken.set(row.org_id, row.fencing_token!);
    }
    for (const shop of moved) expect(lastToken.get(shop.orgId), 'the moved shop answered under its new token').to.equal(current.get(shop.orgId));

    // ── a staff reply posted to a node that does not hold the shop reaches the customer ──
    const shop = shops.find((s) => expected.get(s.orgId) !== victim)!;
    const holder = (await leases()).find((r) => r.org_id === shop.orgId)!.holder!;
    const elsewhere = survivors.find((id) => id !== holder)!;
    const conversations = await call(elsewhere, 'GET', `/api/orgs/${shop.orgId}/conversations`);
    expect(conversations.status).to.equal(200);
    const conversation = conversations.body.items[0];
    const reply = await call(elsewhere, 'POST', `/api/orgs/${shop.orgId}/conversations/${conversation.id}/reply`, { text: 'Oi! Aqui é a Carla, da loja.' });
    expect(reply.status, JSON.stringify(reply.body)).to.equal(201);
    expect(reply.body).to.include({ direction: 'out', text: 'Oi! Aqui é a Carla, da loja.' });
    await pollProcess(
      'the staff reply sent',
      async () => (await db!.query<{ status: string }>(`select status from outbox where org_id = $1 and kind = 'staff'`, [shop.orgId])).rows,
      (rows) => rows.length === 1 && rows[0]!.status === 'sent',
    );

    for (const id of survivors) {
      nodes.get(id)!.child.kill('SIGINT');
      expect(await nodes.get(id)!.exited).to.equal(0);
    }
  });
});
