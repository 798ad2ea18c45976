import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { NoticeBus } from '../../actors/notice-bus.js';
import { PatinhaActors } from '../../actors/patinha-actors.js';
import { DEFAULT_PACING } from '../../domain/send-pacing.js';
import { systemClock } from '../../runtime/clock.js';
import { silentLogger } from '../../runtime/logger.js';
import { loadManifest } from '../../runtime/manifest.js';
import { systemRandom } from '../../runtime/random.js';
import { repositories } from '../../storage/repositories.js';
import { SimulatorTransport } from '../../whatsapp/simulator.transport.js';
import type { BenchDatabase } from './bench-database.js';
import { FixedLatencyAgent } from './patinha-pipeline.js';
import type { DbWork } from './sql-counter.js';
import { ClosedLoop, keyOf, type BenchMessage, type LoopFigures } from './workload.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface ShopsParams {
  shops: number;
  customers: number;
  messagesEach: number;
  llmMs: number;
  numbersPerShop: number;
}

export interface ShopsFigures extends LoopFigures {
  shops: number;
  numbers: number;
  agentCalls: number;
  dbQueriesPerMessage: number;
  dbWork?: DbWork & { statementsPerMessage: number; xactCommitsPerMessage: number };
  database: { replyOutboxRows: number; distinctReplyKeys: number; sentOutboxRows: number; botMessages: number; unprocessedInbox: number };
}

/**
 * Patinha's whole actor tree on the real clock with many shops: `shops`
 * organizations with `numbersPerShop` simulator numbers each; customer c
 * writes to shop c mod shops, on one of its numbers. Customers write again
 * as soon as their reply is committed (the pipeline's throughput, apart from
 * the per-number send pacing); the run ends when every reply was also sent.
 */
export async function runPatinhaShops(database: BenchDatabase, params: ShopsParams): Promise<ShopsFigures> {
  const { db } = database.storage;
  const repos = repositories(db);
  const now = new Date();
  const instanceIds: string[][] = [];
  for (let s = 0; s < params.shops; s++) {
    const org = await repos.organizations.create({
      name: `Pet Shop ${s + 1}`,
      ownerNumbers: [`+55119000${String(10_000 + s)}`],
      settings: { address: 'Rua A, 1', scheduling: { capacity: { banho: 1 } } },
    }, now);
    await repos.businessHours.replace(org.id, { weekly: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: '00:00', closes: '23:59' })), closures: [] }, now);
    await repos.services.create(org.id, { name: 'Banho', category: 'banho', species: ['cão', 'gato'], bySize: { M: { durationMin: 60, priceCents: 6500 } } }, now);
    const ids: string[] = [];
    for (let n = 0; n < params.numbersPerShop; n++) {
      const instance = await repos.instances.create({ orgId: org.id, name: `Número ${n + 1}`, transport: 'simulator', phone: `+551198${String(100_000 + s * 100 + n)}`, createdAt: now });
      ids.push(instance.id);
    }
    instanceIds.push(ids);
  }
  const numbers = params.shops * params.numbersPerShop;
  const instanceOf = (customer: number) => instanceIds[customer % params.shops]![Math.floor(customer / params.shops) % params.numbersPerShop]!;

  const agent = new FixedLatencyAgent(params.llmMs);
  const simulator = new SimulatorTransport(systemClock);
  const bus = new NoticeBus();
  let fatal: Error | undefined;
  const actors = await PatinhaActors.start({
    db,
    manifest: loadManifest({ path: path.join(ROOT, 'actors.json') }),
    clock: systemClock,
    random: systemRandom,
    logger: silentLogger,
    transports: { simulator },
    agentFor: () => agent,
    bus,
    burstMs: 0,
    bootStaggerMs: 0,
    onFatal: (error) => {
      fatal = error;
    },
  });
  let loop: ClosedLoop | undefined;
  const stopSent = simulator.onSent((sent) => loop?.replied(keyOf(sent.text)));
  const stopNotices = bus.subscribe((notice) => {
    if (notice.kind === 'message' && notice.message.author === 'bot') loop?.committed(keyOf(notice.message.text));
  });
  try {
    for (let i = 0; ; i++) {
      const open = await db.selectFrom('instances').select((eb) => eb.fn.countAll<string>().as('n')).where('status', '=', 'open').executeTakeFirstOrThrow();
      if (Number(open.n) === numbers) break;
      if (i > 1000 || fatal) throw new Error(`only ${open.n} of ${numbers} simulator numbers connected${fatal ? `: ${fatal.message}` : ''}`);
      await sleep(10);
    }
    const inject = (m: BenchMessage) => simulator.inject(instanceOf(m.customer), { from: m.phone, text: m.text, id: `BENCH${m.key.toUpperCase().replace('-', '')}` });

    // Warm-up: one customer per number, not measured.
    loop = new ClosedLoop('w', numbers, 1, inject);
    const warm = await loop.run(60_000 + params.llmMs, 2 * DEFAULT_PACING.minGapMs);
    if (!warm.exactlyOneReplyEach) throw new Error(`Patinha warm-up failed: ${JSON.stringify(warm)}`);

    const total = params.customers * params.messagesEach;
    const probe = database.probe();
    await probe?.begin();
    const queriesBefore = database.queries();
    const callsBefore = agent.calls;
    loop = new ClosedLoop('c', params.customers, params.messagesEach, inject, 'committed');
    const deliverMs = (Math.ceil(params.customers / numbers) * params.messagesEach * DEFAULT_PACING.minGapMs);
    const figures = await loop.run(120_000 + 3 * deliverMs + params.messagesEach * params.llmMs * 3 + total * 50);
    const queries = database.queries() - queriesBefore;
    const work = await probe?.end();
    if (fatal) throw fatal;

    const count = async (query: string) => Number(((await sql.raw<{ n: string }>(query).execute(db)).rows[0]?.n) ?? 0);
    const rows = {
      replyOutboxRows: await count(`select count(*) as n from outbox where kind = 'reply' and text like 'Recebi:%(ref c%'`),
      distinctReplyKeys: await count(`select count(distinct substring(text from '\\(ref (c[0-9]+-m[0-9]+)\\)')) as n from outbox where kind = 'reply'`),
      sentOutboxRows: await count(`select count(*) as n from outbox where kind = 'reply' and status = 'sent' and text like 'Recebi:%(ref c%'`),
      botMessages: await count(`select count(*) as n from messages where author = 'bot' and text like 'Recebi:%(ref c%'`),
      unprocessedInbox: await count(`select count(*) as n from inbox where processed_at is null`),
    };
    const consistent = rows.replyOutboxRows === total && rows.distinctReplyKeys === total && rows.sentOutboxRows === total && rows.botMessages === total && rows.unprocessedInbox === 0;
    return {
      ...figures,
      exactlyOneReplyEach: figures.exactlyOneReplyEach && consistent,
      shops: params.shops,
      numbers,
      agentCalls: agent.calls - callsBefore,
      dbQueriesPerMessage: Math.round((queries / total) * 10) / 10,
      ...(work && { dbWork: { ...work, statementsPerMessage: Math.round((work.statements / total) * 10) / 10, xactCommitsPerMessage: Math.round((work.xactCommits / total) * 10) / 10 } }),
      database: rows,
    };
  } finally {
    stopSent();
    stopNotices();
    const stopped = performance.now();
    await actors.stop();
    if (performance.now() - stopped > 5_000) process.stderr.write('[bench] the actor tree took over 5 s to stop\n');
  }
}
