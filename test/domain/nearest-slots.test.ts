import { expect } from 'chai';

import { nearestSlots } from '../../domain/nearest-slots.js';

const at = (hhmm: string) => ({ startsAt: `2026-12-08T${hhmm}:00-03:00` });
const starts = (slots: Array<{ startsAt: string }>) => slots.map((s) => s.startsAt.slice(11, 16));

describe('nearestSlots', () => {
  const day = ['08:00', '08:30', '09:00', '14:00', '14:30', '15:00', '15:30', '16:00', '17:00'].map(at);

  it('puts the exact start first when it is free and says so', () => {
    const result = nearestSlots(day, '2026-12-08T15:00:00-03:00', 3);
    expect(result.exactFree).to.equal(true);
    expect(starts(result.slots)).to.deep.equal(['15:00', '14:30', '15:30']);
  });

  it('ranks by absolute distance, ties going to the earlier slot, when the exact start is taken', () => {
    const free = day.filter((s) => !s.startsAt.includes('T15:00'));
    const result = nearestSlots(free, '2026-12-08T15:00:00-03:00', 4);
    expect(result.exactFree).to.equal(false);
    expect(starts(result.slots)).to.deep.equal(['14:30', '15:30', '14:00', '16:00']);
  });

  it('compares instants, whatever the offset each slot is written in', () => {
    const free = [{ startsAt: '2026-12-08T18:00:00.000Z' }, { startsAt: '2026-12-08T16:00:00-03:00' }];
    const result = nearestSlots(free, '2026-12-08T15:00:00-03:00', 1);
    expect(result).to.deep.equal({ exactFree: true, slots: [{ startsAt: '2026-12-08T18:00:00.000Z' }] });
  });

  it('reaches across days by real distance, not by time of day', () => {
    const free = [at('08:00'), { startsAt: '2026-12-09T15:00:00-03:00' }];
    const result = nearestSlots(free, '2026-12-08T15:00:00-03:00', 2);
    expect(result.exactFree).to.equal(false);
    expect(result.slots.map((s) => s.startsAt)).to.deep.equal(['2026-12-08T08:00:00-03:00', '2026-12-09T15:00:00-03:00']);
  });

  it('returns nothing for no free slots or a zero limit, and does not reorder its input', () => {
    expect(nearestSlots([], '2026-12-08T15:00:00-03:00', 3)).to.deep.equal({ exactFree: false, slots: [] });
    expect(nearestSlots(day, '2026-12-08T15:00:00-03:00', 0).slots).to.deep.equal([]);
    expect(starts(day)[0]).to.equal('08:00');
  });
});
