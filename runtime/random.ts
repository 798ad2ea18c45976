/**
 * Randomness as a dependency: jitter and anything else random takes a `Random`, so tests pass a
 * seeded one and get the same numbers every run.
 */

/** Returns a float in [0, 1), like `Math.random`. */
export type Random = () => number;

/**
 * mulberry32: a tiny, fast 32-bit PRNG. Not cryptographic — fine for jitter, wrong for tokens.
 * The same seed always yields the same sequence.
 */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The production source. The only place in the runtime that touches `Math.random`. */
export const systemRandom: Random = () => Math.random();
