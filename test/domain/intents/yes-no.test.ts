import { expect } from 'chai';

import { parseYesNo } from '../../../domain/intents/yes-no.js';

describe('parseYesNo', () => {
  const yes = [
    'sim', 'Sim!', 's', 'SS', 'simmm', 'pode', 'pode confirmar', 'Pode sim, por favor', 'confirmo', 'isso', 'isso mesmo',
    'ok', 'OK 👍', 'tá bom', 'ta certo', 'blz', 'fechado', 'claro', 'com certeza', '👍', '✅', '👌🏻', 'ok pode ser',
    'sim, pode marcar', 'sim confirmo', 'pode mandar', 'aham',
  ];
  const no = [
    'não', 'nao', 'NÃO!!', 'n', 'nn', 'naum', 'cancela', 'cancelar', 'não quero', 'melhor não', 'deixa pra lá',
    'nao, obrigado', 'não, errei o dia', '👎', '❌', 'negativo', 'não não', 'não vou poder',
  ];
  const neither = [
    '', 'oi', 'obrigado', 'não sei', 'talvez', 'sim, mas só depois das 15h', 'não, sim', 'quanto custa o banho?',
    'sei lá', '1', '2', '👍👎', 'kkkk', 'pode ser amanhã às 10?',
  ];

  for (const text of yes) it(`${JSON.stringify(text)} → yes`, () => expect(parseYesNo(text)).to.equal('yes'));
  for (const text of no) it(`${JSON.stringify(text)} → no`, () => expect(parseYesNo(text)).to.equal('no'));
  for (const text of neither) it(`${JSON.stringify(text)} → null`, () => expect(parseYesNo(text)).to.equal(null));

  it('reads "1" and "2" only in a reminder context', () => {
    expect(parseYesNo('1', { reminderContext: true })).to.equal('yes');
    expect(parseYesNo(' 2 ', { reminderContext: true })).to.equal('no');
    expect(parseYesNo('1')).to.equal(null);
    expect(parseYesNo('3', { reminderContext: true })).to.equal(null);
  });

  it('lets words win over a contradicting emoji', () => {
    expect(parseYesNo('não 👍')).to.equal('no');
  });
});
