/** Errors the storage layer raises with a stable code; http/ maps codes to statuses. */
export class NotFoundError extends Error {
  readonly code = 'NOT_FOUND';
  constructor(readonly entity: string, readonly id?: string) {
    super(`${entity} not found`);
    this.name = 'NotFoundError';
  }
}

export class ConflictError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ConflictError';
  }
}

const UNIQUE_VIOLATION = '23505';
const EXCLUSION_VIOLATION = '23P01';
const FOREIGN_KEY_VIOLATION = '23503';

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  return pgCode(error) === UNIQUE_VIOLATION && (!constraint || pgConstraint(error) === constraint);
}

/** PostgreSQL aborted one of several statements waiting on each other (40P01). */
export function isDeadlock(error: unknown): boolean {
  return pgCode(error) === '40P01';
}

export function isExclusionViolation(error: unknown, constraint?: string): boolean {
  return pgCode(error) === EXCLUSION_VIOLATION && (!constraint || pgConstraint(error) === constraint);
}

export function isForeignKeyViolation(error: unknown): boolean {
  return pgCode(error) === FOREIGN_KEY_VIOLATION;
}

function pgCode(error: unknown): string | undefined {
  return (error as { code?: string } | undefined)?.code;
}

function pgConstraint(error: unknown): string | undefined {
  return (error as { constraint?: string } | undefined)?.constraint;
}

/** Socket-level failures reaching the database server (Node error codes). */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** SQLSTATEs of a server that is restarting, shutting down or out of connections: retrying later succeeds. */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08004', '08006']);
/** pg and pg-pool report these without a code. */
const UNAVAILABLE_MESSAGES = [/^Connection terminated/, /^timeout exceeded when trying to connect/, /^Client has encountered a connection error/];

/**
 * Whether `error` says the database is unreachable for now (a restart, a
 * failover, a network blip) rather than that the request was wrong: the
 * caller should answer "try again shortly", not "internal error".
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = pgCode(error);
  if (code !== undefined && (UNREACHABLE_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code))) return true;
  const message = (error as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message));
}

/**
 * The org's lease moved (taken over, released or expired) since the caller
 * got its fencing token: whatever it was about to commit must not land, since
 * another node may already act for the org.
 */
export class LeaseLostError extends Error {
  readonly code = 'LEASE_LOST';
  constructor(readonly orgId: string, readonly holder: string, readonly token: number) {
    super(`lease of org ${orgId} (token ${token}) is no longer held by ${holder}`);
    this.name = 'LeaseLostError';
  }
}
