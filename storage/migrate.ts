import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Migrator, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));

/** Migration files are named by timestamp (`2026_11_25_00_01_name.ts`); helpers beside them are not migrations. */
const MIGRATION_FILE = /^\d{4}_\d{2}_\d{2}_\d{2}_\d{2}_[a-z0-9_]+\.(ts|js)$/;

class TimestampedFileProvider implements MigrationProvider {
  constructor(readonly folder: string) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await fs.readdir(this.folder)).filter((f) => MIGRATION_FILE.test(f)).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      const module = (await import(pathToFileURL(path.join(this.folder, file)).href)) as Migration;
      migrations[file.replace(/\.(ts|js)$/, '')] = module;
    }
    return migrations;
  }
}

export class MigrationError extends Error {
  readonly code = 'MIGRATION_FAILED';
  constructor(
    message: string,
    readonly results: MigrationResultSet['results'],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Applies every pending migration; a no-op when the schema is current. Returns the names applied. */
export async function migrateToLatest(db: Kysely<any>, folder: string = MIGRATIONS_DIR): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new TimestampedFileProvider(folder) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new MigrationError(`Migration ${failed} failed: ${(error as Error).message}`, results, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
