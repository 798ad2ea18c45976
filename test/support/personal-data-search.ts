import { sql } from 'kysely';
import type { Executor } from '../../storage/executor.js';

/**
 * Every `table.column` of the schema whose text holds one of `needles`: every text, varchar,
 * json, jsonb and array column of every table, searched as text (case-insensitive). What a
 * deletion test runs to prove a person left no trace, without naming the columns it expects.
 */
export async function findPersonalData(db: Executor, needles: readonly string[]): Promise<string[]> {
  const { rows: columns } = await sql<{ table_name: string; column_name: string }>`
    select c.table_name, c.column_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
    where c.table_schema = 'public' and c.table_name not like 'kysely_%'
      and (c.data_type in ('text', 'character varying', 'json', 'jsonb', 'ARRAY') )
    order by c.table_name, c.column_name`.execute(db);
  const hits: string[] = [];
  for (const { table_name: table, column_name: column } of columns) {
    for (const needle of needles) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where ${sql.ref(column)}::text ilike ${`%${needle}%`}`.execute(db);
      if (rows[0]!.n > 0) hits.push(`${table}.${column} ∋ ${needle}`);
    }
  }
  return hits;
}
