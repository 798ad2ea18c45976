import { expect } from 'chai';
import { backoffDelay, baseDelay, type BackoffPolicy } from '../../runtime/backoff.js';
import { mulberry32 } from '../../runtime/random.js';

describe('backoff', () => {
  const policy: BackoffPolicy = { minMs: 100, maxMs: 1_000, factor: 2, jitter: 0 };

  it('should grow exponentially from minMs and stop at maxMs', () => {
    const delays = [0, 1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(policy, attempt, () => 0.5));
    expect(delays).to.deep.equal([100, 200, 400, 800, 1_000, 1_000, 1_000]);
  });

  it('should follow the WhatsApp reconnect schedule (5 s ×1.5, cap 60 s) without jitter', () => {
    const whatsapp: BackoffPolicy = { minMs: 5_000, maxMs: 60_000, factor: 1.5, jitter: 0 };
    const delays = [0, 1, 2, 3, 4, 5, 6, 7].map((attempt) => baseDelay(whatsapp, attempt));
    expect(delays).to.deep.equal([5_000, 7_500, 11_250, 16_875, 25_312.5, 37_968.75, 56_953.125, 60_000]);
  });

  it('should keep jittered delays within ±jitter of the capped delay', () => {
    const jittered = { ...policy, jitter: 0.2 };
    const random = mulberry32(7);
    for (let attempt = 0; attempt < 200; attempt++) {
      const base = baseDelay(jittered, attempt % 8);
      const delay = backoffDelay(jittered, attempt % 8, random);
      expect(delay).to.be.within(Math.floor(base * 0.8), Math.ceil(base * 1.2));
    }
  });

  it('should map the extremes of the random source to the edges of the jitter band', () => {
    const jittered = { ...policy, jitter: 0.2 };
    expect(backoffDelay(jittered, 0, () => 0)).to.equal(80);
    expect(backoffDelay(jittered, 0, () => 0.5)).to.equal(100);
    expect(backoffDelay(jittered, 0, () => 0.999_999_9)).to.equal(120);
  });
});

describe('mulberry32', () => {
  it('should give the same sequence for the same seed and another for another seed', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const seqA = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).to.deep.equal(seqA);
    expect(Array.from({ length: 5 }, c)).to.not.deep.equal(seqA);
    for (const value of seqA) expect(value).to.be.within(0, 1);
  });
});
