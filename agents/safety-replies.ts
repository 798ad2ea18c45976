import type { CustomerClassification } from '../domain/intents/index.js';
import type { AgentTurnInput, AgentTurnResult } from './customer-agent.js';
import { answerFaq, isConfidentFaq } from './faq-answers.js';
import { ToolRecorder } from './tool-recorder.js';

/**
 * Turns both agents answer the same way, without a model: an emergency, a
 * prompt-injection attempt, and (for the OpenAI agent, before spending
 * tokens) a confident FAQ. An emergency must not wait 2–5 s for a model that
 * might not call the escalation tool; an injection attempt is never shown to
 * one (OWASP LLM01: the cheapest injection is the one no model reads).
 */

/** What the customer gets when the model fails; the conversation also goes to a person. */
export const LLM_FALLBACK_REPLY = 'Desculpe, tive um problema para responder agora. Já chamei alguém da equipe para falar com você. 🐾';

export const HUMAN_HANDOFF_REPLY = 'Claro! Já chamei alguém da equipe para falar com você. Aguarde só um instante, por favor. 🐾';

export const HOSTILE_REPLY =
  'Posso ajudar com agendamentos, preços, horários e informações da loja. Não tenho acesso a dados de outros clientes nem a informações internas. Como posso ajudar você e o seu pet? 🐾';

export function emergencyReply(shopName: string): string {
  return (
    '🚨 Isso parece uma emergência. Procure atendimento veterinário imediatamente — se possível, vá agora a um pronto-atendimento veterinário 24h, sem esperar pela nossa resposta. ' +
    `Já chamei alguém da equipe da ${shopName} para falar com você.`
  );
}

/** Escalates through the toolbox (so it is recorded like any tool call) and says so. */
export async function escalateTurn(input: AgentTurnInput, motivo: string, reply: string, agentState: Record<string, unknown> = {}): Promise<AgentTurnResult> {
  const recorder = new ToolRecorder(input.tools);
  await recorder.run('escalar_para_humano', { motivo }, (tools) => tools.escalarParaHumano({ motivo }));
  // Escalate even if the tool failed: the actor's escalation is what silences the bot.
  return { reply, escalate: { reason: motivo }, agentState, toolCalls: recorder.records };
}

/**
 * The answer that needs no model, or null. Emergencies and hostile messages
 * are answered whatever is pending; FAQs only when nothing waits for a "sim",
 * because then the customer may be answering that question.
 */
export async function answerWithoutModel(
  input: AgentTurnInput,
  classification: CustomerClassification,
  options: { faq: boolean } = { faq: true },
): Promise<AgentTurnResult | null> {
  if (classification.slots.urgent) return escalateTurn(input, 'emergência', emergencyReply(input.context.shop.name), input.agentState);
  if (classification.slots.hostile) return { reply: HOSTILE_REPLY, agentState: input.agentState, toolCalls: [] };
  if (options.faq && isConfidentFaq(classification, input.context)) {
    const reply = answerFaq(classification, input.context);
    if (reply !== null) return { reply, agentState: input.agentState, toolCalls: [] };
  }
  return null;
}
