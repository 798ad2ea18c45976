import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { runPatinhaToExit, spawnPatinha, type SpawnedPatinha } from '../support/spawn-patinha.js';

describe('npm start (real processes)', function () {
  this.timeout(90_000);
  let dataDir: string;
  let first: SpawnedPatinha | undefined;

  before(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'patinha-start-'));
  });
  after(async () => {
    if (first && first.child.exitCode === null) {
      first.child.kill('SIGKILL');
      await first.exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('migrates, seeds the demo shop, prints the URL and tokens, and answers /health', async () => {
    first = await spawnPatinha({ DATA_DIR: dataDir });
    expect(first.stdout()).to.match(/Admin token \(shown once, saved in .*admin-token\): adm_/);
    expect(first.stdout()).to.match(/Demo shop "Pet Shop Demo" created \(id [0-9a-f-]{36}\)\. Its API token \(shown once\): pat_/);
    const response = await fetch(`http://127.0.0.1:${first.port}/health`);
    expect(response.status).to.equal(200);
    expect(await response.json()).to.deep.include({ status: 'ok', storage: 'pglite', redis: 'absent' });
  });

  it('refuses a second process on the same DATA_DIR at once, and the first keeps working', async () => {
    const second = await runPatinhaToExit({ DATA_DIR: dataDir });
    expect(second.code).to.equal(75);
    expect(second.stderr).to.match(/in use by another Patinha process \(pid \d+/);
    const response = await fetch(`http://127.0.0.1:${first!.port}/health/db`);
    expect(response.status).to.equal(200);
  });

  it('shuts down in order on SIGINT and a second start finds its data intact', async () => {
    first!.child.kill('SIGINT');
    expect(await first!.exited).to.equal(0);
    expect(fs.existsSync(path.join(dataDir, '.patinha.lock'))).to.equal(false);
    const again = await spawnPatinha({ DATA_DIR: dataDir });
    try {
      expect(again.stdout()).to.not.match(/Demo shop .* created/);
      expect(again.stdout()).to.match(/Admin token: in .*admin-token/);
      const health = await fetch(`http://127.0.0.1:${again.port}/health`);
      expect(health.status).to.equal(200);
    } finally {
      again.child.kill('SIGINT');
      expect(await again.exited).to.equal(0);
    }
  });

  it('stops with one message naming every bad variable', async () => {
    const result = await runPatinhaToExit({ DATA_DIR: dataDir, PORT: 'abc', WA_TRANSPORT: 'fax', ADMIN_TOKEN: 'short-secret' });
    expect(result.code).to.equal(78);
    expect(result.stderr).to.contain('PORT: expected a TCP port number');
    expect(result.stderr).to.contain('WA_TRANSPORT: expected simulator or baileys');
    expect(result.stderr).to.contain('ADMIN_TOKEN: expected at least 16 characters (got a value, hidden)');
    expect(result.stderr).to.not.contain('short-secret');
  });
});
