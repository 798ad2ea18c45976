import { expect } from 'chai';

import { closureInterval, openingIntervals } from '../../domain/availability.js';
import {
  capacityFor,
  DEFAULT_BUFFER_MIN,
  DEFAULT_CUSTOMER_CHANGE_LIMIT_MIN,
  DEFAULT_HORIZON_DAYS,
  DEFAULT_MIN_NOTICE_MIN,
  DEFAULT_SCHEDULING_SETTINGS,
  DEFAULT_SLOT_INTERVAL_MIN,
  DEFAULT_TIMEZONE,
  DEFAULT_WEEKLY_HOURS,
  InvalidSchedulingSettingsError,
  resolveSchedulingSettings,
} from '../../domain/scheduling-settings.js';

describe('scheduling settings', () => {
  it('fills every default', () => {
    expect(DEFAULT_SCHEDULING_SETTINGS).to.deep.equal({
      timezone: DEFAULT_TIMEZONE,
      weekly: DEFAULT_WEEKLY_HOURS,
      closures: [],
      capacity: {},
      bufferMin: DEFAULT_BUFFER_MIN,
      minNoticeMin: DEFAULT_MIN_NOTICE_MIN,
      horizonDays: DEFAULT_HORIZON_DAYS,
      slotIntervalMin: DEFAULT_SLOT_INTERVAL_MIN,
      customerChangeLimitMin: DEFAULT_CUSTOMER_CHANGE_LIMIT_MIN,
    });
    expect([DEFAULT_TIMEZONE, DEFAULT_BUFFER_MIN, DEFAULT_MIN_NOTICE_MIN, DEFAULT_HORIZON_DAYS, DEFAULT_SLOT_INTERVAL_MIN, DEFAULT_CUSTOMER_CHANGE_LIMIT_MIN])
      .to.deep.equal(['America/Sao_Paulo', 0, 120, 30, 30, 120]);
  });

  it('is frozen', () => {
    const s = resolveSchedulingSettings({ capacity: { banho: 2 } });
    expect(Object.isFrozen(s)).to.equal(true);
    expect(Object.isFrozen(s.capacity)).to.equal(true);
    expect(Object.isFrozen(s.weekly)).to.equal(true);
  });

  it('keeps an explicitly empty week (closed until configured)', () => {
    expect(resolveSchedulingSettings({ weekly: [] }).weekly).to.deep.equal([]);
  });

  const INVALID: [string, unknown, string][] = [
    ['unknown zone', { timezone: 'America/Atlantis' }, 'timezone'],
    ['bad time', { weekly: [{ weekday: 1, opens: '8h', closes: '18:00' }] }, 'weekly.0.opens'],
    ['closes before opens', { weekly: [{ weekday: 1, opens: '18:00', closes: '08:00' }] }, 'weekly.0'],
    ['weekday 7', { weekly: [{ weekday: 7, opens: '08:00', closes: '18:00' }] }, 'weekly.0.weekday'],
    ['zero capacity', { capacity: { banho: 0 } }, 'capacity.banho'],
    ['negative buffer', { bufferMin: -5 }, 'bufferMin'],
    ['closure without offset', { closures: [{ from: '2026-12-24T08:00:00', to: '2026-12-24' }] }, 'closures.0.from'],
    ['tiny slot interval', { slotIntervalMin: 1 }, 'slotIntervalMin'],
  ];
  for (const [label, input, path] of INVALID) {
    it(`rejects ${label} with INVALID_SCHEDULING_SETTINGS at ${path}`, () => {
      try {
        resolveSchedulingSettings(input);
        expect.fail('should throw');
      } catch (err) {
        expect(err).to.be.instanceOf(InvalidSchedulingSettingsError);
        const e = err as InvalidSchedulingSettingsError;
        expect(e.code).to.equal('INVALID_SCHEDULING_SETTINGS');
        expect((e.details.issues as { path: string }[]).map((i) => i.path)).to.include(path);
      }
    });
  }

  it('accepts 24:00 as a closing time', () => {
    const s = resolveSchedulingSettings({ weekly: [{ weekday: 5, opens: '20:00', closes: '24:00' }] });
    const [open] = openingIntervals(s, Date.parse('2026-12-11T00:00:00-03:00'), Date.parse('2026-12-12T00:00:00-03:00'));
    expect(open).to.deep.equal({ start: Date.parse('2026-12-11T20:00:00-03:00'), end: Date.parse('2026-12-12T00:00:00-03:00') });
  });

  it('reads capacity per category, case- and accent-insensitively, 1 when missing', () => {
    const s = resolveSchedulingSettings({ capacity: { Banho: 2, 'Consulta Clínica': 3 } });
    expect(capacityFor(s, 'banho')).to.equal(2);
    expect(capacityFor(s, 'consulta clinica')).to.equal(3);
    expect(capacityFor(s, 'tosa')).to.equal(1);
  });

  it('turns date closures into whole local days (inclusive end) and keeps instants as given', () => {
    expect(closureInterval({ from: '2026-12-24', to: '2026-12-25' }, 'America/Sao_Paulo')).to.deep.equal({
      start: Date.parse('2026-12-24T00:00:00-03:00'),
      end: Date.parse('2026-12-26T00:00:00-03:00'),
    });
    expect(closureInterval({ from: '2026-12-24T12:00:00-03:00', to: '2026-12-24' }, 'America/Sao_Paulo')).to.deep.equal({
      start: Date.parse('2026-12-24T12:00:00-03:00'),
      end: Date.parse('2026-12-25T00:00:00-03:00'),
    });
  });
});
