import os from 'node:os';
import { DEFAULT_PACING } from '../domain/send-pacing.js';
import { DEFAULT_POOL_SIZE } from '../storage/open-database.js';
import { report, round } from './bench-output.js';
import { openBenchDatabase, storageFigures } from './support/bench-database.js';
import { createBaselineTables, redisUnavailable, runBullmq, type BullmqFigures } from './support/bullmq-pipeline.js';
import { envInt } from './support/env.js';
import { runPatinha } from './support/patinha-pipeline.js';

/**
 * The whole message pipeline, Patinha's actors against the original design
 * (one BullMQ queue, a worker with concurrency 5 and a 10 msg/s limiter), on
 * the same workload, the same fake model latency and the same throw-away
 * database. See docs/benchmarks.md for what is measured and why it is fair.
 *
 *   BENCH_CUSTOMERS            customers writing at once (default 100)
 *   BENCH_MESSAGES_EACH        messages per customer, one turn each (default 2)
 *   BENCH_LLM_MS               the fake model's latency per turn (default 150)
 *   BENCH_CUSTOMERS_PER_NUMBER Patinha: customers per WhatsApp number (default 10)
 *   BENCH_BASELINE_UNLIMITED   also run BullMQ without its limiter (default 1; 0 skips)
 *   BENCH_DB_POOL              PostgreSQL pool size, shared by both designs (default: the app's, 10)
 */
export async function run(): Promise<void> {
  const customers = envInt('BENCH_CUSTOMERS', 100);
  const messagesEach = envInt('BENCH_MESSAGES_EACH', 2);
  const llmMs = envInt('BENCH_LLM_MS', 150, 0);
  const customersPerNumber = envInt('BENCH_CUSTOMERS_PER_NUMBER', 10);
  const withUnlimited = process.env.BENCH_BASELINE_UNLIMITED !== '0';
  const poolSize = envInt('BENCH_DB_POOL', DEFAULT_POOL_SIZE);

  const database = await openBenchDatabase({ poolSize });
  if (database.fallbackReason) process.stderr.write(`[pipeline] PGlite in memory: ${database.fallbackReason}\n`);
  let patinha: Awaited<ReturnType<typeof runPatinha>>;
  let bullmq: BullmqFigures | undefined;
  let bullmqUnlimited: BullmqFigures | undefined;
  let baselineSkipped: string | undefined;
  try {
    patinha = await runPatinha(database, { customers, messagesEach, llmMs, customersPerNumber });
    baselineSkipped = await redisUnavailable();
    if (baselineSkipped) {
      process.stderr.write(`[pipeline] BullMQ baseline skipped: ${baselineSkipped}\n`);
    } else {
      await createBaselineTables(database);
      bullmq = await runBullmq(database, { customers, messagesEach, llmMs, concurrency: 5, limiter: { max: 10, duration: 1000 } }, 'original');
      if (withUnlimited) bullmqUnlimited = await runBullmq(database, { customers, messagesEach, llmMs, concurrency: 5, limiter: undefined }, 'unlimited');
    }
  } finally {
    await database.close();
  }

  const correct = patinha.exactlyOneReplyEach && (bullmq?.exactlyOneReplyEach ?? true) && (bullmqUnlimited?.exactlyOneReplyEach ?? true);
  report('pipeline', {
    params: { customers, messagesEach, messages: customers * messagesEach, llmMs, customersPerNumber, closedLoop: true, burstMs: 0 },
    storage: storageFigures(database, poolSize),
    machine: { cpus: os.cpus().length, platform: process.platform },
    patinha: { ...patinha, sendPacingMinGapMs: DEFAULT_PACING.minGapMs },
    bullmq: bullmq ?? { skipped: baselineSkipped },
    ...(bullmqUnlimited && { bullmqWithoutLimiter: bullmqUnlimited }),
    ratios: bullmq
      ? {
          throughput: round(patinha.repliesPerS / bullmq.repliesPerS),
          latencyP95: round(bullmq.latencyMs.p95 / patinha.latencyMs.p95),
          latencyP50: round(bullmq.latencyMs.p50 / patinha.latencyMs.p50),
          ...(bullmqUnlimited && { throughputVsWithoutLimiter: round(patinha.repliesPerS / bullmqUnlimited.repliesPerS) }),
          explain: 'throughput = Patinha replies/s ÷ BullMQ replies/s; latency = BullMQ p-latency ÷ Patinha p-latency (higher is better for Patinha in both)',
        }
      : null,
    correct,
  });
  if (!correct) throw new Error('pipeline benchmark: some message did not get exactly one reply (see the JSON line)');
}
