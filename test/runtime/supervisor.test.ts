import { expect } from 'chai';
import { workerSpec } from '../../runtime/actor-cell.js';
import type { BackoffPolicy } from '../../runtime/backoff.js';
import type { ChildSpec, RestartType } from '../../runtime/child-spec.js';
import { EscalationError, ValidationError } from '../../runtime/errors.js';
import { mulberry32 } from '../../runtime/random.js';
import { supervisorSpec, type Strategy } from '../../runtime/supervisor.js';
import { flushPromises } from '../support/fake-clock.js';
import { startHarness, stopHarness, type Harness } from '../support/runtime-harness.js';
import { createTestActor, TestActorProbe, type TestMsg, type TestState } from '../support/test-actor.js';

const NO_DELAY: BackoffPolicy = { minMs: 0, maxMs: 0, factor: 1, jitter: 0 };
const LOOSE = { maxRestarts: 100, withinMs: 60_000 };

describe('Supervisor', () => {
  let harness: Harness | undefined;
  let probe: TestActorProbe;
  beforeEach(() => {
    probe = new TestActorProbe();
  });
  afterEach(async () => {
    await stopHarness(harness);
    harness = undefined;
  });

  const worker = (id: string, restart: RestartType = 'permanent', backoff: BackoffPolicy = NO_DELAY): ChildSpec =>
    workerSpec({ id, definition: createTestActor({ probe }), restart, backoff });

  const tree = (strategy: Strategy, children: ChildSpec[], intensity = LOOSE) =>
    supervisorSpec({ id: 'root', strategy, intensity, children });

  const incarnations = async (...ids: string[]): Promise<number[]> =>
    Promise.all(ids.map(async (id) => (await harness!.system.ref<TestMsg>(id).ask<TestState>({ type: 'state' })).incarnation));

  it('should reset the state on restart by running init again', async () => {
    harness = await startHarness(tree('one_for_one', [worker('counter')]));
    const ref = harness.system.ref<TestMsg>('counter');
    await ref.ask({ type: 'increment' });
    await ref.ask({ type: 'increment' });
    expect((await ref.ask<TestState>({ type: 'state' })).count).to.equal(2);
    const before = ref.incarnation;
    ref.tell({ type: 'crash' });
    await flushPromises();
    const state = await ref.ask<TestState>({ type: 'state' });
    expect(state.count).to.equal(0);
    expect(state.incarnation).to.not.equal(before);
    expect(probe.inits).to.equal(2);
    // The old ref still routes (to the new incarnation) but knows it is stale.
    expect(ref.isAlive).to.equal(false);
    expect(harness.system.ref('counter').isAlive).to.equal(true);
  });

  it('should answer a validation error to the asker without restarting', async () => {
    harness = await startHarness(tree('one_for_one', [worker('counter')]));
    const ref = harness.system.ref<TestMsg>('counter');
    await ref.ask({ type: 'increment' });
    const error = await ref.ask({ type: 'invalid', message: 'pet name is empty' }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ValidationError).with.property('code', 'TEST_INVALID');
    ref.tell({ type: 'invalid' }); // a told validation error is only reported, never a crash
    const state = await ref.ask<TestState>({ type: 'state' });
    expect(state.count).to.equal(1);
    expect(probe.inits).to.equal(1);
    expect(harness.probe.of('crashed')).to.have.length(0);
    expect(harness.probe.of('rejected', 'counter')).to.have.length(2);
  });

  it('should escalate on the (N+1)th crash within the window, not before', async () => {
    const inner = supervisorSpec({
      id: 'inner',
      strategy: 'one_for_one',
      intensity: { maxRestarts: 2, withinMs: 10_000 },
      children: [worker('w')],
      backoff: NO_DELAY,
    });
    harness = await startHarness(supervisorSpec({ id: 'root', strategy: 'one_for_one', intensity: LOOSE, children: [inner] }));
    const crash = async (): Promise<void> => {
      harness!.system.ref<TestMsg>('w').tell({ type: 'crash' });
      await harness!.clock.advance(100);
    };
    await crash();
    await crash();
    expect(harness.probe.of('escalated')).to.have.length(0);
    await crash();
    const escalated = harness.probe.of('escalated');
    expect(escalated.map((e) => e.address)).to.deep.equal(['inner']);
    expect(escalated[0]?.error).to.be.instanceOf(EscalationError);
    // Its parent restarted it with a fresh window: the worker is back and 2 more crashes are fine.
    await flushPromises();
    expect(harness.system.tree().children[0]).to.deep.include({ address: 'inner', state: 'running', restarts: 1 });
    await crash();
    await crash();
    expect(harness.probe.of('escalated')).to.have.length(1);
  });

  it('should not count crashes that slid out of the window', async () => {
    harness = await startHarness(tree('one_for_one', [worker('w')], { maxRestarts: 2, withinMs: 1_000 }));
    for (let i = 0; i < 6; i++) {
      harness.system.ref<TestMsg>('w').tell({ type: 'crash' });
      await harness.clock.advance(600);
    }
    expect(harness.probe.of('crashed', 'w')).to.have.length(6);
    expect(harness.system.state).to.equal('running');
  });

  it('should report a fatal error instead of exiting when the root gives up', async () => {
    const fatal: Error[] = [];
    harness = await startHarness(tree('one_for_one', [worker('w')], { maxRestarts: 1, withinMs: 10_000 }), {
      onFatal: (error) => fatal.push(error),
    });
    harness.system.ref<TestMsg>('w').tell({ type: 'crash' });
    await flushPromises();
    harness.system.ref<TestMsg>('w').tell({ type: 'crash' });
    await flushPromises();
    expect(fatal).to.have.length(1);
    expect(fatal[0]).to.be.instanceOf(EscalationError).with.property('address', 'root');
    expect(harness.system.state).to.equal('failed');
    expect(harness.probe.of('fatal')).to.have.length(1);
    const root = harness.system.tree();
    expect(root.state).to.equal('restarting');
    expect(root.lastError).to.match(/ESCALATED/);
  });

  it('should restart every child under one_for_all, stopping the others in reverse order', async () => {
    harness = await startHarness(tree('one_for_all', [worker('a'), worker('b'), worker('c')]));
    const before = await incarnations('a', 'b', 'c');
    harness.system.ref<TestMsg>('b').tell({ type: 'crash' });
    await flushPromises();
    const after = await incarnations('a', 'b', 'c');
    after.forEach((incarnation, i) => expect(incarnation).to.not.equal(before[i]));
    expect(probe.terminated.filter((t) => t.reason === 'restart').map((t) => t.address)).to.deep.equal(['c', 'a']);
    expect(probe.inits).to.equal(6);
  });

  it('should restart only the crashed child and later siblings under rest_for_one', async () => {
    harness = await startHarness(tree('rest_for_one', [worker('a'), worker('b'), worker('c')]));
    const [a, b, c] = await incarnations('a', 'b', 'c');
    harness.system.ref<TestMsg>('b').tell({ type: 'crash' });
    await flushPromises();
    const [a2, b2, c2] = await incarnations('a', 'b', 'c');
    expect(a2).to.equal(a);
    expect(b2).to.not.equal(b);
    expect(c2).to.not.equal(c);
    expect(probe.terminated.map((t) => `${t.address}:${t.reason}`)).to.deep.equal(['b:crash', 'c:restart']);
  });

  it('should restart only the crashed child under one_for_one', async () => {
    harness = await startHarness(tree('one_for_one', [worker('a'), worker('b'), worker('c')]));
    const [a, b, c] = await incarnations('a', 'b', 'c');
    harness.system.ref<TestMsg>('b').tell({ type: 'crash' });
    await flushPromises();
    const [a2, b2, c2] = await incarnations('a', 'b', 'c');
    expect([a2 === a, b2 === b, c2 === c]).to.deep.equal([true, false, true]);
  });

  it('should keep a transient child down after a normal exit and restart it after a crash', async () => {
    harness = await startHarness(tree('one_for_one', [worker('t', 'transient'), worker('p', 'permanent')]));
    const t = harness.system.ref<TestMsg>('t');
    t.tell({ type: 'crash' });
    await flushPromises();
    expect(await t.ask({ type: 'echo', value: 'back' })).to.equal('back');
    expect(await t.ask({ type: 'stop' })).to.equal('stopping');
    await flushPromises();
    const error = await t.ask({ type: 'echo', value: 'anyone?' }).catch((e: unknown) => e);
    expect(error).to.have.property('code', 'ACTOR_STOPPED');
    expect(harness.system.tree().children[0]).to.deep.include({ address: 't', state: 'stopped', restarts: 1 });
  });

  it('should restart a permanent child even after a normal exit', async () => {
    harness = await startHarness(tree('one_for_one', [worker('p', 'permanent')]));
    const p = harness.system.ref<TestMsg>('p');
    await p.ask({ type: 'stop' });
    await flushPromises();
    expect(await p.ask({ type: 'echo', value: 'still here' })).to.equal('still here');
    expect(harness.system.tree().children[0]).to.deep.include({ state: 'running', restarts: 1 });
  });

  it('should never restart a temporary child', async () => {
    harness = await startHarness(tree('one_for_one', [worker('tmp', 'temporary'), worker('other')]));
    harness.system.ref<TestMsg>('tmp').tell({ type: 'crash' });
    await harness.clock.advance(60_000);
    expect(probe.inits).to.equal(2); // tmp once, other once
    expect(harness.system.tree().children[0]).to.deep.include({ address: 'tmp', state: 'stopped', restarts: 0 });
    expect(harness.system.state).to.equal('running');
  });

  it('should leave a dead temporary child down when a one_for_all sibling restarts', async () => {
    harness = await startHarness(tree('one_for_all', [worker('tmp', 'temporary'), worker('other')]));
    harness.system.ref<TestMsg>('tmp').tell({ type: 'crash' });
    await flushPromises();
    harness.system.ref<TestMsg>('other').tell({ type: 'crash' });
    await flushPromises();
    expect(harness.system.tree().children.map((c) => c.state)).to.deep.equal(['stopped', 'running']);
  });

  it('should delay restarts by the configured backoff schedule, exactly', async () => {
    const backoff: BackoffPolicy = { minMs: 100, maxMs: 1_000, factor: 2, jitter: 0.2 };
    harness = await startHarness(tree('one_for_one', [worker('w', 'permanent', backoff)]), { random: mulberry32(42) });
    const expectedRandom = mulberry32(42);
    const seen: number[][] = [];
    const expected: number[][] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      const base = Math.min(1_000, 100 * 2 ** attempt);
      expected.push([Math.round(base * (1 + 0.2 * (2 * expectedRandom() - 1)))]);
      harness.system.ref<TestMsg>('w').tell({ type: 'crash' });
      await flushPromises();
      seen.push(harness.clock.pendingDelays());
      expect(harness.system.tree().children[0]?.state).to.equal('restarting');
      await harness.clock.advance(seen[attempt]![0]!);
      expect(harness.system.tree().children[0]?.state).to.equal('running');
    }
    expect(seen).to.deep.equal(expected);
    expect(harness.probe.of('restart-scheduled').map((e) => e.attempt)).to.deep.equal([0, 1, 2, 3, 4, 5]);
  });

  it('should follow the exponential schedule to the cap with jitter 0', async () => {
    harness = await startHarness(tree('one_for_one', [worker('w', 'permanent', { minMs: 100, maxMs: 1_000, factor: 2, jitter: 0 })]));
    const seen: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      harness.system.ref<TestMsg>('w').tell({ type: 'crash' });
      await flushPromises();
      const [delay] = harness.clock.pendingDelays();
      seen.push(delay!);
      await harness.clock.advance(delay! - 1);
      expect(harness.system.tree().children[0]?.state, `attempt ${attempt}, 1 ms early`).to.equal('restarting');
      await harness.clock.advance(1);
    }
    expect(seen).to.deep.equal([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('should keep messages sent while a child waits to restart and deliver them after', async () => {
    harness = await startHarness(tree('one_for_one', [worker('w', 'permanent', { minMs: 5_000, maxMs: 5_000, factor: 1, jitter: 0 })]));
    const ref = harness.system.ref<TestMsg>('w');
    ref.tell({ type: 'crash' });
    await flushPromises();
    const reply = ref.ask({ type: 'echo', value: 'waited' }, { timeoutMs: 60_000 });
    await harness.clock.advance(5_000);
    expect(await reply).to.equal('waited');
  });

  it('should treat a failing init as a crash and retry it with backoff', async () => {
    let failures = 2;
    probe.failInit = () => failures-- > 0;
    harness = await startHarness(tree('one_for_one', [worker('w', 'permanent', { minMs: 100, maxMs: 100, factor: 1, jitter: 0 })]));
    expect(harness.system.tree().children[0]?.state).to.equal('restarting');
    await harness.clock.advance(100);
    await harness.clock.advance(100);
    expect(harness.system.tree().children[0]).to.deep.include({ state: 'running', restarts: 2 });
    expect(harness.system.tree().children[0]?.lastError).to.match(/init of w failed on purpose/);
  });
});
