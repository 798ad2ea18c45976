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

export function isExclusionViolation(error: unknown): boolean {
  return pgCode(error) === EXCLUSION_VIOLATION;
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
