import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { defineActor, type Message } from '../../runtime/actor.js';
import { loadManifest } from '../../runtime/manifest.js';
import { mulberry32 } from '../../runtime/random.js';
import { ActorSystem } from '../../runtime/system.js';
import { FakeClock, flushPromises } from '../support/fake-clock.js';
import { createTestActor } from '../support/test-actor.js';

const REPO_MANIFEST = fileURLToPath(new URL('../../actors.json', import.meta.url));

type Msg =
  | { type: 'forward'; to: string; text: string }
  | { type: 'got'; text: string }
  | { type: 'arm'; key: string; delayMs: number; text: string; ifIdle?: boolean }
  | { type: 'disarm'; key: string }
  | { type: 'seen' };

/** Records what reaches it; forwards with ctx.tell and arms timers with ctx.timers. */
function recorder(log: Map<string, string[]>) {
  return defineActor<{ seen: string[] }, Msg>({
    init: () => ({ seen: [] }),
    handle(state, msg, ctx) {
      switch (msg.type) {
        case 'forward':
          ctx.tell(msg.to, { type: 'got', text: msg.text } as Message);
          return { state };
        case 'got': {
          const seen = [...state.seen, msg.text];
          log.set(ctx.address, seen);
          return { state: { seen } };
        }
        case 'arm':
          if (msg.ifIdle) ctx.timers.startIfIdle(msg.key, msg.delayMs, { type: 'got', text: msg.text });
          else ctx.timers.start(msg.key, msg.delayMs, { type: 'got', text: msg.text });
          return { state };
        case 'disarm':
          ctx.timers.cancel(msg.key);
          return { state };
        case 'seen':
          return { state, reply: state.seen };
      }
    },
  });
}

describe('Actor messaging: ctx.tell and actor-owned timers', () => {
  let system: ActorSystem;
  let clock: FakeClock;
  let log: Map<string, string[]>;

  beforeEach(async () => {
    clock = new FakeClock();
    log = new Map();
    const actor = recorder(log);
    const other = createTestActor();
    system = await ActorSystem.boot(loadManifest({ path: REPO_MANIFEST }), {
      clock,
      random: mulberry32(7),
      definitions: { shop: other, session: actor, conversation: actor, aurora: other, edge: other },
    });
  });
  afterEach(async () => {
    const stopping = system.stop();
    await clock.advance(60_000);
    await stopping;
  });

  it('should deliver ctx.tell to an actor by address, activating it on the way', async () => {
    system.getOrSpawn<Msg>('session/o1/n1').tell({ type: 'forward', to: 'conversation/o1/c1', text: 'oi, tudo bem?' });
    await flushPromises(20);
    expect(log.get('conversation/o1/c1')).to.deep.equal(['oi, tudo bem?']);
  });

  it('should drop a tell to an address that names no actor without crashing the sender', async () => {
    const sender = system.getOrSpawn<Msg>('session/o1/n1');
    sender.tell({ type: 'forward', to: 'nosuch/o1', text: 'perdido' });
    sender.tell({ type: 'got', text: 'ainda vivo' });
    await flushPromises(20);
    expect(await sender.ask<string[]>({ type: 'seen' })).to.deep.equal(['ainda vivo']);
  });

  it('should fire a timer once, through the mailbox, and let a new start under the same key replace it', async () => {
    const ref = system.getOrSpawn<Msg>('conversation/o1/c1');
    ref.tell({ type: 'arm', key: 'burst', delayMs: 1_000, text: 'primeiro' });
    ref.tell({ type: 'arm', key: 'burst', delayMs: 1_500, text: 'segundo' });
    await clock.advance(1_200);
    expect(await ref.ask<string[]>({ type: 'seen' })).to.deep.equal([]);
    await clock.advance(300);
    expect(await ref.ask<string[]>({ type: 'seen' })).to.deep.equal(['segundo']);
    await clock.advance(10_000);
    expect(await ref.ask<string[]>({ type: 'seen' })).to.deep.equal(['segundo']);
  });

  it('should keep the first timer of a window with startIfIdle, and cancel one by key', async () => {
    const ref = system.getOrSpawn<Msg>('conversation/o1/c1');
    ref.tell({ type: 'arm', key: 'window', delayMs: 1_000, text: 'janela', ifIdle: true });
    await clock.advance(600);
    ref.tell({ type: 'arm', key: 'window', delayMs: 1_000, text: 'ignorado', ifIdle: true });
    ref.tell({ type: 'arm', key: 'other', delayMs: 100, text: 'cancelado' });
    ref.tell({ type: 'disarm', key: 'other' });
    await clock.advance(400);
    expect(await ref.ask<string[]>({ type: 'seen' })).to.deep.equal(['janela']);
    await clock.advance(5_000);
    expect(await ref.ask<string[]>({ type: 'seen' })).to.deep.equal(['janela']);
  });

  it('should cancel every timer when the incarnation ends: a restarted actor is not woken by its past', async () => {
    const ref = system.getOrSpawn<Msg>('conversation/o1/c1');
    ref.tell({ type: 'arm', key: 'later', delayMs: 5_000, text: 'do passado' });
    await flushPromises(10);
    const pending = clock.pendingTimers;
    await system.restart('conversation/o1/c1');
    expect(clock.pendingTimers, 'the timer is cleared, not left to fire into nothing').to.be.lessThan(pending);
    await clock.advance(10_000);
    expect(await system.getOrSpawn<Msg>('conversation/o1/c1').ask<string[]>({ type: 'seen' })).to.deep.equal([]);
  });
});
