import { expect } from 'chai';
import type { ShopSnapshot } from '../../actors/shop/shop-snapshot.js';
import { followShopChanges } from '../../app/shop-changes.js';
import { silentLogger } from '../../runtime/logger.js';
import { repositories } from '../../storage/repositories.js';
import { announceShopChange, ShopChangeListener, type ShopChange } from '../../storage/shop-change-feed.js';
import { eventually } from '../support/eventually.js';
import { startPipeline, type PipelineHarness } from '../support/pipeline-harness.js';
import { skipOrFail } from '../support/services.js';
import { postgresServerUrl, sharedPostgresUrl } from '../support/test-database.js';

describe('shop snapshots across nodes (PostgreSQL LISTEN/NOTIFY)', () => {
  let h: PipelineHarness | undefined;
  const closers: Array<() => Promise<void>> = [];
  before(function () {
    if (!postgresServerUrl) skipOrFail(this, 'PostgreSQL', 'TEST_DATABASE_URL/DATABASE_URL is not set');
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    await h?.stop();
    h = undefined;
  });

  const snapshotOf = (harness: PipelineHarness) => harness.actors.shop(harness.orgId).ask<ShopSnapshot>({ type: 'shop.snapshot' });

  it('reloads a shop here when another node announces it changed the shop', async () => {
    h = await startPipeline({ engine: 'postgres' });
    const follower = followShopChanges(h.actors, sharedPostgresUrl(), silentLogger);
    closers.push(() => follower.close());
    await follower.ready();
    expect((await snapshotOf(h)).org.settings).to.not.have.property('humanQuietMinutes');
    // "Node A" writes the change and announces it, as the settings route does there.
    await repositories(h.storage.db).organizations.update(h.orgId, { settings: { humanQuietMinutes: 7 } }, new Date(h.clock.now()));
    await announceShopChange(h.storage.db, { orgId: h.orgId, nodeId: 'node-a' });
    await eventually(async () => (await snapshotOf(h!)).org.settings.humanQuietMinutes === 7, "node A's change in this node's snapshot");
  });

  it('does not reload twice what this node announced itself, and announces the changes its shop actor writes', async () => {
    h = await startPipeline({ engine: 'postgres' });
    const heard: ShopChange[] = [];
    const other = ShopChangeListener.start({ connectionString: sharedPostgresUrl(), onChange: (c) => heard.push(c), onResync: () => undefined });
    closers.push(() => other.close());
    await other.ready();
    const before = (await snapshotOf(h)).version;
    await h.actors.shop(h.orgId).ask({ type: 'shop.update-org', patch: { name: 'Pet Shop Novo Nome' }, actor: 'test' }); // what PATCH /orgs/:id sends
    await eventually(() => heard.length === 1, 'the announcement on the other listener');
    expect(heard[0]).to.deep.equal({ orgId: h.orgId, nodeId: h.actors.changeSource });
    expect((await snapshotOf(h)).version).to.equal(before + 1);
  });

  it('reloads every shop after the listener lost its connection (it may have missed news)', async () => {
    h = await startPipeline({ engine: 'postgres' });
    let resyncs = 0;
    const listener = ShopChangeListener.start({ connectionString: sharedPostgresUrl(), onChange: () => undefined, onResync: () => resyncs++, retryMs: 20 });
    closers.push(() => listener.close());
    await listener.ready();
    // Cut the listener's connection from the server side.
    const { sql } = await import('kysely');
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query ilike 'listen %'`.execute(h.storage.db);
    await eventually(() => resyncs === 1, 'a resync after reconnecting');
  });
});
