import os from 'node:os';
import { DEFAULT_POOL_SIZE } from '../storage/open-database.js';
import { report, round } from './bench-output.js';
import { runBaselines, overhead } from './support/baselines.js';
import { openBenchDatabase, redact, benchPostgresUrl } from './support/bench-database.js';
import type { BullmqFigures } from './support/bullmq-pipeline.js';
import { envInt } from './support/env.js';
import { runPatinhaShops, type ShopsFigures } from './support/patinha-shops.js';

/**
 * How many messages a second the pipeline commits, and what each costs, with
 * a model that answers at once: many shops and customers, each customer
 * writing again as soon as its reply is committed. Patinha against the
 * original BullMQ design (concurrency 5, limiter 10/s) and a tuned BullMQ
 * (concurrency 100, no limiter), same workload, same database server.
 *
 *   BENCH_PT_SHOPS              shops (default 20), one WhatsApp number each
 *   BENCH_PT_CUSTOMERS_PER_SHOP customers per shop (default 25)
 *   BENCH_PT_MESSAGES_EACH      messages per customer (default 2)
 *   BENCH_PT_LLM_MS             the model's latency (default 0)
 *   BENCH_DB_POOL               PostgreSQL pool size (default: the app's)
 */
const log = (line: string) => process.stderr.write(`[pipeline-throughput] ${line}\n`);

function summary(figures: ShopsFigures | BullmqFigures | undefined, llmMs: number, committedLatency: 'committed' | 'delivered') {
  if (!figures) return undefined;
  const latency = committedLatency === 'committed' ? figures.committedLatencyMs : figures.latencyMs;
  return {
    committedMsgPerS: figures.committedPerS ?? null,
    sqlStatementsPerMessage: figures.dbWork?.statementsPerMessage ?? null,
    xactCommitsPerMessage: figures.dbWork?.xactCommitsPerMessage ?? null,
    cpuMsPerMessage: figures.nodeCpuMsPerMessage,
    ownOverheadMs: overhead(latency, llmMs) ?? null,
    exactlyOneReplyEach: figures.exactlyOneReplyEach,
  };
}

export async function run(): Promise<void> {
  const shops = envInt('BENCH_PT_SHOPS', 20);
  const customers = shops * envInt('BENCH_PT_CUSTOMERS_PER_SHOP', 25);
  const messagesEach = envInt('BENCH_PT_MESSAGES_EACH', 2);
  const llmMs = envInt('BENCH_PT_LLM_MS', 0, 0);
  const poolSize = envInt('BENCH_DB_POOL', DEFAULT_POOL_SIZE);

  const database = await openBenchDatabase({ poolSize });
  if (database.fallbackReason) log(`PGlite in memory: ${database.fallbackReason}`);
  let patinha: ShopsFigures;
  let baselines: Awaited<ReturnType<typeof runBaselines>>;
  try {
    log(`Patinha: ${shops} shops × ${customers / shops} customers × ${messagesEach} messages, model ${llmMs} ms…`);
    patinha = await runPatinhaShops(database, { shops, customers, messagesEach, llmMs, numbersPerShop: 1 });
    baselines = await runBaselines(database, { customers, messagesEach, llmMs }, log);
  } finally {
    await database.close();
  }
  const p = summary(patinha, llmMs, 'committed')!;
  const tuned = summary(baselines.tuned, llmMs, 'delivered');
  const correct = patinha.exactlyOneReplyEach && (baselines.original?.exactlyOneReplyEach ?? true) && (baselines.tuned?.exactlyOneReplyEach ?? true);
  report('pipeline-throughput', {
    params: { shops, customers, messagesEach, messages: customers * messagesEach, llmMs, numbersPerShop: 1, advanceOn: 'committed', burstMs: 0 },
    storage: database.engine === 'postgres' ? { engine: 'postgres', server: redact(benchPostgresUrl()), poolSize } : { engine: 'pglite', why: database.fallbackReason },
    machine: { cpus: os.cpus().length, platform: process.platform },
    summary: { patinha: p, bullmqOriginal: summary(baselines.original, llmMs, 'delivered') ?? { skipped: baselines.skipped }, bullmqTuned: tuned ?? { skipped: baselines.skipped } },
    targets: { committedMsgPerS: '≥ 1000 and above tuned BullMQ', sqlStatementsPerMessage: '≤ 6' },
    ratios: tuned && p.committedMsgPerS && tuned.committedMsgPerS ? { throughputVsTuned: round(p.committedMsgPerS / tuned.committedMsgPerS) } : null,
    patinha,
    bullmqOriginal: baselines.original ?? { skipped: baselines.skipped },
    bullmqTuned: baselines.tuned ?? { skipped: baselines.skipped },
    correct,
  });
  if (!correct) throw new Error('pipeline-throughput: some message did not get exactly one reply (see the JSON line)');
}
