import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { defineActor } from '../../runtime/actor.js';
import { parseManifest } from '../../runtime/manifest.js';
import { ActorSystem } from '../../runtime/system.js';
import { eventually } from '../support/eventually.js';
import type { PoolMsg, PoolState } from '../support/pool/pool-actor.js';

const POOL_ACTOR = fileURLToPath(new URL('../support/pool/pool-actor.ts', import.meta.url));
const POOL_CONTEXT = fileURLToPath(new URL('../support/pool/pool-context.ts', import.meta.url));

describe('pooled forked hosts (comedy, real child processes)', function () {
  // Real processes: bounded by mocha's timeout, never by sleeping.
  this.timeout(60_000);
  let system: ActorSystem | undefined;
  const seen: Array<{ from: string; pid: number }> = [];
  const events: unknown[] = [];

  beforeEach(async () => {
    seen.length = 0;
    events.length = 0;
    const manifest = parseManifest({
      context: { module: POOL_CONTEXT, export: 'createPoolTestContext' },
      actors: {
        root: { kind: 'supervisor', strategy: 'one_for_one', children: ['workers', 'sink'] },
        workers: { kind: 'supervisor', strategy: 'simple_one_for_one', child: 'worker', intensity: { maxRestarts: 20, withinMs: 60_000 } },
        worker: { module: POOL_ACTOR, export: 'createPoolActor', mode: 'forked', pool: 2, keepAlive: true, backoff: { minMs: 0, maxMs: 0, factor: 1, jitter: 0 } },
        sink: {},
      },
    });
    system = ActorSystem.fromManifest(manifest, {
      definitions: {
        sink: defineActor<null, { type: 'seen'; from: string; pid: number }>({
          init: () => null,
          handle: (state, message) => {
            seen.push({ from: message.from, pid: message.pid });
            return { state };
          },
        }),
      },
      comedy: { onHostEvent: (event) => events.push(event) },
    });
    await system.start();
  });

  afterEach(async () => {
    await system?.stop();
    system = undefined;
  });

  const worker = (key: string) => system!.getOrSpawn<PoolMsg>(`worker/${key}`);

  it('runs many actors on K host processes, with timers, tells and node events pushed back to this process', async () => {
    const keys = Array.from({ length: 8 }, (_, i) => `w${i}`);
    const states = await Promise.all(keys.map((key) => worker(key).ask<PoolState>({ type: 'state' })));
    const pids = new Set(states.map((s) => s.pid));
    expect(pids.size, 'eight actors on at most two hosts').to.be.within(1, 2);
    expect(pids.has(process.pid)).to.equal(false);
    expect(new Set(await system!.comedy!.hostPids('worker'))).to.deep.equal(pids);

    await worker('w0').ask({ type: 'arm', ms: 5, to: 'sink' });
    await eventually(() => seen.length === 1, 'the timer in the host to fire and its tell to reach the sink');
    expect(seen[0]).to.deep.equal({ from: 'worker/w0', pid: states[0]!.pid });

    await worker('w1').ask({ type: 'emit' });
    await eventually(() => events.length === 1, 'the node event');
    expect(events[0]).to.deep.equal({ kind: 'hello', from: 'worker/w1' });
  });

  it('restarts every actor of a SIGKILLed host under supervision, onto a new process, and leaves the other host alone', async () => {
    const keys = Array.from({ length: 8 }, (_, i) => `w${i}`);
    for (const key of keys) await worker(key).ask({ type: 'increment' });
    const before = new Map(await Promise.all(keys.map(async (key) => [key, await worker(key).ask<PoolState>({ type: 'state' })] as const)));
    const victim = before.get('w0')!.pid;
    const onVictim = keys.filter((key) => before.get(key)!.pid === victim);
    const elsewhere = keys.filter((key) => before.get(key)!.pid !== victim);

    process.kill(victim, 'SIGKILL');
    await eventually(async () => {
      const states = await Promise.all(onVictim.map((key) => worker(key).ask<PoolState>({ type: 'state' }, { timeoutMs: 30_000 }).catch(() => undefined)));
      return states.every((s) => s !== undefined && s.pid !== victim);
    }, 'the killed host\'s actors to run again');
    for (const key of onVictim) {
      const after = await worker(key).ask<PoolState>({ type: 'state' });
      expect(after.incarnation, `${key} is a new incarnation`).to.not.equal(before.get(key)!.incarnation);
      expect(after.count, 'state held only in memory starts over').to.equal(0);
    }
    for (const key of elsewhere) expect(await worker(key).ask<PoolState>({ type: 'state' }), `${key} untouched`).to.deep.equal(before.get(key));
    const hosts = await system!.comedy!.hostPids('worker');
    expect(hosts).to.not.include(victim);
  });
});
