import { sql, type Kysely } from 'kysely';
import { DEFAULT_PACING } from '../../domain/send-pacing.js';
import type { Database } from '../../storage/database.js';
import type { BenchDatabase } from './bench-database.js';
import { numberOf, seedShops, type ShopLayout } from './bench-shops.js';
import { PatinhaTree } from './patinha-tree.js';
import { dbWorkPerMessage, perMessage, type DbWorkPerMessage } from './sql-counter.js';
import { ClosedLoop, keyOf, type BenchMessage, type LoopFigures } from './workload.js';

/** Cross-checked in the database after a measured run. */
export interface ReplyRows {
  replyOutboxRows: number;
  distinctReplyKeys: number;
  sentOutboxRows: number;
  botMessages: number;
  unprocessedInbox: number;
}

export interface MeasuredRun {
  /** `exactlyOneReplyEach` also requires the database to agree. */
  figures: LoopFigures;
  agentCalls: number;
  dbQueriesPerMessage: number;
  dbWork?: DbWorkPerMessage;
  database: ReplyRows;
}

/**
 * The closed-loop workload (see workload.ts) against Patinha's whole actor
 * tree on the real clock, over seeded shops: customer c writes to
 * `numberOf(c)`. Messages enter with `simulator.inject`; a reply counts when
 * the simulator sends it, and "committed" when the turn's transaction
 * announced the bot message.
 */
export class PatinhaLoop {
  #loop: ClosedLoop | undefined;
  readonly #stops: Array<() => void>;

  private constructor(
    readonly database: BenchDatabase,
    readonly tree: PatinhaTree,
    readonly instanceIds: string[][],
  ) {
    this.#stops = [
      tree.simulator.onSent((sent) => this.#loop?.replied(keyOf(sent.text))),
      tree.bus.subscribe((notice) => {
        if (notice.kind === 'message' && notice.message.author === 'bot') this.#loop?.committed(keyOf(notice.message.text));
      }),
    ];
  }

  /** Seeds the shops, starts the tree, waits for every number to connect and warms up (`warmUpMs`: the warm-up's deadline). */
  static async open(database: BenchDatabase, params: ShopLayout & { llmMs: number; warmUpMs: number; burstMs?: number }): Promise<PatinhaLoop> {
    const { db } = database.storage;
    const instanceIds = await seedShops(db, params, new Date());
    const tree = await PatinhaTree.start(db, { llmMs: params.llmMs, ...(params.burstMs !== undefined && { burstMs: params.burstMs }) });
    const loop = new PatinhaLoop(database, tree, instanceIds);
    try {
      await tree.connected(loop.numbers);
      // One customer per number, one message each (JIT, pools, prepared paths), not measured.
      loop.#loop = new ClosedLoop('w', loop.numbers, 1, loop.#inject);
      const warm = await loop.#loop.run(params.warmUpMs, 2 * DEFAULT_PACING.minGapMs);
      if (!warm.exactlyOneReplyEach) throw new Error(`Patinha warm-up failed: ${JSON.stringify(warm)}`);
      return loop;
    } catch (error) {
      await loop.close();
      throw error;
    }
  }

  get numbers(): number {
    return this.instanceIds.reduce((n, shop) => n + shop.length, 0);
  }

  readonly #inject = (m: BenchMessage) =>
    this.tree.simulator.inject(numberOf(this.instanceIds, m.customer), { from: m.phone, text: m.text, id: `BENCH${m.key.toUpperCase().replace('-', '')}` });

  /** The measured run; `probe` also counts statements and transactions (PostgreSQL only). */
  async measure(run: { customers: number; messagesEach: number; advanceOn: 'replied' | 'committed'; deadlineMs: number; probe: boolean }): Promise<MeasuredRun> {
    const total = run.customers * run.messagesEach;
    const probe = run.probe ? this.database.probe() : undefined;
    await probe?.begin();
    const queriesBefore = this.database.queries();
    const callsBefore = this.tree.agent.calls;
    this.#loop = new ClosedLoop('c', run.customers, run.messagesEach, this.#inject, run.advanceOn);
    const figures = await this.#loop.run(run.deadlineMs);
    const queries = this.database.queries() - queriesBefore;
    const work = await probe?.end();
    if (this.tree.fatal) throw this.tree.fatal;

    const rows = await replyRows(this.database.storage.db);
    const consistent = rows.replyOutboxRows === total && rows.distinctReplyKeys === total && rows.sentOutboxRows === total && rows.botMessages === total && rows.unprocessedInbox === 0;
    return {
      figures: { ...figures, exactlyOneReplyEach: figures.exactlyOneReplyEach && consistent },
      agentCalls: this.tree.agent.calls - callsBefore,
      dbQueriesPerMessage: perMessage(queries, total),
      ...(work && { dbWork: dbWorkPerMessage(work, total) }),
      database: rows,
    };
  }

  async close(): Promise<void> {
    for (const stop of this.#stops) stop();
    await this.tree.stop();
  }
}

/** Every measured message has one reply in the outbox, sent, and one bot message; no inbox row is left. */
async function replyRows(db: Kysely<Database>): Promise<ReplyRows> {
  const count = async (query: string) => Number(((await sql.raw<{ n: string }>(query).execute(db)).rows[0]?.n) ?? 0);
  return {
    replyOutboxRows: await count(`select count(*) as n from outbox where kind = 'reply' and text like 'Recebi:%(ref c%'`),
    distinctReplyKeys: await count(`select count(distinct substring(text from '\\(ref (c[0-9]+-m[0-9]+)\\)')) as n from outbox where kind = 'reply'`),
    sentOutboxRows: await count(`select count(*) as n from outbox where kind = 'reply' and status = 'sent' and text like 'Recebi:%(ref c%'`),
    botMessages: await count(`select count(*) as n from messages where author = 'bot' and text like 'Recebi:%(ref c%'`),
    unprocessedInbox: await count(`select count(*) as n from inbox where processed_at is null`),
  };
}
