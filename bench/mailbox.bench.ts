import { performance } from 'node:perf_hooks';
import { workerSpec } from '../runtime/actor-cell.js';
import { defineActor } from '../runtime/actor.js';
import { dynamicSupervisorSpec } from '../runtime/dynamic-supervisor.js';
import { ActorSystem } from '../runtime/system.js';
import { report, round } from './bench-output.js';

/**
 * What one-turn-at-a-time costs. The same async handler (one `await`, as a
 * real turn awaits its database) runs N times: directly in a loop (baseline),
 * then through one actor's mailbox, then spread over 100 actors (per-contact
 * parallelism). Figures are messages per second and the mailbox overhead ratio.
 */
const N = Number(process.env.BENCH_MESSAGES ?? 100_000);
const ACTORS = 100;

type Msg = { type: 'bench.add'; n: number } | { type: 'bench.total' };

const handlerWork = async (total: number, n: number) => {
  await Promise.resolve();
  return total + n;
};

async function baseline(): Promise<number> {
  let total = 0;
  const started = performance.now();
  for (let i = 0; i < N; i++) total = await handlerWork(total, 1);
  const ms = performance.now() - started;
  if (total !== N) throw new Error('baseline lost work');
  return (N / ms) * 1000;
}

async function throughActors(actors: number): Promise<number> {
  const counter = defineActor<{ total: number }, Msg>({
    init: () => ({ total: 0 }),
    handle: async (state, msg) => (msg.type === 'bench.add' ? { state: { total: await handlerWork(state.total, msg.n) } } : { state, reply: state.total }),
  });
  const system = new ActorSystem(
    dynamicSupervisorSpec({
      id: 'counters',
      childType: 'counter',
      keepAlive: true,
      child: () => workerSpec({ id: 'counter', definition: counter, mailboxCapacity: N + 10, messageTimeoutMs: 0 }),
    }),
  );
  await system.start();
  const refs = Array.from({ length: actors }, (_, i) => system.getOrSpawn<Msg>(`counter/c${i}`));
  await Promise.all(refs.map((r) => r.ask({ type: 'bench.total' })));
  const started = performance.now();
  for (let i = 0; i < N; i++) refs[i % actors]!.tell({ type: 'bench.add', n: 1 });
  const totals = await Promise.all(refs.map((r) => r.ask<number>({ type: 'bench.total' }, { timeoutMs: 600_000 })));
  const ms = performance.now() - started;
  await system.stop();
  if (totals.reduce((a, b) => a + b, 0) !== N) throw new Error('a message was lost');
  return (N / ms) * 1000;
}

export async function run(): Promise<void> {
  await baseline(); // warm-up
  const direct = await baseline();
  const oneActor = await throughActors(1);
  const manyActors = await throughActors(ACTORS);
  report('mailbox', {
    messages: N,
    baselineDirectPerS: Math.round(direct),
    oneActorPerS: Math.round(oneActor),
    hundredActorsPerS: Math.round(manyActors),
    mailboxOverheadRatio: round(direct / oneActor),
  });
}
