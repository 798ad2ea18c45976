import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { NoticeBus } from '../../actors/notice-bus.js';
import { PatinhaActors } from '../../actors/patinha-actors.js';
import { systemClock, type Clock } from '../../runtime/clock.js';
import { silentLogger } from '../../runtime/logger.js';
import { loadManifest, type Manifest } from '../../runtime/manifest.js';
import { systemRandom } from '../../runtime/random.js';
import type { Database } from '../../storage/database.js';
import { SimulatorTransport } from '../../whatsapp/simulator.transport.js';
import { FixedLatencyAgent } from './fixed-latency-agent.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Patinha's whole actor tree as the benchmarks run it: the real manifest
 * (`actors.json`, or another, such as `actors.forked-sessions.json`), a
 * silent logger, simulator numbers, no burst window, no boot stagger, and the
 * fixed-latency model for every shop. Start it after the database is seeded:
 * it activates every org and number it finds.
 */
export class PatinhaTree {
  private constructor(
    readonly db: Kysely<Database>,
    readonly actors: PatinhaActors,
    readonly manifest: Manifest,
    readonly simulator: SimulatorTransport,
    readonly bus: NoticeBus,
    readonly agent: FixedLatencyAgent,
    private readonly failure: { error?: Error },
  ) {}

  /**
   * `clock`: the real one unless a bench must move time itself. `manifestPath`: another manifest
   * than `actors.json` (e.g. `actors.forked-sessions.json`), relative to the repository root.
   */
  static async start(db: Kysely<Database>, options: { llmMs: number; clock?: Clock; burstMs?: number; manifestPath?: string }): Promise<PatinhaTree> {
    const clock = options.clock ?? systemClock;
    const manifest = loadManifest({ path: path.resolve(ROOT, options.manifestPath ?? 'actors.json') });
    const simulator = new SimulatorTransport(clock);
    const bus = new NoticeBus();
    const agent = new FixedLatencyAgent(options.llmMs);
    const failure: { error?: Error } = {};
    const actors = await PatinhaActors.start({
      db,
      manifest,
      clock,
      random: systemRandom,
      logger: silentLogger,
      transports: { simulator },
      agentFor: () => agent,
      bus,
      // Each message its own turn unless a bench asks for the product's merge window.
      burstMs: options.burstMs ?? 0,
      bootStaggerMs: 0,
      onFatal: (error) => {
        failure.error = error;
      },
    });
    return new PatinhaTree(db, actors, manifest, simulator, bus, agent, failure);
  }

  /** Why the actor system went down, if it did. */
  get fatal(): Error | undefined {
    return this.failure.error;
  }

  /** Waits until every one of `numbers` simulator numbers is connected (its session marks the row open). */
  async connected(numbers: number): Promise<void> {
    for (let i = 0; ; i++) {
      const open = await this.db.selectFrom('instances').select((eb) => eb.fn.countAll<string>().as('n')).where('status', '=', 'open').executeTakeFirstOrThrow();
      if (Number(open.n) === numbers) return;
      if (i > 1000 || this.fatal) throw new Error(`only ${open.n} of ${numbers} simulator numbers connected${this.fatal ? `: ${this.fatal.message}` : ''}`);
      await sleep(10);
    }
  }

  async stop(): Promise<void> {
    const stopped = performance.now();
    await this.actors.stop();
    if (performance.now() - stopped > 5_000) process.stderr.write('[bench] the actor tree took over 5 s to stop\n');
  }
}
