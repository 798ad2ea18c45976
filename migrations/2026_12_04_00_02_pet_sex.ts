import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * A pet's sex, for pt-BR agreement in every reply ("Luna está cadastrada", "o banho da Mel").
 * Null where nobody said: replies then use the masculine or a neutral form.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [`alter table pets add column sex text check (sex in ('macho', 'fêmea'))`]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, ['alter table pets drop column sex']);
}
