import type { Kysely } from 'kysely';
import type { Database } from './database.js';

/**
 * What a repository runs its queries on: the database or an open transaction
 * (kysely's Transaction is a Kysely). `new OutboxRepository(trx)` joins `trx`.
 */
export type Executor = Kysely<Database>;
