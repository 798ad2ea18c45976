import { classifyCustomerMessage } from '../domain/intents/index.js';
import type { Clock } from '../runtime/clock.js';
import { withConfirmationQuestion } from './confirmation-question.js';
import type { AgentTurnInput, AgentTurnResult, CustomerAgent } from './customer-agent.js';
import { executeToolCall, isCustomerToolName, openAiToolSpecs, parseToolCall, WRITE_TOOLS } from './customer-tool-schemas.js';
import type { ToolOutcome } from './customer-tools.js';
import { type ChatAgentOptions, type ChatModelConfig, type ChatTools, describeError, MalformedCompletionError, ToolChat } from './openai-chat.js';
import { buildCustomerMessages } from './prompts.js';
import { answerWithoutModel, LLM_FALLBACK_REPLY } from './safety-replies.js';

// Importers found these here before the chat loop was shared; they still do.
export { MalformedCompletionError, MAX_TOOL_CALLS_PER_ROUND } from './openai-chat.js';

/**
 * The customer agent backed by an OpenAI-compatible Chat Completions model
 * (DESIGN §6.1, defaults from the original design: gpt-4o-mini, 0.7, 500).
 *
 * One turn: answer the obvious without the model (safety-replies.ts), else
 * run the model's tool rounds (openai-chat.ts) and return its text. Two
 * things are not left to the model: a write's confirmation question always
 * reaches the customer, and any failure ends in a polite fallback plus a
 * person.
 */
export const DEFAULT_CUSTOMER_MODEL = 'gpt-4o-mini';
export const DEFAULT_TEMPERATURE = 0.7;
export const DEFAULT_MAX_TOKENS = 500;
export const DEFAULT_MAX_TOOL_ROUNDS = 3;

export interface OpenAiCustomerAgentOptions extends ChatAgentOptions {
  model: string;
  /** Answer confident FAQ intents without the model (default true). Emergencies and injections always skip it. */
  faq?: boolean;
}

interface AgentConfig extends ChatModelConfig {
  readonly clock: Pick<Clock, 'now'>;
  readonly fallbackText: string;
  readonly faq: boolean;
}

/** What the model's tool calls this turn mean beyond their answers to it. */
class Turn {
  readonly chat: ToolChat;
  /** The last write's confirmation question; it must reach the customer. */
  say: string | undefined;
  escalate: { reason: string } | undefined;

  constructor(config: AgentConfig, input: AgentTurnInput) {
    const tools: ChatTools = {
      specs: openAiToolSpecs,
      execute: (name, raw) => executeToolCall(input.tools, name, raw),
      observe: (name, raw, outcome) => this.#notice(name, raw, outcome),
    };
    this.chat = new ToolChat(config, buildCustomerMessages(input.context, input.window, input.text), tools, input.signal);
  }

  #notice(name: string, raw: string, outcome: ToolOutcome): void {
    if (!isCustomerToolName(name)) return;
    if (outcome.ok && outcome.say && WRITE_TOOLS.has(name)) this.say = outcome.say;
    if (name === 'escalar_para_humano') {
      // The model asked for a person; the actor's escalation is what counts, even if the tool failed.
      const parsed = parseToolCall(name, raw);
      if (parsed.ok) this.escalate = { reason: String(parsed.args.motivo) };
    }
  }
}

async function respondWithModel(config: AgentConfig, input: AgentTurnInput): Promise<AgentTurnResult> {
  const classification = classifyCustomerMessage(input.text);
  const shortcut = await answerWithoutModel(input, classification, { faq: config.faq });
  if (shortcut) return shortcut;

  const started = config.clock.now();
  const turn = new Turn(config, input);
  let text: string;
  try {
    text = await turn.chat.finalText();
    if (text === '' && turn.say === undefined) throw new MalformedCompletionError('empty final reply');
  } catch (err) {
    // The caller cancelled (shutdown, a person took over): nobody is waiting for a reply.
    if (input.signal?.aborted) throw err;
    return {
      reply: config.fallbackText,
      escalate: { reason: 'falha_llm' },
      agentState: input.agentState,
      toolCalls: turn.chat.records,
      usage: turn.chat.usage(config.clock.now() - started),
      error: describeError(err),
    };
  }

  // Deterministic guarantee: a proposed write is never left unconfirmed because the model paraphrased it away.
  const result: AgentTurnResult = {
    reply: withConfirmationQuestion(text, turn.say),
    agentState: input.agentState,
    toolCalls: turn.chat.records,
    usage: turn.chat.usage(config.clock.now() - started),
  };
  if (turn.escalate) result.escalate = turn.escalate;
  return result;
}

export function createOpenAiCustomerAgent(options: OpenAiCustomerAgentOptions): CustomerAgent {
  const config: AgentConfig = Object.freeze({
    client: options.client,
    model: options.model,
    temperature: options.temperature ?? DEFAULT_TEMPERATURE,
    maxTokens: options.maxTokens ?? DEFAULT_MAX_TOKENS,
    maxToolRounds: options.maxToolRounds ?? DEFAULT_MAX_TOOL_ROUNDS,
    clock: options.clock,
    fallbackText: options.fallbackText ?? LLM_FALLBACK_REPLY,
    faq: options.faq ?? true,
  });
  return Object.freeze({ kind: 'openai' as const, respond: (input: AgentTurnInput) => respondWithModel(config, input) });
}
