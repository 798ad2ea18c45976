import { expect } from 'chai';
import type pg from 'pg';
import { pollProcess } from './poll-process.js';

/**
 * Through the database of processes under test: every message (one per customer) stored once,
 * processed, and answered by exactly one sent reply. Waits for the replies the other processes
 * are still sending; fails naming the customers answered twice.
 */
export async function expectEachAnsweredOnce(db: pg.Client, messages: ReadonlyArray<{ from: string; id: string }>): Promise<void> {
  const phones = messages.map((m) => m.from);
  const replies = await pollProcess(
    'every customer answered',
    async () => (await db.query<{ to_phone: string; n: number }>(
      `select to_phone, count(*)::int as n from outbox where kind = 'reply' and status = 'sent' and to_phone = any($1) group by to_phone`, [phones],
    )).rows,
    (rows) => rows.length === phones.length,
    1_200,
  );
  expect(replies.filter((r) => r.n !== 1), 'customers answered more than once').to.deep.equal([]);
  const inbox = (await db.query<{ wa_message_id: string; n: number; done: number }>(
    `select wa_message_id, count(*)::int as n, count(processed_at)::int as done from inbox where wa_message_id = any($1) group by wa_message_id`, [messages.map((m) => m.id)],
  )).rows;
  expect(inbox.length, 'every message stored').to.equal(messages.length);
  expect(inbox.filter((r) => r.n !== 1 || r.done !== 1), 'stored once and processed').to.deep.equal([]);
}
