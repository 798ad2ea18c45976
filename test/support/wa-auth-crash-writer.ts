import { randomBytes } from 'node:crypto';
import { proto, type SignalDataSet } from '@whiskeysockets/baileys';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { systemClock } from '../../runtime/clock.js';
import type { Database } from '../../storage/database.js';
import { MemoryCache } from '../../storage/memory-cache.js';
import { patinhaTypes } from '../../storage/pg-types.js';
import { SecretBox } from '../../storage/secret-box.js';
import { AuthStateStore } from '../../whatsapp/baileys/auth-state-store.js';

/**
 * The victim of the kill -9 test (test/whatsapp/baileys/auth-crash.test.ts):
 * writes Baileys auth state the way a live socket does, as fast as it can,
 * until the parent kills it. Iteration i writes one batch of every key type,
 * each value carrying i, drops pre-key i-3, then — like Baileys after a
 * pre-key upload — moves creds to nextPreKeyId = i+1 and saves them without
 * awaiting (`ev.on('creds.update', saveCreds)`). On start it resumes from the
 * saved creds, as a restarted process would.
 *
 * env: CRASH_DATABASE_URL, CRASH_ORG_ID, CRASH_INSTANCE_ID, CRASH_KEY (hex)
 * stdout: `ready <first iteration>` once writing starts.
 *
 * Startup is kept minimal (it is paid 100 times): a bare pg pool rather than
 * `openDatabase` (which loads PGlite), and the test runs a plain-JS build of
 * this file rather than going through tsx (`transpileForNode`).
 */
export const PRE_KEY_WINDOW = 3;
export const PEER = '5511987654321';

/** A buffer of `length` bytes whose first four hold the iteration (big endian). */
export function marked(i: number, length: number): Buffer {
  const buffer = randomBytes(length);
  buffer.writeUInt32BE(i, 0);
  return buffer;
}

export function batchFor(i: number): SignalDataSet {
  const data: SignalDataSet = {
    'pre-key': { [String(i)]: { public: marked(i, 32), private: marked(i, 32) } },
    session: { [`${PEER}.0`]: marked(i, 200) },
    'sender-key': { [`120363025246125888@g.us::${PEER}::0`]: marked(i, 100) },
    'sender-key-memory': { '120363025246125888@g.us': { [`${PEER}:${i}@s.whatsapp.net`]: true } },
    'app-state-sync-key': {
      AAAAAAAB: proto.Message.AppStateSyncKeyData.fromObject({ keyData: marked(i, 32), fingerprint: { rawId: i, currentIndex: i }, timestamp: i }),
    },
    'app-state-sync-version': { regular_high: { version: i, hash: marked(i, 128), indexValueMap: { [`m${i}`]: { valueMac: marked(i, 32) } } } },
    'lid-mapping': { [PEER]: `lid${i}`, [`lid${i}_reverse`]: PEER },
    'device-list': { [PEER]: ['0', String(i)] },
    tctoken: { [`${PEER}@s.whatsapp.net`]: { token: marked(i, 24), timestamp: String(i) } },
    'identity-key': { [`${PEER}.0`]: marked(i, 33) },
  };
  if (i > PRE_KEY_WINDOW) data['pre-key']![String(i - PRE_KEY_WINDOW)] = null;
  return data;
}

async function main(): Promise<void> {
  const env = process.env;
  const pool = new pg.Pool({ connectionString: env.CRASH_DATABASE_URL!, max: 1, types: patinhaTypes });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const store = await AuthStateStore.open({
    db,
    secretBox: new SecretBox(env.CRASH_KEY!),
    cache: new MemoryCache(systemClock),
    orgId: env.CRASH_ORG_ID!,
    instanceId: env.CRASH_INSTANCE_ID!,
  });
  let i = store.restored ? store.creds.nextPreKeyId : 1;
  process.stdout.write(`ready ${i}\n`);
  for (;;) {
    await store.state.keys.set(batchFor(i));
    const creds = store.creds;
    creds.nextPreKeyId = i + 1;
    creds.firstUnuploadedPreKeyId = i + 1;
    creds.accountSyncCounter = i;
    creds.lastAccountSyncTimestamp = i;
    void store.saveCreds().catch(() => undefined);
    i++;
  }
}

if (process.env.CRASH_INSTANCE_ID) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
