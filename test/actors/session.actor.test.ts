import { expect } from 'chai';
import { sessionAddress } from '../../actors/addresses.js';
import { createSessionActor } from '../../actors/session/session.actor.js';
import type { SessionMsg, SessionNotice } from '../../actors/session/session.protocol.js';
import { workerSpec } from '../../runtime/actor-cell.js';
import { dynamicSupervisorSpec } from '../../runtime/dynamic-supervisor.js';
import { supervisorSpec } from '../../runtime/supervisor.js';
import { InboxRepository } from '../../storage/inbox.repository.js';
import { InstancesRepository } from '../../storage/instances.repository.js';
import { OutboxRepository } from '../../storage/outbox.repository.js';
import { DEFAULT_PACING } from '../../domain/send-pacing.js';
import { SimulatorTransport } from '../../whatsapp/simulator.transport.js';
import { FakeClock, flushPromises } from '../support/fake-clock.js';
import { seedTenant } from '../support/fixtures.js';
import { startHarness, stopHarness, type Harness } from '../support/runtime-harness.js';
import { sharedDatabase, truncateAll } from '../support/test-database.js';

const HEALTH_OFF = 365 * 86_400_000;

/** The real shape of the tree around a session: orgs → org/<org> → sessions/<org> → session/<org>/<instance>. */
function startSessionTree(definition: ReturnType<typeof createSessionActor>, clock: FakeClock): Promise<Harness> {
  const sessions = () =>
    dynamicSupervisorSpec({ id: 'sessions', childType: 'session', keepAlive: true, child: () => workerSpec({ id: 'session', definition, restart: 'transient', messageTimeoutMs: 0 }) });
  return startHarness(
    dynamicSupervisorSpec({ id: 'orgs', childType: 'org', keepAlive: true, child: () => supervisorSpec({ id: 'org', strategy: 'one_for_one', children: [sessions()] }) }),
    { clock, keyOwners: { session: 'org' } },
  );
}
const reconnectTimers = (clock: FakeClock) => clock.pendingDelays().filter((d) => d < HEALTH_OFF / 2);

describe('SessionActor (simulator transport, fake clock)', () => {
  let harness: Harness | undefined;
  let clock: FakeClock;
  let transport: SimulatorTransport;
  let notices: SessionNotice[];
  let tenant: Awaited<ReturnType<typeof seedTenant>>;

  async function start(random: () => number = () => 0.5) {
    const storage = await sharedDatabase('pglite');
    await truncateAll(storage);
    tenant = await seedTenant(storage.db);
    clock = new FakeClock(Date.UTC(2026, 11, 1, 12));
    transport = new SimulatorTransport(clock, new Map([[tenant.instance.id, '+5511988887777']]));
    notices = [];
    // The health check is tested on its own below; here it must not add timers to the schedule under test.
    const definition = createSessionActor({ db: storage.db, transportFor: () => transport, random, notify: (n) => notices.push(n), bootStaggerMs: 0, healthCheckMs: HEALTH_OFF });
    harness = await startSessionTree(definition, clock);
    const ref = harness.system.getOrSpawn<SessionMsg>(sessionAddress(tenant.org.id, tenant.instance.id));
    await clock.advance(0);
    return { storage, ref };
  }

  afterEach(async () => stopHarness(harness));

  const statusesOf = () => notices.filter((n) => n.kind === 'status').map((n) => (n as { status: string }).status);

  it('connects on start, records open with the account phone, and makes inbound messages durable once', async () => {
    const { storage, ref } = await start();
    expect(statusesOf()).to.deep.equal(['connecting', 'open']);
    const instance = await new InstancesRepository(storage.db).findById(tenant.org.id, tenant.instance.id);
    expect(instance).to.include({ status: 'open', phone: '+5511988887777', consecutiveFailures: 0 });
    transport.inject(tenant.instance.id, { from: '+5511987654321', text: 'oi, quero marcar um banho', id: 'WA-1' });
    transport.inject(tenant.instance.id, { from: '+5511987654321', text: 'oi, quero marcar um banho', id: 'WA-1' });
    await ref.ask({ type: 'session.status' });
    const rows = await new InboxRepository(storage.db).listUnprocessed({ orgId: tenant.org.id });
    expect(rows.map((r) => r.text)).to.deep.equal(['oi, quero marcar um banho']);
    expect(notices.filter((n) => n.kind === 'inbound')).to.have.length(1);
  });

  it('reconnects after 408 on the 5 s ×1.5 schedule and alerts after the fifth consecutive failure', async () => {
    const { storage, ref } = await start(() => 0.5); // jitter factor exactly 1.0
    transport.failNextConnects(4, 408);
    transport.dropConnection(tenant.instance.id, 408, 'Connection was lost');
    const expected = [5000, 7500, 11250, 16875, 25313];
    for (let i = 0; i < expected.length; i++) {
      await ref.ask({ type: 'session.status' });
      const disconnects = notices.filter((n) => n.kind === 'disconnected') as Array<Extract<SessionNotice, { kind: 'disconnected' }>>;
      expect(disconnects).to.have.length(i + 1);
      expect(disconnects[i]).to.deep.include({ code: 408, shouldReconnect: true, attempt: i + 1, nextRetryInMs: expected[i], reason: 'timedOut' });
      expect(reconnectTimers(clock)).to.deep.equal([expected[i]]);
      await clock.advance(expected[i]! - 1);
      expect(notices.filter((n) => n.kind === 'disconnected')).to.have.length(i + 1); // not a millisecond early
      await clock.advance(1);
    }
    await ref.ask({ type: 'session.status' });
    const alerts = notices.filter((n) => n.kind === 'alert');
    expect(alerts).to.have.length(1);
    expect(alerts[0]).to.deep.include({ alert: 'number_failing', consecutiveFailures: 5 });
    // The fifth retry succeeded: the number is open again and the failure streak is reset.
    expect(transport.isConnected(tenant.instance.id)).to.equal(true);
    expect(await new InstancesRepository(storage.db).findById(tenant.org.id, tenant.instance.id)).to.include({ status: 'open', consecutiveFailures: 0 });
  });

  it('stops for good on 401 logged out and on 440 replaced, with no retry scheduled', async () => {
    for (const [code, status] of [[401, 'logged_out'], [440, 'replaced'], [403, 'banned']] as const) {
      const { storage, ref } = await start();
      transport.dropConnection(tenant.instance.id, code);
      await ref.ask({ type: 'session.status' });
      const disconnected = notices.find((n) => n.kind === 'disconnected') as Extract<SessionNotice, { kind: 'disconnected' }>;
      expect(disconnected).to.deep.include({ code, shouldReconnect: false, nextRetryInMs: null });
      await clock.advance(120_000);
      expect(transport.isConnected(tenant.instance.id), String(code)).to.equal(false);
      expect((await new InstancesRepository(storage.db).findById(tenant.org.id, tenant.instance.id))?.status).to.equal(status);
      await stopHarness(harness);
      harness = undefined;
    }
  });

  it('reconnects at once with the saved credentials on 515 restart required, using no attempt', async () => {
    const { ref } = await start();
    transport.dropConnection(tenant.instance.id, 515, 'restart required');
    const status = await ref.ask<{ attempt: number; generation: number }>({ type: 'session.status' });
    await flushPromises();
    expect(transport.isConnected(tenant.instance.id)).to.equal(true);
    expect(status.attempt).to.equal(0);
    expect(status.generation).to.equal(2);
    expect(notices.find((n) => n.kind === 'disconnected')).to.deep.include({ code: 515, shouldReconnect: true, nextRetryInMs: 0 });
  });

  it('ignores events from a stale socket generation', async () => {
    const { storage, ref } = await start();
    await ref.ask({ type: 'session.connect' }); // generation 2 replaces generation 1
    ref.tell({ type: '$session.transport', envelope: { instanceId: tenant.instance.id, generation: 1, event: { type: 'closed', code: 428, message: 'stale' } } });
    await ref.ask({ type: 'session.status' });
    expect(notices.filter((n) => n.kind === 'disconnected')).to.deep.equal([]);
    expect((await new InstancesRepository(storage.db).findById(tenant.org.id, tenant.instance.id))?.status).to.equal('open');
  });

  it('stores a message that arrives on a stale socket generation (WhatsApp may already count it delivered)', async () => {
    const { storage, ref } = await start();
    await ref.ask({ type: 'session.connect' }); // generation 2 replaces generation 1
    const message = { waMessageId: 'WA-LATE', remoteJid: '5511987654321@s.whatsapp.net', fromMe: false, senderPhone: '+5511987654321', senderLid: null, pushName: null, text: 'ainda tem vaga?', timestamp: clock.now() };
    ref.tell({ type: '$session.transport', envelope: { instanceId: tenant.instance.id, generation: 1, event: { type: 'messages', messages: [message] } } });
    await ref.ask({ type: 'session.status' });
    const rows = await new InboxRepository(storage.db).listUnprocessed({ orgId: tenant.org.id });
    expect(rows.map((r) => r.waMessageId)).to.deep.equal(['WA-LATE']);
  });

  it('resolves a delivery only after the inbox row is committed', async () => {
    const { storage } = await start();
    const inbox = new InboxRepository(storage.db);
    await transport.deliver(tenant.instance.id, { from: '+5511987654321', text: 'oi', id: 'WA-D1' }, 5_000);
    expect((await inbox.listUnprocessed({ orgId: tenant.org.id })).map((r) => r.waMessageId)).to.deep.equal(['WA-D1']);
    // The same message again (a retry after a 503) is acknowledged too, and stored once.
    await transport.deliver(tenant.instance.id, { from: '+5511987654321', text: 'oi', id: 'WA-D1' }, 5_000);
    expect(await inbox.listUnprocessed({ orgId: tenant.org.id })).to.have.length(1);
    expect(transport.awaitingReceipt).to.equal(0);
  });

  it('does not restart a live socket when asked to connect only if down', async () => {
    const { ref } = await start();
    const before = await ref.ask<{ generation: number }>({ type: 'session.status' });
    await ref.ask({ type: 'session.connect', ifDown: true });
    expect((await ref.ask<{ generation: number }>({ type: 'session.status' })).generation).to.equal(before.generation);
    transport.vanish(tenant.instance.id);
    await ref.ask({ type: 'session.connect', ifDown: true });
    expect((await ref.ask<{ generation: number }>({ type: 'session.status' })).generation).to.equal(before.generation + 1);
  });

  it('after a kill -9, the new incarnation sends what was mid-send and pending at once, without waiting for any expiry', async () => {
    const storage = await sharedDatabase('pglite');
    await truncateAll(storage);
    tenant = await seedTenant(storage.db);
    clock = new FakeClock(Date.UTC(2026, 11, 1, 12));
    const at = new Date(clock.now() - 1_000);
    // What the dead process left: its lease on the number, one reply marked 'sending' (killed mid-send) and one pending.
    await storage.db.insertInto('leases').values({ name: `wa:${tenant.instance.id}`, holder: 'local', expires_at: new Date(clock.now() + 180_000), updated_at: at }).execute();
    const outbox = new OutboxRepository(storage.db);
    for (const [i, phone] of ['+5511911110001', '+5511911110002'].entries()) {
      await outbox.enqueue({ orgId: tenant.org.id, instanceId: tenant.instance.id, idempotencyKey: `k-${i}`, waMessageId: `3EB0KILL${i}`, toPhone: phone, toJid: `${phone.slice(1)}@s.whatsapp.net`, text: 'Oi!', kind: 'reply', queuedAt: at });
    }
    const [midSend] = await outbox.listDue(tenant.instance.id, new Date(clock.now()));
    await outbox.markSending(midSend!.id, at);
    transport = new SimulatorTransport(clock);
    notices = [];
    const definition = createSessionActor({ db: storage.db, transportFor: () => transport, random: () => 0.5, notify: (n) => notices.push(n), bootStaggerMs: 0, healthCheckMs: HEALTH_OFF });
    harness = await startSessionTree(definition, clock);
    harness.system.getOrSpawn<SessionMsg>(sessionAddress(tenant.org.id, tenant.instance.id));
    await clock.advance(0);
    await flushPromises(20);
    expect(transport.sentTo(tenant.instance.id).map((m) => m.waMessageId)).to.deep.equal(['3EB0KILL0']);
    await clock.advance(DEFAULT_PACING.minGapMs); // the pacing between two sends, nothing more
    await flushPromises(20);
    expect(transport.sentTo(tenant.instance.id).map((m) => m.waMessageId)).to.deep.equal(['3EB0KILL0', '3EB0KILL1']);
    expect(await outbox.countPending(tenant.instance.id)).to.equal(0);
  });

  it('gives up after 10 attempts with status failed until someone reconnects', async () => {
    const { storage, ref } = await start();
    transport.failNextConnects(10, 428);
    transport.dropConnection(tenant.instance.id, 428, 'Connection Closed');
    for (let i = 0; i < 12; i++) {
      await ref.ask({ type: 'session.status' });
      await clock.advance(61_000);
    }
    await ref.ask({ type: 'session.status' });
    const disconnects = notices.filter((n) => n.kind === 'disconnected') as Array<Extract<SessionNotice, { kind: 'disconnected' }>>;
    expect(disconnects).to.have.length(11);
    expect(disconnects.slice(0, 10).every((d) => d.shouldReconnect)).to.equal(true);
    expect(disconnects[10]).to.deep.include({ shouldReconnect: false, nextRetryInMs: null });
    expect(reconnectTimers(clock)).to.deep.equal([]);
    expect((await new InstancesRepository(storage.db).findById(tenant.org.id, tenant.instance.id))?.status).to.equal('failed');
    await ref.ask({ type: 'session.connect' });
    await flushPromises();
    expect(transport.isConnected(tenant.instance.id)).to.equal(true);
  });
});

describe('SessionActor health', () => {
  let harness: Harness | undefined;
  afterEach(async () => stopHarness(harness));

  async function start() {
    const storage = await sharedDatabase('pglite');
    await truncateAll(storage);
    const tenant = await seedTenant(storage.db);
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 12));
    const transport = new SimulatorTransport(clock);
    const notices: SessionNotice[] = [];
    const definition = createSessionActor({ db: storage.db, transportFor: () => transport, random: () => 0.5, notify: (n) => notices.push(n), bootStaggerMs: 0, healthCheckMs: 60_000, staleAfterDays: 30 });
    harness = await startSessionTree(definition, clock);
    const ref = harness.system.getOrSpawn<SessionMsg>(sessionAddress(tenant.org.id, tenant.instance.id));
    await clock.advance(0);
    await ref.ask({ type: 'session.status' });
    return { storage, tenant, clock, transport, notices, ref };
  }

  it('notices a socket that died silently and reconnects it', async () => {
    const { tenant, clock, transport, notices, ref } = await start();
    transport.vanish(tenant.instance.id);
    await clock.advance(60_000);
    await ref.ask({ type: 'session.status' });
    expect(notices.find((n) => n.kind === 'disconnected')).to.deep.include({ code: 428, shouldReconnect: true });
    await clock.advance(5_000);
    await ref.ask({ type: 'session.status' });
    expect(transport.isConnected(tenant.instance.id)).to.equal(true);
  });

  it('removes the credentials of a number not connected for 30 days and flags it', async () => {
    const { storage, tenant, clock, transport, ref } = await start();
    transport.failNextConnects(1000, 503);
    transport.dropConnection(tenant.instance.id, 503);
    await ref.ask({ type: 'session.status' });
    await storage.db.updateTable('instances').set({ last_connected_at: new Date(clock.now() - 31 * 86_400_000) }).execute();
    for (let i = 0; i < 3; i++) {
      await clock.advance(12 * 3_600_000);
      await ref.ask({ type: 'session.status' });
    }
    const instance = await storage.db.selectFrom('instances').select(['status', 'stale_flagged_at']).executeTakeFirstOrThrow();
    expect(instance.status).to.equal('logged_out');
    expect(instance.stale_flagged_at).to.not.equal(null);
    expect(await transport.hasCredentials(tenant.instance.id)).to.equal(false);
  });
});

describe('SessionActor across nodes', () => {
  const harnesses: Harness[] = [];
  afterEach(async () => {
    for (const h of harnesses.splice(0)) await stopHarness(h);
  });

  async function node(nodeId: string, storage: Awaited<ReturnType<typeof sharedDatabase>>, clock: FakeClock, tenant: Awaited<ReturnType<typeof seedTenant>>) {
    const transport = new SimulatorTransport(clock);
    const definition = createSessionActor({
      db: storage.db, transportFor: () => transport, random: () => 0.5, notify: () => undefined, bootStaggerMs: 0, nodeId, healthCheckMs: 10_000,
    });
    const harness = await startSessionTree(definition, clock);
    harnesses.push(harness);
    const ref = harness.system.getOrSpawn<SessionMsg>(sessionAddress(tenant.org.id, tenant.instance.id));
    await clock.advance(0);
    await ref.ask({ type: 'session.status' });
    return { harness, transport, ref };
  }

  it('keeps exactly one live socket per number in the cluster, and hands it over when its node goes away', async () => {
    const storage = await sharedDatabase('pglite');
    await truncateAll(storage);
    const tenant = await seedTenant(storage.db);
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 12));
    const a = await node('node-a', storage, clock, tenant);
    const b = await node('node-b', storage, clock, tenant);
    await clock.advance(60_000);
    await a.ref.ask({ type: 'session.status' });
    await b.ref.ask({ type: 'session.status' });
    expect([a.transport.isConnected(tenant.instance.id), b.transport.isConnected(tenant.instance.id)]).to.deep.equal([true, false]);
    // Node A shuts down: its lease is released and B takes the number over on its next try.
    await stopHarness(a.harness);
    harnesses.splice(harnesses.indexOf(a.harness), 1);
    await clock.advance(30_000);
    await b.ref.ask({ type: 'session.status' });
    expect(b.transport.isConnected(tenant.instance.id)).to.equal(true);
  });
});
