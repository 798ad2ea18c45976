import { expect } from 'chai';

import { pickOption, pickSlot } from '../../agents/offline/slot-choice.js';
import { NOW_ISO, TIMEZONE } from './support/customer-fixtures.js';

describe('slot choice', () => {
  const offered = [
    { startsAt: '2026-12-08T08:00:00-03:00' },
    { startsAt: '2026-12-08T10:00:00-03:00' },
    { startsAt: '2026-12-11T14:00:00-03:00' },
  ];

  const cases: Array<[string, number | null]> = [
    ['1', 0],
    ['2', 1],
    ['3', 2],
    ['4', null],
    ['opção 2', 1],
    ['pode ser o 3', 2],
    ['a primeira', 0],
    ['quero a segunda', 1],
    ['o terceiro', 2],
    ['a última', 2],
    ['2º', 1],
    ['10h', 1],
    ['às 8', 0],
    ['sexta 14h', 2],
    ['terça 14h', null],
    ['segunda-feira', null],
    ['15h', null],
    ['quanto custa?', null],
    ['sim', null],
  ];
  for (const [text, expected] of cases) {
    it(`reads "${text}" as ${expected === null ? 'no choice' : `option ${expected + 1}`}`, () => {
      expect(pickSlot(text, offered, NOW_ISO, TIMEZONE)).to.equal(expected);
    });
  }

  it('takes a plain yes when only one slot was offered', () => {
    expect(pickSlot('pode ser', offered.slice(0, 1), NOW_ISO, TIMEZONE)).to.equal(0);
    expect(pickSlot('sim', offered.slice(0, 1), NOW_ISO, TIMEZONE)).to.equal(0);
  });

  it('never picks an option beyond the list', () => {
    expect(pickOption('3', 2)).to.equal(null);
    expect(pickOption('0', 2)).to.equal(null);
    expect(pickOption('a última', 0)).to.equal(null);
  });
});
