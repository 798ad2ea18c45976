import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { mulberry32 } from '../../runtime/random.js';
import { FakeOpenAiServer } from '../support/fake-openai-server.js';
import { ShopClient, type SentReply } from '../support/shop-client.js';
import { spawnPatinha, type SpawnedPatinha } from '../support/spawn-patinha.js';

/**
 * kill -9 through the public API: customers write to the demo shop (PGlite,
 * simulator, a scripted OpenAI-compatible model); the process is killed at a
 * random point while messages come in and again while replies go out, then
 * restarted on the same data. Every message that got a 2xx must be answered
 * exactly once, and the send queue must pick up again right after a restart.
 *
 * Random kill points are seeded (the seed is printed; KILL_SEED replays it).
 * KILL_RUNS (default 1) runs the scenario that many times in a row,
 * KILL_CUSTOMERS (default 12) sets how many customers write per run,
 * KILL_CONCURRENCY (default 4) how many write at once, KILL_AT pins the
 * inbound kill to the k-th 202, KILL_TRACE=1 prints each phase's timing.
 */
const ADMIN = 'adm_kill-durability-token-0123456789';
const KEY = 'ef'.repeat(32);
const RUNS = Number(process.env.KILL_RUNS ?? 1);
const CUSTOMERS = Number(process.env.KILL_CUSTOMERS ?? 12);
const SEED = Number(process.env.KILL_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** How many messages are in flight at once (customers do not queue politely). */
const CONCURRENCY = Number(process.env.KILL_CONCURRENCY ?? 4);
const REPLY = 'Oi! Aqui é a Patinha, já vou te ajudar 🐾';

/** Waiting on another process: poll, and fail loudly when it never happens. */
async function until<T>(what: string, probe: () => Promise<T | undefined>, rounds = 1_200): Promise<T> {
  for (let i = 0; i < rounds; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50)); // another process is working; not a timer of ours
  }
  throw new Error(`gave up waiting for ${what}`);
}

const phoneOf = (i: number) => `+55119${String(70_000_000 + i).padStart(8, '0')}`;

interface RunFigures {
  killedAfterAccepted: number;
  killedAfterReplies: number;
  firstReplyAfterRestartMs: number[];
  lost: number;
  duplicated: number;
}

describe('kill -9 at random points: every accepted message answered exactly once (real processes)', function () {
  this.timeout(RUNS * 150_000 + 60_000);
  const figures: RunFigures[] = [];
  let model: FakeOpenAiServer | undefined;
  let current: SpawnedPatinha | undefined;
  let client: ShopClient | undefined;
  let dir: string | undefined;

  const start = async () => {
    current = await spawnPatinha({ DATA_DIR: dir!, ADMIN_TOKEN: ADMIN, SESSION_ENCRYPTION_KEY: KEY, OPENAI_API_KEY: 'sk-fake', OPENAI_BASE_URL: model!.baseURL });
    client = client ? client.at(current.port) : await ShopClient.connect(current.port, ADMIN);
    return current;
  };
  const kill = async (node: SpawnedPatinha) => {
    node.child.kill('SIGKILL');
    await node.exited;
  };
  const alive = (node: SpawnedPatinha) => node.child.exitCode === null && node.child.signalCode === null;

  before(async () => {
    process.stdout.write(`      kill-durability seed ${SEED} (KILL_SEED=${SEED} replays it), ${RUNS} run(s) of ${CUSTOMERS} customers\n`);
    model = await FakeOpenAiServer.start();
    model.otherwise({ kind: 'reply', text: REPLY });
    // One shop for every run: each run's restarts find the previous runs' data, as a real node's would.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'patinha-kill-'));
    await start();
  });
  after(async () => {
    if (current && alive(current)) {
      current.child.kill('SIGINT');
      await current.exited;
    }
    await model?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    if (figures.length) {
      const latencies = figures.flatMap((f) => f.firstReplyAfterRestartMs).sort((a, b) => a - b);
      const lost = figures.reduce((n, f) => n + f.lost, 0);
      const duplicated = figures.reduce((n, f) => n + f.duplicated, 0);
      process.stdout.write(
        `      kill-durability: ${figures.length} run(s), lost ${lost}, duplicated ${duplicated}, ` +
          `first reply after restart: min ${latencies[0]} ms, median ${latencies[Math.floor(latencies.length / 2)]} ms, max ${latencies.at(-1)} ms\n`,
      );
    }
  });

  for (let run = 0; run < RUNS; run++) {
    it(`run ${run + 1}/${RUNS}: kill during inbound and during sending, restart, nothing lost or doubled`, async () => {
      const random = mulberry32(SEED + run);
      const t0 = Date.now();
      const mark = (what: string) => process.env.KILL_TRACE && process.stdout.write(`        +${Date.now() - t0} ms ${what}\n`);
      const messages = Array.from({ length: CUSTOMERS }, (_, i) => ({ from: phoneOf(run * CUSTOMERS + i), text: `Oi, quero marcar um banho (${i})`, id: `KILL-${SEED}-${run}-${i}` }));
      const accepted = new Set<string>();
      const killAfterAccepted = Number(process.env.KILL_AT ?? 0) || 1 + Math.floor(random() * (CUSTOMERS - 1));
      const killAfterReplies = 1 + Math.floor(random() * (CUSTOMERS - 2));
      const restartLatencies: number[] = [];
      // Told apart by recipient, never by time: the server's clock is not the test's (CI fakes the test's).
      const runPhones = new Set(messages.map((m) => m.from));
      const sentThisRun = async () => (await client!.outbound())?.filter((reply) => runPhones.has(reply.to));

      // ── phase 1: customers write; the process dies right after the k-th 202 ──
      let killing: Promise<void> | undefined;
      const queue = [...messages];
      const sendAll = async (node: SpawnedPatinha, onAccepted?: () => void) => {
        const worker = async () => {
          for (let message = queue.shift(); message; message = queue.shift()) {
            const outcome = await client!.inbound(message);
            if (outcome.kind === 'accepted') {
              accepted.add(message.id);
              onAccepted?.();
            } else {
              queue.push(message); // not acknowledged: the customer's WhatsApp tries again, same id
              if (killing || !alive(node)) return;
              await new Promise((resolve) => setTimeout(resolve, 100)); // the number is busy; retry shortly
            }
          }
        };
        await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      };
      const first = current!;
      await sendAll(first, () => {
        if (!killing && accepted.size >= killAfterAccepted) killing = kill(first);
      });
      await killing;
      mark(`killed after ${accepted.size} accepted`);

      // ── restart; the customers not yet acknowledged write (again) ──
      await start();
      let restartedAt = Date.now();
      mark('restarted');
      killing = undefined;
      await sendAll(current!);
      expect(accepted.size).to.equal(CUSTOMERS);
      mark('all accepted');
      await until('the first reply after the inbound-phase restart', async () => ((await sentThisRun())?.length ?? 0) > 0 || undefined);
      restartLatencies.push(Date.now() - restartedAt);

      // ── phase 2: replies go out; the process dies after the m-th one ──
      const sentBeforeKill = await until(`${killAfterReplies} replies sent`, async () => {
        const sent = await sentThisRun();
        return sent && sent.length >= killAfterReplies ? sent.length : undefined;
      });
      await kill(current!);
      mark(`killed after ${sentBeforeKill} sent`);
      await start();
      restartedAt = Date.now();
      mark('restarted');
      if (sentBeforeKill < CUSTOMERS) {
        await until('the first reply after the sending-phase restart', async () => ((await sentThisRun())?.length ?? 0) > sentBeforeKill || undefined);
        restartLatencies.push(Date.now() - restartedAt);
        mark('first reply after restart');
      }

      // ── every accepted message answered exactly once ──
      const sent: SentReply[] = await until('every customer answered', async () => {
        const all = await sentThisRun();
        return all && new Set(all.map((m) => m.to)).size >= CUSTOMERS ? all : undefined;
      });
      mark('all answered');
      const perCustomer = new Map<string, number>();
      for (const reply of sent) perCustomer.set(reply.to, (perCustomer.get(reply.to) ?? 0) + 1);
      const lost = messages.filter((m) => accepted.has(m.id) && !perCustomer.has(m.from)).length;
      const duplicated = [...perCustomer.values()].filter((n) => n > 1).length;
      figures.push({ killedAfterAccepted: killAfterAccepted, killedAfterReplies: sentBeforeKill, firstReplyAfterRestartMs: restartLatencies, lost, duplicated });
      process.stdout.write(
        `      run ${run + 1}: killed after ${killAfterAccepted} accepted and after ${sentBeforeKill} replies; ` +
          `first reply after restart ${restartLatencies.join(' / ')} ms; lost ${lost}, duplicated ${duplicated}\n`,
      );
      expect({ lost, duplicated }).to.deep.equal({ lost: 0, duplicated: 0 });
      expect(sent.every((m) => m.text === REPLY)).to.equal(true);
    });
  }
});
