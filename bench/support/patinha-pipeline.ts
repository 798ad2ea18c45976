import { DEFAULT_PACING } from '../../domain/send-pacing.js';
import type { BenchDatabase } from './bench-database.js';
import { PatinhaLoop, type ReplyRows } from './patinha-loop.js';
import type { LoopFigures } from './workload.js';

export interface PatinhaParams {
  customers: number;
  messagesEach: number;
  llmMs: number;
  customersPerNumber: number;
}

export interface PatinhaFigures extends LoopFigures {
  numbers: number;
  customersPerNumber: number;
  /** What the send pacing allows at most, all numbers together (replies/s). */
  sendPacingCapPerS: number;
  agentCalls: number;
  dbQueriesPerMessage: number;
  /** Cross-checked in the database after the run. */
  database: ReplyRows;
}

/**
 * Patinha for the `pipeline` benchmark: one shop with
 * `ceil(customers / customersPerNumber)` simulator numbers; customer c writes
 * to number c mod numbers and writes again once its reply was delivered.
 */
export async function runPatinha(database: BenchDatabase, params: PatinhaParams): Promise<PatinhaFigures> {
  const numbers = Math.max(1, Math.ceil(params.customers / params.customersPerNumber));
  const loop = await PatinhaLoop.open(database, { shops: 1, numbersPerShop: numbers, llmMs: params.llmMs, warmUpMs: 30_000 });
  try {
    const total = params.customers * params.messagesEach;
    const capPerS = (numbers * 1000) / DEFAULT_PACING.minGapMs;
    const run = await loop.measure({
      customers: params.customers,
      messagesEach: params.messagesEach,
      advanceOn: 'replied',
      deadlineMs: 30_000 + 5 * (total / capPerS) * 1000 + total * params.llmMs,
      probe: false,
    });
    return {
      ...run.figures,
      numbers,
      customersPerNumber: params.customersPerNumber,
      sendPacingCapPerS: capPerS,
      agentCalls: run.agentCalls,
      dbQueriesPerMessage: run.dbQueriesPerMessage,
      database: run.database,
    };
  } finally {
    await loop.close();
  }
}
