import type { ActorContext, ActorDefinition, ActorModule, ExitReason, Message } from './actor.js';

/** Where a worker's `handle` runs. comedy provides the out-of-process modes. */
export type PlacementMode = 'in-memory' | 'forked' | 'threaded' | 'remote';

/** What one turn produced, whatever the placement. */
export interface TurnOutcome {
  readonly reply: unknown;
  /** The actor called `ctx.stop()`. */
  readonly stop: boolean;
  /** Self-tells collected during the turn (out-of-process actors cannot reach the parent's mailbox directly). */
  readonly told: readonly Message[];
}

/**
 * One life of a worker: its state, from `init` to `terminate`/death. A restart discards the
 * incarnation and makes a new one, so a straggling handler of the old one cannot touch the new
 * state.
 */
export interface Incarnation {
  readonly id: number;
  /** OS process id when out of process. */
  readonly pid: number | undefined;
  start(): Promise<void>;
  handle(message: Message): Promise<TurnOutcome>;
  terminate(reason: ExitReason): Promise<void>;
  /** Brutal: no terminate, kill the process. */
  kill(): void;
  /** Called when the incarnation dies outside of a turn (a killed child process). */
  onDeath(listener: (error: Error) => void): void;
}

/** What a placement needs to run a worker elsewhere. */
export interface SpawnRequest {
  readonly address: string;
  readonly incarnation: number;
  readonly definition: ActorModule;
  readonly mode: Exclude<PlacementMode, 'in-memory'>;
  readonly hosts: readonly string[];
  readonly args: Readonly<Record<string, unknown>>;
  /** Forked only: run on one of this many shared host processes of the type (not one process per actor). */
  readonly pool?: number;
  /** Delivers a message the actor told itself outside a turn (a timer, a socket event). */
  readonly tellSelf?: (message: Message) => void;
  /** Delivers a message the actor told another actor. */
  readonly tell?: (address: string, message: Message) => void;
}

/** Runs incarnations outside this process. */
export interface Placement {
  spawn(request: SpawnRequest): Incarnation;
  destroy(): Promise<void>;
}

/** An incarnation whose state lives in this process. */
export class LocalIncarnation<State, Msg extends Message> implements Incarnation {
  readonly id: number;
  readonly pid = undefined;
  readonly #load: () => Promise<ActorDefinition<State, Msg>>;
  readonly #ctx: ActorContext<Msg>;
  #definition: ActorDefinition<State, Msg> | undefined;
  #state: State | undefined;
  #stopRequested = false;
  #ended = false;

  constructor(id: number, load: () => Promise<ActorDefinition<State, Msg>>, makeContext: (requestStop: () => void) => ActorContext<Msg>) {
    this.id = id;
    this.#load = load;
    this.#ctx = makeContext(() => {
      this.#stopRequested = true;
    });
  }

  async start(): Promise<void> {
    this.#definition = await this.#load();
    this.#state = await this.#definition.init(this.#ctx);
  }

  async handle(message: Message): Promise<TurnOutcome> {
    const definition = this.#requireDefinition();
    const turn = await definition.handle(this.#state as State, message as Msg, this.#ctx);
    if (typeof turn !== 'object' || turn === null || !('state' in turn)) {
      throw new TypeError(`handle of ${this.#ctx.address} must return { state, reply? } (got ${String(turn)})`);
    }
    // A straggler of an ended incarnation must not resurrect state.
    if (!this.#ended) this.#state = turn.state;
    return { reply: turn.reply, stop: this.#stopRequested, told: [] };
  }

  async terminate(reason: ExitReason): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    this.#ctx.timers.close();
    const definition = this.#definition;
    if (definition?.terminate) await definition.terminate(this.#state as State, reason, this.#ctx);
  }

  kill(): void {
    this.#ended = true;
    this.#ctx.timers.close();
  }

  onDeath(): void {
    // An in-process incarnation only dies with the process.
  }

  #requireDefinition(): ActorDefinition<State, Msg> {
    if (!this.#definition) throw new Error(`${this.#ctx.address} handled a message before init`);
    return this.#definition;
  }
}
