import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { skipOrFail } from './services.js';

/** A free loopback TCP port (bound, read and released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The environment for a service the tests start: without libfaketime, which
 * CI preloads for its future-dated pass. A service keeps the real time, as the
 * shared PostgreSQL and Redis do — and redis-server hangs under libfaketime.
 */
export function realTimeEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const clean = { ...env };
  for (const key of Object.keys(clean)) if (key.startsWith('FAKETIME')) delete clean[key];
  if (clean.LD_PRELOAD) {
    const kept = clean.LD_PRELOAD.split(/[: ]/).filter((lib) => lib && !lib.includes('faketime'));
    if (kept.length) clean.LD_PRELOAD = kept.join(':');
    else delete clean.LD_PRELOAD;
  }
  return clean;
}

/**
 * A redis-server of the test's own, on its own port, so the test can kill and
 * restart it without disturbing the shared one other suites use.
 */
export class RedisServerProcess {
  #child: ChildProcess | undefined;

  private constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts one on a free port, or skips the suite (fails under REQUIRE_SERVICES=1) when redis-server is not installed. */
  static async start(context: Mocha.Context): Promise<RedisServerProcess> {
    // Bounded: a synchronous spawn that hangs would block the event loop and every mocha timeout.
    if (spawnSync('redis-server', ['--version'], { env: realTimeEnv(), timeout: 10_000 }).status !== 0) skipOrFail(context, 'Redis', 'redis-server is not installed');
    const server = new RedisServerProcess(await freePort());
    await server.restart();
    return server;
  }

  /** (Re)starts redis-server on the same port; resolves once it accepts connections. */
  restart(): Promise<void> {
    if (this.#child && this.#child.exitCode === null && this.#child.signalCode === null) throw new Error('redis-server is already running');
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: realTimeEnv(),
    });
    this.#child = child;
    let out = '';
    return new Promise((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('Ready to accept connections')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`redis-server exited with ${code} before it was ready:\n${out}`)));
    });
  }

  /** SIGKILL: no goodbye to the clients, as a crashed server or a pulled cable. */
  async kill(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}
