import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { workerSpec } from '../../runtime/actor-cell.js';
import { ActorNotFoundError, AskTimeoutError, ManifestError } from '../../runtime/errors.js';
import { loadManifest } from '../../runtime/manifest.js';
import type { TreeNode } from '../../runtime/node.js';
import { mulberry32 } from '../../runtime/random.js';
import { supervisorSpec } from '../../runtime/supervisor.js';
import { ActorSystem } from '../../runtime/system.js';
import { FakeClock, flushPromises } from '../support/fake-clock.js';
import { startHarness, stopHarness, type Harness } from '../support/runtime-harness.js';
import { createTestActor, TestActorProbe, type TestMsg, type TestState } from '../support/test-actor.js';

const REPO_MANIFEST = fileURLToPath(new URL('../../actors.json', import.meta.url));

function shape(node: TreeNode): unknown {
  return { [`${node.address} (${node.kind}, ${node.state})`]: node.children.map(shape) };
}

describe('ActorSystem', () => {
  let harness: Harness | undefined;
  let probe: TestActorProbe;
  beforeEach(() => {
    probe = new TestActorProbe();
  });
  afterEach(async () => {
    await stopHarness(harness);
    harness = undefined;
  });

  describe('booted from actors.json', () => {
    let system: ActorSystem | undefined;
    let clock: FakeClock;
    afterEach(async () => {
      if (!system) return;
      const stopping = system.stop();
      await clock.advance(60_000);
      await stopping;
      system = undefined;
    });

    const boot = async () => {
      clock = new FakeClock();
      const actor = createTestActor({ probe });
      system = await ActorSystem.boot(loadManifest({ path: REPO_MANIFEST }), {
        clock,
        random: mulberry32(3),
        definitions: { shop: actor, session: actor, conversation: actor, aurora: actor, edge: actor },
      });
      await flushPromises();
      return system;
    };

    it('should activate org/<org> on the way to conversation/<org>/<contact>', async () => {
      const sys = await boot();
      const ref = sys.getOrSpawn<TestMsg>('conversation/o1/5511999990000');
      expect(await ref.ask({ type: 'echo', value: 'não, obrigado 🐶' })).to.equal('não, obrigado 🐶');
      sys.getOrSpawn('session/o1/instance-1');
      await flushPromises();
      expect(shape(sys.tree())).to.deep.equal({
        'root (supervisor, running)': [
          {
            'orgs (supervisor, running)': [
              {
                'org/o1 (supervisor, running)': [
                  { 'shop/o1 (worker, running)': [] },
                  { 'sessions/o1 (supervisor, running)': [{ 'session/o1/instance-1 (worker, running)': [] }] },
                  { 'conversations/o1 (supervisor, running)': [{ 'conversation/o1/5511999990000 (worker, running)': [] }] },
                  { 'aurora/o1 (worker, running)': [] },
                ],
              },
            ],
          },
          { 'edge (worker, running)': [] },
        ],
      });
      // Asked before org/o1 had started, the first ref is not bound to an incarnation yet.
      expect(ref.incarnation).to.equal(undefined);
      const again = sys.getOrSpawn('conversation/o1/5511999990000');
      expect(again.isAlive).to.equal(true);
      expect(sys.getOrSpawn('conversation/o1/5511999990000').incarnation).to.equal(again.incarnation);
      expect(probe.events.filter((e) => e.startsWith('conversation/o1/5511999990000:init'))).to.have.length(1);
      const state = await sys.ref<TestMsg>('aurora/o1').ask<TestState>({ type: 'state' });
      expect(state.address).to.equal('aurora/o1');
    });

    it('should give workers their type, key and extra args', async () => {
      clock = new FakeClock();
      let seen: Readonly<Record<string, unknown>> | undefined;
      const actor = createTestActor();
      system = await ActorSystem.boot(loadManifest({ path: REPO_MANIFEST }), {
        clock,
        definitions: {
          shop: actor,
          session: actor,
          aurora: actor,
          edge: actor,
          conversation: {
            init: (ctx) => {
              seen = ctx.args;
              return {};
            },
            handle: (state) => ({ state }),
          },
        },
        args: (type, key) => ({ greeting: `olá ${type} ${key}` }),
      });
      system.getOrSpawn('conversation/o2/c9');
      await flushPromises();
      expect(seen).to.deep.equal({ key: 'o2/c9', type: 'conversation', greeting: 'olá conversation o2/c9' });
    });

    it('should refuse to boot when a worker type has no definition', () => {
      try {
        ActorSystem.fromManifest(loadManifest({ path: REPO_MANIFEST }), { definitions: { session: createTestActor(), nosuch: createTestActor() } });
        expect.fail('expected a ManifestError');
      } catch (error) {
        expect(error).to.be.instanceOf(ManifestError);
        expect((error as ManifestError).problems).to.have.members([
          'definitions.nosuch: no actor type "nosuch" in the manifest',
          // Every product type names its module in actors.json; the edge is the node's own (its bus).
          'actors.edge: no definition (set "module" or pass definitions.edge)',
        ]);
      }
    });

    it('should leave the registry empty after stop', async () => {
      const sys = await boot();
      sys.getOrSpawn('conversation/o1/c1');
      await flushPromises();
      expect(sys.registry.size).to.be.greaterThan(5);
      const stopping = sys.stop();
      await clock.advance(60_000);
      await stopping;
      expect(sys.registry.size).to.equal(0);
      expect(sys.state).to.equal('stopped');
      system = undefined;
    });
  });

  it('should show crashed and dead children in tree() instead of failing', async () => {
    harness = await startHarness(
      supervisorSpec({
        id: 'root',
        strategy: 'one_for_one',
        children: [
          workerSpec({ id: 'flaky', definition: createTestActor({ probe }), backoff: { minMs: 5_000, maxMs: 5_000, factor: 1, jitter: 0 } }),
          workerSpec({ id: 'gone', definition: createTestActor({ probe }), restart: 'temporary' }),
        ],
      }),
    );
    harness.system.ref<TestMsg>('flaky').tell({ type: 'crash', message: 'boom' });
    harness.system.ref<TestMsg>('gone').tell({ type: 'crash', message: 'bye' });
    await harness.clock.advance(1_000);
    const tree = harness.system.tree();
    expect(JSON.parse(JSON.stringify(tree))).to.deep.equal(tree);
    const [flaky, gone] = tree.children;
    expect(flaky).to.deep.include({ address: 'flaky', kind: 'worker', state: 'restarting', restarts: 0, lastError: 'Error: boom', uptimeMs: 0 });
    expect(gone).to.deep.include({ address: 'gone', state: 'stopped', lastError: 'Error: bye' });
    await harness.clock.advance(4_000);
    await harness.clock.advance(2_500);
    expect(harness.system.tree().children[0]).to.deep.include({ state: 'running', restarts: 1, uptimeMs: 2_500 });
  });

  it('should restart an actor by address for the admin endpoint, and reject unknown addresses', async () => {
    harness = await startHarness(
      supervisorSpec({ id: 'root', strategy: 'one_for_one', children: [workerSpec({ id: 'w', definition: createTestActor({ probe }) })] }),
    );
    const ref = harness.system.ref<TestMsg>('w');
    await ref.ask({ type: 'increment' });
    await harness.system.restart('w');
    expect((await ref.ask<TestState>({ type: 'state' })).count).to.equal(0);
    expect(probe.terminated.map((t) => t.reason)).to.deep.equal(['restart']);
    const error = await harness.system.restart('conversation/nope').catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ActorNotFoundError).with.property('code', 'ACTOR_NOT_FOUND');
    await harness.system.restart('root');
    expect(harness.system.tree()).to.deep.include({ state: 'running', restarts: 1 });
  });

  it('should reject an ask with AskTimeoutError after its timeout on the injected clock', async () => {
    harness = await startHarness(
      supervisorSpec({ id: 'root', strategy: 'one_for_one', children: [workerSpec({ id: 'w', definition: createTestActor(), messageTimeoutMs: 0 })] }),
    );
    let settled = false;
    const reply = harness.system
      .ref<TestMsg>('w')
      .ask({ type: 'hang' }, { timeoutMs: 500 })
      .catch((e: unknown) => e)
      .finally(() => {
        settled = true;
      });
    await harness.clock.advance(499);
    expect(settled).to.equal(false);
    await harness.clock.advance(1);
    expect(await reply).to.be.instanceOf(AskTimeoutError).with.property('code', 'ASK_TIMEOUT');
  });

  it('should shut down in reverse start order, a hanging handler delaying it only by its own shutdownMs', async () => {
    harness = await startHarness(
      supervisorSpec({
        id: 'root',
        strategy: 'one_for_one',
        children: [
          workerSpec({ id: 'a', definition: createTestActor({ probe }), shutdownMs: 1_000 }),
          workerSpec({ id: 'b', definition: createTestActor({ probe }), shutdownMs: 3_000, messageTimeoutMs: 0 }),
          workerSpec({ id: 'c', definition: createTestActor({ probe }), shutdownMs: 1_000 }),
        ],
      }),
    );
    harness.system.ref<TestMsg>('b').tell({ type: 'hang' });
    const queued = harness.system.ref<TestMsg>('b').ask({ type: 'state' }, { timeoutMs: 60_000 }).catch((e: unknown) => e);
    await flushPromises();
    let stopped = false;
    const stopping = harness.system.stop().then(() => {
      stopped = true;
    });
    await flushPromises();
    expect(probe.terminated.map((t) => t.address)).to.deep.equal(['c']);
    await harness.clock.advance(2_999);
    expect(stopped).to.equal(false);
    expect(probe.terminated.map((t) => t.address)).to.deep.equal(['c']);
    await harness.clock.advance(1);
    await stopping;
    expect(stopped).to.equal(true);
    // b was killed (no terminate), a stopped normally after it.
    expect(probe.terminated.map((t) => `${t.address}:${t.reason}`)).to.deep.equal(['c:shutdown', 'a:shutdown']);
    expect(harness.probe.of('killed').map((e) => e.address)).to.deep.equal(['b']);
    expect(await queued).to.have.property('code', 'ACTOR_STOPPED');
    expect(harness.system.registry.size).to.equal(0);
    harness = undefined;
  });
});

describe('ActorSystem logging', () => {
  it('should accept a pino logger and log crashes with the actor address', async () => {
    const { pino } = await import('pino');
    const lines: Array<Record<string, unknown>> = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
    const harness = await startHarness(
      supervisorSpec({ id: 'root', strategy: 'one_for_one', children: [workerSpec({ id: 'w', definition: createTestActor() })] }),
      { logger },
    );
    harness.system.ref<TestMsg>('w').tell({ type: 'crash', message: 'boom' });
    await flushPromises();
    const crash = lines.find((line) => line['msg'] === 'actor crashed');
    expect(crash).to.deep.include({ address: 'w', level: 40 });
    expect((crash?.['err'] as { message: string }).message).to.equal('boom');
    await stopHarness(harness);
  });
});
