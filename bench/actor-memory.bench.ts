import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { DEFAULT_IDLE_MS } from '../runtime/reaper.js';
import type { TreeNode } from '../runtime/node.js';
// A manual clock (the tests' own): ten idle minutes pass at once, so passivation can be measured.
import { FakeClock } from '../test/support/fake-clock.js';
import { report, round } from './bench-output.js';
import { openBenchDatabase, storageFigures } from './support/bench-database.js';
import { seedShops } from './support/bench-shops.js';
import { envInt } from './support/env.js';
import { gcFunction, settledHeap } from './support/heap.js';
import { PatinhaTree } from './support/patinha-tree.js';

/**
 * What a resident ConversationActor costs in heap, and what is left once the
 * idle ones are passivated. N customers over the shops, each with a
 * conversation holding a 10-message window in the database; the real actor
 * tree (manifest, definitions) wakes every customer's ConversationActor and
 * the heap is read after a full GC. Then the clock (a manual one, so idle
 * time passes at once) moves past the idle timeout, the reaper passivates
 * them, and the heap is read again. No baseline: BullMQ keeps no per-customer
 * state in the process.
 *
 *   BENCH_MEMORY_ACTORS  resident ConversationActors (default 100000, the size)
 *   BENCH_MEMORY_SHOPS   shops they belong to (default 20)
 *   BENCH_MEMORY_WINDOW  messages per conversation in the database (default 10)
 */
const log = (line: string) => process.stderr.write(`[actor-memory] ${line}\n`);

export async function run(): Promise<void> {
  const actorsWanted = envInt('BENCH_MEMORY_ACTORS', 100_000);
  const shops = envInt('BENCH_MEMORY_SHOPS', 20);
  const windowSize = envInt('BENCH_MEMORY_WINDOW', 10, 0);
  const gc = gcFunction();

  const database = await openBenchDatabase({});
  if (database.fallbackReason) log(`PGlite in memory: ${database.fallbackReason}`);
  const { db } = database.storage;
  const clock = new FakeClock(Date.now());
  const now = new Date(clock.now());
  let figures: Record<string, unknown>;
  try {
    log(`seeding ${shops} shops, ${actorsWanted} customers with ${windowSize} messages each…`);
    const seedStarted = performance.now();
    await seedShops(db, { shops, numbersPerShop: 1 }, now);
    await sql`insert into contacts (org_id, phone, name, created_at, updated_at, last_interaction_at)
      select o.id, '+551197' || lpad(g::text, 7, '0'), 'Cliente ' || g, ${now}, ${now}, ${now}
      from generate_series(0, ${actorsWanted - 1}::int) g
      join (select id, (row_number() over (order by id) - 1)::int as k from organizations) o on o.k = g % ${shops}::int`.execute(db);
    await sql`insert into conversations (org_id, contact_id, instance_id, last_message_at, created_at, updated_at)
      select c.org_id, c.id, i.id, ${now}, ${now}, ${now} from contacts c join instances i on i.org_id = c.org_id`.execute(db);
    if (windowSize > 0) {
      await sql`insert into messages (org_id, conversation_id, instance_id, remote_jid, wa_message_id, from_me, direction, author, text, created_at)
        select v.org_id, v.id, v.instance_id, substr(c.phone, 2) || '@s.whatsapp.net', 'SEED' || m, m % 2 = 1,
               case when m % 2 = 0 then 'in' else 'out' end, case when m % 2 = 0 then 'customer' else 'bot' end,
               case when m % 2 = 0 then 'Qual o preço do banho para um cão de porte médio? ' || m else 'O banho para porte médio custa R$ 65,00. Quer agendar? ' || m end,
               ${now}::timestamptz - (${windowSize}::int - m) * interval '1 minute'
        from conversations v join contacts c on c.id = v.contact_id cross join generate_series(0, ${windowSize - 1}::int) m`.execute(db);
    }
    const contacts = (await sql<{ org_id: string; id: string }>`select org_id, id from contacts order by phone`.execute(db)).rows;
    const seedMs = performance.now() - seedStarted;

    const tree = await PatinhaTree.start(db, { llmMs: 0, clock });
    const { actors } = tree;
    const idleMs = tree.manifest.actors.conversation?.idleMs ?? DEFAULT_IDLE_MS;
    let started = 0;
    let passivated = 0;
    const stopEvents = actors.system.subscribe((event) => {
      if (!event.address.startsWith('conversation/')) return;
      if (event.type === 'started') started++;
      else if (event.type === 'passivated') passivated++;
    });
    const until = async (done: () => boolean, what: string, timeoutMs: number, pollMs = 5) => {
      const deadline = performance.now() + timeoutMs;
      while (!done()) {
        if (performance.now() > deadline) throw new Error(`actor-memory: gave up waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    };
    try {
      const base = await settledHeap(gc);
      log(`waking ${contacts.length} ConversationActors…`);
      const wakeStarted = performance.now();
      const CHUNK = 1_000;
      const busy = (node: TreeNode): boolean => (!!node.mailbox && (node.mailbox.busy || node.mailbox.depth > 0)) || node.children.some(busy);
      for (let i = 0; i < contacts.length; i += CHUNK) {
        for (const contact of contacts.slice(i, i + CHUNK)) actors.conversation(contact.org_id, contact.id);
        await until(() => started >= Math.min(contacts.length, i + CHUNK), 'actors to start', 120_000);
        // Each actor loads its customer on activation (a step after start): a chunk at a time.
        // Walking the whole tree is O(actors): poll it rarely.
        await until(() => !busy(actors.tree()), 'actors to load their customers', 300_000, 250);
      }
      const wakeMs = performance.now() - wakeStarted;
      const resident = await settledHeap(gc);
      log(`passivating them (${idleMs} ms of idle time on the manual clock)…`);
      await clock.advance(idleMs + 61_000);
      await until(() => passivated >= contacts.length, 'actors to passivate', 120_000);
      const after = await settledHeap(gc);
      const n = contacts.length;
      figures = {
        params: { actors: n, shops, windowMessages: windowSize, idleMs, windowHeldIn: 'memory (loaded once on activation: contact, window, pets, bookings, open question)' },
        storage: storageFigures(database),
        machine: { cpus: os.cpus().length, platform: process.platform, totalMemMb: Math.round(os.totalmem() / 2 ** 20) },
        summary: {
          heapBytesPerResidentActor: Math.round((resident.heapUsed - base.heapUsed) / n),
          heapBytesPerActorAfterPassivation: Math.round((after.heapUsed - base.heapUsed) / n),
          wakeMsPerActor: round(wakeMs / n, 3),
        },
        targets: { heapBytesPerResidentActor: '≤ 10240' },
        heapMb: { base: round(base.heapUsed / 2 ** 20, 1), resident: round(resident.heapUsed / 2 ** 20, 1), afterPassivation: round(after.heapUsed / 2 ** 20, 1) },
        rssMb: { base: round(base.rss / 2 ** 20, 1), resident: round(resident.rss / 2 ** 20, 1), afterPassivation: round(after.rss / 2 ** 20, 1) },
        seedMs: Math.round(seedMs),
        wakeMs: Math.round(wakeMs),
        started,
        passivated,
      };
    } finally {
      stopEvents();
      await tree.stop();
    }
  } finally {
    await database.close();
  }
  report('actor-memory', figures);
}
