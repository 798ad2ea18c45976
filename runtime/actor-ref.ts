import type { Clock } from './clock.js';
import type { Message } from './actor.js';
import { ActorStoppedError, AskTimeoutError } from './errors.js';

export const DEFAULT_ASK_TIMEOUT_MS = 5_000;

/**
 * A handle to an actor. Refs route by address: `tell` on a ref obtained before a restart or a
 * passivation reaches the *current* incarnation (virtual identity, as in Orleans), so holders
 * never need to refresh refs. The incarnation the ref was issued for is kept so staleness stays
 * detectable: `isAlive` is false once that incarnation has ended — check it in timer callbacks
 * (`if (!ctx.self.isAlive) return`) to ignore timers set by a previous incarnation.
 *
 * When to use: `tell` between actors; `ask` (with a timeout) at the edges (HTTP, sockets, tests)
 * — ask cycles between actors deadlock, because each actor runs one turn at a time.
 */
export interface ActorRef<Msg extends Message = Message> {
  readonly address: string;
  /** The incarnation this ref was issued for; undefined if the actor had not started yet. */
  readonly incarnation: number | undefined;
  /** True while that incarnation is the running one. */
  readonly isAlive: boolean;
  /** Fire and forget. Throws `MailboxFullError` or `ActorStoppedError` synchronously. */
  tell(message: Msg): void;
  /** Request/reply. Rejects with the handler's error, `AskTimeoutError`, `MailboxFullError`… */
  ask<Reply = unknown>(message: Msg, options?: AskOptions): Promise<Reply>;
}

export interface AskOptions {
  readonly timeoutMs?: number;
}

/** How a message travels: its origin decides whether it counts as activity for the reaper. */
export interface Envelope<Msg extends Message = Message> {
  readonly message: Msg;
  /** `external` messages keep an actor from being passivated; `self` ones (timers) do not. */
  readonly origin: 'external' | 'self';
  readonly reply?: ReplyChannel;
}

export interface ReplyChannel {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** Rejects the asks among messages that will never be handled: their actor stopped for good. */
export function rejectUnhandled(envelopes: readonly Envelope[], address: string): void {
  for (const envelope of envelopes) {
    envelope.reply?.reject(new ActorStoppedError(address, 'was stopped before handling the message'));
  }
}

/** Where a ref delivers: a worker cell, or a dynamic supervisor's key (which may reactivate). */
export interface Route {
  readonly address: string;
  readonly clock: Clock;
  /** Enqueues or throws (`MailboxFullError`, `ActorStoppedError`). Never runs the handler inline. */
  deliver(envelope: Envelope): void;
  /** The incarnation currently running at this address, if any. */
  currentIncarnation(): number | undefined;
}

/** @internal The one ActorRef implementation. */
export class RoutedActorRef<Msg extends Message = Message> implements ActorRef<Msg> {
  readonly #route: Route;
  readonly #origin: Envelope['origin'];
  readonly incarnation: number | undefined;

  constructor(route: Route, incarnation: number | undefined, origin: Envelope['origin'] = 'external') {
    this.#route = route;
    this.incarnation = incarnation;
    this.#origin = origin;
  }

  get address(): string {
    return this.#route.address;
  }

  get isAlive(): boolean {
    return this.incarnation !== undefined && this.#route.currentIncarnation() === this.incarnation;
  }

  tell(message: Msg): void {
    this.#route.deliver({ message, origin: this.#origin });
  }

  ask<Reply = unknown>(message: Msg, options: AskOptions = {}): Promise<Reply> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_ASK_TIMEOUT_MS;
    const clock = this.#route.clock;
    return new Promise<Reply>((resolve, reject) => {
      let settled = false;
      const timer = clock.setTimeout(() => {
        if (settled) return;
        settled = true;
        reject(new AskTimeoutError(this.address, timeoutMs));
      }, timeoutMs);
      const settle = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        clock.clearTimeout(timer);
        fn();
      };
      const reply: ReplyChannel = {
        resolve: (value) => settle(() => resolve(value as Reply)),
        reject: (error) => settle(() => reject(error)),
      };
      try {
        this.#route.deliver({ message, origin: this.#origin, reply });
      } catch (error) {
        reply.reject(error as Error);
      }
    });
  }

  toString(): string {
    return `ActorRef(${this.address}#${this.incarnation ?? '-'})`;
  }
}
