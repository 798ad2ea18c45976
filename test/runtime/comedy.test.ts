import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSystem } from 'comedy';
import { workerSpec } from '../../runtime/actor-cell.js';
import { ComedyPlacement } from '../../runtime/comedy-placement.js';
import { ActorProcessExitedError, RemoteActorError, ValidationError } from '../../runtime/errors.js';
import { supervisorSpec } from '../../runtime/supervisor.js';
import { FakeClock } from '../support/fake-clock.js';
import { startHarness, type Harness } from '../support/runtime-harness.js';
import { EventProbe } from '../support/probe.js';
import { ActorSystem } from '../../runtime/system.js';
import type { TestMsg, TestState } from '../support/test-actor.js';
import { silentLogger } from '../../runtime/logger.js';

const TEST_ACTOR = fileURLToPath(new URL('../support/test-actor.ts', import.meta.url));

describe('comedy integration', () => {
  describe('signal handlers', () => {
    it("should show comedy's createSystem adding SIGINT/SIGTERM handlers that the placement removes", async () => {
      const appListener = (): void => undefined;
      process.on('SIGTERM', appListener);
      const before = { int: process.listeners('SIGINT'), term: process.listeners('SIGTERM') };
      try {
        // The trap itself: a bare comedy system installs its process.exit handlers.
        const bare = createSystem({ config: {}, test: true }) as unknown as { sigintHandler: () => void; sigtermHandler: () => void; destroy(): Promise<void> };
        expect(process.listeners('SIGINT')).to.include(bare.sigintHandler);
        expect(process.listeners('SIGTERM')).to.include(bare.sigtermHandler);
        await bare.destroy(); // comedy's destroy removes them again

        const placement = new ComedyPlacement({ clock: new FakeClock(), logger: silentLogger });
        expect(placement.removedSignalListeners).to.equal(2);
        expect(process.listeners('SIGINT')).to.deep.equal(before.int);
        expect(process.listeners('SIGTERM')).to.deep.equal(before.term);
        expect(process.listeners('SIGTERM')).to.include(appListener);
        await placement.destroy();
      } finally {
        process.removeListener('SIGTERM', appListener);
      }
    });
  });

  describe('destroy', () => {
    it("should bound comedy's destroy() when it hangs", async () => {
      const clock = new FakeClock();
      const placement = new ComedyPlacement({
        clock,
        logger: silentLogger,
        destroyTimeoutMs: 2_000,
        createSystem: () => ({ rootActor: () => new Promise(() => undefined), destroy: () => new Promise<void>(() => undefined) }),
      });
      let done = false;
      const destroying = placement.destroy().then(() => {
        done = true;
      });
      await clock.advance(1_999);
      expect(done).to.equal(false);
      await clock.advance(1);
      await destroying;
      expect(done).to.equal(true);
    });
  });

  describe('forked placement', function () {
    // Real child processes: bounded by mocha's timeout, never by sleeping.
    this.timeout(30_000);
    let harness: Harness | undefined;
    let persistPath: string;

    beforeEach(async () => {
      persistPath = join(mkdtempSync(join(tmpdir(), 'patinha-forked-')), 'count.json');
      harness = await startHarness(
        supervisorSpec({
          id: 'root',
          strategy: 'one_for_one',
          intensity: { maxRestarts: 10, withinMs: 60_000 },
          children: [
            workerSpec({
              id: 'forked',
              definition: { module: TEST_ACTOR },
              mode: 'forked',
              args: { persistPath },
              backoff: { minMs: 1_000, maxMs: 1_000, factor: 1, jitter: 0 },
            }),
          ],
        }),
      );
    });

    afterEach(async () => {
      // Real comedy teardown (IPC round trips); fake-time bounds are not advanced here.
      await harness?.system.stop();
      expect(harness?.system.comedy).to.not.equal(undefined);
      harness = undefined;
    });

    it('should restart a SIGKILLed child after its backoff, showing it as restarting meanwhile, with state reloaded by init', async () => {
      const { system, clock, probe } = harness!;
      const ref = system.ref<TestMsg>('forked');
      for (let i = 0; i < 3; i++) await ref.ask({ type: 'increment' });
      const before = await ref.ask<TestState>({ type: 'state' });
      expect(before.count).to.equal(3);
      expect(before.pid).to.not.equal(process.pid);
      expect(system.tree().children[0]).to.deep.include({ mode: 'forked', pid: before.pid, state: 'running' });

      const crashed = probe.next('crashed', 'forked');
      process.kill(before.pid, 'SIGKILL');
      const { error } = await crashed;
      expect(error).to.be.instanceOf(ActorProcessExitedError);

      const node = system.tree().children[0];
      expect(node).to.deep.include({ address: 'forked', state: 'restarting', restarts: 0, pid: null });
      expect(node?.lastError).to.match(/ACTOR_PROCESS_EXITED.*SIGKILL/);
      expect(clock.pendingDelays()).to.include(1_000);
      const queued = ref.ask<TestState>({ type: 'state' }, { timeoutMs: 60_000 });

      const started = probe.next('started', 'forked');
      await clock.advance(1_000);
      await started;
      const after = await queued;
      expect(after.count).to.equal(3); // reloaded by init, from "storage"
      expect(after.pid).to.not.equal(before.pid);
      expect(after.incarnation).to.not.equal(before.incarnation);
      expect(system.tree().children[0]).to.deep.include({ state: 'running', restarts: 1, pid: after.pid });
    });

    it('should carry validation errors and crashes across the process boundary', async () => {
      const { system, clock, probe } = harness!;
      const ref = system.ref<TestMsg>('forked');
      const invalid = await ref.ask({ type: 'invalid', message: 'não entendi 🐶' }).catch((e: unknown) => e);
      expect(invalid).to.be.instanceOf(ValidationError).with.property('message', 'não entendi 🐶');
      expect(invalid).to.have.property('code', 'TEST_INVALID');
      expect(probe.of('crashed')).to.have.length(0);

      const { pid } = await ref.ask<TestState>({ type: 'state' });
      const crash = await ref.ask({ type: 'crash', message: 'falhou' }).catch((e: unknown) => e);
      expect(crash).to.be.instanceOf(RemoteActorError).with.property('message', 'falhou');
      const started = probe.next('started', 'forked');
      await clock.advance(1_000);
      await started;
      const state = await ref.ask<TestState>({ type: 'state' });
      expect(state.pid).to.not.equal(pid); // a crash replaces the child process
    });
  });

  describe('forked init failure', function () {
    this.timeout(30_000);

    it('should treat a child whose init fails as crashed, keep it in the tree and retry with backoff', async () => {
      const clock = new FakeClock();
      const system = new ActorSystem(
        supervisorSpec({
          id: 'root',
          strategy: 'one_for_one',
          children: [
            workerSpec({
              id: 'broken',
              definition: { module: join(tmpdir(), 'patinha-no-such-actor.ts') },
              mode: 'forked',
              backoff: { minMs: 1_000, maxMs: 1_000, factor: 1, jitter: 0 },
            }),
          ],
        }),
        { clock },
      );
      const probe = new EventProbe();
      system.subscribe(probe.listener);
      const crashed = probe.next('crashed', 'broken');
      const starting = system.start();
      await crashed;
      await starting;
      expect(system.tree().children[0]).to.deep.include({ state: 'restarting', pid: null });
      expect(system.tree().children[0]?.lastError).to.match(/MODULE_NOT_FOUND/);
      expect(clock.pendingDelays()).to.deep.equal([1_000]);
      const again = probe.next('crashed', 'broken');
      await clock.advance(1_000);
      await again;
      expect(system.tree().children[0]).to.deep.include({ state: 'restarting', restarts: 1 });
      await system.stop();
    });
  });

  describe('threaded placement', function () {
    this.timeout(30_000);

    it("should run the actor's handle in a worker thread", async () => {
      const harness = await startHarness(
        supervisorSpec({
          id: 'root',
          strategy: 'one_for_one',
          children: [workerSpec({ id: 'threaded', definition: { module: TEST_ACTOR }, mode: 'threaded' })],
        }),
        { clock: new FakeClock() },
      );
      try {
        const state = await harness.system.ref<TestMsg>('threaded').ask<TestState>({ type: 'state' });
        expect(state.pid).to.equal(process.pid);
        expect(state.threadId).to.be.greaterThan(0);
        expect(await harness.system.ref<TestMsg>('threaded').ask({ type: 'echo', value: 'não 🐶' })).to.equal('não 🐶');
      } finally {
        await harness.system.stop();
      }
    });
  });
});
