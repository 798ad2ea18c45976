import type { RedisLink, RedisStatus } from '../../storage/redis-link.js';

/** Resolves when the link reports `status` (at once if it already does); the test's timeout is the bound. */
export function untilStatus(link: RedisLink, status: RedisStatus): Promise<void> {
  if (link.status() === status) return Promise.resolve();
  return new Promise((resolve) => {
    const off = link.onChange((now) => {
      if (now !== status) return;
      off();
      resolve();
    });
  });
}
