import { loadConfig } from '../app/config.js';
import { migrateToLatest } from '../storage/migrate.js';
import { openDatabase } from '../storage/open-database.js';

/** `npm run migrate`: apply pending migrations to DATABASE_URL (or the embedded database) and exit. */
const config = loadConfig(process.env);
const storage = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  const applied = await migrateToLatest(storage.db);
  process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Schema is up to date.\n');
} finally {
  await storage.close();
}
