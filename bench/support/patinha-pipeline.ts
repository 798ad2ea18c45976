import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { AgentTurnInput, AgentTurnResult, CustomerAgent } from '../../agents/customer-agent.js';
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
import { ClosedLoop, keyOf, type BenchMessage, type LoopFigures } from './workload.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The benchmark's "model": waits a fixed latency on the real clock, as a
 * remote LLM call would, and echoes the customer's text (so the reply names
 * the message it answers). No tools, no escalation.
 */
export class FixedLatencyAgent implements CustomerAgent {
  readonly kind = 'offline' as const;
  calls = 0;
  constructor(readonly latencyMs: number) {}

  async respond(input: AgentTurnInput): Promise<AgentTurnResult> {
    this.calls++;
    await sleep(this.latencyMs);
    return { reply: `Recebi: ${input.text}`, agentState: input.agentState, toolCalls: [] };
  }
}

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
  database: { replyOutboxRows: number; distinctReplyKeys: number; sentOutboxRows: number; botMessages: number; unprocessedInbox: number };
}

/**
 * Patinha's whole actor tree on the real clock over `database`: one shop with
 * `ceil(customers / customersPerNumber)` simulator numbers; customer c writes
 * to number c mod numbers. Messages enter with `simulator.inject`; a reply
 * counts when the simulator sends it, and "committed" when the turn's
 * transaction announced the bot message.
 */
export async function runPatinha(database: BenchDatabase, params: PatinhaParams): Promise<PatinhaFigures> {
  const { db } = database.storage;
  const repos = repositories(db);
  const now = new Date();
  const numbers = Math.max(1, Math.ceil(params.customers / params.customersPerNumber));
  const org = await repos.organizations.create({
    name: 'Pet Shop Benchmark',
    ownerNumbers: ['+5511900000001'],
    settings: { address: 'Rua A, 1', scheduling: { capacity: { banho: 1 } } },
  }, now);
  await repos.businessHours.replace(org.id, { weekly: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: '00:00', closes: '23:59' })), closures: [] }, now);
  await repos.services.create(org.id, { name: 'Banho', category: 'banho', species: ['cão', 'gato'], bySize: { M: { durationMin: 60, priceCents: 6500 } } }, now);
  const instanceIds: string[] = [];
  for (let n = 0; n < numbers; n++) {
    const instance = await repos.instances.create({ orgId: org.id, name: `Número ${n + 1}`, transport: 'simulator', phone: `+5511988${String(880_000 + n)}`, createdAt: now });
    instanceIds.push(instance.id);
  }

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
    // Every number connected (the session marks its row open) before the clock starts.
    for (let i = 0; ; i++) {
      const open = await db.selectFrom('instances').select((eb) => eb.fn.countAll<string>().as('n')).where('status', '=', 'open').executeTakeFirstOrThrow();
      if (Number(open.n) === numbers) break;
      if (i > 500 || fatal) throw new Error(`only ${open.n} of ${numbers} simulator numbers connected${fatal ? `: ${fatal.message}` : ''}`);
      await sleep(10);
    }
    const inject = (m: BenchMessage) => simulator.inject(instanceIds[m.customer % numbers]!, { from: m.phone, text: m.text, id: `BENCH${m.key.toUpperCase().replace('-', '')}` });

    // Warm-up: one customer per number, one message each (JIT, pools, prepared paths), not measured.
    loop = new ClosedLoop('w', numbers, 1, inject);
    const warm = await loop.run(30_000, 2 * DEFAULT_PACING.minGapMs);
    if (!warm.exactlyOneReplyEach) throw new Error(`Patinha warm-up failed: ${JSON.stringify(warm)}`);

    const queriesBefore = database.queries();
    const callsBefore = agent.calls;
    const total = params.customers * params.messagesEach;
    const capPerS = (numbers * 1000) / DEFAULT_PACING.minGapMs;
    loop = new ClosedLoop('c', params.customers, params.messagesEach, inject);
    const figures = await loop.run(30_000 + 5 * (total / capPerS) * 1000 + total * params.llmMs);
    const queries = database.queries() - queriesBefore;
    if (fatal) throw fatal;

    const count = async (query: string) => Number(((await sql.raw<{ n: string }>(query).execute(db)).rows[0]?.n) ?? 0);
    const database_ = {
      replyOutboxRows: await count(`select count(*) as n from outbox where kind = 'reply' and text like 'Recebi:%(ref c%'`),
      distinctReplyKeys: await count(`select count(distinct substring(text from '\\(ref (c[0-9]+-m[0-9]+)\\)')) as n from outbox where kind = 'reply'`),
      sentOutboxRows: await count(`select count(*) as n from outbox where kind = 'reply' and status = 'sent' and text like 'Recebi:%(ref c%'`),
      botMessages: await count(`select count(*) as n from messages where author = 'bot' and text like 'Recebi:%(ref c%'`),
      unprocessedInbox: await count(`select count(*) as n from inbox where processed_at is null`),
    };
    const dbConsistent =
      database_.replyOutboxRows === total && database_.distinctReplyKeys === total && database_.sentOutboxRows === total && database_.botMessages === total && database_.unprocessedInbox === 0;
    return {
      ...figures,
      exactlyOneReplyEach: figures.exactlyOneReplyEach && dbConsistent,
      numbers,
      customersPerNumber: params.customersPerNumber,
      sendPacingCapPerS: capPerS,
      agentCalls: agent.calls - callsBefore,
      dbQueriesPerMessage: Math.round((queries / total) * 10) / 10,
      database: database_,
    };
  } finally {
    stopSent();
    stopNotices();
    const stopped = performance.now();
    await actors.stop();
    if (performance.now() - stopped > 5_000) process.stderr.write('[pipeline] the actor tree took over 5 s to stop\n');
  }
}
