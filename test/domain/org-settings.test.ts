import { expect } from 'chai';
import { dailySummaryTimeOf, readOrgSettings } from '../../domain/org-settings.js';
import { resolveStoredSchedulingSettings } from '../../domain/scheduling-settings.js';

describe('stored organization settings', () => {
  it('keeps valid and free-form fields and reports nothing', () => {
    const stored = { address: 'Rua A', dailySummaryTime: '20:00', scheduling: { slotIntervalMin: 15 } };
    expect(readOrgSettings(stored)).to.deep.equal({ settings: stored, problems: [] });
  });

  it('drops each invalid field (its default applies) and names it, never throwing', () => {
    const { settings, problems } = readOrgSettings({
      address: 'Rua A', dailySummaryTime: '99:99', humanQuietMinutes: 'x', scheduling: { slotIntervalMin: 0, capacity: { banho: -5 }, bufferMin: 10 },
    });
    expect(settings).to.deep.equal({ address: 'Rua A', scheduling: { bufferMin: 10 } });
    expect(problems.map((p) => p.path).sort()).to.deep.equal(['dailySummaryTime', 'humanQuietMinutes', 'scheduling.capacity.banho', 'scheduling.slotIntervalMin']);
    expect(dailySummaryTimeOf({ dailySummaryTime: '99:99' })).to.equal('19:00');
    for (const garbage of [null, 'x', [], 42]) expect(readOrgSettings(garbage).settings).to.deep.equal({});
    expect(readOrgSettings({ scheduling: 'x' }).problems).to.deep.equal([{ path: 'scheduling', message: 'expected an object' }]);
  });

  it('resolves stored scheduling with the defaults in place of invalid fields', () => {
    const { settings, problems } = resolveStoredSchedulingSettings({ slotIntervalMin: 0, capacity: { banho: -5 }, bufferMin: 15, timezone: 'Nowhere/Land' });
    expect(settings).to.deep.include({ slotIntervalMin: 30, capacity: {}, bufferMin: 15, timezone: 'America/Sao_Paulo' });
    expect(problems.map((p) => p.path).sort()).to.deep.equal(['capacity.banho', 'slotIntervalMin', 'timezone']);
  });
});
