import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { isDatabaseUnavailable } from '../storage/storage-errors.js';

/**
 * The error catalog: every stable code the API answers with, and its status.
 * Errors anywhere below carry a `code`; only this file knows HTTP statuses.
 * Documented in docs/errors.md.
 */
export const ERROR_STATUS: Readonly<Record<string, number>> = Object.freeze({
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  INVALID_PHONE: 400,
  INVALID_CURSOR: 400,
  UNAUTHORIZED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  OWNER_ONLY: 403,
  CSRF_REJECTED: 403,
  LINK_EXPIRED: 410,
  EMAIL_TAKEN: 409,
  NOT_FOUND: 404,
  CONFLICT: 409,
  ALREADY_EXISTS: 409,
  SLOT_TAKEN: 409,
  PET_ALREADY_BOOKED: 409,
  INVALID_TRANSITION: 409,
  RESOURCE_IN_USE: 409,
  ANONYMIZED: 409,
  OUTSIDE_BUSINESS_HOURS: 422,
  IN_CLOSURE: 422,
  SERVICE_INACTIVE: 422,
  SIZE_NOT_OFFERED: 422,
  SPECIES_NOT_SERVED: 422,
  RESOURCE_UNAVAILABLE: 422,
  IN_THE_PAST: 422,
  TOO_SOON: 422,
  BEYOND_HORIZON: 422,
  TOO_LATE_TO_CHANGE: 422,
  WRONG_TRANSPORT: 422,
  NOT_CONNECTED: 409,
  PAYLOAD_TOO_LARGE: 413,
  MEDIA_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  TOO_MANY_AUTH_FAILURES: 429,
  MAILBOX_FULL: 503,
  ASK_TIMEOUT: 503,
  ACTOR_STOPPED: 503,
  ACTOR_PROCESS_EXITED: 503,
  NOT_READY: 503,
  NUMBER_BUSY: 503,
  SHUTTING_DOWN: 503,
  NODE_UNREACHABLE: 503,
  ORG_MOVING: 503,
  NOT_ADMITTED: 503,
  LEASE_LOST: 503,
  DATABASE_UNAVAILABLE: 503,
  INTERNAL: 500,
});

/** How long a client should wait before retrying after a database blip. */
export const DATABASE_RETRY_AFTER_S = 2;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly retryAfterS?: number,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound = (what = 'Resource') => new HttpError(404, 'NOT_FOUND', `${what} not found`);

interface CodedError {
  code?: unknown;
  message?: string;
  details?: Record<string, unknown>;
  retryAfterS?: number;
  status?: number;
  type?: string;
}

/** Maps any thrown value to the API's error body; unknown errors are 500 and logged. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const e = (error ?? {}) as CodedError;
    let status: number;
    let code: string;
    let message = e.message ?? 'Unexpected error';
    let retryAfterS = e.retryAfterS;
    if (error instanceof HttpError) {
      status = error.status;
      code = error.code;
    } else if (e.type === 'entity.parse.failed') {
      status = 400;
      code = 'MALFORMED_JSON';
      message = 'The request body is not valid JSON';
    } else if (e.type === 'entity.too.large') {
      status = 413;
      code = 'PAYLOAD_TOO_LARGE';
      message = 'The request body is too large';
    } else if (typeof e.code === 'string' && ERROR_STATUS[e.code] !== undefined) {
      code = e.code;
      status = ERROR_STATUS[e.code]!;
    } else if (isDatabaseUnavailable(error)) {
      // A database blip: nothing was half-done (each write is one transaction), so the client may simply retry.
      status = 503;
      code = 'DATABASE_UNAVAILABLE';
      message = 'The database is unavailable for a moment; try again shortly';
      retryAfterS = DATABASE_RETRY_AFTER_S;
      logger.warn({ err: error, method: req.method, path: req.path }, 'database unavailable');
    } else if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      status = e.status;
      code = status === 415 ? 'VALIDATION_FAILED' : 'VALIDATION_FAILED';
    } else {
      status = 500;
      code = 'INTERNAL';
      message = 'Internal error';
      logger.error({ err: error, method: req.method, path: req.path }, 'request failed');
    }
    if (retryAfterS !== undefined) res.setHeader('Retry-After', String(Math.ceil(retryAfterS)));
    else if (status === 503 || status === 429) res.setHeader('Retry-After', '1');
    // A 500's details come from an error nobody meant to show: they stay in the log.
    const details = status < 500 || error instanceof HttpError ? e.details : undefined;
    res.status(status).json({ error: { code, message, ...(details && { details }) } });
  };
}

export const unknownRoute: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, 'NOT_FOUND', `No route for ${req.method} ${req.path}`));
};
