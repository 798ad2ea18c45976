import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from '../../storage/migrate.js';
import { openDatabase, type StorageEngine, type StorageHandle } from '../../storage/open-database.js';
import { skipOrFail } from './services.js';

/**
 * One migrated database per engine per test run, shared by every suite and
 * emptied before each test. PGlite runs in memory; PostgreSQL gets a
 * throw-away database on the server named by TEST_DATABASE_URL (or
 * DATABASE_URL), dropped when the run ends.
 */
export const postgresServerUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;

const TABLES = [
  'canned_replies', 'user_links', 'user_sessions', 'users', 'connection_events', 'consent_events', 'alerts', 'daily_summaries', 'campaign_recipients', 'campaigns', 'ai_interactions', 'pending_actions',
  'outbox', 'inbox', 'messages', 'conversations', 'bookings', 'resources', 'closures', 'business_hours', 'services',
  'pets', 'contacts', 'audit_log', 'org_leases', 'leases', 'wa_auth', 'instances', 'organizations',
];

const shared = new Map<StorageEngine, Promise<StorageHandle>>();
let throwawayDatabase: { adminUrl: string; name: string } | undefined;

async function createShared(engine: StorageEngine): Promise<StorageHandle> {
  if (engine === 'pglite') {
    const handle = await openDatabase({ dataDir: 'memory://' });
    await migrateToLatest(handle.db);
    return handle;
  }
  const adminUrl = postgresServerUrl!;
  const name = `patinha_test_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  throwawayDatabase = { adminUrl, name };
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), poolSize: 20 });
  await migrateToLatest(handle.db);
  return handle;
}

/** The connection string of the shared PostgreSQL test database (after `sharedDatabase('postgres')`). */
export function sharedPostgresUrl(): string {
  if (!throwawayDatabase) throw new Error('the shared PostgreSQL database is not open');
  const url = new URL(throwawayDatabase.adminUrl);
  url.pathname = `/${throwawayDatabase.name}`;
  return url.toString();
}

export function sharedDatabase(engine: StorageEngine): Promise<StorageHandle> {
  let handle = shared.get(engine);
  if (!handle) {
    handle = createShared(engine);
    shared.set(engine, handle);
  }
  return handle;
}

export async function truncateAll(handle: StorageHandle): Promise<void> {
  await sql.raw(`truncate table ${TABLES.join(', ')} restart identity cascade`).execute(handle.db);
}

/** Closes the shared databases and drops the throw-away PostgreSQL database (root hook). */
export async function closeSharedDatabases(): Promise<void> {
  for (const handle of shared.values()) await (await handle.catch(() => undefined))?.close();
  shared.clear();
  if (throwawayDatabase) {
    const admin = new pg.Client({ connectionString: throwawayDatabase.adminUrl });
    await admin.connect();
    try {
      await admin.query(`drop database if exists ${throwawayDatabase.name} with (force)`);
    } finally {
      await admin.end();
    }
    throwawayDatabase = undefined;
  }
}

export interface DatabaseFixture {
  readonly engine: StorageEngine;
  /** The migrated, emptied database for the current test. */
  readonly handle: StorageHandle;
}

/**
 * Declares the same suite once per engine: `[pglite]` always, `[postgres]`
 * when a server is configured (skipped with a notice otherwise).
 */
export function describeEachEngine(title: string, body: (fixture: DatabaseFixture) => void): void {
  for (const engine of ['pglite', 'postgres'] as const) {
    describe(`${title} [${engine}]`, function () {
      let handle: StorageHandle | undefined;
      const fixture: DatabaseFixture = {
        engine,
        get handle() {
          if (!handle) throw new Error('database not ready');
          return handle;
        },
      };
      before(async function () {
        if (engine === 'postgres' && !postgresServerUrl) {
          skipOrFail(this, 'PostgreSQL', 'TEST_DATABASE_URL/DATABASE_URL is not set');
        }
        this.timeout(60_000);
        handle = await sharedDatabase(engine);
      });
      beforeEach(async () => {
        if (handle) await truncateAll(handle);
      });
      body(fixture);
    });
  }
}
