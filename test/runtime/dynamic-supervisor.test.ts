import { expect } from 'chai';
import { workerSpec } from '../../runtime/actor-cell.js';
import { DEFAULT_SHUTDOWN_MS } from '../../runtime/child-spec.js';
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

  describe('admin restart and the passivation handshake', () => {
    const ADDRESS = 'conversation/c1';

    /** Makes the next `terminate` hang until the returned function is called. */
    const holdTerminate = (): (() => void) => {
      let release!: () => void;
      probe.terminateGate = new Promise<void>((resolve) => {
        release = resolve;
      });
      return () => {
        probe.terminateGate = undefined;
        release();
      };
    };

    /** Incarnations of `address` that ran `init` and never got to `terminate` (an orphan stays here forever). */
    const liveIncarnations = (address = ADDRESS): number[] =>
      probe.events
        .filter((event) => event.startsWith(`${address}:init#`))
        .map((event) => Number(event.slice(event.lastIndexOf('#') + 1)))
        .filter((id) => !probe.terminated.some((t) => t.address === address && t.incarnation === id));

    const handled = (prefix: string): string[] => probe.events.filter((event) => event.startsWith(`${ADDRESS}:${prefix}`));

    /** One running child in the tree, the registry and the supervisor, and it is the only live incarnation. */
    const expectOneRunningNode = (conversations: DynamicSupervisor): number => {
      const live = liveIncarnations();
      expect(live, 'live incarnations').to.have.length(1);
      const children = harness!.system.tree().children[0]!.children;
      expect(children.map((c) => ({ address: c.address, state: c.state, incarnation: c.incarnation }))).to.deep.equal([
        { address: ADDRESS, state: 'running', incarnation: live[0] },
      ]);
      expect(conversations.keys()).to.deep.equal(['c1']);
      const entry = harness!.system.registry.get(ADDRESS);
      expect(entry?.node.incarnation, 'registry').to.equal(live[0]);
      expect(entry?.node.tree().state).to.equal('running');
      expect(harness!.system.lookup(ADDRESS)?.isAlive).to.equal(true);
      return live[0]!;
    };

    /** Stops the system: every incarnation must get its terminate (an orphan would not). */
    const expectNoOrphanAfterStop = async (): Promise<void> => {
      await stopHarness(harness);
      harness = undefined;
      expect(liveIncarnations(), 'incarnations left running after stop').to.deep.equal([]);
    };

    it('should lose nothing and keep one incarnation when an admin restart lands mid-passivation', async () => {
      const conversations = await start();
      const ref = conversations.getOrSpawn<TestMsg>('c1');
      await ref.ask({ type: 'record', tag: 'before' });
      const release = holdTerminate();
      await harness!.clock.advance(IDLE_MS);
      // The handshake is in progress: terminate(passivate) hangs, new messages are buffered.
      expect(probe.terminated.map((t) => t.reason)).to.deep.equal(['passivate']);
      expect(harness!.system.tree().children[0]?.children[0]?.state).to.equal('passivated');
      ref.tell({ type: 'record', tag: 'mid-1' });
      const asked = ref.ask<number>({ type: 'record', tag: 'mid-2' }, { timeoutMs: 60_000 });
      const restarted = harness!.system.restart(ADDRESS);
      await flushPromises();
      ref.tell({ type: 'record', tag: 'mid-3' });
      harness!.system.ref<TestMsg>(ADDRESS).tell({ type: 'record', tag: 'mid-4' });
      await flushPromises();
      release();
      await restarted;
      await flushPromises();
      expect(await asked).to.equal(2);
      ref.tell({ type: 'record', tag: 'after' });
      await flushPromises();
      expect(handled('mid')).to.deep.equal([`${ADDRESS}:mid-1`, `${ADDRESS}:mid-2`, `${ADDRESS}:mid-3`, `${ADDRESS}:mid-4`]);
      const live = expectOneRunningNode(conversations);
      const state = await ref.ask<TestState>({ type: 'state' });
      expect(state.incarnation).to.equal(live);
      expect(state.log).to.deep.equal(['mid-1', 'mid-2', 'mid-3', 'mid-4', 'after']);
      expect(probe.terminated.map((t) => t.reason)).to.deep.equal(['passivate']);
      await expectNoOrphanAfterStop();
    });

    it('should restart into a running child even when nothing was buffered during the handshake', async () => {
      const conversations = await start();
      const ref = conversations.getOrSpawn<TestMsg>('c1');
      await ref.ask({ type: 'record', tag: 'before' });
      const release = holdTerminate();
      await harness!.clock.advance(IDLE_MS);
      const restarted = harness!.system.restart(ADDRESS);
      await flushPromises();
      release();
      await restarted;
      await flushPromises();
      expectOneRunningNode(conversations);
      expect((await ref.ask<TestState>({ type: 'state' })).log).to.deep.equal([]);
      await expectNoOrphanAfterStop();
    });

    it('should not let a passivation whose terminate overruns shutdownMs kill the restarted child', async () => {
      const conversations = await start();
      const ref = conversations.getOrSpawn<TestMsg>('c1');
      await ref.ask({ type: 'record', tag: 'before' });
      holdTerminate(); // never released: the handshake kills it after shutdownMs
      await harness!.clock.advance(IDLE_MS);
      probe.terminateGate = undefined; // only the passivating incarnation hangs
      ref.tell({ type: 'record', tag: 'mid-1' });
      const restarted = harness!.system.restart(ADDRESS);
      await flushPromises();
      ref.tell({ type: 'record', tag: 'mid-2' });
      await harness!.clock.advance(DEFAULT_SHUTDOWN_MS);
      await restarted;
      await flushPromises();
      expect(handled('mid')).to.deep.equal([`${ADDRESS}:mid-1`, `${ADDRESS}:mid-2`]);
      const live = expectOneRunningNode(conversations);
      const state = await ref.ask<TestState>({ type: 'state' });
      expect(state).to.deep.include({ incarnation: live, log: ['mid-1', 'mid-2'] });
      await expectNoOrphanAfterStop();
    });

    it('should not passivate a child during its admin restart, and hand it what arrived meanwhile', async () => {
      const conversations = await start();
      const ref = conversations.getOrSpawn<TestMsg>('c1');
      await ref.ask({ type: 'record', tag: 'before' });
      await harness!.clock.advance(IDLE_MS - SWEEP_MS); // idle, one sweep short of passivation
      const release = holdTerminate();
      const restarted = harness!.system.restart(ADDRESS);
      await flushPromises();
      expect(probe.terminated.map((t) => t.reason)).to.deep.equal(['restart']); // terminate(restart) hangs
      await harness!.clock.advance(SWEEP_MS); // the sweep that would passivate it
      expect(harness!.probe.of('passivated')).to.deep.equal([]);
      ref.tell({ type: 'record', tag: 'mid-1' });
      const asked = ref.ask<number>({ type: 'record', tag: 'mid-2' }, { timeoutMs: 60_000 });
      release();
      await restarted;
      await flushPromises();
      expect(await asked).to.equal(2);
      expect(handled('mid')).to.deep.equal([`${ADDRESS}:mid-1`, `${ADDRESS}:mid-2`]);
      const live = expectOneRunningNode(conversations);
      expect(await ref.ask<TestState>({ type: 'state' })).to.deep.include({ incarnation: live, log: ['mid-1', 'mid-2'] });
      expect(probe.terminated.map((t) => t.reason)).to.deep.equal(['restart']);
      await expectNoOrphanAfterStop();
    });

    it('should restart a child waiting for its backoff at once, its pending backoff restart then doing nothing', async () => {
      const conversations = await startConversations({
        intensity: { maxRestarts: 100, withinMs: 60_000 },
        child: () =>
          workerSpec({
            id: 'conversation',
            definition: createTestActor({ probe }),
            restart: 'transient',
            backoff: { minMs: 5_000, maxMs: 5_000, factor: 1, jitter: 0 },
          }),
      });
      const ref = conversations.getOrSpawn<TestMsg>('c1');
      await flushPromises();
      ref.tell({ type: 'crash' });
      await flushPromises();
      expect(harness!.system.tree().children[0]?.children[0]?.state).to.equal('restarting');
      ref.tell({ type: 'record', tag: 'mid-1' });
      await harness!.system.restart(ADDRESS);
      await flushPromises();
      expect(handled('mid')).to.deep.equal([`${ADDRESS}:mid-1`]);
      const live = expectOneRunningNode(conversations);
      await harness!.clock.advance(5_000); // the backoff restart was superseded
      expect(expectOneRunningNode(conversations)).to.equal(live);
      expect(probe.inits).to.equal(2);
      await expectNoOrphanAfterStop();
    });

    it('should give an admin-restarted child a whole idle period before the reaper passivates it', async () => {
      const conversations = await start();
      const ref = conversations.getOrSpawn<TestMsg>('c1');
      await ref.ask({ type: 'record', tag: 'before' });
      await harness!.clock.advance(IDLE_MS - SWEEP_MS);
      await harness!.system.restart(ADDRESS);
      await harness!.clock.advance(IDLE_MS - SWEEP_MS);
      expectOneRunningNode(conversations);
      await harness!.clock.advance(2 * SWEEP_MS);
      expect(conversations.size).to.equal(0);
      expect(probe.terminated.map((t) => t.reason)).to.deep.equal(['restart', 'passivate']);
      await expectNoOrphanAfterStop();
    });
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

  it('should stop a dismissed child for good: its queued messages are refused, not handed to a new incarnation', async () => {
    const conversations = await start({ keepAlive: true });
    const ref = conversations.getOrSpawn<TestMsg>('c1');
    await ref.ask({ type: 'increment' });
    const slow = ref.ask({ type: 'slow', ms: 100, tag: 'busy' });
    const queued = ref.ask({ type: 'echo', value: 'queued' }).then(() => 'handled', (error: { code?: string }) => error.code);
    await flushPromises();
    expect(probe.events).to.include('busy:start');
    const dismissed = harness!.system.dismiss('conversation/c1');
    expect(() => ref.tell({ type: 'echo', value: 'late' }), 'refused while it stops').to.throw().with.property('code', 'ACTOR_STOPPED');
    await harness!.clock.advance(100);
    await dismissed;
    expect(await slow).to.equal('busy');
    expect(await queued).to.equal('ACTOR_STOPPED');
    expect(conversations.size).to.equal(0);
    expect(probe.inits, 'no new incarnation took its mailbox').to.equal(1);
    expect(harness!.system.lookup('conversation/c1')).to.equal(undefined);
  });

  it('should refuse to start a child the admit hook refuses, and start it once admitted', async () => {
    let admitted = false;
    harness = await startHarness(
      supervisorSpec({
        id: 'root',
        strategy: 'one_for_one',
        children: [dynamicSupervisorSpec({
          id: 'conversations', childType: 'conversation',
          child: () => workerSpec({ id: 'conversation', definition: createTestActor({ probe }), restart: 'transient' }),
        })],
      }),
      { admit: (address) => admitted || address !== 'conversation/elsewhere' },
    );
    const conversations = harness.system.registry.get('conversations')!.node as DynamicSupervisor;
    expect(() => conversations.getOrSpawn<TestMsg>('elsewhere')).to.throw().with.property('code', 'NOT_ADMITTED');
    expect(conversations.size).to.equal(0);
    expect(await conversations.getOrSpawn<TestMsg>('here').ask({ type: 'echo', value: 1 })).to.equal(1);
    admitted = true;
    expect(await conversations.getOrSpawn<TestMsg>('elsewhere').ask({ type: 'echo', value: 2 })).to.equal(2);
  });
});
