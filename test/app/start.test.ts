import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { runPatinhaToExit, runScript, spawnPatinha, type SpawnedPatinha } from '../support/spawn-patinha.js';

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

describe('npm start on a busy port, and npm run token (real processes)', function () {
  this.timeout(90_000);
  let dataDir: string;
  let holder: net.Server | undefined;

  before(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'patinha-port-'));
  });
  after(() => {
    holder?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('stops with one line and exit code 69 on a taken port, before migrating or seeding anything', async () => {
    holder = net.createServer();
    await new Promise<void>((resolve) => holder!.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as net.AddressInfo).port;
    const result = await runPatinhaToExit({ DATA_DIR: dataDir, PORT: String(port) });
    expect(result.code).to.equal(69);
    const lines = result.stderr.trim().split('\n');
    expect(lines, result.stderr).to.have.length(1);
    expect(lines[0]).to.equal(`Patinha did not start: Port ${port} on 127.0.0.1 is already in use by another program; stop it or start Patinha with PORT=<another port>. (exit code 69)`);
    expect(result.stdout).to.not.contain('Demo shop');
    expect(fs.readdirSync(dataDir).filter((name) => name !== '.patinha.lock'), 'no database created').to.deep.equal([]);
  });

  it('seeds the demo once the port is free, and `npm run token` lists the shops and prints a new token that replaces the old', async () => {
    holder?.close();
    holder = undefined;
    const first = await spawnPatinha({ DATA_DIR: dataDir });
    const demo = /created \(id ([0-9a-f-]{36})\)\. Its API token \(shown once\): (pat_\S+)/.exec(first.stdout());
    expect(demo, first.stdout()).to.not.equal(null);
    expect(first.stdout()).to.contain(`Lost it? Stop Patinha and run: npm run token -- --org ${demo![1]}`);
    const printedPassword = /Demo owner sign-in \(password shown once\): dono@petshop\.demo \/ (\S+)/.exec(first.stdout())?.[1];
    expect(printedPassword, first.stdout()).to.be.a('string');
    first.child.kill('SIGINT');
    expect(await first.exited).to.equal(0);

    const listed = await runScript('scripts/token.ts', [], { DATA_DIR: dataDir });
    expect(listed.code, listed.stderr).to.equal(0);
    expect(listed.stdout).to.contain(`${demo![1]}  Pet Shop Demo`);
    const unknown = await runScript('scripts/token.ts', ['--org', '00000000-0000-4000-8000-000000000000'], { DATA_DIR: dataDir });
    expect(unknown.code).to.equal(66);
    const rotated = await runScript('scripts/token.ts', ['--org', demo![1]!], { DATA_DIR: dataDir });
    expect(rotated.code, rotated.stderr).to.equal(0);
    const token = /^(pat_\S+)$/m.exec(rotated.stdout)?.[1];
    expect(token, rotated.stdout).to.be.a('string').and.not.equal(demo![2]);

    const again = await spawnPatinha({ DATA_DIR: dataDir });
    try {
      const as = (bearer: string) => fetch(`http://127.0.0.1:${again.port}/api/orgs/${demo![1]}`, { headers: { authorization: `Bearer ${bearer}` } });
      expect((await as(token!)).status).to.equal(200);
      expect((await as(demo![2]!)).status, 'the old token').to.equal(401);
      // The demo owner signs in with the printed password, and a new one from the script.
      const signIn = (password: string) => fetch(`http://127.0.0.1:${again.port}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'dono@petshop.demo', password }) });
      expect((await signIn(printedPassword!)).status, 'the password printed at first start').to.equal(200);
    } finally {
      again.child.kill('SIGINT');
      expect(await again.exited).to.equal(0);
    }
    const reset = await runScript('scripts/token.ts', ['--password', 'Dono@PetShop.demo'], { DATA_DIR: dataDir });
    expect(reset.code, reset.stderr).to.equal(0);
    const newPassword = /^([a-z2-9]{4}(?:-[a-z2-9]{4}){3})$/m.exec(reset.stdout)?.[1];
    expect(newPassword, reset.stdout).to.be.a('string').and.not.equal(printedPassword);
    const third = await spawnPatinha({ DATA_DIR: dataDir });
    try {
      const signIn = (password: string) => fetch(`http://127.0.0.1:${third.port}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'dono@petshop.demo', password }) });
      expect((await signIn(newPassword!)).status).to.equal(200);
      expect((await signIn(printedPassword!)).status, 'the old password').to.equal(401);
    } finally {
      third.child.kill('SIGINT');
      expect(await third.exited).to.equal(0);
    }
  });
});
