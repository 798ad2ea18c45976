import { expect } from 'chai';
import { liveKey, seenKey } from '../../cluster/keys.js';
import { Membership } from '../../cluster/membership.js';
import { eventually } from '../support/eventually.js';
import { FakeClock } from '../support/fake-clock.js';
import { testClusterPrefix, testRedisLinks } from '../support/test-cluster.js';

/**
 * Heartbeats on the real Redis. Renewals run on a fake clock; expiry is Redis's own (real
 * time), so the one test of a lapsing heartbeat uses a TTL of a fraction of a second.
 */
describe('cluster membership (heartbeats in Redis, real redis-server)', function () {
  this.timeout(20_000);
  let redis: Awaited<ReturnType<typeof testRedisLinks>> | undefined;
  let prefix: string;
  let clock: FakeClock;
  const members: Membership[] = [];

  beforeEach(async function () {
    prefix = testClusterPrefix();
    clock = new FakeClock();
    redis = await testRedisLinks(this, 1, prefix);
  });
  afterEach(async () => {
    for (const member of members.splice(0)) await member.stop();
    await redis?.close();
    redis = undefined;
  });

  const member = (nodeId: string, timing: { ttlMs?: number; renewMs?: number; knownForMs?: number } = {}) => {
    const m = new Membership({ redis: redis!.links[0]!.commands, nodeId, clock, prefix, ...timing });
    members.push(m);
    return m;
  };

  it('lists live nodes, renews on its timer, and shows a node that left as gone at once', async () => {
    const a = member('node-a');
    const b = member('node-b');
    const started = clock.now();
    expect([await a.start(), await b.start()]).to.deep.equal([true, true]);
    expect(await a.liveNodes()).to.deep.equal(['node-a', 'node-b']);
    expect(await b.knownNodes()).to.deep.equal([
      { nodeId: 'node-a', lastSeenAt: started, live: true },
      { nodeId: 'node-b', lastSeenAt: started, live: true },
    ]);
    const ttl = await redis!.direct.pttl(liveKey('node-a', prefix));
    expect(ttl).to.be.within(1, 15_000);

    await clock.advance(5_000); // one renewal each
    await eventually(async () => (await a.knownNodes()).every((n) => n.lastSeenAt === started + 5_000), 'both renewals to land');

    await clock.advance(1_000);
    await b.stop();
    expect(await a.liveNodes()).to.deep.equal(['node-a']);
    expect(await a.knownNodes()).to.deep.equal([
      { nodeId: 'node-a', lastSeenAt: started + 5_000, live: true },
      { nodeId: 'node-b', lastSeenAt: started + 6_000, live: false },
    ]);
    expect(await b.beat()).to.equal(false); // a stopped node never beats again
    expect(await a.liveNodes()).to.deep.equal(['node-a']);
  });

  it('shows a node that died (stopped beating without leaving) as gone once its TTL lapses', async () => {
    const a = member('node-a');
    const dying = member('node-dying', { ttlMs: 300, renewMs: 100 });
    await a.start();
    await dying.start();
    expect(await a.liveNodes()).to.deep.equal(['node-a', 'node-dying']);
    await dying.stop({ leave: false }); // as kill -9: nothing deleted
    expect(await redis!.direct.exists(liveKey('node-dying', prefix))).to.equal(1);
    await eventually(async () => (await a.liveNodes()).length === 1, 'the dead node\'s heartbeat to lapse (Redis TTL, 300 ms)', 5_000);
    expect(await a.knownNodes()).to.deep.include({ nodeId: 'node-dying', lastSeenAt: clock.now(), live: false });
  });

  it('forgets a node not seen within knownForMs, and ignores garbage in the hash', async () => {
    const a = member('node-a', { knownForMs: 60_000 });
    const old = member('node-old');
    await a.start();
    await old.start();
    await old.stop();
    await redis!.direct.hset(seenKey(prefix), 'node-garbage', 'not a time');
    expect((await a.knownNodes()).map((n) => n.nodeId)).to.deep.equal(['node-a', 'node-old']);
    await clock.advance(61_000); // node-a keeps beating; node-old does not
    await eventually(async () => (await a.knownNodes())[0]?.lastSeenAt === clock.now() - 1_000, 'node-a\'s last renewal to land');
    expect(await a.knownNodes()).to.deep.equal([{ nodeId: 'node-a', lastSeenAt: clock.now() - 1_000, live: true }]);
    expect(Object.keys(await redis!.direct.hgetall(seenKey(prefix)))).to.deep.equal(['node-a']); // pruned
  });

  it('refuses a renewal period that is not below the TTL', () => {
    expect(() => new Membership({ redis: redis!.links[0]!.commands, nodeId: 'x', ttlMs: 5_000, renewMs: 5_000 })).to.throw(/renewMs/);
  });
});
