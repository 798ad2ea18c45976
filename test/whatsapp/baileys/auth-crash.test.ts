import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuthenticationCreds } from '@whiskeysockets/baileys';
import { expect } from 'chai';
import pg from 'pg';
import { migrateToLatest } from '../../../storage/migrate.js';
import { openDatabase, type StorageHandle } from '../../../storage/open-database.js';
import { SecretBox } from '../../../storage/secret-box.js';
import { openCreds, openKey, isSignalKeyType } from '../../../whatsapp/baileys/auth-codec.js';
import { skipOrFail } from '../../support/services.js';
import { postgresServerUrl } from '../../support/test-database.js';
import { transpileForNode } from '../../support/transpile-for-node.js';
import { PEER, PRE_KEY_WINDOW } from '../../support/wa-auth-crash-writer.js';
import { seedWaInstance } from '../../support/wa-auth-fixtures.js';
import { mulberry32 } from '../../../runtime/random.js';

/**
 * Auth state survives `kill -9` in the middle of writes: a child process
 * writes creds and keys as fast as it can against real PostgreSQL and is
 * SIGKILLed at a random (seeded) moment, 20–200 ms after it started writing;
 * then the parent loads everything back and checks it is whole and
 * consistent. Trials run in a few parallel lanes (one number each); every
 * trial of a lane resumes from what the previous kill left, as a restarted
 * process would. The writer (test/support/wa-auth-crash-writer.ts) runs as a
 * plain-JS build so that 100 process starts stay cheap.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const WRITER = path.join(ROOT, 'test/support/wa-auth-crash-writer.ts');
const TRIALS = 100;
const LANES = 3;
const SEED = Number(process.env.CRASH_SEED ?? 20261125);

/** Seeded, so a failing kill schedule can be replayed with CRASH_SEED. */
const seededRandom = mulberry32;

interface TrialResult {
  killedAfterMs: number;
  signal: NodeJS.Signals | null;
  marker: number;
  nextPreKeyId: number | null;
}

describe('Auth state survives kill -9 during writes (real PostgreSQL)', function () {
  // 100 process starts: minutes on a busy 2-core machine. The bound only stops a hung run.
  this.timeout(900_000);
  let adminUrl: string;
  let dbName: string;
  let dbUrl: string;
  let storage: StorageHandle;
  let writer: { file: string; dir: string } | undefined;
  const children = new Set<ReturnType<typeof spawn>>();
  const key = randomBytes(32).toString('hex');
  const box = new SecretBox(key);

  before(async function () {
    if (!postgresServerUrl) skipOrFail(this, 'PostgreSQL', 'TEST_DATABASE_URL/DATABASE_URL is not set');
    adminUrl = postgresServerUrl!;
    dbName = `patinha_crash_${process.pid}_${randomBytes(3).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`create database ${dbName}`);
    } finally {
      await admin.end();
    }
    const url = new URL(adminUrl);
    url.pathname = `/${dbName}`;
    dbUrl = url.toString();
    storage = await openDatabase({ databaseUrl: dbUrl, poolSize: 4 });
    await migrateToLatest(storage.db);
    writer = await transpileForNode(WRITER, 'crash-writer');
  });

  after(async () => {
    for (const child of children) child.kill('SIGKILL'); // only if a trial failed half-way
    if (writer) await rm(writer.dir, { recursive: true, force: true });
    if (!dbName) return;
    await storage?.close();
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`drop database if exists ${dbName} with (force)`);
    } finally {
      await admin.end();
    }
  });

  /** Everything the number has in wa_auth, opened and decoded; throws on any torn or undecryptable row. */
  async function load(instanceId: string) {
    const rows = await storage.db.selectFrom('wa_auth').select(['type', 'key_id', 'value']).where('instance_id', '=', instanceId).execute();
    let creds: AuthenticationCreds | undefined;
    const keys = new Map<string, Map<string, unknown>>();
    for (const row of rows) {
      if (row.type === 'creds') {
        creds = openCreds(box, instanceId, row.value);
        continue;
      }
      if (!isSignalKeyType(row.type)) throw new Error(`unexpected row type ${row.type}`);
      const value = openKey(box, instanceId, row.type, row.key_id, row.value);
      if (!keys.has(row.type)) keys.set(row.type, new Map());
      keys.get(row.type)!.set(row.key_id, value);
    }
    return { creds, keys };
  }

  /** The iteration of the last committed batch, checking that every key type carries that same one (all-or-nothing). */
  function checkConsistent(state: Awaited<ReturnType<typeof load>>): TrialResult['marker'] {
    const { creds, keys } = state;
    if (!keys.size) {
      expect(creds, 'creds without any key batch').to.equal(undefined);
      return 0;
    }
    const u32 = (v: unknown) => Buffer.from(v as Uint8Array).readUInt32BE(0);
    const one = (type: string) => {
      const entries = [...(keys.get(type) ?? new Map()).entries()];
      expect(entries, `${type} rows`).to.have.length(1);
      return entries[0]!;
    };
    const marker = u32(one('session')[1]);
    const markers: Record<string, number> = {
      session: marker,
      'sender-key': u32(one('sender-key')[1]),
      'identity-key': u32(one('identity-key')[1]),
      tctoken: u32((one('tctoken')[1] as { token: Buffer }).token),
      'app-state-sync-version': (one('app-state-sync-version')[1] as { version: number }).version,
      'app-state-sync-key': Number((one('app-state-sync-key')[1] as { fingerprint: { rawId: number } }).fingerprint.rawId),
      'device-list': Number((keys.get('device-list')!.get(PEER) as string[])[1]),
      'lid-mapping': Number(String(keys.get('lid-mapping')!.get(PEER)).slice(3)),
      'sender-key-memory': Number(Object.keys(one('sender-key-memory')[1] as object)[0]!.split(':')[1]!.split('@')[0]),
    };
    for (const [type, m] of Object.entries(markers)) expect(m, `${type} is from another batch than session`).to.equal(marker);
    // A batch writes pre-key i and deletes pre-key i-3 in the same transaction: exactly the window survives.
    const preKeys = [...keys.get('pre-key')!.keys()].map(Number).sort((a, b) => a - b);
    const window = Array.from({ length: PRE_KEY_WINDOW }, (_, k) => marker - PRE_KEY_WINDOW + 1 + k).filter((id) => id >= 1);
    expect(preKeys, 'pre-key window').to.deep.equal(window);
    for (const id of preKeys) expect(u32((keys.get('pre-key')!.get(String(id)) as { private: Buffer }).private)).to.equal(id);
    // Creds come from one complete save, saved after (never before) the batch they point past.
    if (creds) {
      const n = creds.nextPreKeyId;
      expect([marker, marker + 1], 'creds.nextPreKeyId vs last batch').to.include(n);
      expect(creds.firstUnuploadedPreKeyId).to.equal(n);
      expect(creds.accountSyncCounter).to.equal(n - 1);
      expect(creds.lastAccountSyncTimestamp).to.equal(n - 1);
      expect(Buffer.isBuffer(creds.noiseKey.private) && creds.noiseKey.private.length === 32).to.equal(true);
    } else {
      expect(marker, 'a batch without any creds save can only be the very first').to.equal(1);
    }
    return marker;
  }

  function runTrial(ids: { orgId: string; instanceId: string }, killAfterMs: number): Promise<Omit<TrialResult, 'marker' | 'nextPreKeyId'>> {
    const child = spawn(process.execPath, [writer!.file], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', CRASH_DATABASE_URL: dbUrl, CRASH_ORG_ID: ids.orgId, CRASH_INSTANCE_ID: ids.instanceId, CRASH_KEY: key },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    return new Promise((resolve, reject) => {
      let killTimer: NodeJS.Timeout | undefined;
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        // The kill moment is real time on purpose: the writer runs in another process.
        if (!killTimer && out.includes('ready')) killTimer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      });
      child.once('exit', (code, signal) => {
        children.delete(child);
        clearTimeout(killTimer);
        if (signal !== 'SIGKILL') reject(new Error(`writer exited by itself (code ${code}): ${err || out}`));
        else resolve({ killedAfterMs: killAfterMs, signal });
      });
    });
  }

  it(`${TRIALS} kills at random moments leave creds and keys whole and consistent`, async () => {
    const random = seededRandom(SEED);
    const schedule = Array.from({ length: TRIALS }, () => 20 + Math.floor(random() * 181));
    const lanes = await Promise.all(Array.from({ length: LANES }, (_, i) => seedWaInstance(storage.db, `Crash lane ${i}`)));
    const results: TrialResult[] = [];
    const started = performance.now();
    let next = 0;
    await Promise.all(
      lanes.map(async (ids) => {
        while (next < TRIALS) {
          const trial = next++;
          const before = checkConsistent(await load(ids.instanceId));
          const run = await runTrial(ids, schedule[trial]!);
          const state = await load(ids.instanceId);
          const marker = checkConsistent(state);
          expect(marker, `trial ${trial} went backwards`).to.be.at.least(before);
          results.push({ ...run, marker, nextPreKeyId: state.creds?.nextPreKeyId ?? null });
        }
      }),
    );
    const elapsed = performance.now() - started;
    expect(results).to.have.length(TRIALS);
    expect(results.every((r) => r.signal === 'SIGKILL')).to.equal(true);
    // The kills landed in the middle of real work: many more batches committed than trials run.
    const totalBatches = (await Promise.all(lanes.map(async (ids) => checkConsistent(await load(ids.instanceId))))).reduce((a, b) => a + b, 0);
    expect(totalBatches).to.be.greaterThan(TRIALS);
    const credsBehind = results.filter((r) => r.nextPreKeyId === r.marker).length;
    process.stderr.write(
      `      [${TRIALS} kill -9 trials in ${(elapsed / 1000).toFixed(1)} s (seed ${SEED}): ${totalBatches} batches committed, ` +
        `${credsBehind} kills between a key batch and its creds save]\n`,
    );
  });
});
