import { DEFAULT_BURST_MS } from '../actors/conversation/conversation.actor.js';
import { DEFAULT_PACING } from '../domain/send-pacing.js';
import { DEFAULT_POOL_SIZE } from '../storage/open-database.js';
import { round } from './bench-output.js';
import { overhead } from './support/baselines.js';
import type { BullmqFigures } from './support/bullmq-pipeline.js';
import { compareWithBaselines, reportComparison } from './support/comparison.js';
import { envInt } from './support/env.js';
import { runPatinhaShops, type ShopsFigures } from './support/patinha-shops.js';

/**
 * Many customers write at the same instant and the model is slow: how long
 * until every reply is committed. One message per customer, spread over the
 * shops (one WhatsApp number each). Patinha against the original BullMQ
 * design (concurrency 5, limiter 10/s) and a tuned BullMQ (concurrency 100,
 * no limiter). Latency is inbound → reply committed (BullMQ: reply stored);
 * delivery, held by the per-number send pacing, is reported beside it.
 *
 *   BENCH_FANOUT_CUSTOMERS  customers writing at once (default 250; the size is 1000)
 *   BENCH_FANOUT_SHOPS      shops they write to (default 20)
 *   BENCH_FANOUT_LLM_MS     the model's latency (default 2000)
 *   BENCH_FANOUT_BURST_MS   Patinha's burst window, as the product runs it (default 1500;
 *                           0 answers each message at once). The baselines merge nothing.
 *   BENCH_DB_POOL           PostgreSQL pool size (default: the app's)
 *
 * The original design answers 5 at a time: 1000 customers take it ~400 s, so
 * the default is 250 (~100 s for it); set BENCH_FANOUT_CUSTOMERS=1000 for the figures.
 */
const log = (line: string) => process.stderr.write(`[slow-llm-fanout] ${line}\n`);

/** `waitMs`: the time a design spends on purpose (the model, Patinha's burst window); the rest is its own overhead. */
function summary(figures: ShopsFigures | BullmqFigures, waitMs: number) {
  const latency = figures.committedLatencyMs ?? figures.latencyMs;
  return {
    latencyMs: { p50: latency.p50, p99: latency.p99 },
    makespanMs: figures.committedWallMs ?? figures.wallMs,
    deliveredLatencyMs: { p50: figures.latencyMs.p50, p99: figures.latencyMs.p99 },
    deliveredMakespanMs: figures.wallMs,
    ownOverheadMs: overhead(latency, waitMs),
    cpuMsPerMessage: figures.nodeCpuMsPerMessage,
    sqlStatementsPerMessage: figures.dbWork?.statementsPerMessage ?? null,
    exactlyOneReplyEach: figures.exactlyOneReplyEach,
  };
}

export async function run(): Promise<void> {
  const customers = envInt('BENCH_FANOUT_CUSTOMERS', 250);
  const shops = envInt('BENCH_FANOUT_SHOPS', 20);
  const llmMs = envInt('BENCH_FANOUT_LLM_MS', 2000, 0);
  const burstMs = envInt('BENCH_FANOUT_BURST_MS', DEFAULT_BURST_MS, 0);
  const poolSize = envInt('BENCH_DB_POOL', DEFAULT_POOL_SIZE);

  const comparison = await compareWithBaselines({
    poolSize,
    workload: { customers, messagesEach: 1, llmMs },
    log,
    patinha: (database) => {
      log(`Patinha: ${customers} customers over ${shops} shops at once, model ${llmMs} ms, burst window ${burstMs} ms…`);
      return runPatinhaShops(database, { shops, customers, messagesEach: 1, llmMs, numbersPerShop: 1, burstMs });
    },
  });
  reportComparison('slow-llm-fanout', comparison, {
    params: { customers, shops, messagesEach: 1, llmMs, numbersPerShop: 1, burstMs, sendPacingMinGapMs: DEFAULT_PACING.minGapMs },
    summary: (figures, design) => summary(figures, llmMs + (design === 'patinha' ? burstMs : 0)),
    targets: { latencyP99Ms: `≤ ${llmMs + burstMs + 500} (model + burst window + 500 ms of our own)` },
    ratios: (p, tuned) => (tuned ? { p99VsTuned: round(tuned.latencyMs.p99 / p.latencyMs.p99), makespanVsTuned: round(tuned.makespanMs / p.makespanMs) } : null),
  });
}
