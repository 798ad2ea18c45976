import type { Request, Response } from 'express';
import { HttpError } from './errors.js';

/** The dashboard's sign-in session: an httpOnly, SameSite=Strict cookie holding a random token (stored hashed). */
export const SESSION_COOKIE = 'patinha_session';

/** The session token the request carries in its cookie, if any. */
export function readSessionCookie(req: Pick<Request, 'header'>): string | undefined {
  return sessionFromCookieHeader(req.header('cookie'));
}

/** The session token in a `Cookie` header (an HTTP request's or a Socket.IO handshake's), if any. */
export function sessionFromCookieHeader(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return value.length > 0 && value.length <= 200 ? value : undefined;
    }
  }
  return undefined;
}

/** Whether an `Origin` header names this very host (a malformed one never does). */
export function originIsHost(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/**
 * The cookie's lifetime is relative (Max-Age), not a date: the session's end is the server's to
 * judge (`user_sessions.expires_at`, on the app's clock), and a browser whose clock disagrees
 * with the server's must not drop the cookie early or keep it late by that difference.
 */
export function setSessionCookie(req: Request, res: Response, token: string, lifetimeMs: number): void {
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', maxAge: Math.max(0, lifetimeMs) });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A change made with the cookie must come from the dashboard's own pages: SameSite=Strict keeps
 * the cookie off other sites' requests, and this refuses any unsafe request whose Origin (or,
 * without one, Sec-Fetch-Site) says it came from elsewhere. Bearer-token calls never carry the
 * cookie's ambient authority, so they are not checked.
 */
export function assertSameOrigin(req: Request): void {
  if (SAFE_METHODS.has(req.method)) return;
  const origin = req.header('origin');
  if (origin !== undefined) {
    if (originIsHost(origin, req.header('host'))) return;
  } else if (['same-origin', 'none'].includes(req.header('sec-fetch-site') ?? '')) {
    return;
  }
  throw new HttpError(403, 'CSRF_REJECTED', 'This change must come from the Patinha dashboard itself');
}
