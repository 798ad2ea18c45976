import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

export interface RunningServer {
  readonly server: http.Server;
  readonly port: number;
  /** Stops accepting, then waits for in-flight requests up to `graceMs` before cutting idle sockets. */
  close(graceMs?: number): Promise<void>;
}

export const DEFAULT_SHUTDOWN_GRACE_MS = 5000;

/** The HTTP port cannot be bound: another process holds it, or this user may not bind it. */
export class PortUnavailableError extends Error {
  readonly code = 'PORT_UNAVAILABLE';
  constructor(
    readonly port: number,
    readonly host: string | undefined,
    readonly reason: 'in-use' | 'denied',
  ) {
    super(
      reason === 'in-use'
        ? `Port ${port}${host ? ` on ${host}` : ''} is already in use by another program; stop it or start Patinha with PORT=<another port>.`
        : `Port ${port}${host ? ` on ${host}` : ''} may not be bound by this user; choose PORT above 1023.`,
    );
    this.name = 'PortUnavailableError';
  }
}

function bindError(error: NodeJS.ErrnoException, port: number, host: string | undefined): Error {
  if (error.code === 'EADDRINUSE') return new PortUnavailableError(port, host, 'in-use');
  if (error.code === 'EACCES') return new PortUnavailableError(port, host, 'denied');
  return error;
}

/**
 * Fails with `PortUnavailableError` when the port cannot be bound, before anything with effects
 * (migrations, the demo shop and its shown-once token) happens. `listen` still reports the rare
 * case of a port taken between this check and the real bind.
 */
export async function checkPortFree(port: number, host?: string): Promise<void> {
  if (port === 0) return;
  const probe = http.createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', (error: NodeJS.ErrnoException) => reject(bindError(error, port, host)));
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

export async function listen(app: Express, port: number, host?: string): Promise<RunningServer> {
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => reject(bindError(error, port, host));
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      resolve();
    });
  });
  let closing: Promise<void> | undefined;
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close(graceMs = DEFAULT_SHUTDOWN_GRACE_MS) {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        force.unref();
      });
      return closing;
    },
  };
}
