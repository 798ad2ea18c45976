import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { RedisLink } from '../storage/redis-link.js';

/**
 * The adapter fires these and never looks at the promise: a rejection (Redis
 * away) would be unhandled and, in Node, end the process.
 */
const FIRE_AND_FORGET = new Set<PropertyKey>(['publish', 'psubscribe', 'subscribe', 'punsubscribe', 'unsubscribe']);

/** The same client, with a handler on every fire-and-forget command's promise. */
export function guardFireAndForget(client: Redis, onError: (command: string, error: unknown) => void): Redis {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (!FIRE_AND_FORGET.has(property) || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (result instanceof Promise) result.catch((error: unknown) => onError(String(property), error));
        return result;
      };
    },
  });
}

/**
 * The Socket.IO Redis adapter over the link. While Redis is down a broadcast's
 * publish fails (at once: the publisher has no offline queue) and is dropped,
 * and the adapter still delivers to this node's sockets — the ones a dashboard
 * on this node holds. The subscriber waits for Redis and subscribes again when
 * it returns, so events from other nodes resume without a restart.
 */
export function resilientRedisAdapter(link: RedisLink, logger: Logger): ReturnType<typeof createAdapter> {
  const onError = (command: string, error: unknown) => logger.debug({ err: error, command }, 'socket.io redis command failed; delivered locally only');
  const pub = link.publisher();
  const sub = link.subscriber();
  // The adapter adds an 'error' listener per namespace (one per org with a dashboard open): not a leak.
  pub.setMaxListeners(0);
  sub.setMaxListeners(0);
  return createAdapter(guardFireAndForget(pub, onError), guardFireAndForget(sub, onError));
}
