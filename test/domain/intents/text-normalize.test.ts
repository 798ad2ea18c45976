import { expect } from 'chai';
import fc from 'fast-check';

import {
  collapseRepeats,
  detectEmoji,
  expandAbbreviations,
  foldAccents,
  normalizeText,
} from '../../../domain/intents/text-normalize.js';

describe('text-normalize', () => {
  describe('foldAccents', () => {
    it('lower-cases and strips accents, cedilla included', () => {
      expect(foldAccents('AMANHÃ à Tarde, Preço, Você, Sábado')).to.equal('amanha a tarde, preco, voce, sabado');
    });
  });

  describe('collapseRepeats', () => {
    const cases: [string, string][] = [
      ['oiii', 'oi'],
      ['simmmmm', 'sim'],
      ['kkkkkk', 'k'],
      ['obrigadaaa', 'obrigada'],
      ['naooo', 'nao'],
      ['passsar', 'passar'],
      ['carrrro', 'carro'],
      // Two in a row are real spelling and stay.
      ['tosa', 'tosa'],
      ['passar', 'passar'],
      ['oii', 'oii'],
      ['voo', 'voo'],
      ['cachorro', 'cachorro'],
      // Digits are never collapsed.
      ['1000', '1000'],
    ];
    for (const [input, expected] of cases) {
      it(`${input} → ${expected}`, () => expect(collapseRepeats(input)).to.equal(expected));
    }
  });

  describe('expandAbbreviations', () => {
    it('expands chat abbreviations word by word', () => {
      expect(expandAbbreviations('vcs abrem hj')).to.equal('voces abrem hoje');
      expect(expandAbbreviations('qnt ta pq tb obg blz td')).to.equal('quanto esta porque tambem obrigado beleza tudo');
      expect(expandAbbreviations('pra luna pro thor')).to.equal('para luna para o thor');
    });

    it('leaves size letters and a bare "s" alone', () => {
      expect(expandAbbreviations('porte p')).to.equal('porte p');
      expect(expandAbbreviations('s')).to.equal('s');
    });
  });

  describe('detectEmoji', () => {
    it('reads yes, no, thanks, laugh and urgent, ignoring skin tones and decoration', () => {
      expect(detectEmoji('👍🏽')).to.deep.equal(['yes']);
      expect(detectEmoji('✅ ❌')).to.deep.equal(['yes', 'no']);
      expect(detectEmoji('obg 🙏❤️')).to.deep.equal(['thanks', 'thanks']);
      expect(detectEmoji('😂🐶😊')).to.deep.equal(['laugh']);
      expect(detectEmoji('🆘')).to.deep.equal(['urgent']);
    });
  });

  describe('normalizeText', () => {
    it('produces the canonical text rules read', () => {
      expect(normalizeText('Vcs abrem SÁBADO??? 🐶').text).to.equal('voces abrem sabado');
      expect(normalizeText('tem algum horario hj a tarde').text).to.equal('tem algum horario hoje a tarde');
      expect(normalizeText('Oiiii, tudo bem?').text).to.equal('oi tudo bem');
    });

    it('keeps dates and times, drops other symbols', () => {
      expect(normalizeText('dia 12/12 às 14:30, R$ 50,00!').text).to.equal('dia 12/12 as 14:30 r 50 00');
    });

    it('reads "p/", "c/", "s/" and "banho + tosa"', () => {
      expect(normalizeText('banho p/ amanhã c/ tosa').text).to.equal('banho para amanha com tosa');
      expect(normalizeText('banho + tosa, banho/tosa').text).to.equal('banho e tosa banho e tosa');
    });

    it('keeps clauses apart, but not the parts of a decimal', () => {
      expect(normalizeText('não, errei o dia. R$ 50,00').clauses).to.deep.equal(['nao', 'errei o dia', 'r 50 00']);
    });

    it('lists meaningful emoji and notes a question mark', () => {
      const n = normalizeText('pode ser? 👍');
      expect(n.emoji).to.deep.equal(['yes']);
      expect(n.hasQuestionMark).to.equal(true);
    });

    it('is idempotent on its canonical text', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (s) => {
          const once = normalizeText(s).text;
          expect(normalizeText(once).text).to.equal(once);
        }),
      );
    });

    it('only ever emits lower-case ASCII words, digits, "/" and ":" separated by single spaces', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (s) => {
          const { text, tokens } = normalizeText(s);
          expect(text).to.match(/^([a-z0-9/:]+( [a-z0-9/:]+)*)?$/);
          expect(tokens.join(' ')).to.equal(text);
        }),
      );
    });
  });
});
