import { expect } from 'chai';
import { DEFAULT_PACING, earliestSendAt, pacingClassOf, rateLimitDelayMs } from '../../domain/send-pacing.js';

describe('send pacing', () => {
  const now = 1_000_000;
  const half = () => 0.5;

  it('lets a reply go at once when the number has been quiet', () => {
    expect(earliestSendAt('reply', {}, now, half)).to.equal(now);
    expect(earliestSendAt('reply', { lastSendAt: now - 1000 }, now, half)).to.equal(now);
  });

  it('keeps replies at most five per second', () => {
    expect(earliestSendAt('reply', { lastSendAt: now - 50 }, now, half)).to.equal(now + 150);
  });

  it('spaces cold messages by 4 s plus jitter below 2 s', () => {
    expect(earliestSendAt('cold', { lastColdSendAt: now, lastSendAt: now }, now, () => 0)).to.equal(now + 4000);
    expect(earliestSendAt('cold', { lastColdSendAt: now, lastSendAt: now }, now, () => 0.999)).to.equal(now + 4000 + 1998);
    expect(earliestSendAt('cold', {}, now, half)).to.equal(now);
  });

  it('waits out a rate-limit block whatever the class', () => {
    expect(earliestSendAt('reply', { blockedUntil: now + 7000 }, now, half)).to.equal(now + 7000);
  });

  it('classes campaign messages as cold and answers inside 24 h as replies', () => {
    expect(pacingClassOf('campaign', now, now)).to.equal('cold');
    expect(pacingClassOf('reminder', now - 3_600_000, now)).to.equal('reply');
    expect(pacingClassOf('reminder', now - 25 * 3_600_000, now)).to.equal('cold');
    expect(pacingClassOf('reply', null, now)).to.equal('reply');
  });

  it('doubles the rate-limit wait per consecutive answer up to the cap, jittered ±20 %', () => {
    expect(rateLimitDelayMs(1, half)).to.equal(5000);
    expect(rateLimitDelayMs(2, half)).to.equal(10000);
    expect(rateLimitDelayMs(3, () => 0)).to.equal(16000);
    expect(rateLimitDelayMs(3, () => 0.999999)).to.equal(Math.round(20000 * 1.2));
    expect(rateLimitDelayMs(30, half)).to.equal(DEFAULT_PACING.rateLimitCapMs);
  });
});
