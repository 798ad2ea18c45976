import type { Logger } from 'pino';

/** The slice of `process` the guards listen on (a plain emitter in tests). */
export interface ProcessEvents {
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  on(event: 'uncaughtException', listener: (error: Error) => void): unknown;
}

/**
 * Last line of defence: a stray rejection or throw is logged, and the node
 * keeps serving. Node's default is to exit, which for a shop means customers
 * unanswered until someone restarts it; everything accepted is already durable
 * (inbox/outbox in PostgreSQL) and the actor tree restarts what failed, so
 * staying up loses nothing. Root causes are still fixed where they are found —
 * these logs are how they are found.
 */
export function installProcessGuards(logger: Logger, target: ProcessEvents = process): void {
  target.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection (kept running)');
  });
  target.on('uncaughtException', (error) => {
    logger.error({ err: error }, 'uncaught exception (kept running)');
  });
}
