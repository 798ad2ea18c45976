import { DomainError } from '../domain/domain-error.js';
import { isValidationError, ValidationError } from '../runtime/errors.js';
import { ConflictError, isUniqueViolation, NotFoundError } from '../storage/storage-errors.js';

/**
 * One convention for "no" across every actor protocol: a refusal is a `ValidationError` (code,
 * message, details), answered to the asker without restarting the actor — it crosses a process
 * boundary intact and the HTTP layer maps its code to a status. Anything else thrown stays a
 * failure: the actor crashes, its supervisor restarts it, and the asker sees the error.
 */
export function asRefusal(error: unknown, describe: { alreadyExists?: string } = {}): unknown {
  if (isValidationError(error)) return error;
  if (error instanceof DomainError || error instanceof ConflictError) {
    return new ValidationError(error.message, { code: error.code, details: error.details });
  }
  if (error instanceof NotFoundError) return new ValidationError(error.message, { code: error.code });
  if (describe.alreadyExists && isUniqueViolation(error)) return new ValidationError(describe.alreadyExists, { code: 'ALREADY_EXISTS' });
  return error;
}

/** Runs a write for an asker, turning the refusals `asRefusal` knows into answers. */
export async function refusing<T>(work: () => Promise<T>, describe?: { alreadyExists?: string }): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asRefusal(error, describe);
  }
}
