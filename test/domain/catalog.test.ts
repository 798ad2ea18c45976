import { expect } from 'chai';

import { formatDurationPtBr } from '../../domain/duration.js';
import { formatBrl, parseBrl } from '../../domain/money.js';
import { normalizePetSize } from '../../domain/pet-size.js';
import { categoryKey, priceRangeCents, type Service, servesSpecies, sizesOffered } from '../../domain/service.js';
import { normalizeSpecies } from '../../domain/species.js';

describe('normalizeSpecies', () => {
  const CASES: [string, string | null][] = [
    ['cachorro', 'cão'], ['Cão', 'cão'], ['cao', 'cão'], ['dog', 'cão'], ['CADELA', 'cão'], ['meus cachorros', 'cão'],
    ['gato', 'gato'], ['Gata', 'gato'], ['cat', 'gato'], ['minha gatinha', 'gato'], ['felino', 'gato'],
    ['calopsita', 'ave'], ['hamster', 'roedor'], ['coelho', 'coelho'], ['jabuti', 'réptil'], ['réptil', 'réptil'],
    ['furão', 'outro'], ['outro', 'outro'],
    ['', null], ['xyz', null], ['banho', null],
  ];
  for (const [input, expected] of CASES) {
    it(`${JSON.stringify(input)} → ${expected}`, () => expect(normalizeSpecies(input)).to.equal(expected));
  }
});

describe('normalizePetSize', () => {
  const CASES: [string, string | null][] = [
    ['P', 'P'], ['p', 'P'], ['pequeno', 'P'], ['Porte pequeno', 'P'], ['mini', 'P'],
    ['M', 'M'], ['médio', 'M'], ['media', 'M'],
    ['G', 'G'], ['grande', 'G'], ['porte G', 'G'],
    ['GG', 'GG'], ['gigante', 'GG'], ['extra grande', 'GG'],
    ['', null], ['enorme demais', null],
  ];
  for (const [input, expected] of CASES) {
    it(`${JSON.stringify(input)} → ${expected}`, () => expect(normalizePetSize(input)).to.equal(expected));
  }
});

describe('service helpers', () => {
  const banho: Service = {
    id: 's1',
    name: 'Banho',
    category: ' Banho ',
    species: ['cachorro', 'Gato'],
    active: true,
    bySize: { P: { durationMin: 45, priceCents: 4500 }, G: { durationMin: 90, priceCents: 9000 } },
  };

  it('matches species through synonyms on both sides; empty list serves everyone', () => {
    expect(servesSpecies(banho, 'cão')).to.equal(true);
    expect(servesSpecies(banho, 'gata')).to.equal(true);
    expect(servesSpecies(banho, 'calopsita')).to.equal(false);
    expect(servesSpecies(banho, 'xyz')).to.equal(false);
    expect(servesSpecies({ ...banho, species: [] }, 'calopsita')).to.equal(true);
  });

  it('lists offered sizes in P→GG order and the price range', () => {
    expect(sizesOffered(banho)).to.deep.equal(['P', 'G']);
    expect(priceRangeCents(banho)).to.deep.equal({ min: 4500, max: 9000 });
    expect(priceRangeCents({ ...banho, bySize: {} })).to.equal(null);
  });

  it('folds categories for comparison', () => {
    expect(categoryKey(banho.category)).to.equal('banho');
    expect(categoryKey('Consulta  Clínica')).to.equal('consulta clinica');
  });
});

describe('money and durations', () => {
  const BRL: [number, string][] = [
    [0, 'R$ 0,00'], [5, 'R$ 0,05'], [5000, 'R$ 50,00'], [7990, 'R$ 79,90'], [123456, 'R$ 1.234,56'],
    [100000000, 'R$ 1.000.000,00'], [-1500, '-R$ 15,00'],
  ];
  for (const [cents, text] of BRL) {
    it(`formats ${cents} as ${text}`, () => expect(formatBrl(cents)).to.equal(text));
  }

  it('refuses fractional cents', () => {
    expect(() => formatBrl(10.5)).to.throw(RangeError);
  });

  const PARSE: [string, number | null][] = [
    ['80', 8000], ['80,00', 8000], ['R$ 79,90', 7990], ['r$1.234,5', 123450], ['79.90', 7990], ['1.234', 123400], ['abc', null], ['12,345', null],
  ];
  for (const [text, cents] of PARSE) {
    it(`parses ${JSON.stringify(text)} as ${cents}`, () => expect(parseBrl(text)).to.equal(cents));
  }

  const DURATIONS: [number, string][] = [[0, '0 min'], [45, '45 min'], [60, '1h'], [90, '1h30'], [125, '2h05'], [180, '3h']];
  for (const [min, text] of DURATIONS) {
    it(`formats ${min} min as ${text}`, () => expect(formatDurationPtBr(min)).to.equal(text));
  }
});
