import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect, sql, type KyselyConfig } from 'kysely';
import pg from 'pg';
import type { Database } from './database.js';
import { lockDataDir, type DataDirLock } from './data-dir-lock.js';
import { patinhaTypes } from './pg-types.js';
import { ensurePrivateDir, privatizeTree } from './private-files.js';

export type StorageEngine = 'pglite' | 'postgres';

export interface OpenDatabaseOptions {
  /** postgres://… for a real server; unset for embedded PGlite. */
  databaseUrl?: string;
  /** Where PGlite keeps its files; `memory://` keeps them in memory (tests). */
  dataDir?: string;
  poolSize?: number;
  /** Called with each query's duration in ms (metrics). */
  onQuery?: (durationMs: number) => void;
}

export interface StorageHandle {
  readonly db: Kysely<Database>;
  readonly engine: StorageEngine;
  /** Round-trip time of a trivial query, in ms; throws when the database is unreachable. */
  ping(): Promise<number>;
  close(): Promise<void>;
}

export const DEFAULT_POOL_SIZE = 10;
const PGLITE_SUBDIR = 'pgdata';

export async function openDatabase(options: OpenDatabaseOptions): Promise<StorageHandle> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.poolSize ?? DEFAULT_POOL_SIZE, options.onQuery)
    : openPglite(options.dataDir ?? 'memory://', options.onQuery);
}

function queryLog(onQuery: ((ms: number) => void) | undefined): KyselyConfig['log'] {
  if (!onQuery) return undefined;
  return (event) => onQuery(event.queryDurationMillis);
}

async function openPostgres(connectionString: string, max: number, onQuery?: (ms: number) => void): Promise<StorageHandle> {
  // A server that stops answering (not refusing) fails a request after 10 s instead of holding it forever.
  const pool = new pg.Pool({ connectionString, max, types: patinhaTypes, connectionTimeoutMillis: 10_000 });
  // An idle client losing its server connection must not crash the process.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: queryLog(onQuery) });
  return handle(db, 'postgres', async () => {
    await db.destroy();
  });
}

async function openPglite(dataDir: string, onQuery?: (ms: number) => void): Promise<StorageHandle> {
  const inMemory = dataDir.startsWith('memory://');
  let lock: DataDirLock | undefined;
  if (!inMemory) lock = lockDataDir(dataDir);
  try {
    const pgdata = path.join(dataDir, PGLITE_SUBDIR);
    if (!inMemory) ensurePrivateDir(pgdata);
    const pglite = await PGlite.create(inMemory ? dataDir : pgdata, {
      extensions: { btree_gist },
    });
    if (!inMemory) privatizeTree(dataDir);
    // PGlite is one connection: a pool of one serializes transactions correctly.
    const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1, types: patinhaTypes });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: queryLog(onQuery) });
    return handle(db, 'pglite', async () => {
      await db.destroy();
      await pglite.close();
      try {
        if (!inMemory) privatizeTree(dataDir); // files created while running
      } finally {
        lock?.release();
      }
    });
  } catch (error) {
    lock?.release();
    throw error;
  }
}

function handle(db: Kysely<Database>, engine: StorageEngine, close: () => Promise<void>): StorageHandle {
  let closed: Promise<void> | undefined;
  return {
    db,
    engine,
    async ping() {
      const started = performance.now();
      await sql`select 1`.execute(db);
      return performance.now() - started;
    },
    close: () => (closed ??= close()),
  };
}
