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
        sink: defineActor<null, { type: 'seen'; from: string; pid: number } | { type: 'ping' } | { type: 'refuse' }>({
          init: () => null,
          handle: (state, message) => {
            if (message.type === 'ping') return { state, reply: { pong: process.pid } };
            if (message.type === 'refuse') throw Object.assign(new Error('not today'), { code: 'REFUSED' });
            seen.push({ from: message.from, pid: message.pid });
            return { state };
          },
        }),
      },
      comedy: { onHostEvent: (event) => events.push(event), nodeId: 'node-a' },
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

  it("answers a host's asks from the node's tree, routes its tells, names the node, and builds a definition once per host", async () => {
    const keys = ['c0', 'c1', 'c2', 'c3'];
    await Promise.all(keys.map((key) => worker(key).ask({ type: 'state' })));
    const contexts = await Promise.all(keys.map((key) => worker(key).ask<{ nodeId: string; builds: number }>({ type: 'context' })));
    expect(contexts.every((c) => c.nodeId === 'node-a' && c.builds === 1), JSON.stringify(contexts)).to.equal(true);

    expect(await worker('c0').ask({ type: 'relay-ask', to: 'sink', message: { type: 'ping' } })).to.deep.equal({ pong: process.pid });
    try {
      await worker('c1').ask({ type: 'relay-ask', to: 'sink', message: { type: 'refuse' } });
      expect.fail('the refusal should reach the asking actor');
    } catch (error) {
      expect((error as { code?: string }).code).to.equal('REFUSED');
    }

    await worker('c2').ask({ type: 'relay-tell', to: 'sink', message: { type: 'seen', from: 'context', pid: 7 } as never });
    await eventually(() => seen.length === 1, "the context's tell to reach the sink");
    expect(seen[0]).to.deep.equal({ from: 'context', pid: 7 });
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

describe('pooled threaded hosts (comedy, real worker threads)', function () {
  this.timeout(60_000);
  let system: ActorSystem | undefined;

  afterEach(async () => {
    await system?.stop();
    system = undefined;
  });

  it('runs many actors on K worker threads of this process, built once per thread, asking the node like a forked host', async () => {
    const manifest = parseManifest({
      context: { module: POOL_CONTEXT, export: 'createPoolTestContext' },
      actors: {
        root: { kind: 'supervisor', strategy: 'one_for_one', children: ['workers', 'sink'] },
        workers: { kind: 'supervisor', strategy: 'simple_one_for_one', child: 'worker' },
        worker: { module: POOL_ACTOR, export: 'createPoolActor', mode: 'threaded', pool: 2, keepAlive: true },
        sink: {},
      },
    });
    system = ActorSystem.fromManifest(manifest, {
      definitions: {
        sink: defineActor<null, { type: 'ping' }>({ init: () => null, handle: (state) => ({ state, reply: 'pong' }) }),
      },
      comedy: { nodeId: 'node-t' },
    });
    await system.start();
    const worker = (key: string) => system!.getOrSpawn<PoolMsg>(`worker/${key}`);
    const keys = Array.from({ length: 6 }, (_, i) => `t${i}`);
    const states = await Promise.all(keys.map((key) => worker(key).ask<PoolState>({ type: 'state' })));
    expect(states.every((s) => s.pid === process.pid && s.thread > 0), JSON.stringify(states)).to.equal(true);
    expect(new Set(states.map((s) => s.thread)).size, 'six actors on at most two threads').to.be.within(1, 2);
    const contexts = await Promise.all(keys.map((key) => worker(key).ask<{ nodeId: string; builds: number }>({ type: 'context' })));
    expect(contexts.every((c) => c.nodeId === 'node-t' && c.builds === 1), JSON.stringify(contexts)).to.equal(true);
    expect(await worker('t0').ask({ type: 'relay-ask', to: 'sink', message: { type: 'ping' } })).to.equal('pong');
    expect(await worker('t0').ask({ type: 'increment' })).to.equal(1);
  });
});
