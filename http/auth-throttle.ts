import type { RequestHandler } from 'express';
import type { Clock } from '../runtime/clock.js';
import { HttpError } from './errors.js';

export const DEFAULT_AUTH_THROTTLE = Object.freeze({ limit: 20, windowMs: 10 * 60_000 });
/** Bounds memory under a flood of addresses; the oldest windows go first. */
const MAX_TRACKED_ADDRESSES = 50_000;

export type AuthChannel = 'http' | 'socket';

export interface AuthThrottleOptions {
  clock: Clock;
  /** Failed authentications an address may make per window before it is refused. */
  limit?: number;
  windowMs?: number;
  /** For metrics: a failure counted, or a request refused because its address is throttled. */
  onEvent?: (event: 'failure' | 'throttled', channel: AuthChannel) => void;
}

/**
 * Failed authentications per client address. The per-token rate limit cannot
 * see guessing (every guess is a fresh token), so this counts the 401s an
 * address collects — on every route, /api/session and the Socket.IO handshake
 * alike — and refuses it for the rest of the window once it has too many.
 * Successful requests neither count nor reset the tally. In memory, per node:
 * a guesser spread over nodes gets `limit` per node, still nowhere near a
 * 256-bit token.
 */
export class AuthThrottle {
  readonly limit: number;
  readonly windowMs: number;
  readonly #windows = new Map<string, { startedAt: number; failures: number }>();

  constructor(readonly options: AuthThrottleOptions) {
    this.limit = options.limit ?? DEFAULT_AUTH_THROTTLE.limit;
    this.windowMs = options.windowMs ?? DEFAULT_AUTH_THROTTLE.windowMs;
  }

  /** Seconds until `address` may try again, or undefined when it may try now. */
  retryAfterS(address: string | undefined, channel: AuthChannel): number | undefined {
    const window = this.#current(clientKey(address));
    if (!window || window.failures < this.limit) return undefined;
    this.options.onEvent?.('throttled', channel);
    return Math.max(1, Math.ceil((window.startedAt + this.windowMs - this.options.clock.now()) / 1000));
  }

  recordFailure(address: string | undefined, channel: AuthChannel): void {
    const key = clientKey(address);
    const now = this.options.clock.now();
    const window = this.#current(key) ?? { startedAt: now, failures: 0 };
    window.failures++;
    this.#windows.delete(key);
    this.#windows.set(key, window);
    if (this.#windows.size > MAX_TRACKED_ADDRESSES) this.#windows.delete(this.#windows.keys().next().value!);
    this.options.onEvent?.('failure', channel);
  }

  #current(key: string): { startedAt: number; failures: number } | undefined {
    const window = this.#windows.get(key);
    if (window && this.options.clock.now() - window.startedAt >= this.windowMs) {
      this.#windows.delete(key);
      return undefined;
    }
    return window;
  }
}

/** One key per client: an IPv4 address, or an IPv6 /64 (what one subscriber usually holds). */
export function clientKey(address: string | undefined): string {
  if (!address) return 'unknown';
  const v4 = /^(?:::ffff:)?(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (v4) return v4[1]!;
  return expandIpv6(address).slice(0, 4).join(':');
}

function expandIpv6(address: string): string[] {
  const [head = '', tail] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0');
  return [...left, ...zeros, ...right].map((part) => part.replace(/^0+(?=.)/, ''));
}

/**
 * Refuses a throttled address before any token is looked at (so the answer
 * says nothing about the token), and counts every 401 the request ends with.
 */
export function authThrottleMiddleware(throttle: AuthThrottle): RequestHandler {
  return (req, res, next) => {
    const address = req.socket.remoteAddress;
    const retryAfterS = throttle.retryAfterS(address, 'http');
    if (retryAfterS !== undefined) {
      return next(new HttpError(429, 'TOO_MANY_AUTH_FAILURES', 'Too many failed authentications from this address; wait and check the token', undefined, retryAfterS));
    }
    res.on('finish', () => {
      if (res.statusCode === 401) throttle.recordFailure(address, 'http');
    });
    next();
  };
}
