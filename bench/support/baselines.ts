import { round } from '../bench-output.js';
import type { BenchDatabase } from './bench-database.js';
import { createBaselineTables, redisUnavailable, runBullmq, type BullmqFigures } from './bullmq-pipeline.js';
import type { LatencySummary } from './stats.js';

/** The two BullMQ baselines the actor redesign is measured against (issue "Stateful, message-only actors"). */
export const ORIGINAL = { concurrency: 5, limiter: { max: 10, duration: 1000 } } as const;
export const TUNED = { concurrency: 100, limiter: undefined } as const;

export interface Baselines {
  original?: BullmqFigures;
  tuned?: BullmqFigures;
  skipped?: string;
}

/** Runs both baselines on the same workload, one after the other; skipped (with the reason) without Redis. */
export async function runBaselines(
  database: BenchDatabase,
  workload: { customers: number; messagesEach: number; llmMs: number },
  log: (line: string) => void,
): Promise<Baselines> {
  const skipped = await redisUnavailable();
  if (skipped) {
    log(`BullMQ baselines skipped: ${skipped}`);
    return { skipped };
  }
  await createBaselineTables(database);
  const out: Baselines = {};
  for (const [label, design] of [['original', ORIGINAL], ['tuned', TUNED]] as const) {
    log(`BullMQ ${label} (concurrency ${design.concurrency}, ${design.limiter ? `limiter ${design.limiter.max}/${design.limiter.duration} ms` : 'no limiter'})…`);
    out[label] = await runBullmq(database, { ...workload, ...design, reportCommitted: true, probe: database.probe() }, `${label}-${Date.now()}`);
  }
  return out;
}

/** A latency summary minus the model's fixed wait: what the design itself adds. */
export function overhead(latency: LatencySummary | undefined, llmMs: number): { p50: number; p99: number } | undefined {
  if (!latency) return undefined;
  return { p50: round(latency.p50 - llmMs, 1), p99: round(latency.p99 - llmMs, 1) };
}
