/**
 * The messages Aurora drafts for the owner to approve. Every campaign message
 * ends with the opt-out line, because a customer must always be able to stop
 * them (and it keeps the number away from spam reports).
 */
export type CampaignKind = 'reativacao' | 'promocional' | 'aniversario';

export const OPT_OUT_LINE = 'Para não receber mais mensagens como esta, responda PARAR.';

export const CAMPAIGN_LABELS_PT_BR: Readonly<Record<CampaignKind, string>> = Object.freeze({
  reativacao: 'reativação',
  promocional: 'promocional',
  aniversario: 'aniversário',
});

export function campaignMessage(kind: CampaignKind, shopName: string): string {
  const body: Record<CampaignKind, string> = {
    reativacao: `Oi! Aqui é da ${shopName} 🐾 Faz tempo que não vemos seu pet por aqui e estamos com saudade! Que tal agendar um banho esta semana? É só responder esta mensagem.`,
    promocional: `Oi! Aqui é da ${shopName} 🐾 Esta semana tem condição especial para banho e tosa. Quer garantir um horário? É só responder esta mensagem.`,
    aniversario: `Oi! Aqui é da ${shopName} 🎉 Este mês é aniversário do seu pet e ele merece um dia de spa! Responda esta mensagem para agendar com um mimo especial.`,
  };
  return `${body[kind]}\n\n${OPT_OUT_LINE}`;
}

export function draftPreview(kind: CampaignKind, audience: number, message: string): string {
  if (audience === 0) return `Não encontrei clientes para uma campanha de ${CAMPAIGN_LABELS_PT_BR[kind]} agora (clientes que pediram para não receber ficam de fora).`;
  return [
    `📣 *Campanha de ${CAMPAIGN_LABELS_PT_BR[kind]}* para ${audience} cliente${audience > 1 ? 's' : ''}.`,
    'Prévia da mensagem:',
    `"${message}"`,
    '',
    'Envio pausado e espaçado para proteger o número. Confirma o envio? (sim/não)',
  ].join('\n');
}
