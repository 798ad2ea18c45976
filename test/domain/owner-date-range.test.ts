import { expect } from 'chai';
import { parseOwnerDateRange } from '../../domain/owner-date-range.js';

// Tuesday 1 December 2026, 09:00 in São Paulo (12:00 UTC).
const NOW = '2026-12-01T09:00:00-03:00';
const TZ = 'America/Sao_Paulo';

const CASES: Array<[string, [string, string] | null, string?]> = [
  ['amanhã tá cheio?', ['2026-12-02', '2026-12-02'], 'amanhã (quarta-feira, 02/12)'],
  ['qual a agenda de sábado?', ['2026-12-05', '2026-12-05'], 'sábado, 05/12'],
  ['quantos banhos tenho marcados pra sábado?', ['2026-12-05', '2026-12-05']],
  ['e semana que vem?', ['2026-12-07', '2026-12-13'], 'de segunda-feira, 07/12 a domingo, 13/12'],
  ['como tá o dia 15?', ['2026-12-15', '2026-12-15'], 'terça-feira, 15/12'],
  ['como foi hoje?', ['2026-12-01', '2026-12-01'], 'hoje (terça-feira, 01/12)'],
  ['como foi ontem?', ['2026-11-30', '2026-11-30'], 'ontem (segunda-feira, 30/11)'],
  ['e anteontem', ['2026-11-29', '2026-11-29']],
  ['quanto faturei na semana passada?', ['2026-11-23', '2026-11-29']],
  ['e o mês passado?', ['2026-11-01', '2026-11-30']],
  ['agenda dessa semana', ['2026-11-30', '2026-12-06']],
  ['agenda deste mês', ['2026-12-01', '2026-12-31']],
  ['mês que vem tá cheio?', ['2027-01-01', '2027-01-31']],
  ['fim de semana', ['2026-12-05', '2026-12-06']],
  ['como foi dia 15?', ['2026-11-15', '2026-11-15']],
  ['quanto faturei dia 30/11?', ['2026-11-30', '2026-11-30']],
  ['e terça?', ['2026-12-01', '2026-12-01']], // said on a Tuesday: today
  ['terça que vem', ['2026-12-08', '2026-12-08']],
  ['como foi segunda?', ['2026-11-30', '2026-11-30']],
  ['sexta passada', ['2026-11-27', '2026-11-27']],
  ['depois de amanhã', ['2026-12-03', '2026-12-03']],
  ['12/12', ['2026-12-12', '2026-12-12']],
  ['clientes inativos', null],
  ['faturamento', null],
];

describe('parseOwnerDateRange (the day or days an owner asks Aurora about)', () => {
  for (const [text, expected, label] of CASES) {
    it(`${JSON.stringify(text)} → ${expected ? expected.join('..') : 'nothing'}`, () => {
      const got = parseOwnerDateRange(text, NOW, TZ);
      if (expected === null) return expect(got).to.equal(null);
      expect([got?.fromDate, got?.toDate]).to.deep.equal(expected);
      if (label) expect(got?.label).to.equal(label);
    });
  }

  it('reads the day in the shop\'s zone: 22:30 on Tuesday in São Paulo is still Tuesday there', () => {
    expect(parseOwnerDateRange('amanhã', '2026-12-02T01:30:00Z', TZ)?.fromDate).to.equal('2026-12-02');
  });

  it('crosses a year end: "amanhã" on 31/12 is 01/01 of the next year', () => {
    expect(parseOwnerDateRange('amanhã tá cheio?', '2027-12-31T12:00:00-03:00', TZ)?.fromDate).to.equal('2028-01-01');
  });
});
