import { expect } from 'chai';
import type { CustomerContext } from '../../agents/customer-agent.js';
import { buildCustomerContextBlock, customerAssistantRules } from '../../agents/prompts.js';

function context(now: string, timezone: string): CustomerContext {
  return {
    now,
    shop: { name: 'Pet Shop', timezone, address: null, paymentMethods: [], hoursText: [], services: [] },
    contact: { name: null, phone: '+5511999990000' },
    pets: [],
    bookings: [],
    pendingAction: null,
  } as unknown as CustomerContext;
}

const calendar = (block: string) => block.split('\n').filter((line) => / = \d{4}-\d{2}-\d{2}$/.test(line));

describe('customer prompt calendar', () => {
  it('follows the shop day: a new local day (or another zone on another day) gets its own calendar', () => {
    const monday = calendar(buildCustomerContextBlock(context('2026-12-07T12:00:00Z', 'America/Sao_Paulo')));
    expect(monday).to.have.length(14);
    expect(monday.slice(0, 2)).to.deep.equal(['- hoje, segunda, 07/12 = 2026-12-07', '- amanhã, terça, 08/12 = 2026-12-08']);
    expect(monday[13]).to.equal('- domingo, 20/12 = 2026-12-20');

    // 01:30 UTC on Tuesday is still Monday in São Paulo, already Tuesday in Lisbon.
    const late = '2026-12-08T01:30:00Z';
    expect(calendar(buildCustomerContextBlock(context(late, 'America/Sao_Paulo')))).to.deep.equal(monday);
    const lisbon = calendar(buildCustomerContextBlock(context(late, 'Europe/Lisbon')));
    expect(lisbon[0]).to.equal('- hoje, terça, 08/12 = 2026-12-08');

    for (let day = 8; day <= 20; day++) {
      const date = `2026-12-${String(day).padStart(2, '0')}`;
      expect(calendar(buildCustomerContextBlock(context(`${date}T12:00:00Z`, 'America/Sao_Paulo')))[0]).to.match(new RegExp(`^- hoje, .* = ${date}$`));
    }
    expect(calendar(buildCustomerContextBlock(context('2026-12-07T12:00:00Z', 'America/Sao_Paulo')))).to.deep.equal(monday);
  });
});

describe('customer prompt rules', () => {
  it('tells the model to pass the hour the customer asked for to consultar_horarios', () => {
    const rules = customerAssistantRules('Pet Shop');
    expect(rules).to.match(/consultar_horarios[^\n]*"horario"[^\n]*HH:mm/);
    expect(rules).to.contain('exatoLivre');
  });
});
