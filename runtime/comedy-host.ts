/**
 * The comedy actor definition that runs one Patinha actor inside a comedy forked/threaded
 * child. comedy loads this file BY PATH in the child process (`createChild('//abs/path')`), so
 * it must work when required as CommonJS through tsx: no `import.meta`, and only imports that
 * are cheap and side-effect free.
 *
 * The parent keeps the mailbox and the supervisor; this host only holds the state and runs
 * `init`/`handle`/`terminate` one call at a time (the parent never sends two turns at once).
 */
import { pathToFileURL } from 'node:url';
import { ActorTimers } from './actor-timers.js';
import type { ActorContext, ActorDefinition, ExitReason, Message } from './actor.js';
import type { ActorRef } from './actor-ref.js';
import { systemClock } from './clock.js';
import { isValidationError, toError } from './errors.js';
import { silentLogger } from './logger.js';
import { pickDefinition } from './module-loader.js';

/** What the host receives as comedy custom parameters. */
export interface HostParameters {
  readonly modulePath: string;
  readonly exportName?: string;
  readonly address: string;
  readonly incarnation: number;
  readonly args: Record<string, unknown>;
}

/** A serialised error: comedy only carries `message` across the process boundary otherwise. */
export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly code: string | undefined;
  readonly validation: boolean;
}

export type WireResult = { readonly ok: true } | { readonly ok: false; readonly error: WireError };

export type WireTurn =
  | { readonly ok: true; readonly reply: unknown; readonly stop: boolean; readonly told: Message[] }
  | { readonly ok: false; readonly error: WireError };

export type WireExitReason = { readonly kind: ExitReason['kind']; readonly message?: string };

interface ComedySelf {
  getCustomParameters(): HostParameters;
}

export default class PatinhaComedyHost {
  #definition: ActorDefinition<unknown, Message> | undefined;
  #state: unknown;
  #ctx: ActorContext<Message> | undefined;
  #told: Message[] | undefined;
  #stopRequested = false;
  #alive = true;

  #params: HostParameters | undefined;

  /**
   * comedy's hook: only records the parameters. The actor's own `init` runs in `start`, a
   * normal request, because a failing comedy `initialize()` leaves the parent with no handle on
   * the child (its process, a 1 s interval and an exit listener leak, and the parent process
   * never exits).
   */
  initialize(selfActor: ComedySelf): void {
    this.#params = selfActor.getCustomParameters();
  }

  async start(): Promise<WireResult> {
    const params = this.#params;
    if (!params) return { ok: false, error: wireError(new Error('host has no parameters')) };
    try {
      const mod = await loadModule(params.modulePath);
      this.#definition = pickDefinition(mod, { module: params.modulePath, exportName: params.exportName }) as ActorDefinition<unknown, Message>;
      this.#ctx = this.#makeContext(params);
      this.#state = await this.#definition.init(this.#ctx);
      return { ok: true };
    } catch (error) {
      return { ok: false, error: wireError(error) };
    }
  }

  async handle(message: Message): Promise<WireTurn> {
    const definition = this.#definition;
    const ctx = this.#ctx;
    if (!definition || !ctx) return { ok: false, error: wireError(new Error('host not initialised')) };
    this.#told = [];
    try {
      const turn = await definition.handle(this.#state, message, ctx);
      if (typeof turn !== 'object' || turn === null || !('state' in turn)) {
        throw new TypeError(`handle of ${ctx.address} must return { state, reply? }`);
      }
      this.#state = turn.state;
      return { ok: true, reply: turn.reply, stop: this.#stopRequested, told: this.#told };
    } catch (error) {
      return { ok: false, error: wireError(error) };
    } finally {
      this.#told = undefined;
    }
  }

  async terminate(reason: WireExitReason): Promise<void> {
    if (!this.#alive) return;
    this.#alive = false;
    const definition = this.#definition;
    if (!definition?.terminate || !this.#ctx) return;
    const exit: ExitReason =
      reason.kind === 'crash' ? { kind: 'crash', error: new Error(reason.message ?? 'crash') } : { kind: reason.kind };
    await definition.terminate(this.#state, exit, this.#ctx);
  }

  #makeContext(params: HostParameters): ActorContext<Message> {
    const host = this;
    const self: ActorRef<Message> = {
      address: params.address,
      incarnation: params.incarnation,
      get isAlive() {
        return host.#alive;
      },
      tell(message: Message) {
        // The parent owns the mailbox: self-tells ride back with the turn's result.
        if (!host.#told) throw new Error('in forked mode ctx.self.tell works only during a turn');
        host.#told.push(message);
      },
      ask() {
        return Promise.reject(new Error('an actor cannot ask itself (it would deadlock)'));
      },
    };
    return {
      address: params.address,
      incarnation: params.incarnation,
      clock: systemClock,
      logger: silentLogger,
      self,
      args: Object.freeze({ ...params.args }),
      stop: () => {
        this.#stopRequested = true;
      },
      // Out of process, the parent owns the mailbox and the tree: a forked actor answers and
      // tells itself during a turn; reaching other actors and timers stay with the parent.
      tell: () => {
        throw new Error('in forked mode an actor cannot tell other actors yet');
      },
      // The queue lives in the parent: nothing to take here.
      takeQueued: () => [],
      timers: new ActorTimers(systemClock, () => undefined, 'in forked mode an actor has no timers yet'),
    };
  }
}

/**
 * `require` first: under tsx it loads TypeScript in forked AND threaded children (worker
 * threads do not get tsx's ESM hooks), and comedy itself loaded this file with `require`.
 */
async function loadModule(modulePath: string): Promise<Record<string, unknown>> {
  if (typeof require === 'function') return require(modulePath) as Record<string, unknown>;
  return (await import(pathToFileURL(modulePath).href)) as Record<string, unknown>;
}

/** A thrown value as it crosses back to the parent. */
export function wireError(thrown: unknown): WireError {
  const error = toError(thrown);
  const code = (error as { code?: unknown }).code;
  return {
    name: error.name,
    message: error.message,
    code: typeof code === 'string' ? code : undefined,
    validation: isValidationError(error),
  };
}
