import { createRequire } from 'node:module';
import { sql } from 'kysely';
import { Queue, Worker, type ConnectionOptions, type Job } from 'bullmq';
import { connectRedis } from '../../storage/redis-connection.js';
import type { BenchDatabase } from './bench-database.js';
import { dbWorkPerMessage, perMessage, type DbProbe, type DbWorkPerMessage } from './sql-counter.js';
import { ClosedLoop, keyOf, type BenchMessage, type LoopFigures } from './workload.js';

/**
 * The original design (notes/original-design.md §5), rebuilt with the same
 * library: every inbound message becomes a BullMQ job on one queue
 * (`removeOnComplete`, 3 attempts), and one Worker with concurrency 5 and a
 * 10 jobs/s limiter processes them. A job does the equivalent of the old
 * MessageWorker: stores the inbound message (deduplicated), reads the
 * context (five queries in parallel, as its context builder did), waits for
 * the same fake model, stores the reply, and sends it.
 */
export const BENCH_REDIS_URL = process.env.BENCH_REDIS_URL || process.env.TEST_REDIS_URL || process.env.REDIS_URL || 'redis://127.0.0.1:6379';

export interface BullmqParams {
  customers: number;
  messagesEach: number;
  llmMs: number;
  /** The original worker: 5 concurrent jobs, at most 10 per second. */
  concurrency: number;
  limiter: { max: number; duration: number } | undefined;
  /** Report the reply insert as the commit too, and let customers write again on it (see ClosedLoop). */
  reportCommitted?: boolean;
  /** Measures statements and transactions over the measured run (not the warm-up). */
  probe?: DbProbe;
}

/** The BullMQ release the baseline runs on, e.g. `bullmq@6.7.0`. */
export const BULLMQ_LIBRARY = `bullmq@${(createRequire(import.meta.url)('bullmq/package.json') as { version: string }).version}`;

export interface BullmqFigures extends LoopFigures {
  library: string;
  concurrency: number;
  limiter: { max: number; duration: number } | null;
  dbQueriesPerMessage: number;
  /** With a probe: driver-level statements and pg_stat_database transactions over the measured run. */
  dbWork?: DbWorkPerMessage;
  database: { inboundRows: number; replyRows: number; distinctReplyKeys: number };
}

/** BullMQ's own connection settings from a redis:// URL (BullMQ opens its own ioredis clients). */
export function bullmqConnection(url: string): ConnectionOptions {
  const parsed = new URL(url);
  const db = Number(parsed.pathname.replace('/', '') || 0);
  return {
    host: parsed.hostname || '127.0.0.1',
    port: Number(parsed.port || 6379),
    ...(parsed.username && { username: decodeURIComponent(parsed.username) }),
    ...(parsed.password && { password: decodeURIComponent(parsed.password) }),
    ...(db > 0 && { db }),
    ...(parsed.protocol === 'rediss:' && { tls: {} }),
    maxRetriesPerRequest: null,
  };
}

/** Why the baseline cannot run, or undefined when a redis-server answers. */
export async function redisUnavailable(url = BENCH_REDIS_URL): Promise<string | undefined> {
  try {
    const redis = await connectRedis(url, { connectTimeoutMs: 1_000 });
    await redis.ping();
    redis.disconnect();
    return undefined;
  } catch (error) {
    return `no redis-server answers at ${url.replace(/\/\/[^@]*@/, '//***@')}: ${(error as Error).message}`;
  }
}

/** The baseline's own messages table in the same throw-away database. */
export async function createBaselineTables(database: BenchDatabase): Promise<void> {
  await sql`create table if not exists bench_messages (
    id bigserial primary key,
    customer_phone text not null,
    message_key text not null,
    direction text not null check (direction in ('in','out')),
    text text not null,
    created_at timestamptz not null default now(),
    unique (message_key, direction)
  )`.execute(database.storage.db);
  await sql`create index if not exists bench_messages_customer_idx on bench_messages (customer_phone, created_at desc)`.execute(database.storage.db);
}

interface JobData extends BenchMessage {}

export async function runBullmq(database: BenchDatabase, params: BullmqParams, label: string): Promise<BullmqFigures> {
  const db = database.storage.db;
  await sql`truncate table bench_messages restart identity`.execute(db);
  const connection = bullmqConnection(BENCH_REDIS_URL);
  const queueName = `patinha-bench-${label}-${process.pid}`;
  const queue = new Queue<JobData>(queueName, { connection });
  let loop: ClosedLoop | undefined;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  const processMessage = async (job: Job<JobData>) => {
    const m = job.data;
    // saveMessage (inbound), idempotent on the WhatsApp id as the old unique index was.
    await sql`insert into bench_messages (customer_phone, message_key, direction, text) values (${m.phone}, ${m.key}, 'in', ${m.text}) on conflict do nothing`.execute(db);
    // contextBuilder: five queries in parallel.
    await Promise.all([
      sql`select direction, text, created_at from bench_messages where customer_phone = ${m.phone} order by created_at desc limit 10`.execute(db),
      sql`select count(*) from bench_messages where customer_phone = ${m.phone}`.execute(db),
      sql`select max(created_at) from bench_messages where customer_phone = ${m.phone} and direction = 'out'`.execute(db),
      sql`select id from bench_messages where message_key = ${m.key}`.execute(db),
      sql`select count(*) from bench_messages where customer_phone = ${m.phone} and direction = 'in'`.execute(db),
    ]);
    // clientAI.processMessage: the same fake model as Patinha's agent.
    await sleep(params.llmMs);
    const reply = `Recebi: ${m.text}`;
    // saveMessage (reply), then sendTextMessage.
    await sql`insert into bench_messages (customer_phone, message_key, direction, text) values (${m.phone}, ${m.key}, 'out', ${reply}) on conflict do nothing`.execute(db);
    if (params.reportCommitted) loop?.committed(keyOf(reply));
    loop?.replied(keyOf(reply));
  };

  const worker = new Worker<JobData>(queueName, processMessage, {
    connection,
    concurrency: params.concurrency,
    ...(params.limiter && { limiter: params.limiter }),
  });
  let workerError: Error | undefined;
  worker.on('error', (error) => {
    workerError = error;
  });
  worker.on('failed', (_job, error) => {
    workerError = error;
  });
  const enqueue = async (m: BenchMessage) => {
    await queue.add('process-message', m, { removeOnComplete: true, attempts: 3 });
  };
  try {
    await worker.waitUntilReady();
    await queue.waitUntilReady();
    loop = new ClosedLoop('w', params.concurrency, 1, enqueue);
    const warm = await loop.run(30_000, 0);
    if (!warm.exactlyOneReplyEach) throw new Error(`BullMQ warm-up failed: ${JSON.stringify(warm)}`);
    // Let the limiter's window from the warm-up pass.
    await sleep(params.limiter?.duration ?? 0);

    const total = params.customers * params.messagesEach;
    const ratePerS = Math.min(params.limiter ? (params.limiter.max * 1000) / params.limiter.duration : Infinity, (params.concurrency * 1000) / Math.max(1, params.llmMs));
    await params.probe?.begin();
    const queriesBefore = database.queries();
    loop = new ClosedLoop('c', params.customers, params.messagesEach, enqueue, params.reportCommitted ? 'committed' : 'replied');
    const figures = await loop.run(30_000 + 3 * (total / ratePerS) * 1000 + (params.llmMs * total) / params.concurrency);
    const queries = database.queries() - queriesBefore;
    const work = await params.probe?.end();
    if (workerError) throw workerError;

    const count = async (query: string) => Number(((await sql.raw<{ n: string }>(query).execute(db)).rows[0]?.n) ?? 0);
    const rows = {
      inboundRows: await count(`select count(*) as n from bench_messages where direction = 'in' and message_key like 'c%'`),
      replyRows: await count(`select count(*) as n from bench_messages where direction = 'out' and message_key like 'c%'`),
      distinctReplyKeys: await count(`select count(distinct message_key) as n from bench_messages where direction = 'out' and message_key like 'c%'`),
    };
    const dbConsistent = rows.inboundRows === total && rows.replyRows === total && rows.distinctReplyKeys === total;
    return {
      ...figures,
      exactlyOneReplyEach: figures.exactlyOneReplyEach && dbConsistent,
      library: BULLMQ_LIBRARY,
      concurrency: params.concurrency,
      limiter: params.limiter ?? null,
      dbQueriesPerMessage: perMessage(queries, total),
      ...(work && { dbWork: dbWorkPerMessage(work, total) }),
      database: rows,
    };
  } finally {
    await worker.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}
