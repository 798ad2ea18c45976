import { expect } from 'chai';
import { EventsPerMinute } from '../../runtime/events-per-minute.js';
import { FakeClock } from '../support/fake-clock.js';

describe('EventsPerMinute', () => {
  it('counts per minute over the window, oldest first, and forgets what fell out of it', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1, 12, 0, 30));
    const counts = new EventsPerMinute(clock, 3);
    expect(counts.series()).to.deep.equal([0, 0, 0]);
    counts.record();
    counts.record();
    await clock.advance(60_000);
    counts.record();
    expect(counts.series()).to.deep.equal([0, 2, 1]);
    await clock.advance(2 * 60_000);
    expect(counts.series(), 'the first minute fell out').to.deep.equal([1, 0, 0]);
    counts.record();
    expect(counts.series()).to.deep.equal([1, 0, 1]);
    await clock.advance(10 * 60_000);
    counts.record();
    expect(counts.series(), 'a slot reused after a long quiet starts from zero').to.deep.equal([0, 0, 1]);
  });
});
