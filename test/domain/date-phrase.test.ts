import { expect } from 'chai';

import { type DatePhrase, parseDatePhrase } from '../../domain/date-phrase.js';

// Wednesday 9 December 2026, 10:00 in São Paulo (13:00 UTC).
const NOW = '2026-12-09T10:00:00-03:00';
const TZ = 'America/Sao_Paulo';

const CASES: [string, DatePhrase | null][] = [
  // Relative days
  ['amanhã às 10', { date: '2026-12-10', time: '10:00' }],
  ['amanha 10h', { date: '2026-12-10', time: '10:00' }],
  ['amanhã 10', { date: '2026-12-10', time: '10:00' }],
  ['amanhã de manhã', { date: '2026-12-10', period: 'manha' }],
  ['amanhã cedo', { date: '2026-12-10', period: 'manha' }],
  ['amanhã às 3 da tarde', { date: '2026-12-10', time: '15:00', period: 'tarde' }],
  ['pode ser amanhã às 14:30?', { date: '2026-12-10', time: '14:30' }],
  ['hoje à tarde', { date: '2026-12-09', period: 'tarde' }],
  ['hj a tarde', { date: '2026-12-09', period: 'tarde' }],
  ['hoje às 16h30', { date: '2026-12-09', time: '16:30' }],
  ['depois de amanhã', { date: '2026-12-11' }],
  ['dps de amanha', { date: '2026-12-11' }],
  ['daqui a 3 dias', { date: '2026-12-12' }],
  ['daqui a uma semana', { date: '2026-12-16' }],
  ['daqui 2 semanas', { date: '2026-12-23' }],
  ['em dois dias', { date: '2026-12-11' }],
  // Weekdays
  ['sexta', { date: '2026-12-11' }],
  ['sex', { date: '2026-12-11' }],
  ['sexta-feira', { date: '2026-12-11' }],
  ['SEXTA DE MANHÃ', { date: '2026-12-11', period: 'manha' }],
  ['sexta de manhã', { date: '2026-12-11', period: 'manha' }],
  ['sex 14h', { date: '2026-12-11', time: '14:00' }],
  ['Bom dia! Tem horário sexta às 9?', { date: '2026-12-11', time: '09:00' }],
  ['quinta 9h30', { date: '2026-12-10', time: '09:30' }],
  ['quinta, 9h', { date: '2026-12-10', time: '09:00' }],
  ['tem vaga sexta 15hs?', { date: '2026-12-11', time: '15:00' }],
  ['vai ter horário sexta?', { date: '2026-12-11' }],
  ['pode ser na ter de manha', { date: '2026-12-15', period: 'manha' }],
  ['sexta passada', { date: '2026-12-04' }],
  ['qui', { date: '2026-12-10' }],
  ['sábado de manhã', { date: '2026-12-12', period: 'manha' }],
  ['sabado', { date: '2026-12-12' }],
  ['sab 8h', { date: '2026-12-12', time: '08:00' }],
  ['domingo', { date: '2026-12-13' }],
  ['dom', { date: '2026-12-13' }],
  ['seg', { date: '2026-12-14' }],
  ['segunda-feira', { date: '2026-12-14' }],
  ['terça-feira', { date: '2026-12-15' }],
  ['terca', { date: '2026-12-15' }],
  ['ter', { date: '2026-12-15' }],
  ['próxima segunda', { date: '2026-12-14' }],
  ['segunda que vem', { date: '2026-12-14' }],
  ['sexta da semana que vem', { date: '2026-12-18' }],
  ['semana que vem na sexta', { date: '2026-12-18' }],
  // Today's weekday: today only while the time/period is still ahead
  ['quarta', { date: '2026-12-16' }],
  ['qua', { date: '2026-12-16' }],
  ['quarta às 15h', { date: '2026-12-09', time: '15:00' }],
  ['quarta às 9h', { date: '2026-12-16', time: '09:00' }],
  ['quarta de manhã', { date: '2026-12-09', period: 'manha' }],
  ['próxima quarta', { date: '2026-12-16' }],
  ['quarta que vem às 15h', { date: '2026-12-16', time: '15:00' }],
  // Explicit dates
  ['dia 12/12 às 14h', { date: '2026-12-12', time: '14:00' }],
  ['12/12', { date: '2026-12-12' }],
  ['12/12/2026', { date: '2026-12-12' }],
  ['12/12/26', { date: '2026-12-12' }],
  ['12.12', { date: '2026-12-12' }],
  ['5/1', { date: '2027-01-05' }],
  ['09/12', { date: '2026-12-09' }],
  ['08/12', { date: '2027-12-08' }],
  ['dia 5', { date: '2027-01-05' }],
  ['dia 9', { date: '2026-12-09' }],
  ['dia 31', { date: '2026-12-31' }],
  ['12 de dezembro', { date: '2026-12-12' }],
  ['dia 2 de janeiro às 11h', { date: '2027-01-02', time: '11:00' }],
  // Times and periods only
  ['às 15h', { time: '15:00' }],
  ['as 15h ta bom', { time: '15:00' }],
  ['às 10 horas', { time: '10:00' }],
  ['15:30', { time: '15:30' }],
  ['10h e meia', { time: '10:30' }],
  ['lá pelas 11', { time: '11:00' }],
  ['às 3', { time: '15:00' }],
  ['às 8 da noite', { time: '20:00', period: 'noite' }],
  ['às 6 da manhã', { time: '06:00', period: 'manha' }],
  ['meio-dia', { time: '12:00' }],
  ['meio dia e meia', { time: '12:30' }],
  ['de tarde', { period: 'tarde' }],
  ['à noite', { period: 'noite' }],
  ['depois do almoço', { period: 'tarde' }],
  // Ranges
  ['semana que vem', { range: { fromDate: '2026-12-14', toDate: '2026-12-20' } }],
  ['próxima semana', { range: { fromDate: '2026-12-14', toDate: '2026-12-20' } }],
  ['essa semana', { range: { fromDate: '2026-12-09', toDate: '2026-12-13' } }],
  ['fim de semana', { range: { fromDate: '2026-12-12', toDate: '2026-12-13' } }],
  ['mês que vem', { range: { fromDate: '2027-01-01', toDate: '2027-01-31' } }],
  // Not dates
  ['boa tarde', null],
  ['bom dia, boa noite', null],
  ['quero marcar um banho', null],
  ['tenho 2 cachorros', null],
  ['amanhã 2 banhos', { date: '2026-12-10' }],
  ['vou ter que sair', null],
  ['segunda vez que venho', null],
  ['mais tarde eu vejo', null],
  ['31/02', null],
  ['', null],
];

describe('parseDatePhrase (now: Wednesday 2026-12-09 10:00, São Paulo)', () => {
  for (const [phrase, expected] of CASES) {
    it(`reads ${JSON.stringify(phrase)}`, () => {
      expect(parseDatePhrase(phrase, NOW, TZ)).to.deep.equal(expected);
    });
  }

  it('has the table the issue asks for (40+ phrases)', () => {
    expect(CASES.length).to.be.greaterThanOrEqual(40);
  });

  it('takes "today" from the org zone, not UTC', () => {
    // 23:30 in São Paulo on the 9th is already the 10th in UTC.
    expect(parseDatePhrase('hoje', '2026-12-10T02:30:00Z', TZ)).to.deep.equal({ date: '2026-12-09' });
    expect(parseDatePhrase('amanhã', '2026-12-10T02:30:00Z', TZ)).to.deep.equal({ date: '2026-12-10' });
  });

  it('rolls a year-less date into next year at the turn of the year', () => {
    expect(parseDatePhrase('2/1', '2026-12-31T12:00:00-03:00', TZ)).to.deep.equal({ date: '2027-01-02' });
    expect(parseDatePhrase('29/02', '2026-12-31T12:00:00-03:00', TZ)).to.deep.equal({ date: '2028-02-29' });
  });

  it('skips months without the day for "dia 31"', () => {
    expect(parseDatePhrase('dia 31', '2026-11-05T12:00:00-03:00', TZ)).to.deep.equal({ date: '2026-12-31' });
  });
});
