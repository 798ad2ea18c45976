import { expect } from 'chai';
import fc from 'fast-check';
import { hasUnsafeText, stripUnsafeText } from '../../domain/text-hygiene.js';

describe('text hygiene', () => {
  it('removes NULs and replaces lone surrogates, keeping real emoji and accents', () => {
    expect(stripUnsafeText('oi\u0000')).to.equal('oi');
    expect(stripUnsafeText('\u0000o\u0000i\u0000')).to.equal('oi');
    expect(stripUnsafeText('a\uD83Db')).to.equal('a\uFFFDb');
    expect(stripUnsafeText('a\uDC36b')).to.equal('a\uFFFDb');
    expect(stripUnsafeText('\uDC36\uD83D')).to.equal('\uFFFD\uFFFD'); // reversed pair: both lone
    expect(stripUnsafeText('não, obrigado 🐶')).to.equal('não, obrigado 🐶');
    expect(hasUnsafeText('não 🐶')).to.equal(false);
    expect(hasUnsafeText('oi\u0000')).to.equal(true);
    expect(hasUnsafeText('\uD83D')).to.equal(true);
  });

  it('always gives well-formed text without NUL that it leaves alone afterwards', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const clean = stripUnsafeText(text);
        expect(hasUnsafeText(clean)).to.equal(false);
        expect(() => encodeURIComponent(clean)).to.not.throw(); // throws on a lone surrogate
        expect(stripUnsafeText(clean)).to.equal(clean);
        expect(Buffer.from(clean, 'utf8').toString('utf8')).to.equal(clean);
      }),
    );
  });
});
