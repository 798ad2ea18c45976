import { expect } from 'chai';
import { OutboxRepository } from '../../storage/outbox.repository.js';
import { useHttpApp } from '../support/http-fixture.js';

/** The simulator's outbound list follows the API's pagination contract: a real nextCursor, not a silent cut at 200. */
describe('simulator outbound list', () => {
  const app = useHttpApp();

  it('pages through more than 200 sent messages with nextCursor, ties on the same instant included', async function () {
    this.timeout(60_000);
    const org = await app.createOrg();
    const instance = await app.http.request('POST', `${org.base}/instances`, { token: org.token, json: { name: 'Loja' } });
    const outbox = new OutboxRepository(app.db);
    const TOTAL = 205;
    const t0 = Date.UTC(2026, 11, 1, 12);
    for (let i = 0; i < TOTAL; i++) {
      const { message } = await outbox.enqueue({
        orgId: org.id, instanceId: instance.body.id, idempotencyKey: `reply:${i}`, waMessageId: `SIM-${i}`,
        toPhone: '+5511987654321', toJid: '5511987654321@s.whatsapp.net', text: `msg ${i}`, kind: 'reply', queuedAt: new Date(t0),
      });
      // Three messages per second: the id breaks ties between equal sent_at values.
      await outbox.markSent(message.id, new Date(t0 + Math.floor(i / 3) * 1000));
    }
    const url = `${org.base}/instances/${instance.body.id}/simulator/outbound`;
    const first = await app.http.request('GET', url, { token: org.token });
    expect(first.status).to.equal(200);
    expect(first.body.items).to.have.length(200);
    expect(first.body.nextCursor).to.be.a('string');
    const second = await app.http.request('GET', `${url}?cursor=${first.body.nextCursor}`, { token: org.token });
    expect(second.body.items).to.have.length(TOTAL - 200);
    expect(second.body.nextCursor).to.equal(null);
    const texts = [...first.body.items, ...second.body.items].map((m: { text: string }) => m.text);
    expect(texts).to.deep.equal(Array.from({ length: TOTAL }, (_, i) => `msg ${i}`));

    const small: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Array<{ text: string }>; nextCursor: string | null } } = await app.http.request('GET', `${url}?limit=50${cursor ? `&cursor=${cursor}` : ''}`, { token: org.token });
      small.push(...page.body.items.map((m) => m.text));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(small).to.deep.equal(texts);
    const bad = await app.http.request('GET', `${url}?cursor=WyJ4IiwieSJd`, { token: org.token });
    expect([bad.status, bad.body.error.code]).to.deep.equal([400, 'INVALID_CURSOR']);
  });
});
