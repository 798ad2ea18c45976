import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuroraAgent } from '../../agents/aurora-agent.js';
import type { AudioTranscriber } from '../../agents/audio-transcriber.js';
import type { AgentTurnInput, AgentTurnResult, CustomerAgent } from '../../agents/customer-agent.js';
import { PatinhaActors } from '../../actors/patinha-actors.js';
import { silentLogger } from '../../runtime/logger.js';
import { loadManifest } from '../../runtime/manifest.js';
import { mulberry32 } from '../../runtime/random.js';
import { SimulatorTransport } from '../../whatsapp/simulator.transport.js';
import type { Transport } from '../../whatsapp/transport.js';
import { repositories } from '../../storage/repositories.js';
import type { NewService } from '../../storage/services.repository.js';
import type { StorageEngine, StorageHandle } from '../../storage/open-database.js';
import type { TreeNode } from '../../runtime/node.js';
import { eventually } from './eventually.js';
import { FakeClock, flushPromises } from './fake-clock.js';
import { skipOrFail } from './services.js';
import { postgresServerUrl, sharedDatabase, truncateAll } from './test-database.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A scripted customer agent: tests decide each turn's answer (a fake of our own interface). */
export class ScriptedAgent implements CustomerAgent {
  readonly kind = 'offline' as const;
  readonly turns: AgentTurnInput[] = [];
  constructor(public script: (input: AgentTurnInput) => Promise<Partial<AgentTurnResult>> | Partial<AgentTurnResult> = (i) => ({ reply: `Recebi: ${i.text}` })) {}

  async respond(input: AgentTurnInput): Promise<AgentTurnResult> {
    this.turns.push(input);
    const result = await this.script(input);
    return { reply: 'ok', agentState: input.agentState, toolCalls: [], ...result };
  }
}

export interface PipelineHarness<A extends CustomerAgent = ScriptedAgent> {
  storage: StorageHandle;
  clock: FakeClock;
  simulator: SimulatorTransport;
  actors: PatinhaActors;
  agent: A;
  orgId: string;
  instanceId: string;
  /** Lets every pending timer and turn run (burst windows, sends, restarts). */
  settle(ms?: number): Promise<void>;
  /** Stops the actor tree and starts a fresh one on the same database and clock (a node restart). */
  restart(): Promise<void>;
  /** Polls (without moving time) until `check` holds; fails, naming `what`, if it never does. */
  waitFor(check: () => Promise<boolean>, what?: string): Promise<void>;
  /** Every mailbox empty and no turn running (real I/O included). */
  untilQuiet(): Promise<void>;
  /**
   * Moves fake time to `epochMs` a minute at a time, letting the actors finish between steps —
   * as real time would: hours never pass in the middle of one database round trip.
   */
  passTimeTo(epochMs: number): Promise<void>;
  /** Waits (without moving time) until `count` inbox rows exist and their routing ran; fails if they never do. */
  untilInbox(count: number): Promise<void>;
  stop(): Promise<void>;
}

export const CUSTOMER = '+5511987654321';
export const OWNER = '+5511900000001';

/**
 * The whole actor tree on fake time over the shared PGlite database: a shop
 * open every day 08–18, a Banho service, one simulator number.
 */
let currentEngine: StorageEngine = 'pglite';

/**
 * The same suite on both engines: `[pglite]` always and `[postgres]` on the server of
 * TEST_DATABASE_URL (skipped with a notice without one; a failure under REQUIRE_SERVICES=1).
 * A real pool is where concurrency bites, so the pipeline's guarantees are proven there too.
 */
export function describeOnEachEngine(title: string, body: () => void): void {
  for (const engine of ['pglite', 'postgres'] as const) {
    describe(`${title} [${engine}]`, function () {
      before(function () {
        if (engine === 'postgres' && !postgresServerUrl) skipOrFail(this, 'PostgreSQL', 'TEST_DATABASE_URL/DATABASE_URL is not set');
        currentEngine = engine;
      });
      after(() => {
        currentEngine = 'pglite';
      });
      body();
    });
  }
}

export async function startPipeline<A extends CustomerAgent = ScriptedAgent>(
  options: {
    agent?: A;
    auroraAgent?: AuroraAgent;
    /** Per org, instead of `agent` / `auroraAgent`. */
    agentFor?: (orgId: string) => CustomerAgent;
    auroraAgentFor?: (orgId: string) => AuroraAgent;
    baileys?: Transport;
    /** Transcribes voice notes (none: a voice note is answered with a request for text). */
    transcriber?: AudioTranscriber;
    burstMs?: number;
    beforeCommit?: () => void | Promise<void>;
    /** Fake time's start (default Tuesday 2026-12-01 09:00 in São Paulo). */
    clockStart?: number;
    /** Default: the engine of the enclosing `describeOnEachEngine`, else PGlite. */
    engine?: StorageEngine;
    /** The shop's services (default: one Banho for porte M, R$ 65, 60 min). */
    services?: NewService[];
    /** Places per hour for baths (default 1). */
    bathCapacity?: number;
  } = {},
): Promise<PipelineHarness<A>> {
  const storage = await sharedDatabase(options.engine ?? currentEngine);
  await truncateAll(storage);
  const clock = new FakeClock(options.clockStart ?? Date.UTC(2026, 11, 1, 12)); // Tuesday 09:00 in São Paulo
  const seededAt = new Date(clock.now());
  const repos = repositories(storage.db);
  const org = await repos.organizations.create({ name: 'Pet Shop Teste', ownerNumbers: [OWNER], settings: { address: 'Rua A, 1', scheduling: { capacity: { banho: options.bathCapacity ?? 1 } } } }, seededAt);
  await repos.businessHours.replace(org.id, { weekly: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: '08:00', closes: '18:00' })), closures: [] }, seededAt);
  for (const service of options.services ?? [{ name: 'Banho', category: 'banho', species: ['cão', 'gato'], bySize: { M: { durationMin: 60, priceCents: 6500 } } }]) {
    await repos.services.create(org.id, service, seededAt);
  }
  const instance = await repos.instances.create({ orgId: org.id, name: 'Principal', transport: 'simulator', phone: '+5511988887777', createdAt: seededAt });
  const simulator = new SimulatorTransport(clock);
  const agent = (options.agent ?? new ScriptedAgent()) as A;
  const startActors = () => PatinhaActors.start({
    db: storage.db,
    manifest: loadManifest({ path: path.join(ROOT, 'actors.json') }),
    clock,
    random: mulberry32(7),
    logger: silentLogger,
    transports: { simulator, ...(options.baileys && { baileys: options.baileys }) },
    agentFor: options.agentFor ?? (() => agent),
    ...(options.transcriber && { transcriber: options.transcriber }),
    ...(options.auroraAgent && { auroraAgentFor: () => options.auroraAgent! }),
    ...(options.auroraAgentFor && { auroraAgentFor: options.auroraAgentFor }),
    burstMs: options.burstMs ?? 1500,
    bootStaggerMs: 0,
    beforeCommit: options.beforeCommit,
  });
  let actors = await startActors();
  const stopActors = async () => {
    // A turn still waiting for real I/O finishes first: advancing fake time would time its shutdown
    // out while its commit still runs, racing the next test's truncation (a deadlock on PostgreSQL).
    await untilQuiet().catch(() => undefined);
    const stopping = actors.stop();
    for (let i = 0; i < 50 && actors.system.state !== 'stopped'; i++) await clock.advance(1_000);
    await stopping;
  };
  // Every mailbox empty and no turn running: on PostgreSQL a turn waits for real I/O, so
  // flushing promises is not enough to know the actors are done with what they were told.
  const busyActors = (node: TreeNode = actors.tree()): string[] => [
    // A queue behind an actor that is restarting waits for its backoff timer (fake time), not for I/O.
    ...(node.mailbox && (node.mailbox.busy || (node.state === 'running' && node.mailbox.depth > 0)) ? [`${node.address} (${node.mailbox.depth} queued)`] : []),
    ...node.children.flatMap((child) => busyActors(child)),
  ];
  const untilQuiet = async () => {
    await flushPromises(20);
    try {
      await eventually(() => busyActors().length === 0, 'the actors to finish what they were told');
    } catch (error) {
      throw new Error(`${(error as Error).message}: still busy ${busyActors().join(', ')}`);
    }
    await flushPromises(5);
  };
  // The session connects after its init and a boot timer; on PostgreSQL the init takes real time.
  const untilConnected = () =>
    eventually(async () => {
      if (simulator.isConnected(instance.id)) return true;
      await clock.advance(10);
      return false;
    }, 'the simulator number to connect');
  const settle = async (ms = 5_000) => {
    for (let i = 0; i < 10; i++) {
      await untilQuiet();
      await clock.advance(ms / 10);
    }
    await untilQuiet();
  };
  const untilInbox = async (count: number) => {
    await eventually(async () => {
      const row = await storage.db.selectFrom('inbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n) >= count;
    }, `${count} inbox rows`);
    await untilQuiet();
  };
  const waitFor = (check: () => Promise<boolean>, what = 'the awaited condition') => eventually(check, what);
  await settle(100);
  await untilConnected();
  const harness: PipelineHarness<A> = {
    storage, clock, simulator, actors, agent, orgId: org.id, instanceId: instance.id, settle, untilInbox, waitFor, untilQuiet,
    async passTimeTo(epochMs: number) {
      while (clock.now() < epochMs) {
        await untilQuiet();
        await clock.advance(Math.min(60_000, epochMs - clock.now()));
      }
      await untilQuiet();
    },
    async restart() {
      await stopActors();
      actors = await startActors();
      harness.actors = actors;
      await settle(100);
      await untilConnected();
    },
    stop: stopActors,
  };
  return harness;
}
