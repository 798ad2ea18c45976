import { expect } from 'chai';
import { auroraAddress } from '../../actors/addresses.js';
import type { AuroraAgent } from '../../agents/aurora-agent.js';
import { createOfflineAuroraAgent } from '../../agents/aurora/offline-aurora-agent.js';
import { findByAddress } from '../../runtime/node.js';
import { CampaignsRepository } from '../../storage/campaigns.repository.js';
import type { StorageHandle } from '../../storage/open-database.js';
import { repositories } from '../../storage/repositories.js';
import { flushPromises } from '../support/fake-clock.js';
import { startFullApp, type FullApp } from '../support/full-app.js';
import type { HttpResult, TestHttp } from '../support/http-client.js';
import { OWNER } from '../support/pipeline-harness.js';
import { startTestApp, TEST_ADMIN_TOKEN } from '../support/test-app.js';
import { ConsentRepository } from '../../storage/consent.repository.js';
import { sharedDatabase, truncateAll } from '../support/test-database.js';

const PHONES = ['+5511911110001', '+5511911110002', '+5511911110003'];
const LONG_AGO = new Date('2026-08-01T12:00:00Z');

/** Customers quiet for months: the audience of a reactivation campaign. */
async function seedQuietCustomers(storage: StorageHandle, orgId: string, now: Date): Promise<void> {
  const repos = repositories(storage.db);
  for (const phone of PHONES) {
    const contact = await repos.contacts.findOrCreateByPhone(orgId, { phone }, now);
    await repos.contacts.touchInteraction(orgId, contact.id, LONG_AGO);
    await new ConsentRepository(storage.db).record({ orgId: orgId, contactId: contact.id, decision: 'granted', source: 'staff', evidence: 'test', now: LONG_AGO });
  }
}

const draft = (storage: StorageHandle, orgId: string, now: Date) =>
  new CampaignsRepository(storage.db).createDraft(orgId, 'reativacao', 'Saudades! Responda PARAR para não receber mais.', PHONES.length, now);

async function campaignRows(storage: StorageHandle, campaignId: string) {
  const outbox = await storage.db.selectFrom('outbox').select(['id', 'status']).where('campaign_id', '=', campaignId).execute();
  const recipients = await storage.db.selectFrom('campaign_recipients').select('outbox_id').where('campaign_id', '=', campaignId).execute();
  const campaign = await storage.db.selectFrom('campaigns').selectAll().where('id', '=', campaignId).executeTakeFirstOrThrow();
  return { outbox, recipients, campaign };
}

const auditOf = async (storage: StorageHandle, orgId: string, campaignId: string) =>
  (await repositories(storage.db).auditLog.list(orgId)).filter((e) => e.entity_id === campaignId).map((e) => e.action).sort();

describe('campaign routes go through the org\'s AuroraActor', () => {
  let app: FullApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  const post = (path: string, token = app!.token, base = app!.base) => app!.http.request('POST', `${base}${path}`, { token, json: {} });

  it('waits in Aurora\'s mailbox behind the owner\'s turn, and confirms only after it', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let turns = 0;
    const offline = createOfflineAuroraAgent();
    const held: AuroraAgent = {
      kind: 'offline',
      async respond(input) {
        turns++;
        await gate;
        return offline.respond(input);
      },
    };
    app = await startFullApp({ auroraAgent: held });
    const now = new Date(app.clock.now());
    await seedQuietCustomers(app.storage, app.orgId, now);
    const campaign = await draft(app.storage, app.orgId, now);

    app.simulator.inject(app.instanceId, { from: OWNER, text: 'como foi hoje?', id: 'O-1' });
    await app.waitFor(async () => turns === 1, 'the owner\'s turn to start');
    let confirmed: HttpResult | undefined;
    const confirming = post(`/campaigns/${campaign.id}/confirm`).then((r) => (confirmed = r));
    const aurora = () => findByAddress(app!.actors.tree(), auroraAddress(app!.orgId))!;
    await app.waitFor(async () => aurora().mailbox!.depth === 1, 'the confirm to wait in Aurora\'s mailbox');
    await flushPromises(50);
    expect(confirmed, 'answered while Aurora was busy').to.equal(undefined);
    expect((await campaignRows(app.storage, campaign.id)).campaign.status).to.equal('draft');

    release();
    await confirming;
    expect([confirmed!.status, confirmed!.body.status]).to.deep.equal([200, 'sending']);
    const rows = await campaignRows(app.storage, campaign.id);
    expect(rows.outbox).to.have.length(PHONES.length);
    expect(rows.recipients).to.have.length(PHONES.length);
    expect(await auditOf(app.storage, app.orgId, campaign.id)).to.deep.equal(['campaign.confirmed']);
    expect(aurora()).to.include({ restarts: 0, lastError: null });
  });

  it('serves a confirm, a cancel and a second confirm of one draft sent at once one after the other: one confirm at most, a consistent outbox', async () => {
    app = await startFullApp();
    const now = new Date(app.clock.now());
    await seedQuietCustomers(app.storage, app.orgId, now);
    for (let round = 0; round < 6; round++) {
      const campaign = await draft(app.storage, app.orgId, new Date(app.clock.now()));
      const requests = [
        { kind: 'confirm', send: () => post(`/campaigns/${campaign.id}/confirm`) },
        { kind: 'cancel', send: () => post(`/campaigns/${campaign.id}/cancel`) },
        { kind: 'confirm', send: () => post(`/campaigns/${campaign.id}/confirm`) },
      ];
      // Vary which request leaves first.
      for (let i = 0; i < round % 3; i++) requests.push(requests.shift()!);
      const answers = await Promise.all(requests.map(async (r) => ({ kind: r.kind, res: await r.send() })));
      const confirms = answers.filter((a) => a.kind === 'confirm');
      const cancel = answers.find((a) => a.kind === 'cancel')!.res;
      const won = confirms.filter((a) => a.res.status === 200);
      expect(won.length, `round ${round}: confirms that won`).to.be.at.most(1);
      for (const lost of confirms.filter((a) => a.res.status !== 200)) {
        expect([lost.res.status, lost.res.body.error.code, lost.res.body.error.message]).to.deep.equal([409, 'INVALID_TRANSITION', 'Only a draft campaign can be confirmed']);
      }
      expect(cancel.status, `round ${round}: the cancel`).to.equal(200);
      await app.settle(60_000);
      const rows = await campaignRows(app.storage, campaign.id);
      expect(rows.outbox.filter((m) => m.status === 'pending' || m.status === 'sending'), `round ${round}: left to send`).to.deep.equal([]);
      if (won.length === 1) {
        // Confirmed, then stopped: every recipient has its one outbox row, each sent or cancelled.
        expect([won[0]!.res.body.status, cancel.body.status, rows.campaign.status]).to.deep.equal(['sending', 'stopped', 'stopped']);
        expect(rows.outbox).to.have.length(PHONES.length);
        expect(rows.recipients.map((r) => r.outbox_id).sort()).to.deep.equal(rows.outbox.map((m) => m.id).sort());
        expect(await auditOf(app.storage, app.orgId, campaign.id)).to.deep.equal(['campaign.cancelled', 'campaign.confirmed']);
      } else {
        // Cancelled first: nothing was ever queued.
        expect([cancel.body.status, rows.campaign.status]).to.deep.equal(['cancelled', 'cancelled']);
        expect([rows.outbox, rows.recipients]).to.deep.equal([[], []]);
        expect(await auditOf(app.storage, app.orgId, campaign.id)).to.deep.equal(['campaign.cancelled']);
      }
    }
    expect(findByAddress(app.actors.tree(), auroraAddress(app.orgId))).to.include({ restarts: 0, lastError: null });
  });

  it('stops a campaign that is sending: nothing of it stays pending, and what went out is counted', async () => {
    app = await startFullApp();
    const now = new Date(app.clock.now());
    await seedQuietCustomers(app.storage, app.orgId, now);
    const campaign = await draft(app.storage, app.orgId, now);
    expect((await post(`/campaigns/${campaign.id}/confirm`)).body.status).to.equal('sending');
    const sent = () => PHONES.flatMap((p) => app!.simulator.sentTo(app!.instanceId, p));
    // Cold pacing: the first message goes at once, the next ones seconds apart. Stop after the first.
    await app.waitFor(async () => sent().length >= 1, 'the first campaign message');
    const stopped = await post(`/campaigns/${campaign.id}/cancel`);
    expect([stopped.status, stopped.body.status, stopped.body.sentCount]).to.deep.equal([200, 'stopped', 1]);
    const rows = await campaignRows(app.storage, campaign.id);
    expect(rows.outbox.map((m) => m.status).sort()).to.deep.equal(['cancelled', 'cancelled', 'sent']);
    await app.settle(120_000);
    expect(sent()).to.have.length(1);
    expect((await campaignRows(app.storage, campaign.id)).outbox.filter((m) => m.status === 'pending')).to.deep.equal([]);
    const again = await post(`/campaigns/${campaign.id}/cancel`);
    expect([again.status, again.body.error.code, again.body.error.message]).to.deep.equal([409, 'INVALID_TRANSITION', 'A stopped campaign cannot be cancelled']);
    expect(await auditOf(app.storage, app.orgId, campaign.id)).to.deep.equal(['campaign.cancelled', 'campaign.confirmed']);
  });

  it('answers 404 to another org\'s campaign id and to an unknown one, changing nothing, and Aurora keeps running', async () => {
    app = await startFullApp();
    const now = new Date(app.clock.now());
    await seedQuietCustomers(app.storage, app.orgId, now);
    const campaign = await draft(app.storage, app.orgId, now);
    const other = await app.http.request('POST', '/admin/orgs', { token: TEST_ADMIN_TOKEN, json: { name: 'Outra' } });
    const otherBase = `/api/orgs/${other.body.org.id}`;
    for (const action of ['confirm', 'cancel']) {
      const foreign = await post(`/campaigns/${campaign.id}/${action}`, other.body.token, otherBase);
      expect([foreign.status, foreign.body.error.code, foreign.body.error.message], action).to.deep.equal([404, 'NOT_FOUND', 'Campaign not found']);
      const unknown = await post(`/campaigns/00000000-0000-4000-8000-000000000000/${action}`);
      expect([unknown.status, unknown.body.error.code], action).to.deep.equal([404, 'NOT_FOUND']);
    }
    const rows = await campaignRows(app.storage, campaign.id);
    expect([rows.campaign.status, rows.outbox, rows.recipients]).to.deep.equal(['draft', [], []]);
    const campaignAudit = async (orgId: string) => (await repositories(app!.storage.db).auditLog.list(orgId)).filter((e) => e.entity === 'campaign');
    expect(await campaignAudit(app.orgId)).to.deep.equal([]);
    expect(await campaignAudit(other.body.org.id)).to.deep.equal([]);
    for (const orgId of [app.orgId, other.body.org.id as string]) {
      expect(findByAddress(app.actors.tree(), auroraAddress(orgId)), orgId).to.include({ restarts: 0, lastError: null });
    }
    // A refusal is an answer, not a crash: the same Aurora confirms right after.
    expect((await post(`/campaigns/${campaign.id}/confirm`)).body.status).to.equal('sending');
  });
});

describe('campaign routes without the actor system', () => {
  let http: TestHttp | undefined;
  afterEach(async () => {
    await http?.close();
    http = undefined;
  });

  it('answer 503 NOT_READY and leave the campaign as it was', async () => {
    const storage = await sharedDatabase('pglite');
    await truncateAll(storage);
    http = await startTestApp({ storage });
    const created = await http.request('POST', '/admin/orgs', { token: TEST_ADMIN_TOKEN, json: { name: 'Sem atores' } });
    const orgId = created.body.org.id as string;
    const now = new Date(Date.UTC(2026, 11, 1, 12));
    await seedQuietCustomers(storage, orgId, now);
    await repositories(storage.db).instances.create({ orgId, name: 'Principal', transport: 'simulator', createdAt: now });
    const campaign = await draft(storage, orgId, now);
    for (const action of ['confirm', 'cancel']) {
      const res = await http.request('POST', `/api/orgs/${orgId}/campaigns/${campaign.id}/${action}`, { token: created.body.token, json: {} });
      expect([res.status, res.body.error.code], action).to.deep.equal([503, 'NOT_READY']);
    }
    const rows = await campaignRows(storage, campaign.id);
    expect([rows.campaign.status, rows.outbox, rows.recipients]).to.deep.equal(['draft', [], []]);
  });
});
