import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../storage/database.js';

/**
 * Counts SQL statements per database at the driver: every `query` a pg Client
 * sends (Kysely's pool clients included, `begin`/`commit` included), keyed by
 * the database the client is connected to. Installed once per process by
 * wrapping `pg.Client.prototype.query`; the product code is not touched.
 */
const counts = new Map<string, number>();
let installed = false;

export function installStatementCounter(): void {
  if (installed) return;
  installed = true;
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  (pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (this: pg.Client, ...args: unknown[]) {
    const database = (this as unknown as { database?: string }).database ?? '';
    counts.set(database, (counts.get(database) ?? 0) + 1);
    return original.apply(this, args);
  };
}

export function statementsSent(database: string): number {
  return counts.get(database) ?? 0;
}

export interface DbWork {
  /** Statements sent to the server (driver-level count). */
  statements: number;
  /** Committed transactions (pg_stat_database.xact_commit delta, the probe's own flush transactions removed). */
  xactCommits: number;
  xactRollbacks: number;
}

/**
 * Reads `pg_stat_database` for one database. PostgreSQL 15 backends publish
 * their counters when they go idle, but at most once a second (otherwise
 * within 10 s): so a reading first waits a second, then runs one trivial
 * statement on every pooled connection at once (each publishes as it goes
 * idle), and removes those transactions from the figures.
 */
export class DbProbe {
  #before: { statements: number; commit: number; rollback: number } | undefined;

  constructor(
    readonly db: Kysely<Database>,
    readonly databaseName: string,
    readonly poolSize: number,
    readonly admin: <T>(work: (client: pg.Client) => Promise<T>) => Promise<T>,
  ) {}

  async #read(): Promise<{ statements: number; commit: number; rollback: number }> {
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await Promise.all(Array.from({ length: this.poolSize }, () => sql`select pg_sleep(0.05)`.execute(this.db)));
    const statements = statementsSent(this.databaseName);
    const row = await this.admin(async (client) => {
      const result = await client.query<{ c: string; r: string }>('select xact_commit as c, xact_rollback as r from pg_stat_database where datname = $1', [this.databaseName]);
      return result.rows[0];
    });
    return { statements, commit: Number(row?.c ?? 0), rollback: Number(row?.r ?? 0) };
  }

  async begin(): Promise<void> {
    this.#before = await this.#read();
  }

  async end(): Promise<DbWork> {
    if (!this.#before) throw new Error('DbProbe.end before begin');
    const before = this.#before;
    const after = await this.#read();
    // The reading's own flush: poolSize statements and poolSize transactions.
    return {
      statements: after.statements - before.statements - this.poolSize,
      xactCommits: after.commit - before.commit - this.poolSize,
      xactRollbacks: after.rollback - before.rollback,
    };
  }
}

/** A count per message, to one decimal: how the JSON lines report database work. */
export function perMessage(count: number, messages: number): number {
  return Math.round((count / messages) * 10) / 10;
}

export type DbWorkPerMessage = DbWork & { statementsPerMessage: number; xactCommitsPerMessage: number };

export function dbWorkPerMessage(work: DbWork, messages: number): DbWorkPerMessage {
  return { ...work, statementsPerMessage: perMessage(work.statements, messages), xactCommitsPerMessage: perMessage(work.xactCommits, messages) };
}
