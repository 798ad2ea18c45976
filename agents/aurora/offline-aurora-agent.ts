import { AURORA_HELP } from './aurora-replies.js';
import { classifyOwnerMessage } from '../../domain/intents/index.js';
import type { AuroraAgent, AuroraTurnInput, AuroraTurnResult } from '../aurora-agent.js';
import {
  analyticsCommand,
  AuroraToolRecorder,
  cancelCommand,
  confirmCommand,
  inactiveCommand,
  stopCommand,
  suggestCommand,
} from './aurora-commands.js';

/**
 * The deterministic Aurora: what answers the owner without an OpenAI key.
 * The owner's intent layer (`classifyOwnerMessage`) picks one command; the
 * toolbox does the work and writes the text, which is relayed as is. Anything
 * else gets the menu of what she can do.
 */
export const OFFLINE_AURORA_DEFAULT_PERIOD = 'hoje' as const;
export const OFFLINE_AURORA_DEFAULT_CAMPAIGN = 'reativacao' as const;

async function replyFor(input: AuroraTurnInput, recorder: AuroraToolRecorder): Promise<string> {
  const { intent, slots } = classifyOwnerMessage(input.text);
  switch (intent) {
    case 'analytics':
    case 'resumo':
      return analyticsCommand(recorder, slots.period ?? OFFLINE_AURORA_DEFAULT_PERIOD);
    case 'clientes_inativos':
      return inactiveCommand(recorder);
    case 'sugerir_campanha':
      return suggestCommand(recorder, slots.kind ?? OFFLINE_AURORA_DEFAULT_CAMPAIGN);
    case 'confirmar_sim':
      return confirmCommand(recorder, input.context);
    case 'confirmar_nao':
      return cancelCommand(recorder);
    case 'parar_campanha':
      return stopCommand(recorder, input.context);
    case 'ajuda':
    case 'saudacao':
    case 'outro':
      return AURORA_HELP;
  }
}

export function createOfflineAuroraAgent(): AuroraAgent {
  return Object.freeze({
    kind: 'offline' as const,
    async respond(input: AuroraTurnInput): Promise<AuroraTurnResult> {
      const recorder = new AuroraToolRecorder(input.tools);
      const reply = await replyFor(input, recorder);
      return { reply, toolCalls: recorder.records };
    },
  });
}
