import { fork } from 'node:child_process';
import os from 'node:os';
import { report, round } from './bench-output.js';
import { envInt } from './support/env.js';
import { DEFAULT_PACING } from '../domain/send-pacing.js';
import { HALF_PATH, type HalfFigures, type HalfParams, type HalfResult, type SessionMode } from './support/session-hosts-half.js';

/**
 * Patinha's SessionActors (one per WhatsApp number) in the node's own process (`actors.json`)
 * against the same actors on 2 pooled forked host processes (`actors.forked-sessions.json`):
 * the main process's event-loop lag during a burst of inbound messages, the inbound messages
 * stored and the replies sent per second, and what the sessions cost in memory, in the main
 * process and on the hosts. Each half runs in a fresh node process of its own, one after the
 * other, on a fresh bench database (support/session-hosts-half.ts); the forked half needs
 * PostgreSQL and is skipped on PGlite.
 *
 * The simulator transport has no socket and no Signal crypto: what forked hosts take off the
 * node's event loop in production is mostly absent here, while their IPC is not.
 *
 *   BENCH_SESSION_SHOPS        shops (default 4)
 *   BENCH_SESSION_NUMBERS      WhatsApp numbers (sessions) per shop (default 10)
 *   BENCH_SESSION_CUSTOMERS    customers per number, one message each (default 5)
 *   BENCH_SESSION_CONCURRENCY  inbound deliveries in flight (default 50)
 *   BENCH_SESSION_LLM_MS       the model's latency (default 0)
 *   BENCH_SESSION_HOST_LOG_LEVEL  the hosts' LOG_LEVEL (default warn; their logs go to stderr)
 */
const log = (line: string) => process.stderr.write(`[session-hosts] ${line}\n`);
const HALF_TIMEOUT_MS = 150_000;

/** One half in a child process (tsx's loader inherited); its stdout (the hosts' logs too) goes to stderr. */
function runHalfProcess(mode: SessionMode, params: HalfParams): Promise<HalfResult> {
  return new Promise((resolve, reject) => {
    const child = fork(HALF_PATH, [mode, JSON.stringify(params)], { execArgv: process.execArgv, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    child.stdout!.pipe(process.stderr);
    child.stderr!.pipe(process.stderr);
    let answer: { figures?: HalfResult; error?: string } | undefined;
    child.on('message', (message) => {
      answer = message as typeof answer;
    });
    const timer = setTimeout(() => {
      log(`${mode}: no answer in ${HALF_TIMEOUT_MS} ms; killing its process ${child.pid}`);
      child.kill('SIGKILL');
    }, HALF_TIMEOUT_MS);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (answer?.figures && code === 0) resolve(answer.figures);
      else reject(new Error(`session-hosts ${mode} half failed (exit ${code ?? signal}): ${answer?.error ?? 'no answer'}`));
    });
  });
}

/** forked / in-process, or null when in-process is zero. */
const ratio = (forked: number, inProcess: number) => (inProcess !== 0 ? round(forked / inProcess, 2) : null);

function ratios(forked: HalfFigures, inProcess: HalfFigures) {
  return {
    eventLoopLagP50: ratio(forked.eventLoopLagMs.burst.p50, inProcess.eventLoopLagMs.burst.p50),
    eventLoopLagP99: ratio(forked.eventLoopLagMs.burst.p99, inProcess.eventLoopLagMs.burst.p99),
    eventLoopLagMax: ratio(forked.eventLoopLagMs.burst.max, inProcess.eventLoopLagMs.burst.max),
    inboundStoredPerS: ratio(forked.throughput.inboundStoredPerS, inProcess.throughput.inboundStoredPerS),
    repliesSentPerS: ratio(forked.throughput.repliesSentPerS, inProcess.throughput.repliesSentPerS),
    storeMsP99: ratio(forked.throughput.storeMs.p99, inProcess.throughput.storeMs.p99),
    mainRssKbPerSession: ratio(forked.memory.mainRssKbPerSession, inProcess.memory.mainRssKbPerSession),
    mainHeapKbPerSession: ratio(forked.memory.mainHeapKbPerSession, inProcess.memory.mainHeapKbPerSession),
    totalRssKbPerSession: ratio(forked.memory.totalRssKbPerSession, inProcess.memory.totalRssKbPerSession),
    cpuMsPerMessage: ratio(forked.cpuMsPerMessage.total, inProcess.cpuMsPerMessage.total),
  };
}

export async function run(): Promise<void> {
  const shops = envInt('BENCH_SESSION_SHOPS', 4);
  const numbersPerShop = envInt('BENCH_SESSION_NUMBERS', 10);
  const customersPerNumber = envInt('BENCH_SESSION_CUSTOMERS', 5);
  const concurrency = envInt('BENCH_SESSION_CONCURRENCY', 50);
  const llmMs = envInt('BENCH_SESSION_LLM_MS', 0, 0);
  const params: HalfParams = { shops, numbersPerShop, customersPerNumber, concurrency, llmMs };
  const sessions = shops * numbersPerShop;

  log(`in-process: ${sessions} sessions (${shops} shops × ${numbersPerShop} numbers), ${sessions * customersPerNumber} messages…`);
  const inProcess = await runHalfProcess('in-process', params);
  if ('skipped' in inProcess) throw new Error(`session-hosts: ${inProcess.skipped}`);
  const onPglite = inProcess.storage.engine !== 'postgres';
  log(onPglite ? 'forked: skipped (PGlite)' : 'forked: the same on 2 host processes…');
  const forked: HalfResult = onPglite
    ? { skipped: 'forked hosts need PostgreSQL (PGlite belongs to one process); set BENCH_DATABASE_URL or TEST_DATABASE_URL' }
    : await runHalfProcess('forked', params);
  const correct = inProcess.exactlyOneReplyEach && ('skipped' in forked || forked.exactlyOneReplyEach);

  report('session-hosts', {
    params: {
      ...params,
      sessions,
      messages: sessions * customersPerNumber,
      hostPool: 2,
      lag: 'monitorEventLoopDelay (1 ms resolution) minus the resolution, over the burst: first inbound to last reply sent; `inbound`: until the last inbox row committed',
      replyPacingFloorMs: (customersPerNumber - 1) * DEFAULT_PACING.minGapMs,
      warmUp: 'one message per number before the burst, not measured',
      eachHalf: 'a fresh node process and a fresh bench database',
    },
    machine: { cpus: os.cpus().length, platform: process.platform, totalMemMb: Math.round(os.totalmem() / 2 ** 20) },
    inProcess,
    forked,
    ratios: 'skipped' in forked ? null : { forkedOverInProcess: ratios(forked, inProcess) },
    correct,
    note:
      'The simulator transport has no socket, no protobuf and no Signal crypto: the work forked hosts take off the main event loop in ' +
      'production (Baileys) is mostly absent here, while their cost (IPC per message, a node runtime per host) is not, so the event-loop ' +
      'saving is expected to be small or negative in this bench. Replies are paced per number (≥ 200 ms apart), which bounds replies/s. ' +
      'Memory per session includes the org actors started with them; a host\'s RSS is mostly its own node runtime, divided by its sessions.',
  });
  if (!correct) throw new Error('session-hosts: some message did not get exactly one reply (see the JSON line)');
}
