import { expect } from 'chai';
import { workerSpec } from '../../runtime/actor-cell.js';
import { failedNodes } from '../../runtime/bulkhead.js';
import { dynamicSupervisorSpec, type DynamicSupervisor } from '../../runtime/dynamic-supervisor.js';
import { parseManifest } from '../../runtime/manifest.js';
import { findByAddress } from '../../runtime/node.js';
import { supervisorSpec } from '../../runtime/supervisor.js';
import type { Bulkhead } from '../../runtime/bulkhead.js';
import { flushPromises } from '../support/fake-clock.js';
import { startHarness, stopHarness, type Harness } from '../support/runtime-harness.js';
import { createTestActor, TestActorProbe, type TestMsg } from '../support/test-actor.js';

const NO_BACKOFF = { minMs: 0, maxMs: 0, factor: 1, jitter: 0 };
const RETRY = { minMs: 1_000, maxMs: 8_000, factor: 2, jitter: 0 };


describe('bulkhead supervisor (each child its own failure domain)', () => {
  let harness: Harness | undefined;
  let probe: TestActorProbe;
  let broken: Set<string>;
  beforeEach(() => {
    probe = new TestActorProbe();
    broken = new Set();
    probe.failInit = (address) => broken.has(address);
  });
  afterEach(async () => {
    await stopHarness(harness);
    harness = undefined;
  });

  /** root → tenants (per key) → tenant/<key> (one_for_one, 1 restart a minute) → worker/<key>. */
  const start = async (bulkhead: Bulkhead | undefined) => {
    harness = await startHarness(
      supervisorSpec({
        id: 'root',
        strategy: 'one_for_one',
        intensity: { maxRestarts: 0, withinMs: 60_000 },
        children: [
          dynamicSupervisorSpec({
            id: 'tenants',
            childType: 'tenant',
            keepAlive: true,
            intensity: { maxRestarts: 2, withinMs: 60_000 },
            bulkhead,
            backoff: NO_BACKOFF,
            child: () =>
              supervisorSpec({
                id: 'tenant',
                strategy: 'one_for_one',
                backoff: NO_BACKOFF,
                intensity: { maxRestarts: 1, withinMs: 60_000 },
                children: [workerSpec({ id: 'worker', definition: createTestActor({ probe }), backoff: NO_BACKOFF })],
              }),
          }),
        ],
      }),
    );
    const tenants = harness.system.registry.get('tenants')!.node as DynamicSupervisor;
    for (const key of ['t1', 't2', 't3']) tenants.getOrSpawn(key);
    await flushPromises(20);
    return tenants;
  };
  const ask = (key: string) => harness!.system.ref<TestMsg>(`worker/${key}`).ask<number>({ type: 'increment' });

  it('stops only the tenant that exceeds its intensity, shows it failed with the cause, and keeps its siblings and itself supervised', async () => {
    await start({ retry: RETRY });
    broken.add('worker/t1');
    await harness!.system.restart('worker/t1').catch(() => undefined); // its next init fails, and keeps failing
    await flushPromises(50);

    const tree = harness!.system.tree();
    const t1 = findByAddress(tree, 'tenant/t1')!;
    expect(t1.state).to.equal('failed');
    expect(t1.lastError).to.match(/ESCALATED: supervisor tenant\/t1 exceeded 1 restarts/);
    expect(t1.lastError).to.contain('init of worker/t1 failed on purpose');
    expect(t1.failure).to.deep.include({ attempts: 1, retryAt: harness!.clock.now() + 1_000 });
    expect(failedNodes(tree).map((n) => n.address)).to.deep.equal(['tenant/t1']);
    expect(findByAddress(tree, 'tenants')!.state).to.equal('running');
    expect(harness!.system.state).to.equal('running');
    expect(harness!.probe.of('escalated').map((e) => e.address)).to.deep.equal(['tenant/t1', 'tenant/t1', 'tenant/t1']);
    expect(harness!.probe.of('failed').map((e) => [e.address, e.retryInMs, e.attempts])).to.deep.equal([['tenant/t1', 1_000, 1]]);
    expect(await ask('t2')).to.equal(1);
    expect(await ask('t3')).to.equal(1);
  });

  it('retries a failed tenant with a growing backoff and brings it back once its cause is gone', async () => {
    await start({ retry: RETRY });
    broken.add('worker/t1');
    await harness!.system.restart('worker/t1').catch(() => undefined);
    await flushPromises(50);
    const inits = probe.inits;

    await harness!.clock.advance(999);
    expect(probe.inits).to.equal(inits); // 1 ms early: still waiting
    await harness!.clock.advance(1);
    await flushPromises(50);
    expect(probe.inits).to.be.greaterThan(inits); // retried, failed again: the next wait doubles
    expect(findByAddress(harness!.system.tree(), 'tenant/t1')!.failure).to.deep.include({ attempts: 2, retryAt: harness!.clock.now() + 2_000 });

    broken.clear();
    await harness!.clock.advance(2_000);
    await flushPromises(50);
    expect(findByAddress(harness!.system.tree(), 'tenant/t1')!.state).to.equal('running');
    expect(await ask('t1')).to.equal(1);
    expect(harness!.probe.of('failed')).to.have.length(2);
  });

  it('starts a failed tenant at once on an admin restart (its pending retry superseded)', async () => {
    await start({ retry: RETRY });
    broken.add('worker/t1');
    await harness!.system.restart('worker/t1').catch(() => undefined);
    await flushPromises(50);
    broken.clear();
    await harness!.system.restart('tenant/t1');
    await flushPromises(20);
    expect(findByAddress(harness!.system.tree(), 'tenant/t1')!.state).to.equal('running');
    expect(findByAddress(harness!.system.tree(), 'tenant/t1')!.failure).to.equal(undefined);
    await harness!.clock.advance(10_000);
    expect(harness!.probe.of('failed')).to.have.length(1);
    expect(await ask('t1')).to.equal(1);
  });

  it('without a bulkhead the same failure escalates past the tenants and takes every tenant down (OTP default)', async () => {
    await start(undefined);
    broken.add('worker/t1');
    await harness!.system.restart('worker/t1').catch(() => undefined);
    await flushPromises(50);
    expect(harness!.probe.of('escalated').map((e) => e.address)).to.include('tenants');
    expect(harness!.system.state).to.equal('failed');
  });

  it('is configured per supervisor in the manifest, with a default retry, and refused on workers', () => {
    const manifest = parseManifest({
      actors: {
        root: { kind: 'supervisor', strategy: 'one_for_one', children: ['tenants'] },
        tenants: { kind: 'supervisor', strategy: 'simple_one_for_one', child: 'tenant', bulkhead: { retry: { minMs: 2_000 } } },
        tenant: {},
      },
    });
    expect(manifest.actors.tenants!.bulkhead).to.deep.equal({ retry: { minMs: 2_000, maxMs: 300_000, factor: 2, jitter: 0.2 } });
    expect(manifest.actors.root!.bulkhead).to.equal(undefined);
    expect(() =>
      parseManifest({
        actors: {
          root: { kind: 'supervisor', strategy: 'one_for_one', children: ['w'] },
          w: { bulkhead: {} },
        },
      }),
    ).to.throw(/actors\.w\.bulkhead: only supervisors have it/);
  });
});
