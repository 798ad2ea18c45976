import type { AuroraMsg } from './aurora.protocol.js';

/** Tells the owner once today that the daily token budget ran out (Aurora dedupes per day). */
export function tokenBudgetAlert(): AuroraMsg {
  return {
    type: 'aurora.alert',
    kind: 'limite_tokens',
    subject: '',
    message: '🤖 O limite diário de uso da IA foi atingido. Até a meia-noite, o assistente automático (sem IA) continua atendendo os clientes.',
  };
}
