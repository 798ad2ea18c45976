import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrateToLatest } from '../../storage/migrate.js';
import { DEFAULT_POOL_SIZE, openDatabase, type StorageHandle } from '../../storage/open-database.js';
import { DbProbe, installStatementCounter } from './sql-counter.js';

/**
 * A throw-away, migrated database for one benchmark run: a fresh database on
 * the PostgreSQL server named by BENCH_DATABASE_URL / TEST_DATABASE_URL /
 * DATABASE_URL (default: the local server), or — when none answers —
 * in-memory PGlite. Every query issued through Kysely is counted, so a
 * benchmark can show how much database work each design did.
 */
export interface BenchDatabase {
  readonly storage: StorageHandle;
  readonly engine: 'postgres' | 'pglite';
  /** The throw-away database's connection string (PostgreSQL only): for other processes, such as forked actor hosts. */
  readonly url?: string;
  /** Why PostgreSQL was not used, when it was not. */
  readonly fallbackReason?: string;
  /** Queries issued so far. */
  queries(): number;
  /** Counts statements and committed transactions over a window (PostgreSQL only). */
  probe(): DbProbe | undefined;
  /** Closes the handle and drops the throw-away database. */
  close(): Promise<void>;
}

export const DEFAULT_BENCH_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';

export function benchPostgresUrl(): string {
  return process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || DEFAULT_BENCH_POSTGRES;
}

async function admin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function openBenchDatabase(options: { poolSize?: number } = {}): Promise<BenchDatabase> {
  let count = 0;
  const onQuery = () => {
    count++;
  };
  const adminUrl = benchPostgresUrl();
  const name = `patinha_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  let fallbackReason: string | undefined;
  installStatementCounter();
  try {
    await admin(adminUrl, (client) => client.query(`create database ${name}`));
  } catch (error) {
    fallbackReason = `no PostgreSQL at ${redact(adminUrl)}: ${(error as Error).message}`;
  }
  if (fallbackReason === undefined) {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    let storage: StorageHandle | undefined;
    try {
      storage = await openDatabase({ databaseUrl: url.toString(), poolSize: options.poolSize, onQuery });
      await migrateToLatest(storage.db);
    } catch (error) {
      await storage?.close();
      await admin(adminUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
      throw error;
    }
    const handle = storage;
    return {
      storage: handle,
      engine: 'postgres',
      url: url.toString(),
      queries: () => count,
      probe: () => new DbProbe(handle.db, name, options.poolSize ?? DEFAULT_POOL_SIZE, (work) => admin(adminUrl, work)),
      async close() {
        await handle.close();
        await admin(adminUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
      },
    };
  }
  const storage = await openDatabase({ dataDir: 'memory://', onQuery });
  await migrateToLatest(storage.db);
  return { storage, engine: 'pglite', fallbackReason, queries: () => count, probe: () => undefined, close: () => storage.close() };
}

/** A connection string without its password, for reports. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable url)';
  }
}

/** Which database a benchmark ran on, for its JSON line (`poolSize` when the bench sets one). */
export function storageFigures(database: BenchDatabase, poolSize?: number) {
  return database.engine === 'postgres' ? { engine: 'postgres', server: redact(benchPostgresUrl()), poolSize } : { engine: 'pglite', why: database.fallbackReason };
}
