import type { ChildSpec } from '../../runtime/child-spec.js';
import { mulberry32 } from '../../runtime/random.js';
import { ActorSystem, type ActorSystemOptions } from '../../runtime/system.js';
import { FakeClock, flushPromises } from './fake-clock.js';
import { EventProbe } from './probe.js';

export interface Harness {
  readonly system: ActorSystem;
  readonly clock: FakeClock;
  readonly probe: EventProbe;
}

/**
 * A started system on fake time with a seeded random source and an event probe. Tests stop it
 * in `afterEach` (see `stopHarness`).
 */
export async function startHarness(root: ChildSpec, options: ActorSystemOptions = {}): Promise<Harness> {
  const clock = (options.clock as FakeClock | undefined) ?? new FakeClock();
  const system = new ActorSystem(root, { random: mulberry32(1), ...options, clock });
  const probe = new EventProbe();
  system.subscribe(probe.listener);
  await system.start();
  await flushPromises();
  return { system, clock, probe };
}

/** Stops the system, advancing fake time so bounded shutdowns can finish. */
export async function stopHarness(harness: Harness | undefined): Promise<void> {
  if (!harness) return;
  const stopping = harness.system.stop();
  for (let i = 0; i < 20 && harness.system.state !== 'stopped'; i++) await harness.clock.advance(10_000);
  await stopping;
}
