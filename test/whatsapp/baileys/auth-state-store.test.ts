import { randomBytes } from 'node:crypto';
import { proto, type SignalDataSet, type SignalDataTypeMap } from '@whiskeysockets/baileys';
import { expect } from 'chai';
import type { Redis } from 'ioredis';
import type { Cache } from '../../../storage/cache.js';
import { MemoryCache } from '../../../storage/memory-cache.js';
import { RedisCache } from '../../../storage/redis-cache.js';
import { SecretBox } from '../../../storage/secret-box.js';
import { WaAuthRepository } from '../../../storage/wa-auth.repository.js';
import { encodeAuthJson, SIGNAL_KEY_TYPES, type SignalKeyType } from '../../../whatsapp/baileys/auth-codec.js';
import { AuthStateStore, authCachePrefix, DEFAULT_AUTH_CACHE_TTL_MS, type AuthStateStoreOptions } from '../../../whatsapp/baileys/auth-state-store.js';
import { FakeClock } from '../../support/fake-clock.js';
import { describeEachEngine, sharedDatabase, truncateAll } from '../../support/test-database.js';
import { connectTestRedis } from '../../support/test-redis.js';
import { everyKeyType, linkedCreds, seedWaInstance } from '../../support/wa-auth-fixtures.js';

const json = (value: unknown) => encodeAuthJson(value);

/** Every id of a SignalDataSet, per type. */
function idsOf(data: SignalDataSet): [SignalKeyType, string[]][] {
  return SIGNAL_KEY_TYPES.map((type) => [type, Object.keys(data[type] ?? {})]);
}

describeEachEngine('AuthStateStore', (fx) => {
  const key = randomBytes(32).toString('hex');
  const clock = new FakeClock();

  async function open(overrides: Partial<AuthStateStoreOptions> & { orgId: string; instanceId: string }) {
    return AuthStateStore.open({ db: fx.handle.db, secretBox: new SecretBox(key), cache: new MemoryCache(clock), clock, ...overrides });
  }

  it('starts fresh creds, then restores the saved creds object whole', async () => {
    const ids = await seedWaInstance(fx.handle.db);
    const fresh = await open(ids);
    expect(fresh.restored).to.equal(false);
    expect(fresh.isPaired).to.equal(false);
    expect(fresh.state.creds).to.equal(fresh.creds); // one object, the one Baileys mutates
    Object.assign(fresh.creds, linkedCreds());
    await fresh.saveCreds();
    const restored = await open(ids);
    expect(restored.restored).to.equal(true);
    expect(restored.isPaired).to.equal(true);
    expect(json(restored.creds)).to.equal(json(fresh.creds));
    expect(Buffer.isBuffer(restored.creds.noiseKey.private)).to.equal(true);
  });

  it('round-trips every v7 key type, app-state-sync-key as the protobuf class', async () => {
    const ids = await seedWaInstance(fx.handle.db);
    const store = await open(ids);
    const data = everyKeyType(7);
    await store.keys.set(data);
    const reopened = await open(ids); // a new store: nothing cached in memory
    for (const [type, keyIds] of idsOf(data)) {
      const got = await reopened.keys.get(type, [...keyIds, 'missing']);
      expect(Object.keys(got).sort(), type).to.deep.equal([...keyIds].sort());
      for (const id of keyIds) expect(json(got[id]), `${type}/${id}`).to.equal(json(data[type]![id]));
    }
    const [syncKeyId] = Object.keys(data['app-state-sync-key']!);
    const syncKey = (await reopened.keys.get('app-state-sync-key', [syncKeyId!]))[syncKeyId!];
    expect(syncKey).to.be.instanceOf(proto.Message.AppStateSyncKeyData);
    const preKey = (await reopened.keys.get('pre-key', ['7']))['7'] as SignalDataTypeMap['pre-key'];
    expect(Buffer.isBuffer(preKey.private)).to.equal(true);
  });

  it('deletes a key set to null, through the cacheable store Baileys uses too', async () => {
    const ids = await seedWaInstance(fx.handle.db);
    const store = await open(ids);
    await store.state.keys.set({ session: { 'a.0': Buffer.from('A'), 'b.0': Buffer.from('B') } });
    await store.state.keys.set({ session: { 'a.0': null } });
    const seen = await store.state.keys.get('session', ['a.0', 'b.0']);
    expect(seen['a.0'] ?? undefined).to.equal(undefined); // Baileys' cacheable layer may answer a cached null
    expect(Buffer.from(seen['b.0']!).toString()).to.equal('B');
    const reopened = await open(ids);
    expect(Object.keys(await reopened.keys.get('session', ['a.0', 'b.0']))).to.deep.equal(['b.0']);
  });

  it('never stores plaintext: the creds row does not contain the noise key, a session row not its bytes', async () => {
    const ids = await seedWaInstance(fx.handle.db);
    const store = await open(ids);
    await store.saveCreds();
    const session = randomBytes(64);
    await store.keys.set({ session: { '5511987654321.0': session } });
    const rows = await fx.handle.db.selectFrom('wa_auth').select(['type', 'value']).where('instance_id', '=', ids.instanceId).execute();
    expect(rows.map((r) => r.type).sort()).to.deep.equal(['creds', 'session']);
    const secrets = [
      store.creds.noiseKey.private,
      store.creds.noiseKey.public,
      store.creds.signedIdentityKey.private,
      Buffer.from(store.creds.advSecretKey, 'base64'),
      session,
    ].map((b) => Buffer.from(b).toString('base64'));
    for (const row of rows) {
      expect(row.value).to.match(/^v1:/);
      for (const secret of secrets) expect(row.value).to.not.contain(secret);
      expect(row.value).to.not.contain('noiseKey');
    }
  });

  it('a failing key write throws, writes nothing, and leaves no phantom value in the memory cache', async () => {
    const ids = await seedWaInstance(fx.handle.db);
    const store = await open(ids);
    await store.state.keys.set({ session: { 'a.0': Buffer.from('old') } });
    const error = await Promise.resolve(store.state.keys
      .set({ session: { 'a.0': Buffer.from('new'), 'b.0': Buffer.from('B'), 'bad\u0000.0': Buffer.from('x') } }))
      .then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(Error);
    const seen = await store.state.keys.get('session', ['a.0', 'b.0']);
    expect(Object.keys(seen)).to.deep.equal(['a.0']);
    expect(Buffer.from(seen['a.0']!).toString()).to.equal('old');
    expect(await new WaAuthRepository(fx.handle.db).countByType(ids.instanceId)).to.deep.equal({ session: 1 });
  });

  it('a creds save for a number that is gone throws, and flush() reports it', async () => {
    const ids = await seedWaInstance(fx.handle.db);
    const store = await open(ids);
    await fx.handle.db.deleteFrom('instances').where('id', '=', ids.instanceId).execute();
    const error = await store.saveCreds().then(() => undefined, (e: unknown) => e);
    expect(error).to.have.property('code', '23503');
    expect(await store.flush().then(() => 'saved', () => 'failed')).to.equal('failed');
  });

  it('runs writes one at a time in the order asked: creds saved after the keys they point to', async () => {
    const ids = await seedWaInstance(fx.handle.db);
    const store = await open(ids);
    const order: string[] = [];
    const pending: Promise<void>[] = [];
    for (let i = 1; i <= 5; i++) {
      pending.push(Promise.resolve(store.keys.set({ 'pre-key': { [String(i)]: { public: randomBytes(32), private: randomBytes(32) } } })).then(() => void order.push(`keys${i}`)));
      store.creds.nextPreKeyId = i + 1;
      pending.push(store.saveCreds().then(() => void order.push(`creds${i}`)));
    }
    await Promise.all(pending);
    expect(order).to.deep.equal(['keys1', 'creds1', 'keys2', 'creds2', 'keys3', 'creds3', 'keys4', 'creds4', 'keys5', 'creds5']);
    expect((await open(ids)).creds.nextPreKeyId).to.equal(6);
  });

  it('coalesces creds saves queued behind a write into one, which saves the newest state', async () => {
    const ids = await seedWaInstance(fx.handle.db);
    const store = await open(ids);
    const blocker = store.keys.set({ session: { 'x.0': Buffer.from('x') } });
    const saves = [1, 2, 3].map((n) => {
      store.creds.accountSyncCounter = n;
      return store.saveCreds();
    });
    expect(saves[0]).to.equal(saves[2]);
    await blocker;
    await Promise.all(saves);
    expect((await open(ids)).creds.accountSyncCounter).to.equal(3);
  });

  it('clear() deletes every row and the cache; later writes of a winding-down socket are dropped', async () => {
    const ids = await seedWaInstance(fx.handle.db);
    const cache = new MemoryCache(clock);
    const store = await open({ ...ids, cache });
    await store.saveCreds();
    await store.keys.set(everyKeyType(1));
    await store.keys.get('pre-key', ['1']);
    await store.clear();
    await store.keys.set({ session: { 'late.0': Buffer.from('late') } });
    await store.saveCreds();
    expect(await new WaAuthRepository(fx.handle.db).countByType(ids.instanceId)).to.deep.equal({});
    expect(await cache.delPrefix(authCachePrefix(ids.instanceId))).to.equal(0);
    expect(store.disposed).to.equal(true);
  });
});

describe('AuthStateStore read-through cache', function () {
  const key = randomBytes(32).toString('hex');
  let redis: Redis | undefined;
  const prefix = `patinha-test:${process.pid}:${randomBytes(3).toString('hex')}:`;

  before(async function () {
    this.timeout(60_000);
    redis = await connectTestRedis(this);
  });

  after(async () => {
    if (redis) {
      await new RedisCache(redis, { keyPrefix: prefix }).delPrefix('');
      redis.disconnect();
    }
  });

  async function setup(cache: Cache, clock = new FakeClock()) {
    const storage = await sharedDatabase('pglite');
    await truncateAll(storage);
    const ids = await seedWaInstance(storage.db);
    const options = { db: storage.db, secretBox: new SecretBox(key), cache, clock, ...ids };
    const store = await AuthStateStore.open(options);
    await store.saveCreds(); // later stores of this number load the same creds (same cache namespace)
    const cacheKey = (type: string, id: string) => `${authCachePrefix(ids.instanceId)}${store.creds.registrationId}:${type}:${id}`;
    const deleteRowBehindTheStore = (type: string, id: string) =>
      storage.db.deleteFrom('wa_auth').where('instance_id', '=', ids.instanceId).where('type', '=', type).where('key_id', '=', id).execute();
    return { store, ids, options, cacheKey, deleteRowBehindTheStore };
  }

  it('serves a second read from Redis (sealed, per-instance key, 1 h TTL) and refreshes it on write', async () => {
    const cache = new RedisCache(redis!, { keyPrefix: prefix });
    const { store, options, cacheKey, deleteRowBehindTheStore } = await setup(cache);
    await store.keys.set({ session: { 'a.0': Buffer.from('v1') } });
    const redisKey = `${prefix}${cacheKey('session', 'a.0')}`;
    const cached = await redis!.get(redisKey);
    expect(cached).to.match(/^v1:/); // sealed: Redis holds no plaintext either
    const ttl = await redis!.pttl(redisKey);
    expect(ttl).to.be.within(DEFAULT_AUTH_CACHE_TTL_MS - 60_000, DEFAULT_AUTH_CACHE_TTL_MS);

    await deleteRowBehindTheStore('session', 'a.0');
    const other = await AuthStateStore.open(options); // no in-memory layer shared
    expect(Buffer.from((await other.keys.get('session', ['a.0']))['a.0']!).toString()).to.equal('v1');

    await other.keys.set({ session: { 'a.0': Buffer.from('v2') } });
    expect(await redis!.get(redisKey)).to.not.equal(cached);
    expect(Buffer.from((await store.keys.get('session', ['a.0']))['a.0']!).toString()).to.equal('v2');

    await other.keys.set({ session: { 'a.0': null } });
    expect(await store.keys.get('session', ['a.0'])).to.deep.equal({});
  });

  it('fills the cache on a database read, including a tombstone for a key that does not exist', async () => {
    const cache = new RedisCache(redis!, { keyPrefix: prefix });
    const { store, options, cacheKey } = await setup(cache);
    await store.keys.set({ 'lid-mapping': { '5511987654321': '123456789012345' } });
    await redis!.del(`${prefix}${cacheKey('lid-mapping', '5511987654321')}`);
    const reader = await AuthStateStore.open(options);
    expect(await reader.keys.get('lid-mapping', ['5511987654321', '5511900000000'])).to.deep.equal({ '5511987654321': '123456789012345' });
    expect(await redis!.get(`${prefix}${cacheKey('lid-mapping', '5511987654321')}`)).to.match(/^v1:/);
    expect(await redis!.get(`${prefix}${cacheKey('lid-mapping', '5511900000000')}`)).to.equal('-');
    await reader.keys.set({ 'lid-mapping': { '5511900000000': '999' } }); // a write replaces the tombstone
    expect(await store.keys.get('lid-mapping', ['5511900000000'])).to.deep.equal({ '5511900000000': '999' });
  });

  it('never serves one pairing\'s cached keys to the next pairing of the same number', async () => {
    const cache = new RedisCache(redis!, { keyPrefix: prefix });
    const { store, options, deleteRowBehindTheStore } = await setup(cache);
    await store.keys.set({ session: { 'a.0': Buffer.from('old account') } });
    // A logout whose cache purge failed: rows gone, cache entries left behind.
    await deleteRowBehindTheStore('session', 'a.0');
    await deleteRowBehindTheStore('creds', 'creds');
    const next = await AuthStateStore.open(options); // fresh creds: a new registration id
    expect(next.creds.registrationId).to.not.equal(store.creds.registrationId);
    expect(await next.keys.get('session', ['a.0'])).to.deep.equal({});
  });

  it('goes around a failing cache to the database, and trusts it again only after dropping the session prefix', async () => {
    const clock = new FakeClock();
    const memory = new MemoryCache(clock);
    let failing = false;
    const flaky: Cache = {
      kind: 'memory',
      get: (k) => (failing ? Promise.reject(new Error('redis down')) : memory.get(k)),
      set: (k, v, ttl) => (failing ? Promise.reject(new Error('redis down')) : memory.set(k, v, ttl)),
      del: (...k) => (failing ? Promise.reject(new Error('redis down')) : memory.del(...k)),
      delPrefix: (p) => (failing ? Promise.reject(new Error('redis down')) : memory.delPrefix(p)),
      close: () => memory.close(),
    };
    const { store, cacheKey: keyOf } = await setup(flaky, clock);
    await store.keys.set({ session: { 'a.0': Buffer.from('v1') } });
    const cacheKey = keyOf('session', 'a.0');
    const stale = await memory.get(cacheKey);
    failing = true;
    await store.keys.set({ session: { 'a.0': Buffer.from('v2') } }); // the cache keeps a stale v1
    expect(Buffer.from((await store.keys.get('session', ['a.0']))['a.0']!).toString()).to.equal('v2');
    failing = false;
    expect(Buffer.from((await store.keys.get('session', ['a.0']))['a.0']!).toString()).to.equal('v2'); // still around the cache
    await clock.advance(30_000);
    expect(Buffer.from((await store.keys.get('session', ['a.0']))['a.0']!).toString()).to.equal('v2');
    const refilled = await memory.get(cacheKey); // the stale entry was dropped and refilled from the database
    expect(refilled).to.match(/^v1:/).and.to.not.equal(stale);
    expect(Buffer.from((await store.keys.get('session', ['a.0']))['a.0']!).toString()).to.equal('v2');
  });
});
