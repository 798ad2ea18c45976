import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { monitorEventLoopDelay, performance, type IntervalHistogram } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { DEFAULT_PACING } from '../../domain/send-pacing.js';
import type { TreeNode } from '../../runtime/node.js';
import { round } from '../bench-output.js';
import { openBenchDatabase, storageFigures } from './bench-database.js';
import { seedShops } from './bench-shops.js';
import { gcFunction, settledHeap } from './heap.js';
import { PatinhaTree } from './patinha-tree.js';
import { summarize } from './stats.js';

/**
 * One half of bench/session-hosts.bench.ts, run in a fresh node process of its own (so neither
 * half inherits the other's heap, RSS or JIT state): Patinha's actor tree over a fresh bench
 * database, its SessionActors in this process (`actors.json`) or on the pooled forked hosts of
 * `actors.forked-sessions.json`. Seeds the shops, measures memory once every number is open,
 * warms up (one message per number), then sends the burst and measures the event loop, the
 * inbound and reply throughput and the CPU; stops the tree and checks the hosts exited.
 */
export type SessionMode = 'in-process' | 'forked';

/** What one half measured, or why it did not run. */
export type HalfResult = Awaited<ReturnType<typeof runHalf>>;
export type HalfFigures = Exclude<HalfResult, { skipped: string }>;

export const MANIFEST_OF: Record<SessionMode, string> = { 'in-process': 'actors.json', forked: 'actors.forked-sessions.json' };

export interface HalfParams {
  shops: number;
  numbersPerShop: number;
  customersPerNumber: number;
  concurrency: number;
  llmMs: number;
}

/** The event-loop delay histogram's sampling interval (ms); reported lag is the delay beyond it. */
const LAG_RESOLUTION_MS = 1;
/** How often the outbox is polled for sent replies. */
const POLL_MS = 20;
const WAIT_MS = 30_000;
/** The key forked hosts need for their transports (the simulator has no credentials to encrypt). */
const HOST_SESSION_KEY = 'ab'.repeat(32);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mb = (bytes: number) => round(bytes / 2 ** 20, 1);
const kb = (bytes: number) => Math.round(bytes / 1024);

function lagOf(h: IntervalHistogram) {
  const lag = (ns: number) => round(Math.max(0, ns / 1e6 - LAG_RESOLUTION_MS), 2);
  return { p50: lag(h.percentile(50)), p99: lag(h.percentile(99)), max: lag(h.max), samples: h.count };
}

/** A host's resident set (VmRSS), in bytes; undefined once it is gone. */
function rssOf(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Gone, or a zombie not reaped yet: either way the process runs no more. */
function exited(pid: number): boolean {
  try {
    return /^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return true;
  }
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU of a process so far (ms), from /proc/<pid>/stat. */
function cpuMsOf(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function capped<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

const sessionsOf = (node: TreeNode): TreeNode[] => [...(node.address.startsWith('session/') ? [node] : []), ...node.children.flatMap(sessionsOf)];

export async function runHalf(mode: SessionMode, params: HalfParams, log: (line: string) => void) {
  const database = await openBenchDatabase({});
  try {
    if (mode === 'forked' && (database.engine !== 'postgres' || !database.url)) {
      return { skipped: `forked hosts need PostgreSQL (PGlite belongs to one process): ${database.fallbackReason ?? 'no connection string'}` as string };
    }
    const { db } = database.storage;
    await seedShops(db, { shops: params.shops, numbersPerShop: params.numbersPerShop }, new Date());
    const numbers = (await db.selectFrom('instances').select(['id', 'org_id']).orderBy('phone').execute()).map((row) => ({ instanceId: row.id, orgId: row.org_id }));
    if (mode === 'forked') {
      // What a host's node context (app/node-context.ts) opens from its environment, which it inherits from this process.
      process.env.DATABASE_URL = database.url;
      process.env.SESSION_ENCRYPTION_KEY = HOST_SESSION_KEY;
      process.env.LOG_LEVEL = process.env.BENCH_SESSION_HOST_LOG_LEVEL || 'warn';
      delete process.env.REDIS_URL; // the tree in this process has no Redis either: hosts keep a memory cache
    }

    const gc = gcFunction();
    const before = await settledHeap(gc);
    const startedAt = performance.now();
    const tree = await PatinhaTree.start(db, { llmMs: params.llmMs, manifestPath: MANIFEST_OF[mode] });
    const { actors } = tree;
    let hostPids: number[] = [];
    try {
      await tree.connected(numbers.length);
      const openMs = performance.now() - startedAt;
      const open = await settledHeap(gc);
      hostPids = (await actors.system.comedy?.hostPids('session')) ?? [];
      const sessions = sessionsOf(actors.tree());
      const hostRss = hostPids.map((pid) => rssOf(pid) ?? 0);
      const hosts = hostPids.map((pid, i) => {
        const onHost = sessions.filter((s) => s.pid === pid).length;
        return { pid, sessions: onHost, rssMb: mb(hostRss[i]!), rssKbPerSession: onHost ? kb(hostRss[i]! / onHost) : null };
      });
      if (mode === 'forked' && hosts.reduce((n, h) => n + h.sessions, 0) !== numbers.length) {
        throw new Error(`expected every session on a host, found ${JSON.stringify(hosts)}`);
      }

      const sentReplies = async () =>
        Number((await sql<{ n: string }>`select count(*) as n from outbox where kind = 'reply' and status = 'sent'`.execute(db)).rows[0]!.n);
      const untilReplies = async (count: number, deadlineMs: number) => {
        const deadline = performance.now() + deadlineMs;
        for (;;) {
          const sent = await sentReplies();
          if (sent >= count) return sent;
          if (tree.fatal) throw tree.fatal;
          if (performance.now() > deadline) throw new Error(`${mode}: only ${sent} of ${count} replies sent in ${deadlineMs} ms`);
          await sleep(POLL_MS);
        }
      };
      const deliver = (n: { orgId: string; instanceId: string }, from: string, id: string) =>
        actors.deliverSimulated(n.orgId, n.instanceId, { from, text: `oi, tem horário amanhã? (${id})`, id }, WAIT_MS);

      // ── warm-up: one customer per number, not measured (JIT, pools, the hosts' first turns) ──
      log(`${mode}: ${numbers.length} numbers open in ${Math.round(openMs)} ms; warming up…`);
      await capped(numbers.map((n, i) => ({ n, i })), params.concurrency, ({ n, i }) =>
        deliver(n, `+55119${String(60_000_000 + i)}`, `BENCHWARM${String(i).padStart(5, '0')}`));
      const warm = await untilReplies(numbers.length, 60_000);

      // ── the burst: customer j of every number, then j + 1, at most `concurrency` in flight ──
      const burst = Array.from({ length: params.customersPerNumber }, (_, j) =>
        numbers.map((n, i) => ({ n, from: `+55119${String(70_000_000 + i * 1_000 + j)}`, id: `BENCHSH${String(i).padStart(5, '0')}C${j}` }))).flat();
      const total = burst.length;
      log(`${mode}: ${total} messages, ${params.concurrency} in flight…`);
      const inboundLag = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
      const burstLag = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
      const hostCpuBefore = hostPids.map(cpuMsOf);
      const cpuBefore = process.cpuUsage();
      inboundLag.enable();
      burstLag.enable();
      const t0 = performance.now();
      const storeMs: number[] = [];
      await capped(burst, params.concurrency, async (m) => {
        const sent = performance.now();
        await deliver(m.n, m.from, m.id);
        storeMs.push(performance.now() - sent);
      });
      const storedMs = performance.now() - t0;
      inboundLag.disable();
      await untilReplies(warm + total, 120_000);
      const sentMs = performance.now() - t0;
      burstLag.disable();
      const cpu = process.cpuUsage(cpuBefore);
      const hostCpuMs = hostPids.reduce((sum, pid, i) => sum + cpuMsOf(pid) - hostCpuBefore[i]!, 0);

      const replies = (await sql<{ rows: string; phones: string }>`select count(*) as rows, count(distinct to_phone) as phones from outbox where kind = 'reply'`.execute(db)).rows[0]!;
      const inbox = (await sql<{ n: string }>`select count(*) as n from inbox where wa_message_id like 'BENCHSH%'`.execute(db)).rows[0]!;
      const expected = warm + total;
      const mainRssDelta = open.rss - before.rss;
      const hostsRss = hostRss.reduce((sum, rss) => sum + rss, 0);
      return {
        manifest: MANIFEST_OF[mode],
        storage: storageFigures(database),
        sessions: numbers.length,
        hosts: hostPids.length,
        messages: total,
        eventLoopLagMs: { burst: lagOf(burstLag), inbound: lagOf(inboundLag) },
        throughput: {
          inboundStoredPerS: round(total / (storedMs / 1000), 1),
          repliesSentPerS: round(total / (sentMs / 1000), 1),
          allStoredMs: Math.round(storedMs),
          allSentMs: Math.round(sentMs),
          storeMs: summarize(storeMs),
        },
        memory: {
          mainRssMb: { beforeTree: mb(before.rss), allOpen: mb(open.rss) },
          mainHeapMb: { beforeTree: mb(before.heapUsed), allOpen: mb(open.heapUsed) },
          mainRssKbPerSession: kb(mainRssDelta / numbers.length),
          mainHeapKbPerSession: kb((open.heapUsed - before.heapUsed) / numbers.length),
          hosts,
          hostsRssMb: mb(hostsRss),
          /** The main process's growth plus the hosts' whole RSS, per session. */
          totalRssKbPerSession: kb((mainRssDelta + hostsRss) / numbers.length),
        },
        cpuMsPerMessage: {
          main: round((cpu.user + cpu.system) / 1000 / total, 3),
          hosts: round(hostCpuMs / total, 3),
          total: round(((cpu.user + cpu.system) / 1000 + hostCpuMs) / total, 3),
        },
        openMs: Math.round(openMs),
        exactlyOneReplyEach: Number(replies.rows) === expected && Number(replies.phones) === expected && Number(inbox.n) === total,
      };
    } finally {
      const stopping = performance.now();
      await tree.stop();
      const stopMs = performance.now() - stopping;
      for (let i = 0; i < 250 && !hostPids.every(exited); i++) await sleep(20);
      const left = hostPids.filter((pid) => !exited(pid));
      log(`${mode}: tree stopped in ${Math.round(stopMs)} ms${left.length ? `; hosts still running: ${left.join(', ')}` : ''}`);
      if (left.length) throw new Error(`${mode}: host processes ${left.join(', ')} still run after the tree stopped`);
    }
  } finally {
    await database.close();
  }
}

/** Run as a child process: `session-hosts-half.ts <mode> <params JSON>`; the figures go back over IPC. */
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [mode, raw] = process.argv.slice(2) as [SessionMode, string];
  const log = (line: string) => process.stderr.write(`[session-hosts] ${line}\n`);
  const send = (message: unknown) => new Promise<void>((resolve) => (process.send ? process.send(message, () => resolve()) : resolve()));
  try {
    const figures = await runHalf(mode, JSON.parse(raw) as HalfParams, log);
    await send({ figures });
    process.exit(0);
  } catch (error) {
    await send({ error: (error as Error)?.stack ?? String(error) });
    process.exit(1);
  }
}

export const HALF_PATH = fileURLToPath(import.meta.url);
