import { createHash } from 'node:crypto';
import { rateLimit, type RateLimitRequestHandler } from 'express-rate-limit';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RedisStore } from 'rate-limit-redis';
import type { RedisStatus } from '../storage/redis-link.js';
import { bearerToken } from './auth.js';
import { HttpError } from './errors.js';
import { FallbackRateLimitStore } from './fallback-rate-limit-store.js';

/** The limit when none is configured (RATE_LIMIT_PER_MIN, whose default is the same). */
export const DEFAULT_RATE_LIMIT = Object.freeze({ windowMs: 60_000, limit: 600 });

export interface RateLimitOptions {
  windowMs?: number;
  limit?: number;
  /** With Redis the budget is shared by every node; without it each node counts alone. */
  redis?: Redis;
  /** While this says Redis is not up, the node counts in memory (the budget is per node until it returns). */
  redisStatus?: () => RedisStatus;
  logger?: Logger;
  /** The Redis key prefix: one budget per limiter (default `patinha:rl:`). */
  prefix?: string;
}

/** Sign-in attempts one client address may make per minute when none is configured (SIGN_IN_LIMIT_PER_MIN has the same default). */
export const DEFAULT_SIGN_IN_LIMIT_PER_MIN = 10;

/**
 * Requests per token (per client address when there is none) in a sliding
 * minute. Over it: 429 RATE_LIMITED with Retry-After. The token is hashed
 * before it becomes a key, so it never lands in Redis in clear.
 */
export function tokenRateLimit(options: RateLimitOptions = {}): RateLimitRequestHandler {
  const windowMs = options.windowMs ?? DEFAULT_RATE_LIMIT.windowMs;
  return rateLimit({
    windowMs,
    limit: options.limit ?? DEFAULT_RATE_LIMIT.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => {
      const token = bearerToken(req.header('authorization'));
      return token ? `t:${createHash('sha256').update(token).digest('hex').slice(0, 32)}` : `ip:${req.socket.remoteAddress ?? 'unknown'}`;
    },
    ...(options.redis && { store: sharedStore(options.redis, options) }),
    handler: (_req, res, next) => {
      const reset = res.getHeader('Retry-After');
      next(new HttpError(429, 'RATE_LIMITED', 'Too many requests for this token; slow down', undefined, Number(reset) || Math.ceil(windowMs / 1000)));
    },
  });
}

function sharedStore(redis: Redis, options: RateLimitOptions): FallbackRateLimitStore {
  const store = new RedisStore({
    prefix: options.prefix ?? 'patinha:rl:',
    sendCommand: (command: string, ...args: string[]) => redis.call(command, ...args) as Promise<number>,
  });
  return new FallbackRateLimitStore(store, () => (options.redisStatus?.() ?? 'up') === 'up', (error) =>
    options.logger?.warn({ err: error }, 'rate limit store failed; counting in memory for this request'),
  );
}
