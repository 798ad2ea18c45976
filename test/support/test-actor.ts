import { readFileSync, writeFileSync } from 'node:fs';
import { threadId } from 'node:worker_threads';
import type { ActorContext, ActorDefinition, ExitReason } from '../../runtime/actor.js';
import { ValidationError } from '../../runtime/errors.js';

/**
 * The supervisor fixture (Akka's `targetBehavior`, Effect's `TestEntity`): an actor that
 * crashes, hangs, echoes or counts on command, so tests can drive every failure path.
 */
export type TestMsg =
  | { readonly type: 'echo'; readonly value: unknown }
  | { readonly type: 'state' }
  | { readonly type: 'increment'; readonly by?: number }
  | { readonly type: 'crash'; readonly message?: string }
  | { readonly type: 'hang' }
  | { readonly type: 'invalid'; readonly message?: string }
  | { readonly type: 'stop' }
  /** Waits `ms` on the actor's clock, recording `tag:start` / `tag:end` around the wait. */
  | { readonly type: 'slow'; readonly ms: number; readonly tag: string }
  /** Appends `tag` to the state's log. */
  | { readonly type: 'record'; readonly tag: string }
  | { readonly type: 'tell-self'; readonly tag: string }
  /** Ticks itself every `everyMs` through a timer (self-tells, not outside activity). */
  | { readonly type: 'tick'; readonly everyMs: number };

export interface TestState {
  readonly count: number;
  readonly log: readonly string[];
  readonly incarnation: number;
  readonly pid: number;
  /** 0 on the main thread; a worker thread's id in threaded mode. */
  readonly threadId: number;
  readonly address: string;
}

/** What a test can see from outside the actor. */
export class TestActorProbe {
  readonly events: string[] = [];
  inits = 0;
  readonly terminated: Array<{ address: string; incarnation: number; reason: ExitReason['kind'] }> = [];
  /** Makes `init` throw while it returns true. */
  failInit: (address: string) => boolean = () => false;
  /** Awaited by `terminate` (to hold a passivation mid-stop). */
  terminateGate: Promise<void> | undefined;
}

export interface TestActorOptions {
  readonly probe?: TestActorProbe;
}

export function createTestActor(options: TestActorOptions = {}): ActorDefinition<TestState, TestMsg> {
  const probe = options.probe;
  return {
    init(ctx) {
      if (probe) probe.inits++;
      if (probe?.failInit(ctx.address)) throw new Error(`init of ${ctx.address} failed on purpose`);
      probe?.events.push(`${ctx.address}:init#${ctx.incarnation}`);
      return { count: loadCount(ctx), log: [], incarnation: ctx.incarnation, pid: process.pid, threadId, address: ctx.address };
    },

    async handle(state, message, ctx) {
      switch (message.type) {
        case 'echo':
          return { state, reply: message.value };
        case 'state':
          return { state, reply: state };
        case 'increment': {
          const count = state.count + (message.by ?? 1);
          saveCount(ctx, count);
          return { state: { ...state, count }, reply: count };
        }
        case 'crash':
          throw new Error(message.message ?? `crash requested in ${ctx.address}`);
        case 'hang':
          await new Promise<never>(() => undefined);
          return { state };
        case 'invalid':
          throw new ValidationError(message.message ?? 'invalid input', { code: 'TEST_INVALID' });
        case 'stop':
          ctx.stop();
          return { state, reply: 'stopping' };
        case 'slow':
          probe?.events.push(`${message.tag}:start`);
          await new Promise<void>((resolve) => ctx.clock.setTimeout(resolve, message.ms));
          probe?.events.push(`${message.tag}:end`);
          return { state: { ...state, log: [...state.log, message.tag] }, reply: message.tag };
        case 'record':
          probe?.events.push(`${ctx.address}:${message.tag}`);
          return { state: { ...state, log: [...state.log, message.tag] }, reply: state.log.length + 1 };
        case 'tick':
          probe?.events.push(`${ctx.address}:tick#${ctx.incarnation}`);
          ctx.clock.setTimeout(() => {
            // A timer set by an ended incarnation must not act: the ref says whether it is stale.
            if (ctx.self.isAlive) ctx.self.tell(message);
          }, message.everyMs);
          return { state: { ...state, count: state.count + 1 } };
        case 'tell-self':
          ctx.self.tell({ type: 'record', tag: message.tag });
          return { state, reply: 'told' };
      }
    },

    async terminate(_state, reason, ctx) {
      probe?.terminated.push({ address: ctx.address, incarnation: ctx.incarnation, reason: reason.kind });
      probe?.events.push(`${ctx.address}:terminate:${reason.kind}`);
      if (probe?.terminateGate) await probe.terminateGate;
    },
  };
}

/** "State in Postgres", cheaply: with `args.persistPath`, the count survives restarts and processes. */
function loadCount(ctx: ActorContext<TestMsg>): number {
  const path = ctx.args['persistPath'];
  if (typeof path !== 'string') return 0;
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { count: number }).count;
  } catch {
    return 0;
  }
}

function saveCount(ctx: ActorContext<TestMsg>, count: number): void {
  const path = ctx.args['persistPath'];
  if (typeof path === 'string') writeFileSync(path, JSON.stringify({ count }));
}

/** The module-level definition, loadable by path (forked mode): no probe, real process. */
export const testActor = createTestActor();
export default testActor;
