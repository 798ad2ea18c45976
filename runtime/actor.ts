import type { Clock } from './clock.js';
import type { Logger } from './logger.js';
import type { ActorRef } from './actor-ref.js';
import type { ActorTimers } from './actor-timers.js';

/** Messages are unions discriminated on `type`, namespaced per actor: `'conversation.inbound'`. */
export interface Message {
  readonly type: string;
}

/** Why an incarnation ended; passed to `terminate` and to the supervisor. */
export type ExitReason =
  /** The actor called `ctx.stop()`: a normal exit. Transient children stay down. */
  | { readonly kind: 'normal' }
  /** Stopped for good by its supervisor (system shutdown, not restarted). */
  | { readonly kind: 'shutdown' }
  /** Stopped by its supervisor so that it (and maybe siblings) restart. */
  | { readonly kind: 'restart' }
  /** Idle and passivated by the reaper; a later message reactivates it. */
  | { readonly kind: 'passivate' }
  /** It threw, timed out, or its process died. */
  | { readonly kind: 'crash'; readonly error: Error };

/** What a handler gives back: the next state and, for an `ask`, the reply. */
export interface Turn<State> {
  readonly state: State;
  readonly reply?: unknown;
}

/** What an actor sees of the world during `init`, `handle` and `terminate`. */
export interface ActorContext<Msg extends Message = Message> {
  /** Stable identity, e.g. `conversation/<org>/<contact>`; the same across restarts. */
  readonly address: string;
  /** Changes on every restart and reactivation; compare with `self.incarnation` in timers. */
  readonly incarnation: number;
  readonly clock: Clock;
  readonly logger: Logger;
  /** A ref to this actor. Its `isAlive` turns false when this incarnation ends. */
  readonly self: ActorRef<Msg>;
  /** Static start arguments (JSON): from the child spec or the key of a dynamic child. */
  readonly args: Readonly<Record<string, unknown>>;
  /** Ends this incarnation normally after the current turn (a `transient` child stays down). */
  stop(): void;
  /**
   * Sends `message` to the actor at `address` (activating it, and its keyed ancestors, when
   * needed). Fire and forget, like `self.tell`; an address that names no actor is logged and
   * dropped — the sender's turn goes on.
   */
  tell<M extends Message>(address: string, message: M): void;
  /**
   * Takes up to `max` messages still queued in this actor's mailbox that `match` accepts (tells
   * only, never asks), so one turn can do the work of several — a group commit. What a turn takes
   * is its own: if the turn crashes, they are lost with it, like the message it is handling.
   */
  takeQueued(match: (message: Msg) => boolean, max: number): Msg[];
  /** Named timers delivering to this actor's mailbox, cancelled when this incarnation ends. */
  readonly timers: ActorTimers<Msg>;
}

/**
 * An actor's behaviour, gen_server style. `init` builds the state (and reloads it from storage
 * after a restart — in-memory state never survives a crash); `handle` runs one message at a
 * time. Throw a `ValidationError` to answer bad input without a restart; anything else thrown is
 * a crash.
 *
 * Gotcha: `terminate` is best effort (it does not run when a process is killed); persist every
 * turn instead of relying on it.
 */
export interface ActorDefinition<State = unknown, Msg extends Message = Message> {
  init(ctx: ActorContext<Msg>): State | Promise<State>;
  handle(state: State, message: Msg, ctx: ActorContext<Msg>): Turn<State> | Promise<Turn<State>>;
  terminate?(state: State, reason: ExitReason, ctx: ActorContext<Msg>): void | Promise<void>;
}

/** Identity helper that keeps `State` and `Msg` inferred at the definition site. */
export function defineActor<State, Msg extends Message>(definition: ActorDefinition<State, Msg>): ActorDefinition<State, Msg> {
  return definition;
}

/**
 * A definition loadable by path, required for forked/threaded/remote placement: the child
 * process imports `module` and takes the export named `exportName` (default `default`).
 */
export interface ActorModule {
  /** Absolute file path of the module. */
  readonly module: string;
  readonly exportName?: string;
}

export function isActorModule(value: unknown): value is ActorModule {
  return typeof value === 'object' && value !== null && typeof (value as ActorModule).module === 'string';
}
