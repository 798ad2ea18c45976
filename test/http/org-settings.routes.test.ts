import { expect } from 'chai';
import { sql } from 'kysely';
import { useHttpApp } from '../support/http-fixture.js';

/** Settings the actors read are validated on write, and bad stored ones never turn into a 500. */
describe('organization settings validation', () => {
  const app = useHttpApp();

  const storedSettings = async (orgId: string) =>
    (await app.db.selectFrom('organizations').select('settings').where('id', '=', orgId).executeTakeFirstOrThrow()).settings;

  it('rejects bad settings with 400 and the problems by path, and changes no row', async () => {
    const org = await app.createOrg('A');
    await app.http.request('PATCH', org.base, { token: org.token, json: { settings: { address: 'Rua A, 1', dailySummaryTime: '18:30' } } });
    const before = await storedSettings(org.id);
    const cases: Array<[Record<string, unknown>, string[]]> = [
      [{ dailySummaryTime: '99:99' }, ['body.settings.dailySummaryTime']],
      [{ dailySummaryTime: '24:00' }, ['body.settings.dailySummaryTime']],
      [{ scheduling: { slotIntervalMin: 0, capacity: { banho: -5 } } }, ['body.settings.scheduling.capacity.banho', 'body.settings.scheduling.slotIntervalMin']],
      [{ scheduling: { bufferMin: 10_000, horizonDays: 0, minNoticeMin: -1 } }, ['body.settings.scheduling.bufferMin', 'body.settings.scheduling.horizonDays', 'body.settings.scheduling.minNoticeMin']],
      [{ scheduling: { slotIntervalMn: 30 } }, ['body.settings.scheduling']],
      [{ humanQuietMinutes: 'dez' }, ['body.settings.humanQuietMinutes']],
      [{ dailyTokenBudget: -1 }, ['body.settings.dailyTokenBudget']],
    ];
    for (const [settings, paths] of cases) {
      const res = await app.http.request('PATCH', org.base, { token: org.token, json: { name: 'Renamed', settings } });
      expect(res.status, JSON.stringify(settings)).to.equal(400);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
      const problems = res.body.error.details.problems as Array<{ path: string; message: string }>;
      expect(problems.map((p) => p.path).sort(), JSON.stringify(problems)).to.deep.equal(paths);
    }
    expect(await storedSettings(org.id)).to.deep.equal(before);
    expect((await app.http.request('GET', org.base, { token: org.token })).body.name).to.equal('A');
  });

  it('accepts good settings the actors read, merged with free-form ones', async () => {
    const org = await app.createOrg('A');
    const res = await app.http.request('PATCH', org.base, {
      token: org.token,
      json: { settings: { address: 'Rua A, 1', dailySummaryTime: '20:15', humanQuietMinutes: 30, scheduling: { slotIntervalMin: 15, capacity: { banho: 2 } } } },
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.settings).to.deep.equal({ address: 'Rua A, 1', dailySummaryTime: '20:15', humanQuietMinutes: 30, scheduling: { slotIntervalMin: 15, capacity: { banho: 2 } } });
  });

  it('takes null as "back to the default" (the dashboard sends it for an emptied field)', async () => {
    const org = await app.createOrg('A');
    const res = await app.http.request('PATCH', org.base, {
      token: org.token,
      json: { settings: { address: null, paymentMethods: ['Pix'], dailySummaryTime: null, humanQuietMinutes: null, dailyTokenBudget: null } },
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.settings).to.deep.include({ dailySummaryTime: null, paymentMethods: ['Pix'] });
  });

  it('answers /business-hours and /slots with the defaults when the stored scheduling is invalid (written around the API)', async () => {
    const org = await app.createOrg('A');
    await app.http.request('PUT', `${org.base}/business-hours`, {
      token: org.token, json: { weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes: '18:00' })), capacity: { banho: 1 } },
    });
    const service = await app.http.request('POST', `${org.base}/services`, {
      token: org.token, json: { name: 'Banho', category: 'banho', species: ['cão'], bySize: { M: { durationMin: 60, priceCents: 6500 } } },
    });
    await sql`update organizations set settings = ${JSON.stringify({ dailySummaryTime: '99:99', scheduling: { slotIntervalMin: 0, capacity: { banho: -5 } } })}::jsonb where id = ${org.id}`.execute(app.db);

    const hours = await app.http.request('GET', `${org.base}/business-hours`, { token: org.token });
    expect(hours.status, JSON.stringify(hours.body)).to.equal(200);
    expect(hours.body).to.deep.include({ slotIntervalMin: 30, capacity: {} });
    const slots = await app.http.request('GET', `${org.base}/slots?serviceId=${service.body.id}&size=M&from=2026-12-02T00:00:00-03:00&to=2026-12-03T00:00:00-03:00`, { token: org.token });
    expect(slots.status, JSON.stringify(slots.body)).to.equal(200);
    expect(slots.body.items[0]).to.deep.equal({ startsAt: '2026-12-02T08:00:00-03:00', endsAt: '2026-12-02T09:00:00-03:00' });
    expect(slots.body.items[1].startsAt).to.equal('2026-12-02T08:30:00-03:00'); // the default 30-minute interval
  });
});
