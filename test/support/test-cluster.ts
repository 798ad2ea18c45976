import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../../runtime/logger.js';
import { RedisLink } from '../../storage/redis-link.js';
import { untilStatus } from './redis-link-events.js';
import { connectTestRedis, testRedisUrl } from './test-redis.js';

/** A key and channel prefix of the test's own: suites sharing one Redis never see each other's nodes. */
export function testClusterPrefix(): string {
  return `patinha-test-${randomUUID().slice(0, 8)}`;
}

/**
 * Links to the test Redis (skips, or fails under REQUIRE_SERVICES=1, without one) and a plain
 * connection for the test itself; `close()` closes them and deletes the prefix's keys.
 */
export async function testRedisLinks(context: Mocha.Context, count: number, prefix: string): Promise<{ links: RedisLink[]; direct: Redis; close(): Promise<void> }> {
  const direct = await connectTestRedis(context);
  const links = Array.from({ length: count }, () => new RedisLink(testRedisUrl).start());
  await Promise.all(links.map((link) => untilStatus(link, 'up')));
  return {
    links,
    direct,
    async close() {
      for (const link of links) await link.close();
      const keys = await direct.keys(`${prefix}:*`);
      if (keys.length) await direct.del(...keys);
      direct.disconnect();
    },
  };
}

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: Record<string, unknown>;
  msg?: string;
}

/** A logger that keeps what it is told, to check what was dropped and why. */
export function recordingLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: LogLine['level']) => (obj: Record<string, unknown>, msg?: string) => void lines.push({ level, obj, msg });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
