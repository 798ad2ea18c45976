import { expect } from 'chai';

import { classifyOwnerMessage } from '../../../domain/intents/classify-owner-message.js';
import { OWNER_INTENTS, type OwnerIntent, type OwnerSlots } from '../../../domain/intents/owner-intent.js';

const CASES: readonly (readonly [string, OwnerIntent, OwnerSlots])[] = [
  // analytics, with the period when one is said
  ['como foi hoje?', 'analytics', { period: 'hoje' }],
  ['e a semana?', 'analytics', { period: 'semana' }],
  ['faturamento do mês', 'analytics', { period: 'mes' }],
  ['resumo do ano', 'analytics', { period: 'ano' }],
  ['quanto faturei essa semana', 'analytics', { period: 'semana' }],
  ['qntos atendimentos hj?', 'analytics', { period: 'hoje' }],
  ['como estão as vendas no ano?', 'analytics', { period: 'ano' }],
  ['me mostra os números do mes', 'analytics', { period: 'mes' }],
  ['e o mês?', 'analytics', { period: 'mes' }],
  ['faturamento', 'analytics', {}],
  // clientes_inativos
  ['clientes inativos', 'clientes_inativos', {}],
  ['quem sumiu?', 'clientes_inativos', {}],
  ['clientes que não voltam', 'clientes_inativos', {}],
  ['quais clientes nao aparecem ha 2 meses', 'clientes_inativos', {}],
  // sugerir_campanha
  ['sugira uma campanha de reativação', 'sugerir_campanha', { kind: 'reativacao' }],
  ['faz uma promoção', 'sugerir_campanha', { kind: 'promocional' }],
  ['aniversariantes', 'sugerir_campanha', { kind: 'aniversario' }],
  ['monta uma campanha pros clientes que sumiram', 'sugerir_campanha', { kind: 'reativacao' }],
  ['bora fazer um desconto de 10% no banho', 'sugerir_campanha', { kind: 'promocional' }],
  ['quero uma campanha', 'sugerir_campanha', {}],
  // confirmar_sim / confirmar_nao
  ['sim', 'confirmar_sim', {}],
  ['pode mandar', 'confirmar_sim', {}],
  ['👍', 'confirmar_sim', {}],
  ['manda ver', 'confirmar_sim', {}],
  ['cancelar', 'confirmar_nao', {}],
  ['não', 'confirmar_nao', {}],
  ['melhor nao', 'confirmar_nao', {}],
  ['não manda', 'confirmar_nao', {}],
  // parar_campanha
  ['para a campanha', 'parar_campanha', {}],
  ['Aurora, para a campanha!', 'parar_campanha', {}],
  ['pausa o envio da campanha', 'parar_campanha', {}],
  ['cancela a campanha de aniversário', 'parar_campanha', {}],
  ['para de enviar', 'parar_campanha', {}],
  // resumo
  ['resumo do dia', 'resumo', {}],
  ['me manda o resumo', 'resumo', {}],
  // ajuda
  ['ajuda', 'ajuda', {}],
  ['o que vc sabe fazer?', 'ajuda', {}],
  // saudacao
  ['bom dia aurora', 'saudacao', {}],
  ['oi', 'saudacao', {}],
  // outro
  ['qual a capital da frança', 'outro', {}],
];

describe('classifyOwnerMessage', () => {
  for (const [text, intent, slots] of CASES) {
    it(`${JSON.stringify(text)} → ${intent} ${JSON.stringify(slots)}`, () => {
      const got = classifyOwnerMessage(text);
      expect(got.intent).to.equal(intent);
      expect(got.slots).to.deep.equal(slots);
    });
  }

  it('covers every owner intent', () => {
    const seen = new Set(CASES.map(([, intent]) => intent));
    expect(OWNER_INTENTS.filter((i) => !seen.has(i))).to.deep.equal([]);
  });

  it('does not read "para" as a stop when it is a preposition', () => {
    expect(classifyOwnerMessage('sugere uma campanha para a semana que vem').intent).to.equal('sugerir_campanha');
  });

  it('does not take the "dia" of "bom dia" for a period', () => {
    expect(classifyOwnerMessage('bom dia! como estão as vendas?').slots).to.deep.equal({});
  });
});
