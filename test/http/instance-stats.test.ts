import { expect } from 'chai';
import { startFullApp, type FullApp } from '../support/full-app.js';

/**
 * Conexão's figures for one number: what it received and sent today (the shop's day), what waits
 * to be sent, its last messages, and the connection history its session wrote as it went.
 */
describe('GET /instances/:id/stats', () => {
  let app: FullApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('counts today\'s messages, the queue and the reconnects, and lists the connection history newest first', async () => {
    app = await startFullApp();
    const stats = async () => {
      const res = await app!.http.request('GET', `${app!.base}/instances/${app!.instanceId}/stats`, { token: app!.token });
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      return res.body;
    };
    const fresh = await stats();
    expect(fresh).to.include({ inboundToday: 0, outboundToday: 0, queued: 0, lastInboundAt: null, lastOutboundAt: null, reconnects24h: 0 });
    expect(fresh.history.map((e: { status: string }) => e.status)).to.deep.equal(['open', 'connecting']);

    app.simulator.inject(app.instanceId, { from: '+5511987654321', text: 'oi', id: 'WA-STATS-1' });
    await app.settle();
    app.simulator.dropConnection(app.instanceId, 408, 'timed out');
    await app.settle(10_000);

    const after = await stats();
    expect(after).to.include({ inboundToday: 1, outboundToday: 1, queued: 0, reconnects24h: 1 });
    expect(after.lastInboundAt).to.match(/^2026-12-01T12:0/); // the fake clock's first minutes
    expect(after.lastOutboundAt).to.be.a('string');
    expect(after.history.slice(0, 3).map((e: { status: string; code: number | null }) => [e.status, e.code])).to.deep.equal([['open', null], ['connecting', null], ['reconnecting', 408]]);
    expect(after.history[2].reason).to.be.a('string').and.not.equal('');

    // A day later the day's counts start again; the reconnect is out of the 24 h.
    await app.passTimeTo(app.clock.now() + 25 * 3_600_000);
    expect(await stats()).to.include({ inboundToday: 0, outboundToday: 0, reconnects24h: 0 });
  });
});
