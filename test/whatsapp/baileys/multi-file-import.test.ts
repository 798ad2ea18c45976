import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { useMultiFileAuthState } from '@whiskeysockets/baileys';
import { expect } from 'chai';
import { ENCRYPTION_KEY_FILE } from '../../../app/local-secrets.js';
import { migrateToLatest } from '../../../storage/migrate.js';
import { openDatabase } from '../../../storage/open-database.js';
import { SecretBox } from '../../../storage/secret-box.js';
import { MemoryCache } from '../../../storage/memory-cache.js';
import { encodeAuthJson, SIGNAL_KEY_TYPES } from '../../../whatsapp/baileys/auth-codec.js';
import { AuthStateStore } from '../../../whatsapp/baileys/auth-state-store.js';
import { importMultiFileAuthState, parseAuthFileName } from '../../../whatsapp/baileys/multi-file-import.js';
import { FakeClock } from '../../support/fake-clock.js';
import { describeEachEngine } from '../../support/test-database.js';
import { everyKeyType, linkedCreds, seedWaInstance } from '../../support/wa-auth-fixtures.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const LEGACY_SENDER_KEY_ID = '5511999999999-1600000000@g.us::5511987654321::3';

/** A folder exactly as Baileys' own useMultiFileAuthState writes it, plus a legacy-group sender key and a stray file. */
async function writeAuthFolder() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'patinha-wa-auth-'));
  const { state, saveCreds } = await useMultiFileAuthState(dir);
  Object.assign(state.creds, linkedCreds());
  await saveCreds();
  const data = everyKeyType(3);
  data['sender-key']![LEGACY_SENDER_KEY_ID] = randomBytes(90);
  data['app-state-sync-key'] = { 'AbC/dE+f==': data['app-state-sync-key']!['AAAAAB3Q==']! };
  await state.keys.set(data);
  await writeFile(path.join(dir, '.DS_Store'), 'junk');
  await writeFile(path.join(dir, 'notes.txt'), 'junk');
  return { dir, creds: state.creds, data };
}

describe('parseAuthFileName', () => {
  const cases: [string, { type: string; id: string } | null][] = [
    ['pre-key-17.json', { type: 'pre-key', id: '17' }],
    ['session-5511987654321.0.json', { type: 'session', id: '5511987654321.0' }],
    ['session-123456789012345_1.3.json', { type: 'session', id: '123456789012345_1.3' }],
    ['sender-key-120363025246125888@g.us--5511987654321--0.json', { type: 'sender-key', id: '120363025246125888@g.us::5511987654321::0' }],
    ['sender-key-5511999999999-1600000000@g.us--5511987654321--3.json', { type: 'sender-key', id: LEGACY_SENDER_KEY_ID }],
    ['sender-key-memory-5511999999999-1600000000@g.us.json', { type: 'sender-key-memory', id: '5511999999999-1600000000@g.us' }],
    ['app-state-sync-key-AbC__dE+f==.json', { type: 'app-state-sync-key', id: 'AbC/dE+f==' }],
    ['app-state-sync-version-regular_high.json', { type: 'app-state-sync-version', id: 'regular_high' }],
    ['lid-mapping-123456789012345_reverse.json', { type: 'lid-mapping', id: '123456789012345_reverse' }],
    ['device-list-5511987654321.json', { type: 'device-list', id: '5511987654321' }],
    ['tctoken-123456789012345@lid.json', { type: 'tctoken', id: '123456789012345@lid' }],
    ['identity-key-5511987654321.0.json', { type: 'identity-key', id: '5511987654321.0' }],
    ['creds.json', null],
    ['pre-key-.json', null],
    ['unknown-type-1.json', null],
    ['pre-key-1.json.bak', null],
  ];
  for (const [name, expected] of cases) {
    it(`${name} → ${expected ? `${expected.type} / ${expected.id}` : 'not a key file'}`, () => {
      expect(parseAuthFileName(name)).to.deep.equal(expected);
    });
  }
});

describeEachEngine('importMultiFileAuthState', (fx) => {
  const key = randomBytes(32).toString('hex');
  const folders: string[] = [];
  afterEach(async () => {
    for (const dir of folders.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('imports creds and every key Baileys wrote; the store then loads them unchanged', async () => {
    const { dir, creds, data } = await writeAuthFolder();
    folders.push(dir);
    const ids = await seedWaInstance(fx.handle.db);
    const box = new SecretBox(key);
    const result = await importMultiFileAuthState({ dir, db: fx.handle.db, secretBox: box, ...ids });
    expect(result.skipped.sort()).to.deep.equal(['.DS_Store', 'notes.txt']);
    expect(result.meId).to.equal(creds.me!.id);
    expect(result.keys).to.include({ 'pre-key': 1, session: 1, 'sender-key': 2, 'lid-mapping': 2 });

    const store = await AuthStateStore.open({ db: fx.handle.db, secretBox: box, cache: new MemoryCache(new FakeClock()), ...ids });
    expect(store.isPaired).to.equal(true);
    expect(encodeAuthJson(store.creds)).to.equal(encodeAuthJson(creds));
    for (const type of SIGNAL_KEY_TYPES) {
      const expected = data[type] ?? {};
      const got = await store.keys.get(type, Object.keys(expected));
      expect(Object.keys(got).sort(), type).to.deep.equal(Object.keys(expected).sort());
      for (const id of Object.keys(expected)) expect(encodeAuthJson(got[id]), `${type}/${id}`).to.equal(encodeAuthJson(expected[id]));
    }
    const instance = await fx.handle.db.selectFrom('instances').select('auth_method').where('id', '=', ids.instanceId).executeTakeFirstOrThrow();
    expect(instance.auth_method).to.equal('imported');
    // one file per key, plus creds.json and the two stray files
    const keyCount = Object.values(result.keys).reduce((a, b) => a + b, 0);
    expect((await readdir(dir)).length).to.equal(keyCount + 3);
  });

  it('refuses an instance that already has creds unless told to replace them', async () => {
    const { dir } = await writeAuthFolder();
    folders.push(dir);
    const ids = await seedWaInstance(fx.handle.db);
    const box = new SecretBox(key);
    const old = await AuthStateStore.open({ db: fx.handle.db, secretBox: box, cache: new MemoryCache(new FakeClock()), ...ids });
    await old.saveCreds();
    await old.keys.set({ session: { 'stale.0': Buffer.from('stale') } });
    const refused = await importMultiFileAuthState({ dir, db: fx.handle.db, secretBox: box, ...ids }).catch((e: unknown) => e);
    expect(refused).to.include({ code: 'ALREADY_LINKED' });
    await importMultiFileAuthState({ dir, db: fx.handle.db, secretBox: box, ...ids, replace: true });
    const store = await AuthStateStore.open({ db: fx.handle.db, secretBox: box, cache: new MemoryCache(new FakeClock()), ...ids });
    expect(await store.keys.get('session', ['stale.0'])).to.deep.equal({});
    expect(store.isPaired).to.equal(true);
  });

  it('refuses another organization\'s instance and a folder without creds.json, writing nothing', async () => {
    const { dir } = await writeAuthFolder();
    folders.push(dir);
    const ids = await seedWaInstance(fx.handle.db);
    const other = await seedWaInstance(fx.handle.db, 'Outra');
    const box = new SecretBox(key);
    const wrongOrg = await importMultiFileAuthState({ dir, db: fx.handle.db, secretBox: box, orgId: other.orgId, instanceId: ids.instanceId }).catch((e: unknown) => e);
    expect(wrongOrg).to.include({ code: 'INSTANCE_NOT_FOUND' });
    await rm(path.join(dir, 'creds.json'));
    const noCreds = await importMultiFileAuthState({ dir, db: fx.handle.db, secretBox: box, ...ids }).catch((e: unknown) => e);
    expect(noCreds).to.include({ code: 'AUTH_FOLDER_INVALID' });
    const rows = await fx.handle.db.selectFrom('wa_auth').select('type').execute();
    expect(rows).to.deep.equal([]);
  });
});

describe('npm run wa:import (scripts/wa-import.ts)', function () {
  this.timeout(300_000); // spawns the import script under tsx: slow on a busy machine

  it('imports into the embedded database with the generated key file and marks the instance imported', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'patinha-data-'));
    const { dir, creds } = await writeAuthFolder();
    try {
      let storage = await openDatabase({ dataDir });
      await migrateToLatest(storage.db);
      const ids = await seedWaInstance(storage.db);
      await storage.close();

      const run = await runScript(['--org', ids.orgId, '--instance', ids.instanceId, '--dir', dir], { DATA_DIR: dataDir });
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.contain(`Imported creds of ${creds.me!.id}`);
      expect(run.stdout).to.contain('Skipped (not auth state): .DS_Store, notes.txt');

      const key = (await readFile(path.join(dataDir, ENCRYPTION_KEY_FILE), 'utf8')).trim();
      storage = await openDatabase({ dataDir });
      try {
        const store = await AuthStateStore.open({ db: storage.db, secretBox: new SecretBox(key), cache: new MemoryCache(new FakeClock()), ...ids });
        expect(encodeAuthJson(store.creds)).to.equal(encodeAuthJson(creds));
        const instance = await storage.db.selectFrom('instances').select('auth_method').where('id', '=', ids.instanceId).executeTakeFirstOrThrow();
        expect(instance.auth_method).to.equal('imported');
      } finally {
        await storage.close();
      }

      const again = await runScript(['--org', ids.orgId, '--instance', randomUUID(), '--dir', dir], { DATA_DIR: dataDir });
      expect(again.code).to.equal(1);
      expect(again.stderr).to.contain('INSTANCE_NOT_FOUND');
      const usage = await runScript(['--org', ids.orgId], { DATA_DIR: dataDir });
      expect(usage.code).to.equal(2);
      expect(usage.stderr).to.contain('Usage: npm run wa:import');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
      await rm(dir, { recursive: true, force: true });
    }
  });
});

function runScript(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/wa-import.ts'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}
