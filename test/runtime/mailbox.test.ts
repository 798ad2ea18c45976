import { expect } from 'chai';
import fc from 'fast-check';
import { workerSpec } from '../../runtime/actor-cell.js';
import { MailboxFullError, MessageTimeoutError } from '../../runtime/errors.js';
import { Mailbox } from '../../runtime/mailbox.js';
import { supervisorSpec } from '../../runtime/supervisor.js';
import { FakeClock, flushPromises } from '../support/fake-clock.js';
import { startHarness, stopHarness, type Harness } from '../support/runtime-harness.js';
import { createTestActor, TestActorProbe, type TestMsg, type TestState } from '../support/test-actor.js';

describe('Mailbox', () => {
  it('should never run two turns at once and keep FIFO order, whatever the handlers await', async () => {
    const scenario = fc.array(fc.record({ handlerYields: fc.nat({ max: 4 }), postAfterYields: fc.nat({ max: 3 }) }), {
      minLength: 1,
      maxLength: 30,
    });
    await fc.assert(
      fc.asyncProperty(scenario, async (items) => {
        let running = 0;
        let maxRunning = 0;
        const order: number[] = [];
        const mailbox = new Mailbox<number>({
          address: 'test',
          capacity: 100,
          messageTimeoutMs: 0,
          clock: new FakeClock(),
          turn: async (item) => {
            running++;
            maxRunning = Math.max(maxRunning, running);
            for (let i = 0; i < items[item]!.handlerYields; i++) await new Promise<void>((resolve) => setImmediate(resolve));
            order.push(item);
            running--;
          },
          onTimeout: () => undefined,
        });
        mailbox.resume();
        // Posts arrive while earlier turns are still awaiting, not only in one synchronous burst.
        for (const [index, item] of items.entries()) {
          await flushPromises(item.postAfterYields);
          mailbox.post(index);
        }
        await flushPromises(items.reduce((sum, item) => sum + item.handlerYields + 1, 5));
        expect(maxRunning).to.equal(1);
        expect(order).to.deep.equal(items.map((_, index) => index));
        expect(mailbox.stats.processed).to.equal(items.length);
      }),
      { numRuns: 50 },
    );
  });

  it('should refuse items beyond capacity with MailboxFullError and count overflows', async () => {
    const mailbox = new Mailbox<string>({
      address: 'conversation/o1/c1',
      capacity: 2,
      messageTimeoutMs: 0,
      clock: new FakeClock(),
      turn: () => new Promise<void>(() => undefined), // the first item never finishes
      onTimeout: () => undefined,
    });
    mailbox.resume();
    mailbox.post('in-flight');
    await flushPromises();
    mailbox.post('a');
    mailbox.post('b');
    expect(() => mailbox.post('c')).to.throw(MailboxFullError).with.property('code', 'MAILBOX_FULL');
    expect(() => mailbox.post('d')).to.throw(MailboxFullError);
    expect(mailbox.stats).to.deep.include({ depth: 2, capacity: 2, overflows: 2, processed: 0, busy: true });
  });

  it('should report a turn over messageTimeoutMs and move on', async () => {
    const clock = new FakeClock();
    const timedOut: Array<{ item: string; error: MessageTimeoutError }> = [];
    const handled: string[] = [];
    const mailbox = new Mailbox<string>({
      address: 'x',
      capacity: 10,
      messageTimeoutMs: 1_000,
      clock,
      turn: async (item) => {
        if (item === 'hang') await new Promise<void>(() => undefined);
        handled.push(item);
      },
      onTimeout: (item, error) => timedOut.push({ item, error }),
    });
    mailbox.resume();
    mailbox.post('hang');
    mailbox.post('next');
    await clock.advance(999);
    expect(timedOut).to.have.length(0);
    expect(handled).to.deep.equal([]);
    await clock.advance(1);
    expect(timedOut.map((t) => t.item)).to.deep.equal(['hang']);
    expect(timedOut[0]?.error).to.be.instanceOf(MessageTimeoutError).with.property('timeoutMs', 1_000);
    expect(handled).to.deep.equal(['next']);
  });
});

describe('ActorCell mailbox', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await stopHarness(harness);
    harness = undefined;
  });

  it('should run one turn at a time even when the handler awaits', async () => {
    const probe = new TestActorProbe();
    harness = await startHarness(
      supervisorSpec({ id: 'root', strategy: 'one_for_one', children: [workerSpec({ id: 'worker', definition: createTestActor({ probe }) })] }),
    );
    const ref = harness.system.ref<TestMsg>('worker');
    const a = ref.ask({ type: 'slow', ms: 100, tag: 'A' }, { timeoutMs: 10_000 });
    await flushPromises(); // A is now awaiting inside its handler
    const b = ref.ask({ type: 'slow', ms: 100, tag: 'B' }, { timeoutMs: 10_000 });
    await flushPromises();
    expect(probe.events.filter((e) => !e.includes('init'))).to.deep.equal(['A:start']);
    await harness.clock.advance(100);
    expect(probe.events.filter((e) => !e.includes('init'))).to.deep.equal(['A:start', 'A:end', 'B:start']);
    await harness.clock.advance(100);
    expect(await a).to.equal('A');
    expect(await b).to.equal('B');
    expect(probe.events.filter((e) => !e.includes('init'))).to.deep.equal(['A:start', 'A:end', 'B:start', 'B:end']);
    const state = await ref.ask<TestState>({ type: 'state' });
    expect(state.log).to.deep.equal(['A', 'B']);
  });

  it('should answer MailboxFullError to the sender and count it in the tree', async () => {
    harness = await startHarness(
      supervisorSpec({
        id: 'root',
        strategy: 'one_for_one',
        children: [workerSpec({ id: 'worker', definition: createTestActor(), mailboxCapacity: 2, messageTimeoutMs: 0 })],
      }),
    );
    const ref = harness.system.ref<TestMsg>('worker');
    ref.tell({ type: 'hang' });
    await flushPromises();
    ref.tell({ type: 'echo', value: 1 });
    ref.tell({ type: 'echo', value: 2 });
    expect(() => ref.tell({ type: 'echo', value: 3 })).to.throw(MailboxFullError);
    const error = await ref.ask({ type: 'echo', value: 4 }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(MailboxFullError).with.property('address', 'worker');
    const node = harness.system.tree().children[0];
    expect(node?.mailbox).to.deep.include({ depth: 2, overflows: 2, capacity: 2, busy: true });
  });

  it('should fail a message over messageTimeoutMs with MessageTimeoutError and restart the actor', async () => {
    harness = await startHarness(
      supervisorSpec({
        id: 'root',
        strategy: 'one_for_one',
        children: [workerSpec({ id: 'worker', definition: createTestActor(), messageTimeoutMs: 1_000, backoff: { minMs: 0, maxMs: 0, factor: 1, jitter: 0 } })],
      }),
    );
    const ref = harness.system.ref<TestMsg>('worker');
    await ref.ask({ type: 'increment' });
    const hung = ref.ask({ type: 'hang' }, { timeoutMs: 60_000 }).catch((e: unknown) => e);
    const queued = ref.ask<TestState>({ type: 'state' }, { timeoutMs: 60_000 });
    await harness.clock.advance(1_000);
    expect(await hung).to.be.instanceOf(MessageTimeoutError).with.property('code', 'MESSAGE_TIMEOUT');
    // The message queued behind the hung one is handled by the restarted incarnation.
    const state = await queued;
    expect(state.count).to.equal(0);
    expect(harness.probe.of('crashed', 'worker')).to.have.length(1);
    expect(harness.system.tree().children[0]).to.deep.include({ state: 'running', restarts: 1 });
    expect(harness.system.tree().children[0]?.lastError).to.match(/MESSAGE_TIMEOUT/);
  });
});
