import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { skipOrFail } from '../support/services.js';
import { pollProcess } from '../support/poll-process.js';
import { RedisServerProcess } from '../support/redis-server-process.js';
import { spawnPatinha, type SpawnedPatinha } from '../support/spawn-patinha.js';
import { postgresServerUrl } from '../support/test-database.js';
import { createThrowawayDatabase } from '../support/throwaway-database.js';

const ADMIN = 'adm_redis-chaos-test-token-0123456789';
const KEY = 'ef'.repeat(32);

interface Outbound {
  id: string;
  to: string;
  text: string;
}

/**
 * Redis killed (SIGKILL) and restarted under customer traffic, against the
 * real `npm start` process: it must stay up, keep answering, lose no reply
 * and send none twice, then use Redis again once it is back.
 */
describe('Redis killed and restarted under traffic (real processes)', function () {
  this.timeout(120_000);
  let database: Awaited<ReturnType<typeof createThrowawayDatabase>> | undefined;
  let redisServer: RedisServerProcess | undefined;
  let node: SpawnedPatinha | undefined;
  let socket: Socket | undefined;
  const dirs: string[] = [];

  before(async function () {
    if (!postgresServerUrl) skipOrFail(this, 'PostgreSQL', 'TEST_DATABASE_URL/DATABASE_URL is not set');
    database = await createThrowawayDatabase(postgresServerUrl!);
    redisServer = await RedisServerProcess.start(this);
  });
  afterEach(async () => {
    socket?.disconnect();
    socket = undefined;
    if (node && node.child.exitCode === null) {
      node.child.kill('SIGKILL');
      await node.exited;
    }
    node = undefined;
  });
  after(async () => {
    await redisServer?.kill();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    await database?.drop();
  });

  const start = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'patinha-redis-chaos-'));
    dirs.push(dir);
    return spawnPatinha({ DATABASE_URL: database!.url, DATA_DIR: dir, ADMIN_TOKEN: ADMIN, SESSION_ENCRYPTION_KEY: KEY, REDIS_URL: redisServer!.url });
  };

  const call = async (method: string, url: string, json?: unknown) => {
    const response = await fetch(`http://127.0.0.1:${node!.port}${url}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN}`, ...(json !== undefined && { 'content-type': 'application/json' }) },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  const health = async () => (await call('GET', '/health')).body as { redis: string };

  it('keeps answering while Redis is down, loses and repeats no reply, and uses Redis again when it returns', async () => {
    node = await start();
    const org = (await call('GET', '/admin/orgs')).body.items[0].id as string;
    const instanceId = (await call('GET', `/api/orgs/${org}/instances`)).body.items[0].id as string;
    await pollProcess('redis up', health, (h) => h.redis === 'ok');

    // A dashboard is watching: every reply must reach it through Socket.IO, Redis or not.
    socket = connectSocket(`http://127.0.0.1:${node.port}/org/${org}`, { auth: { token: ADMIN }, transports: ['websocket'], reconnection: false, forceNew: true });
    const seen: string[] = [];
    socket.on('message:new', (event: { message: { id: string; direction: string } }) => {
      if (event.message.direction === 'out') seen.push(event.message.id);
    });
    await new Promise<void>((resolve, reject) => {
      socket!.on('connect', () => resolve());
      socket!.on('connect_error', reject);
    });

    const customers: string[] = [];
    const send = async (n: number) => {
      const phone = `+55119${String(70000000 + n).padStart(8, '0')}`;
      customers.push(phone);
      // NOT_READY (503) only while the simulated number is still connecting right after start.
      const accepted = await pollProcess(`inbound from ${phone} accepted`, () => call('POST', `/api/orgs/${org}/instances/${instanceId}/simulator/inbound`, { from: phone, text: `oi ${n}`, id: `CHAOS-${n}` }), (r) => r.status !== 503);
      expect(accepted.status, JSON.stringify(accepted.body)).to.equal(202);
    };
    const outbound = async () => (await call('GET', `/api/orgs/${org}/instances/${instanceId}/simulator/outbound`)).body.items as Outbound[];
    const allAnswered = () => pollProcess(`a reply to each of ${customers.length} customers`, outbound, (items) => customers.every((c) => items.some((m) => m.to === c)));

    for (let n = 0; n < 4; n++) await send(n);
    await allAnswered();

    // Mid-traffic: messages are in flight when Redis dies, more arrive while it is down.
    for (let n = 4; n < 8; n++) await send(n);
    await redisServer!.kill();
    for (let n = 8; n < 14; n++) await send(n);
    await allAnswered();

    expect(node.child.exitCode, node.stderr()).to.equal(null);
    expect((await call('GET', `/api/orgs/${org}`)).status).to.equal(200);
    expect((await call('GET', '/admin/orgs')).status).to.equal(200);
    expect((await call('GET', `/api/orgs/${org}/conversations`)).status).to.equal(200);
    expect((await health()).redis).to.equal('down');

    // Back: the node reconnects on its own and puts its rate-limit counters in Redis again.
    await redisServer!.restart();
    await pollProcess('redis up again', health, (h) => h.redis === 'ok');
    for (let n = 14; n < 18; n++) await send(n);
    await allAnswered();
    const direct = new Redis(redisServer!.url);
    try {
      expect(await direct.keys('patinha:rl:*')).to.not.deep.equal([]);
    } finally {
      direct.disconnect();
    }

    const items = await outbound();
    for (const customer of customers) expect(items.filter((m) => m.to === customer), customer).to.have.length(1);
    expect(new Set(items.map((m) => m.id)).size).to.equal(items.length);
    // The customers' replies; the owner may also get Aurora's daily summary, sent at start once the
    // node's clock is past the summary time — before this socket connected, so not counted here.
    // (The socket carries message ids, the outbox WhatsApp ids: they are counted, not matched.)
    const replies = items.filter((m) => customers.includes(m.to)).length;
    await pollProcess('every reply on the dashboard socket', async () => seen.length, (n) => n >= replies);
    expect(seen.length).to.be.within(replies, items.length);
    expect(new Set(seen).size).to.equal(seen.length);
    expect(node.child.exitCode, node.stderr()).to.equal(null);
    // Staying up must not be the last-resort guards' doing: no stray rejection happened at all.
    expect(node.stdout()).to.not.contain('kept running');
  });

  it('starts while Redis is unreachable, says so on /health, and picks Redis up when it appears', async () => {
    await redisServer!.kill();
    node = await start();
    const h = await health();
    expect(h.redis).to.equal('down');
    const org = (await call('GET', '/admin/orgs')).body.items[0].id as string;
    expect((await call('GET', `/api/orgs/${org}`)).status).to.equal(200);
    await redisServer!.restart();
    await pollProcess('redis up after start', health, (answer) => answer.redis === 'ok');
    expect(node.child.exitCode, node.stderr()).to.equal(null);
  });
});
