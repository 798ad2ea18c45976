import { DEFAULT_PACING } from '../../domain/send-pacing.js';
import type { BenchDatabase } from './bench-database.js';
import { PatinhaLoop, type ReplyRows } from './patinha-loop.js';
import type { DbWorkPerMessage } from './sql-counter.js';
import type { LoopFigures } from './workload.js';

export interface ShopsParams {
  shops: number;
  customers: number;
  messagesEach: number;
  llmMs: number;
  numbersPerShop: number;
  /** The conversations' burst window (0: each message its own turn). */
  burstMs?: number;
}

export interface ShopsFigures extends LoopFigures {
  shops: number;
  numbers: number;
  agentCalls: number;
  dbQueriesPerMessage: number;
  dbWork?: DbWorkPerMessage;
  database: ReplyRows;
}

/**
 * Patinha with many shops: `shops` organizations with `numbersPerShop`
 * simulator numbers each; customer c writes to shop c mod shops, on one of
 * its numbers. Customers write again as soon as their reply is committed (the
 * pipeline's throughput, apart from the per-number send pacing); the run ends
 * when every reply was also sent.
 */
export async function runPatinhaShops(database: BenchDatabase, params: ShopsParams): Promise<ShopsFigures> {
  const loop = await PatinhaLoop.open(database, {
    shops: params.shops, numbersPerShop: params.numbersPerShop, llmMs: params.llmMs, warmUpMs: 60_000 + params.llmMs + (params.burstMs ?? 0), burstMs: params.burstMs,
  });
  try {
    const numbers = loop.numbers;
    const total = params.customers * params.messagesEach;
    const deliverMs = Math.ceil(params.customers / numbers) * params.messagesEach * DEFAULT_PACING.minGapMs;
    const run = await loop.measure({
      customers: params.customers,
      messagesEach: params.messagesEach,
      advanceOn: 'committed',
      deadlineMs: 120_000 + 3 * deliverMs + params.messagesEach * (params.llmMs + (params.burstMs ?? 0)) * 3 + total * 50,
      probe: true,
    });
    return {
      ...run.figures,
      shops: params.shops,
      numbers,
      agentCalls: run.agentCalls,
      dbQueriesPerMessage: run.dbQueriesPerMessage,
      ...(run.dbWork && { dbWork: run.dbWork }),
      database: run.database,
    };
  } finally {
    await loop.close();
  }
}
