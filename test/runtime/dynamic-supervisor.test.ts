import { expect } from 'chai';
import { workerSpec } from '../../runtime/actor-cell.js';
import { dynamicSupervisorSpec, type DynamicSupervisor, type DynamicSupervisorSpecOptions } from '../../runtime/dynamic-supervisor.js';
import { supervisorSpec } from '../../runtime/supervisor.js';
import { flushPromises } from '../support/fake-clock.js';
import { startHarness, stopHarness, type Harness } from '../support/runtime-harness.js';
import { createTestActor, TestActorProbe, type TestMsg, type TestState } from '../support/test-actor.js';

const IDLE_MS = 10_000;
const SWEEP_MS = 1_000;

describe('DynamicSupervisor', () => {
  let harness: Harness | undefined;
  let probe: TestActorProbe;
  beforeEach(() => {
    probe = new TestActorProbe();
  });
  afterEach(async () => {
    await stopHarness(harness);
    harness = undefined;
  });

  /** `conversations` (children at `conversation/<key>`, reaped after IDLE_MS) under a one_for_one root. */
  const startConversations = async (options: Pick<DynamicSupervisorSpecOptions, 'child' | 'intensity' | 'keepAlive'>) => {
    harness = await startHarness(
      supervisorSpec({
        id: 'root',
        strategy: 'one_for_one',
        children: [dynamicSupervisorSpec({ id: 'conversations', childType: 'conversation', idleMs: IDLE_MS, sweepMs: SWEEP_MS, ...options })],
      }),
    );
    return harness.system.registry.get('conversations')!.node as DynamicSupervisor;
  };

  const start = (options: { keepAlive?: boolean; restart?: 'permanent' | 'transient' | 'temporary' } = {}) =>
    startConversations({
      keepAlive: options.keepAlive,
      intensity: { maxRestarts: 100, withinMs: 60_000 },
      child: () =>
        workerSpec({
          id: 'conversation',
          definition: createTestActor({ probe }),
          restart: options.restart ?? 'transient',
          backoff: { minMs: 0, maxMs: 0, factor: 1, jitter: 0 },
        }),
    });

  it('should spawn one actor for 1000 concurrent first getOrSpawn calls of one key', async () => {
    const conversations = await start();
    const refs = await Promise.all(Array.from({ length: 1_000 }, async () => conversations.getOrSpawn<TestMsg>('5511999990000')));
    const replies = await Promise.all(refs.map((ref) => ref.ask<number>({ type: 'increment' })));
    expect(probe.inits).to.equal(1);
    expect(conversations.size).to.equal(1);
    expect(new Set(refs.map((ref) => ref.incarnation)).size).to.equal(1);
    expect([...replies].sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 1_000 }, (_, i) => i + 1));
    expect(harness!.system.registry.has('conversation/5511999990000')).to.equal(true);
  });

  it('should find a child by address like conversation/<key>', async () => {
    const conversations = await start();
    conversations.getOrSpawn<TestMsg>('c1');
    const ref = harness!.system.ref<TestMsg>('conversation/c1');
    expect(await ref.ask({ type: 'echo', value: 'oi' })).to.equal('oi');
    expect(harness!.system.lookup('conversation/nobody')).to.equal(undefined);
  });

  it('should restart a crashed child with fresh state, leaving its siblings alone', async () => {
    const conversations = await start();
    const a = conversations.getOrSpawn<TestMsg>('a');
    const b = conversations.getOrSpawn<TestMsg>('b');
    await a.ask({ type: 'increment' });
    await b.ask({ type: 'increment' });
    a.tell({ type: 'crash' });
    await flushPromises();
    expect((await a.ask<TestState>({ type: 'state' })).count).to.equal(0);
    expect((await b.ask<TestState>({ type: 'state' })).count).to.equal(1);
  });

  it('should remove a transient child that stopped normally and reactivate it on the next message', async () => {
    const conversations = await start();
    const ref = conversations.getOrSpawn<TestMsg>('a');
    await ref.ask({ type: 'stop' });
    await flushPromises();
    expect(conversations.size).to.equal(0);
    expect(harness!.system.registry.has('conversation/a')).to.equal(false);
    expect(await ref.ask({ type: 'echo', value: 'again' })).to.equal('again');
    expect(probe.inits).to.equal(2);
  });

  it('should hand messages queued behind a normal exit to a new incarnation', async () => {
    const conversations = await start();
    const ref = conversations.getOrSpawn<TestMsg>('a');
    await flushPromises();
    ref.tell({ type: 'stop' });
    const queued = ref.ask<number>({ type: 'record', tag: 'after-stop' });
    expect(await queued).to.equal(1);
    expect(probe.inits).to.equal(2);
    expect(probe.terminated.map((t) => t.reason)).to.deep.equal(['normal']);
  });

  it('should reject messages queued behind the crash of a temporary child', async () => {
    const conversations = await start({ restart: 'temporary' });
    const ref = conversations.getOrSpawn<TestMsg>('a');
    await flushPromises();
    ref.tell({ type: 'crash' });
    const queued = await ref.ask({ type: 'echo', value: 1 }).catch((e: unknown) => e);
    expect(queued).to.have.property('code', 'ACTOR_STOPPED');
    expect(conversations.size).to.equal(0);
  });

  it('should passivate idle children with a single timer for all of them', async () => {
    const conversations = await start();
    for (let i = 0; i < 50; i++) conversations.getOrSpawn<TestMsg>(`c${i}`);
    await flushPromises();
    expect(harness!.clock.pendingTimers).to.equal(1);
    await harness!.clock.advance(IDLE_MS - SWEEP_MS);
    expect(conversations.size).to.equal(50);
    await harness!.clock.advance(SWEEP_MS);
    expect(conversations.size).to.equal(0);
    expect(harness!.probe.of('passivated')).to.have.length(50);
    expect(probe.terminated.every((t) => t.reason === 'passivate')).to.equal(true);
    expect(harness!.clock.pendingTimers).to.equal(1);
  });

  it('should count only messages from outside as activity', async () => {
    const conversations = await start();
    const busy = conversations.getOrSpawn<TestMsg>('busy');
    const selfish = conversations.getOrSpawn<TestMsg>('selfish');
    selfish.tell({ type: 'tick', everyMs: 1_000 }); // then it keeps telling itself, every second
    for (let t = 0; t < 12; t++) {
      busy.tell({ type: 'echo', value: t });
      await harness!.clock.advance(1_000);
    }
    expect(conversations.keys()).to.deep.equal(['busy']);
    const ticks = probe.events.filter((e) => e.startsWith('conversation/selfish:tick'));
    expect(ticks.length).to.be.greaterThan(8);
    // Its timer fired after passivation but saw a stale self ref: no reactivation.
    await harness!.clock.advance(5_000);
    expect(conversations.keys()).to.deep.equal(['busy']);
    expect(probe.events.filter((e) => e.startsWith('conversation/selfish:tick'))).to.have.length(ticks.length);
  });

  it('should not passivate keepAlive children', async () => {
    const conversations = await start({ keepAlive: true });
    conversations.getOrSpawn<TestMsg>('session');
    await harness!.clock.advance(10 * IDLE_MS);
    expect(conversations.size).to.equal(1);
    expect(harness!.clock.pendingTimers).to.equal(0);
  });

  it('should lose no message across passivation and reactivation, including messages sent mid-stop', async () => {
    const conversations = await start();
    const ref = conversations.getOrSpawn<TestMsg>('c1');
    await ref.ask({ type: 'record', tag: 'before' });
    let release!: () => void;
    probe.terminateGate = new Promise<void>((resolve) => {
      release = resolve;
    });
    await harness!.clock.advance(IDLE_MS);
    // terminate is now hanging: the handshake is in progress.
    expect(harness!.system.tree().children[0]?.children[0]?.state).to.equal('passivated');
    expect(probe.terminated.map((t) => t.reason)).to.deep.equal(['passivate']);
    ref.tell({ type: 'record', tag: 'mid-1' });
    const asked = ref.ask<number>({ type: 'record', tag: 'mid-2' }, { timeoutMs: 60_000 });
    harness!.system.ref<TestMsg>('conversation/c1').tell({ type: 'record', tag: 'mid-3' });
    expect(probe.events.filter((e) => e.includes('mid'))).to.deep.equal([]);
    probe.terminateGate = undefined;
    release();
    await flushPromises();
    expect(await asked).to.equal(2);
    expect(probe.events.filter((e) => e.startsWith('conversation/c1:mid'))).to.deep.equal([
      'conversation/c1:mid-1',
      'conversation/c1:mid-2',
      'conversation/c1:mid-3',
    ]);
    expect(probe.inits).to.equal(2);
    expect(harness!.probe.of('reactivated')).to.deep.equal([{ type: 'reactivated', address: 'conversation/c1', buffered: 3 }]);
    const state = await ref.ask<TestState>({ type: 'state' });
    expect(state.log).to.deep.equal(['mid-1', 'mid-2', 'mid-3']);
    expect(ref.isAlive).to.equal(false); // issued for the first incarnation
  });

  it('should reactivate a passivated child through an old ref', async () => {
    const conversations = await start();
    const ref = conversations.getOrSpawn<TestMsg>('c1');
    await flushPromises();
    await harness!.clock.advance(IDLE_MS + SWEEP_MS);
    expect(conversations.size).to.equal(0);
    expect(ref.isAlive).to.equal(false);
    expect(await ref.ask({ type: 'echo', value: 'voltei' })).to.equal('voltei');
    expect(conversations.size).to.equal(1);
  });

  it('should refuse messages beyond capacity during the handshake instead of buffering without bound', async () => {
    const conversations = await startConversations({
      child: () => workerSpec({ id: 'c', definition: createTestActor({ probe }), mailboxCapacity: 2 }),
    });
    const ref = conversations.getOrSpawn<TestMsg>('c1');
    probe.terminateGate = new Promise<void>(() => undefined);
    await harness!.clock.advance(IDLE_MS);
    ref.tell({ type: 'echo', value: 1 });
    ref.tell({ type: 'echo', value: 2 });
    expect(() => ref.tell({ type: 'echo', value: 3 })).to.throw().with.property('code', 'MAILBOX_FULL');
    probe.terminateGate = undefined;
  });
});
