import { APIError } from 'openai';
import type OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionMessageToolCall } from 'openai/resources/chat/completions';

import { classifyCustomerMessage } from '../domain/intents/index.js';
import type { Clock } from '../runtime/clock.js';
import type { AgentTurnInput, AgentTurnResult, AgentUsage, CustomerAgent, ToolCallRecord } from './customer-agent.js';
import { executeToolCall, isCustomerToolName, openAiToolSpecs, parseToolCall, WRITE_TOOLS } from './customer-tool-schemas.js';
import type { ToolOutcome } from './customer-tools.js';
import { estimateCostUsd } from './llm-pricing.js';
import { buildCustomerMessages } from './prompts.js';
import { answerWithoutModel, LLM_FALLBACK_REPLY } from './safety-replies.js';
import { toolCallRecord } from './tool-recorder.js';

/**
 * The customer agent backed by an OpenAI-compatible Chat Completions model
 * (DESIGN §6.1, defaults from the original design: gpt-4o-mini, 0.7, 500).
 *
 * One turn: answer the obvious without the model (safety-replies.ts), else
 * call the model with the tools, run the tool calls it makes (at most
 * `maxToolRounds` rounds, then one last call with tool_choice 'none' so a
 * looping model still has to speak), and return its text. Two things are not
 * left to the model: a write's confirmation question always reaches the
 * customer, and any failure ends in a polite fallback plus a person.
 */
export const DEFAULT_CUSTOMER_MODEL = 'gpt-4o-mini';
export const DEFAULT_TEMPERATURE = 0.7;
export const DEFAULT_MAX_TOKENS = 500;
export const DEFAULT_MAX_TOOL_ROUNDS = 3;
/** Parallel calls past this in one round are refused: bounded work per turn (OWASP LLM10). */
export const MAX_TOOL_CALLS_PER_ROUND = 4;

export interface OpenAiCustomerAgentOptions {
  client: OpenAI;
  model: string;
  temperature?: number;
  /** Sent as `max_tokens`, which OpenAI and the common OpenAI-compatible servers all accept. */
  maxTokens?: number;
  maxToolRounds?: number;
  clock: Pick<Clock, 'now'>;
  fallbackText?: string;
  /** Answer confident FAQ intents without the model (default true). Emergencies and injections always skip it. */
  faq?: boolean;
}

interface AgentConfig {
  readonly client: OpenAI;
  readonly model: string;
  readonly temperature: number;
  readonly maxTokens: number;
  readonly maxToolRounds: number;
  readonly clock: Pick<Clock, 'now'>;
  readonly fallbackText: string;
  readonly faq: boolean;
}

/** A 200 whose body is not a usable completion (an OpenAI-compatible server's bug, a proxy's HTML page). */
export class MalformedCompletionError extends Error {
  override readonly name = 'MalformedCompletionError';
}

interface ModelMessage {
  content: string | null;
  toolCalls: ChatCompletionMessageToolCall[];
  usage: { prompt: number; completion: number };
}

function readCompletion(completion: unknown): ModelMessage {
  const body = completion as { choices?: unknown; usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } } | null;
  if (body === null || typeof body !== 'object' || !Array.isArray(body.choices)) throw new MalformedCompletionError('completion without choices');
  const message = (body.choices[0] as { message?: unknown } | undefined)?.message as
    | { content?: unknown; tool_calls?: unknown }
    | undefined;
  if (message === undefined || message === null || typeof message !== 'object') throw new MalformedCompletionError('choice without message');
  const content = typeof message.content === 'string' ? message.content : null;
  const toolCalls = Array.isArray(message.tool_calls) ? (message.tool_calls as ChatCompletionMessageToolCall[]) : [];
  if (toolCalls.some((c) => c === null || typeof c !== 'object' || typeof c.id !== 'string')) throw new MalformedCompletionError('tool call without id');
  const count = (n: unknown): number => (typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : 0);
  return { content, toolCalls, usage: { prompt: count(body.usage?.prompt_tokens), completion: count(body.usage?.completion_tokens) } };
}

function describeError(err: unknown): string {
  if (err instanceof APIError) return `${err.constructor.name}${err.status !== undefined ? ` ${err.status}` : ''}: ${err.message}`.slice(0, 500);
  if (err instanceof Error) return `${err.name}: ${err.message}`.slice(0, 500);
  return String(err).slice(0, 500);
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** "…Confirma? (sim/não)" or "Confirma o agendamento?": the customer is being asked to confirm. */
const ASKS_CONFIRMATION = /\bconfirma\b[^.!\n]*\?/i;

class Turn {
  readonly messages: ChatCompletionMessageParam[];
  readonly records: ToolCallRecord[] = [];
  promptTokens = 0;
  completionTokens = 0;
  /** The last write's confirmation question; it must reach the customer. */
  say: string | undefined;
  escalate: { reason: string } | undefined;

  constructor(
    readonly config: AgentConfig,
    readonly input: AgentTurnInput,
  ) {
    this.messages = buildCustomerMessages(input.context, input.window, input.text);
  }

  async callModel(toolChoice: 'auto' | 'none'): Promise<ModelMessage> {
    const completion = await this.config.client.chat.completions.create(
      {
        model: this.config.model,
        messages: this.messages,
        tools: openAiToolSpecs(),
        tool_choice: toolChoice,
        temperature: this.config.temperature,
        max_tokens: this.config.maxTokens,
      },
      this.input.signal ? { signal: this.input.signal } : undefined,
    );
    const message = readCompletion(completion);
    this.promptTokens += message.usage.prompt;
    this.completionTokens += message.usage.completion;
    return message;
  }

  async runTools(content: string | null, calls: ChatCompletionMessageToolCall[]): Promise<void> {
    // The API needs every tool call of the assistant message answered by a tool message, refused ones included.
    this.messages.push({ role: 'assistant', content, tool_calls: calls });
    for (const [i, call] of calls.entries()) {
      // Tool calls are a union: only `function` calls are ours; a `custom` one is answered with an error.
      const isFunction = call.type === 'function';
      const name = isFunction ? (call.function?.name ?? '') : `custom:${call.type}`;
      const raw = isFunction ? (call.function?.arguments ?? '') : '';
      let outcome: ToolOutcome;
      if (!isFunction) {
        outcome = { ok: false, code: 'UNKNOWN_TOOL', message: 'Só ferramentas do tipo function são aceitas.' };
      } else if (i >= MAX_TOOL_CALLS_PER_ROUND) {
        outcome = { ok: false, code: 'TOO_MANY_TOOL_CALLS', message: `No máximo ${MAX_TOOL_CALLS_PER_ROUND} chamadas por vez.` };
      } else {
        outcome = await executeToolCall(this.input.tools, name, raw);
      }
      this.records.push(toolCallRecord(name, safeJson(raw), outcome));
      this.messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(outcome) });
      this.#notice(name, raw, outcome);
    }
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

  usage(latencyMs: number): AgentUsage {
    return {
      model: this.config.model,
      promptTokens: this.promptTokens,
      completionTokens: this.completionTokens,
      latencyMs,
      costUsd: estimateCostUsd(this.config.model, this.promptTokens, this.completionTokens),
    };
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
    for (let round = 0; ; round++) {
      const toolChoice = round < config.maxToolRounds ? 'auto' : 'none';
      const message = await turn.callModel(toolChoice);
      if (message.toolCalls.length === 0 || toolChoice === 'none') {
        text = (message.content ?? '').trim();
        break;
      }
      await turn.runTools(message.content, message.toolCalls);
    }
    if (text === '' && turn.say === undefined) throw new MalformedCompletionError('empty final reply');
  } catch (err) {
    // The caller cancelled (shutdown, a person took over): nobody is waiting for a reply.
    if (input.signal?.aborted) throw err;
    return {
      reply: config.fallbackText,
      escalate: { reason: 'falha_llm' },
      agentState: input.agentState,
      toolCalls: turn.records,
      usage: turn.usage(config.clock.now() - started),
      error: describeError(err),
    };
  }

  // Deterministic guarantee: a proposed write is never left unconfirmed because the model paraphrased it away.
  if (turn.say !== undefined && !ASKS_CONFIRMATION.test(text)) text = text === '' ? turn.say : `${text}\n\n${turn.say}`;
  const result: AgentTurnResult = {
    reply: text,
    agentState: input.agentState,
    toolCalls: turn.records,
    usage: turn.usage(config.clock.now() - started),
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
