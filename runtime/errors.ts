/**
 * The runtime's error catalog. Every error has a stable `code` so callers (and only `http/`,
 * which maps codes to statuses) can branch on it without parsing messages.
 */

/** Base class: a runtime error with a stable code and the address it concerns, if any. */
export class RuntimeError extends Error {
  readonly code: string;
  readonly address: string | undefined;

  constructor(code: string, message: string, options: { address?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.address = options.address;
  }
}

/** The actor's mailbox is at capacity; the message was not accepted. */
export class MailboxFullError extends RuntimeError {
  readonly capacity: number;

  constructor(address: string, capacity: number) {
    super('MAILBOX_FULL', `mailbox of ${address} is full (capacity ${capacity})`, { address });
    this.capacity = capacity;
  }
}

/** No reply arrived within the ask's timeout. The message may still be processed. */
export class AskTimeoutError extends RuntimeError {
  readonly timeoutMs: number;

  constructor(address: string, timeoutMs: number) {
    super('ASK_TIMEOUT', `no reply from ${address} within ${timeoutMs} ms`, { address });
    this.timeoutMs = timeoutMs;
  }
}

/** The actor is stopped for good (or is being shut down) and takes no more messages. */
export class ActorStoppedError extends RuntimeError {
  constructor(address: string, detail = 'is stopped') {
    super('ACTOR_STOPPED', `actor ${address} ${detail}`, { address });
  }
}

/** A handler ran longer than the per-message timeout; the actor is treated as crashed. */
export class MessageTimeoutError extends RuntimeError {
  readonly timeoutMs: number;

  constructor(address: string, timeoutMs: number, what = 'handler') {
    super('MESSAGE_TIMEOUT', `${what} of ${address} exceeded ${timeoutMs} ms`, { address });
    this.timeoutMs = timeoutMs;
  }
}

/** A supervisor exceeded its restart intensity and gave up; its parent decides what next. */
export class EscalationError extends RuntimeError {
  constructor(address: string, maxRestarts: number, withinMs: number, cause?: unknown) {
    super(
      'ESCALATED',
      `supervisor ${address} exceeded ${maxRestarts} restarts in ${withinMs} ms`,
      { address, cause },
    );
  }
}

/**
 * This process may not start the actor: the system's `admit` hook refused it (an org placed on
 * another node). Nothing was queued; the caller asks the node that holds it.
 */
export class NotAdmittedError extends RuntimeError {
  constructor(address: string) {
    super('NOT_ADMITTED', `${address} does not run on this node`, { address });
  }
}

/** No actor or supervisor is registered at that address. */
export class ActorNotFoundError extends RuntimeError {
  constructor(address: string) {
    super('ACTOR_NOT_FOUND', `no actor at ${address}`, { address });
  }
}

/** Two live actors would share one address. */
export class DuplicateAddressError extends RuntimeError {
  constructor(address: string) {
    super('DUPLICATE_ADDRESS', `address ${address} is already registered`, { address });
  }
}

/** The actor's process (forked/threaded placement) died or became unreachable. */
export class ActorProcessExitedError extends RuntimeError {
  constructor(address: string, detail: string) {
    super('ACTOR_PROCESS_EXITED', `process of ${address} exited: ${detail}`, { address });
  }
}

/** A crash reported by an actor running in another process, rebuilt from its message. */
export class RemoteActorError extends RuntimeError {
  readonly remoteName: string;

  constructor(address: string, remoteName: string, message: string, code = 'REMOTE_ACTOR_ERROR') {
    super(code, message, { address });
    this.remoteName = remoteName;
  }
}

/** The actors configuration is invalid. Lists every problem, not just the first. */
export class ManifestError extends RuntimeError {
  readonly problems: readonly string[];

  constructor(source: string, problems: readonly string[]) {
    super('MANIFEST_INVALID', `invalid actors config ${source}:\n  - ${problems.join('\n  - ')}`);
    this.problems = Object.freeze([...problems]);
  }
}

/** Shutdown or another lifecycle step did not finish in time. */
export class ShutdownTimeoutError extends RuntimeError {
  constructor(what: string, timeoutMs: number) {
    super('SHUTDOWN_TIMEOUT', `${what} did not finish within ${timeoutMs} ms`);
  }
}

/**
 * Marks errors that cross a process boundary as validation errors even when `instanceof` fails
 * (a forked child loads its own copy of this module).
 */
const VALIDATION_BRAND = Symbol.for('patinha.runtime.validation-error');

/**
 * Bad input, answered to the sender as an error reply. It is part of the actor's protocol, not
 * a failure: the supervisor does NOT restart the actor and the turn's state change is dropped.
 * Subclass it for specific cases (`class SlotTakenError extends ValidationError`).
 */
export class ValidationError extends RuntimeError {
  readonly details: unknown;
  readonly [VALIDATION_BRAND] = true;

  constructor(message: string, options: { code?: string; details?: unknown; address?: string } = {}) {
    super(options.code ?? 'VALIDATION_FAILED', message, { address: options.address });
    this.details = options.details;
  }
}

export function isValidationError(error: unknown): error is ValidationError {
  return (
    error instanceof ValidationError ||
    (typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[VALIDATION_BRAND] === true)
  );
}

/** Turns anything thrown into an Error, so logs and `lastError` always have a message. */
export function toError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  return new Error(typeof thrown === 'string' ? thrown : `non-error thrown: ${safeString(thrown)}`);
}

/** `CODE: message` for `lastError` and logs. */
export function describeError(error: Error): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${code}: ${error.message}` : `${error.name}: ${error.message}`;
}

function safeString(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
