import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { sql } from 'kysely';
import { loadAdminToken } from '../../app/local-secrets.js';
import { openDatabase } from '../../storage/open-database.js';

/** Every file under DATA_DIR is the owner's alone: the database, the lock, the generated secrets. */
describe('the PGlite data directory', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'patinha-private-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  function loosest(dir: string): { dirs: string[]; files: string[] } {
    const bad = { dirs: [] as string[], files: [] as string[] };
    const visit = (p: string) => {
      const stat = fs.lstatSync(p);
      if (stat.isDirectory()) {
        if ((stat.mode & 0o777) !== 0o700) bad.dirs.push(`${p} ${(stat.mode & 0o777).toString(8)}`);
        for (const entry of fs.readdirSync(p)) visit(path.join(p, entry));
      } else if (stat.isFile() && (stat.mode & 0o777) !== 0o600) bad.files.push(`${p} ${(stat.mode & 0o777).toString(8)}`);
    };
    visit(dir);
    return bad;
  }

  it('is created 0700 with files 0600, while open and after closing', async function () {
    this.timeout(60_000);
    const dataDir = path.join(root, 'data');
    const storage = await openDatabase({ dataDir });
    try {
      await sql`create table probe (id int)`.execute(storage.db);
      await sql`insert into probe values (1)`.execute(storage.db);
      expect(loosest(dataDir)).to.deep.equal({ dirs: [], files: [] });
    } finally {
      await storage.close();
    }
    expect(loosest(dataDir)).to.deep.equal({ dirs: [], files: [] });
    expect(fs.readdirSync(path.join(dataDir, 'pgdata')).length).to.be.greaterThan(3);
  });

  it('tightens a data directory that already exists with loose modes', async function () {
    this.timeout(60_000);
    const dataDir = path.join(root, 'data');
    fs.mkdirSync(dataDir, { mode: 0o777 });
    fs.chmodSync(dataDir, 0o777);
    loadAdminToken(dataDir);
    const storage = await openDatabase({ dataDir });
    await storage.close();
    expect(loosest(dataDir)).to.deep.equal({ dirs: [], files: [] });
  });
});
