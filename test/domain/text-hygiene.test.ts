import { expect } from 'chai';
import fc from 'fast-check';
import { hasUnsafeText, stripUnsafeText } from '../../domain/text-hygiene.js';

describe('text hygiene', () => {
  it('accepts ordinary text, accents and emoji (surrogate pairs)', () => {
    for (const text of ['', 'Olá, tudo bem?', 'banho e tosa 🐶🐱', 'açaí — ção', '\uD83D\uDE00']) {
      expect(hasUnsafeText(text), JSON.stringify(text)).to.equal(false);
      expect(stripUnsafeText(text)).to.equal(text);
    }
  });

  it('flags NUL and lone high or low surrogates anywhere', () => {
    for (const text of ['a\u0000b', '\u0000', 'x\uD800', '\uD800y', '\uDC00', 'a\uDFFFb', '\uDE00\uD83D', '🐶\uD83D']) {
      expect(hasUnsafeText(text), JSON.stringify(text)).to.equal(true);
    }
  });

  it('strips NUL and replaces lone surrogates with U+FFFD', () => {
    expect(stripUnsafeText('a\u0000b\u0000')).to.equal('ab');
    expect(stripUnsafeText('x\uD800y')).to.equal('x\uFFFDy');
    expect(stripUnsafeText('\uDE00\uD83D')).to.equal('\uFFFD\uFFFD');
    expect(stripUnsafeText('🐶\uDC00🐱')).to.equal('🐶\uFFFD🐱');
  });

  it('strip always yields safe text that keeps every safe character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const clean = stripUnsafeText(text);
        expect(hasUnsafeText(clean)).to.equal(false);
        if (!hasUnsafeText(text)) expect(clean).to.equal(text);
        expect(Buffer.from(clean, 'utf8').toString('utf8')).to.equal(clean);
      }),
      { numRuns: 500 },
    );
  });
});
