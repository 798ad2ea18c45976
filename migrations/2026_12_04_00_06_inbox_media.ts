import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * What a customer sent besides text (a voice note, a photo, a location, a sticker, a
 * document), kept with the inbox row so a replay after a crash still knows it — a voice
 * note's bytes included, up to a size limit, so it can be transcribed then.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, ['alter table inbox add column media jsonb']);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, ['alter table inbox drop column media']);
}
