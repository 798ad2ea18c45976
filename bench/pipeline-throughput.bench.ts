import { DEFAULT_POOL_SIZE } from '../storage/open-database.js';
import { round } from './bench-output.js';
import { overhead } from './support/baselines.js';
import type { BullmqFigures } from './support/bullmq-pipeline.js';
import { compareWithBaselines, reportComparison } from './support/comparison.js';
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

/** Patinha's latency is to the reply committed; BullMQ's to the reply delivered. */
function summary(figures: ShopsFigures | BullmqFigures, design: 'patinha' | 'bullmq', llmMs: number) {
  const latency = design === 'patinha' ? figures.committedLatencyMs : figures.latencyMs;
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

  const comparison = await compareWithBaselines({
    poolSize,
    workload: { customers, messagesEach, llmMs },
    log,
    patinha: (database) => {
      log(`Patinha: ${shops} shops × ${customers / shops} customers × ${messagesEach} messages, model ${llmMs} ms…`);
      return runPatinhaShops(database, { shops, customers, messagesEach, llmMs, numbersPerShop: 1 });
    },
  });
  reportComparison('pipeline-throughput', comparison, {
    params: { shops, customers, messagesEach, messages: customers * messagesEach, llmMs, numbersPerShop: 1, advanceOn: 'committed', burstMs: 0 },
    summary: (figures, design) => summary(figures, design, llmMs),
    targets: { committedMsgPerS: '≥ 1000 and above tuned BullMQ', sqlStatementsPerMessage: '≤ 6' },
    ratios: (p, tuned) => (tuned && p.committedMsgPerS && tuned.committedMsgPerS ? { throughputVsTuned: round(p.committedMsgPerS / tuned.committedMsgPerS) } : null),
  });
}
