import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { Redis } from 'ioredis';
import type { Cache } from '../../storage/cache.js';
import { MemoryCache } from '../../storage/memory-cache.js';
import { RedisCache } from '../../storage/redis-cache.js';
import { FakeClock } from '../support/fake-clock.js';
import { connectTestRedis } from '../support/test-redis.js';

/** The same contract for both implementations; only expiry is driven differently. */
function cacheContract(name: string, make: () => Cache, expire: (key: string) => Promise<void>) {
  describe(`${name} cache`, () => {
    it('round-trips non-ASCII values', async () => {
      const cache = make();
      await cache.set('a', 'não, obrigado 🐶');
      expect(await cache.get('a')).to.equal('não, obrigado 🐶');
      expect(await cache.get('missing')).to.equal(undefined);
    });

    it('forgets an entry after its TTL', async () => {
      const cache = make();
      await cache.set('ttl', 'v', 60_000);
      expect(await cache.get('ttl')).to.equal('v');
      await expire('ttl');
      expect(await cache.get('ttl')).to.equal(undefined);
    });

    it('deletes by key and by prefix only within the prefix', async () => {
      const cache = make();
      await cache.set('wa:1:creds', 'x');
      await cache.set('wa:1:pre-key-1', 'y');
      await cache.set('wa:10:creds', 'z');
      await cache.set('other', 'w');
      expect(await cache.delPrefix('wa:1:')).to.equal(2);
      expect(await cache.get('wa:10:creds')).to.equal('z');
      await cache.del('other');
      expect(await cache.get('other')).to.equal(undefined);
    });
  });
}

describe('Cache', () => {
  const clock = new FakeClock();
  cacheContract('memory', () => new MemoryCache(clock), async () => clock.advance(60_001));

  it('memory cache evicts the oldest entries past its bound', async () => {
    const cache = new MemoryCache(clock, 2);
    await cache.set('a', '1');
    await cache.set('b', '2');
    await cache.set('c', '3');
    expect(await cache.get('a')).to.equal(undefined);
    expect(await cache.get('c')).to.equal('3');
  });

  describe('with redis-server', function () {
    let redis: Redis | undefined;
    const prefix = `patinha-test:${process.pid}:${randomBytes(3).toString('hex')}:`;
    before(async function () {
      redis = await connectTestRedis(this);
    });
    after(async () => {
      if (!redis) return;
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    });
    // Redis expires on its own clock, so "expiry" here is forced with PEXPIRE 1 and a short wait for it.
    cacheContract('redis', () => new RedisCache(redis!, { keyPrefix: prefix }), async (key) => {
      await redis!.pexpire(prefix + key, 1);
      while ((await redis!.exists(prefix + key)) === 1) await new Promise((r) => setImmediate(r));
    });
  });
});
