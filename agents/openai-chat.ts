import { APIError } from 'openai';
import type OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionMessageToolCall } from 'openai/resources/chat/completions';

import type { Clock } from '../runtime/clock.js';
import type { AgentUsage, ToolCallRecord } from './customer-agent.js';
import type { ToolOutcome } from './customer-tools.js';
import { estimateCostUsd } from './llm-pricing.js';
import type { OpenAiToolSpec } from './tool-catalog.js';
import { toolCallRecord } from './tool-recorder.js';

/**
 * One model turn with tools over an OpenAI-compatible Chat Completions API,
 * shared by the customer agent and Aurora: call the model, run the tool calls
 * it makes (at most `maxToolRounds` rounds, then one last call with
 * tool_choice 'none' so a looping model still has to speak), record every
 * call and add up the tokens. What the calls mean for the reply (a question
 * that must reach the person, an escalation) stays with each agent, which
 * sees every outcome through `ChatTools.observe`.
 */

/** Parallel calls past this in one round are refused: bounded work per turn (OWASP LLM10). */
export const MAX_TOOL_CALLS_PER_ROUND = 4;

/** A 200 whose body is not a usable completion (an OpenAI-compatible server's bug, a proxy's HTML page). */
export class MalformedCompletionError extends Error {
  override readonly name = 'MalformedCompletionError';
}

/** The knobs both OpenAI agents take; each agent adds its model and fills what is unset with its own defaults. */
export interface ChatAgentOptions {
  client: OpenAI;
  temperature?: number;
  /** Sent as `max_tokens`, which OpenAI and the common OpenAI-compatible servers all accept. */
  maxTokens?: number;
  maxToolRounds?: number;
  clock: Pick<Clock, 'now'>;
  fallbackText?: string;
}

/** What `ToolChat` needs of an agent's resolved configuration. */
export interface ChatModelConfig {
  readonly client: OpenAI;
  readonly model: string;
  readonly temperature: number;
  readonly maxTokens: number;
  readonly maxToolRounds: number;
}

export interface ChatTools {
  /** The `tools` array of each request. */
  specs(): OpenAiToolSpec[];
  /** Validates and runs one call on the agent's toolbox; never throws (tool-catalog.ts). */
  execute(name: string, rawArgumentsJson: string): Promise<ToolOutcome>;
  /** Sees every answered call, refused ones included, once the model's answer to it is queued. */
  observe(name: string, rawArgumentsJson: string, outcome: ToolOutcome): void;
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

/** The `error` of a turn result (logged, never shown to a person), capped. */
export function describeError(err: unknown): string {
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

export class ToolChat {
  readonly records: ToolCallRecord[] = [];
  #promptTokens = 0;
  #completionTokens = 0;

  constructor(
    readonly config: ChatModelConfig,
    readonly messages: ChatCompletionMessageParam[],
    readonly tools: ChatTools,
    readonly signal?: AbortSignal,
  ) {}

  /** Runs the tool rounds and returns the model's final text, trimmed (possibly empty). Throws on any model failure. */
  async finalText(): Promise<string> {
    for (let round = 0; ; round++) {
      const toolChoice = round < this.config.maxToolRounds ? 'auto' : 'none';
      const message = await this.#callModel(toolChoice);
      if (message.toolCalls.length === 0 || toolChoice === 'none') return (message.content ?? '').trim();
      await this.#runTools(message.content, message.toolCalls);
    }
  }

  usage(latencyMs: number): AgentUsage {
    return {
      model: this.config.model,
      promptTokens: this.#promptTokens,
      completionTokens: this.#completionTokens,
      latencyMs,
      costUsd: estimateCostUsd(this.config.model, this.#promptTokens, this.#completionTokens),
    };
  }

  async #callModel(toolChoice: 'auto' | 'none'): Promise<ModelMessage> {
    const completion = await this.config.client.chat.completions.create(
      {
        model: this.config.model,
        messages: this.messages,
        tools: this.tools.specs(),
        tool_choice: toolChoice,
        temperature: this.config.temperature,
        max_tokens: this.config.maxTokens,
      },
      this.signal ? { signal: this.signal } : undefined,
    );
    const message = readCompletion(completion);
    this.#promptTokens += message.usage.prompt;
    this.#completionTokens += message.usage.completion;
    return message;
  }

  async #runTools(content: string | null, calls: ChatCompletionMessageToolCall[]): Promise<void> {
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
        outcome = await this.tools.execute(name, raw);
      }
      this.records.push(toolCallRecord(name, safeJson(raw), outcome));
      this.messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(outcome) });
      this.tools.observe(name, raw, outcome);
    }
  }
}
