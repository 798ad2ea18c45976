import { expect } from 'chai';
import { openingStatus } from '../../domain/opening-status.js';
import { resolveSchedulingSettings } from '../../domain/scheduling-settings.js';

// Mon–Fri 08–18, Sat 08–12 in São Paulo; closed for Christmas day.
const SETTINGS = resolveSchedulingSettings({
  timezone: 'America/Sao_Paulo',
  weekly: [...[1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes: '18:00' })), { weekday: 6, opens: '08:00', closes: '12:00' }],
  closures: [{ from: '2026-12-25', to: '2026-12-25', reason: 'Natal' }],
});
const at = (iso: string) => Date.parse(iso);

describe('openingStatus (the shop open now, or when it opens next, in its own zone)', () => {
  const cases: Array<[string, string, string | null]> = [
    ['Tuesday 09:00', '2026-12-01T09:00:00-03:00', null],
    ['Tuesday 18:00 (closing time is closed)', '2026-12-01T18:00:00-03:00', '2026-12-02T08:00:00-03:00'],
    ['Tuesday 07:59', '2026-12-01T07:59:00-03:00', '2026-12-01T08:00:00-03:00'],
    ['Saturday 13:00 → Monday', '2026-12-05T13:00:00-03:00', '2026-12-07T08:00:00-03:00'],
    ['Thursday night before Christmas → Saturday', '2026-12-24T20:00:00-03:00', '2026-12-26T08:00:00-03:00'],
    ['Tuesday 23:30 in São Paulo, already Wednesday in UTC', '2026-12-01T23:30:00-03:00', '2026-12-02T08:00:00-03:00'],
  ];
  for (const [name, now, next] of cases) {
    it(name, () => {
      const status = openingStatus(SETTINGS, at(now));
      if (next === null) expect(status).to.deep.equal({ open: true });
      else expect(status).to.deep.equal({ open: false, nextOpeningMs: at(next) });
    });
  }

  it('knows no next opening for a shop with no hours', () => {
    const closed = resolveSchedulingSettings({ timezone: 'America/Sao_Paulo', weekly: [] });
    expect(openingStatus(closed, at('2026-12-01T09:00:00-03:00'))).to.deep.equal({ open: false, nextOpeningMs: null });
  });
});
