import { sql, type Kysely } from 'kysely';

/** Runs DDL one statement at a time: PGlite and pg both accept that form. */
export async function runStatements(db: Kysely<unknown>, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
