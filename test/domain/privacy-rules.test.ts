import { expect } from 'chai';
import { isDataDeletionRequest } from '../../domain/intents/data-deletion-request.js';
import { orgSettingsSchema, readOrgSettings } from '../../domain/org-settings.js';
import { monthsBefore, retentionCutoffs, retentionPolicyOf } from '../../domain/retention-policy.js';

describe('a customer asking to be forgotten (pt-BR)', () => {
  const requests = [
    'apagar meus dados', 'Apaguem meus dados', 'excluir meu cadastro', 'quero que apaguem meus dados', 'Quero que vocês apaguem todos os meus dados, por favor!',
    'pode deletar meu número?', 'LGPD: exclusão dos meus dados', 'remove meu cadastro', 'quero excluir minha conta', 'esqueçam tudo sobre mim',
    'EXCLUAM MEUS DADOS PESSOAIS', 'gostaria da remoção do meu cadastro',
  ];
  const notRequests = [
    'não quero que apaguem meus dados', 'quero cancelar meu agendamento', 'apagar o cadastro do meu cachorro', 'meus dados estão certos?',
    'pode excluir o horário de amanhã', 'quero atualizar meu cadastro', 'oi', 'PARAR',
  ];
  for (const text of requests) it(`hears "${text}"`, () => expect(isDataDeletionRequest(text)).to.equal(true));
  for (const text of notRequests) it(`does not hear it in "${text}"`, () => expect(isDataDeletionRequest(text)).to.equal(false));
});

describe('retention limits', () => {
  it('counts calendar months back, clamping the day to the shorter month', () => {
    expect(monthsBefore(new Date('2026-12-01T12:00:00Z'), 24).toISOString()).to.equal('2024-12-01T12:00:00.000Z');
    expect(monthsBefore(new Date('2026-03-31T08:30:00Z'), 1).toISOString()).to.equal('2026-02-28T08:30:00.000Z');
    expect(monthsBefore(new Date('2028-03-31T08:30:00Z'), 1).toISOString()).to.equal('2028-02-29T08:30:00.000Z');
    expect(monthsBefore(new Date('2026-01-15T00:00:00Z'), 13).toISOString()).to.equal('2024-12-15T00:00:00.000Z');
  });

  it('defaults to 24 months of messages and 36 of inactivity, and takes the shop\'s own values', () => {
    expect(retentionPolicyOf({})).to.deep.equal({ messagesMonths: 24, inactiveCustomerMonths: 36 });
    expect(retentionPolicyOf({ retentionMessagesMonths: 6, retentionInactiveCustomerMonths: null })).to.deep.equal({ messagesMonths: 6, inactiveCustomerMonths: 36 });
    const now = new Date('2026-12-01T12:00:00Z');
    expect(retentionCutoffs(now, { messagesMonths: 6, inactiveCustomerMonths: 12 })).to.deep.equal({
      messagesBefore: new Date('2026-06-01T12:00:00Z'), customersBefore: new Date('2025-12-01T12:00:00Z'),
    });
  });

  it('validates the settings: whole months from 1 to 120, null for the default; a bad stored value falls back and is reported', () => {
    expect(orgSettingsSchema.safeParse({ retentionMessagesMonths: 12, retentionInactiveCustomerMonths: null }).success).to.equal(true);
    for (const bad of [0, 121, 1.5, '12']) expect(orgSettingsSchema.safeParse({ retentionMessagesMonths: bad }).success, String(bad)).to.equal(false);
    const { settings, problems } = readOrgSettings({ retentionMessagesMonths: -1, retentionInactiveCustomerMonths: 48 });
    expect(retentionPolicyOf(settings)).to.deep.equal({ messagesMonths: 24, inactiveCustomerMonths: 48 });
    expect(problems.map((p) => p.path)).to.deep.equal(['retentionMessagesMonths']);
  });
});
