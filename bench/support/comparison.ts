import os from 'node:os';
import { report } from '../bench-output.js';
import { runBaselines, type Baselines } from './baselines.js';
import { openBenchDatabase, storageFigures, type BenchDatabase } from './bench-database.js';
import type { BullmqFigures } from './bullmq-pipeline.js';
import type { LoopFigures } from './workload.js';

/**
 * Patinha against both BullMQ baselines (baselines.ts): the same workload on
 * one throw-away database, reported as one JSON line. Each benchmark brings
 * its own Patinha run, summary, targets and ratios.
 */
export interface Comparison<P extends LoopFigures> {
  database: BenchDatabase;
  poolSize: number;
  patinha: P;
  baselines: Baselines;
}

export async function compareWithBaselines<P extends LoopFigures>(options: {
  poolSize: number;
  workload: { customers: number; messagesEach: number; llmMs: number };
  log: (line: string) => void;
  patinha: (database: BenchDatabase) => Promise<P>;
}): Promise<Comparison<P>> {
  const database = await openBenchDatabase({ poolSize: options.poolSize });
  if (database.fallbackReason) options.log(`PGlite in memory: ${database.fallbackReason}`);
  try {
    const patinha = await options.patinha(database);
    const baselines = await runBaselines(database, options.workload, options.log);
    return { database, poolSize: options.poolSize, patinha, baselines };
  } finally {
    await database.close();
  }
}

/**
 * Prints the comparison's JSON line (and keeps it in bench/results): the
 * headline `summary` of each design first, then every design's full figures.
 * Throws when some message did not get exactly one reply.
 */
export function reportComparison<P extends LoopFigures, S>(
  name: string,
  comparison: Comparison<P>,
  figures: {
    params: Record<string, unknown>;
    /** The headline figures of one design's run. */
    summary: (figures: P | BullmqFigures, design: 'patinha' | 'bullmq') => S;
    targets: Record<string, string>;
    ratios: (patinha: S, tuned: S | undefined) => Record<string, number> | null;
  },
): void {
  const { patinha, baselines } = comparison;
  const skipped = { skipped: baselines.skipped };
  const p = figures.summary(patinha, 'patinha');
  const original = baselines.original && figures.summary(baselines.original, 'bullmq');
  const tuned = baselines.tuned && figures.summary(baselines.tuned, 'bullmq');
  const correct = patinha.exactlyOneReplyEach && (baselines.original?.exactlyOneReplyEach ?? true) && (baselines.tuned?.exactlyOneReplyEach ?? true);
  report(name, {
    params: figures.params,
    storage: storageFigures(comparison.database, comparison.poolSize),
    machine: { cpus: os.cpus().length, platform: process.platform },
    summary: { patinha: p, bullmqOriginal: original ?? skipped, bullmqTuned: tuned ?? skipped },
    targets: figures.targets,
    ratios: figures.ratios(p, tuned),
    patinha,
    bullmqOriginal: baselines.original ?? skipped,
    bullmqTuned: baselines.tuned ?? skipped,
    correct,
  });
  if (!correct) throw new Error(`${name}: some message did not get exactly one reply (see the JSON line)`);
}
