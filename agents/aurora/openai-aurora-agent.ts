import { APIError } from 'openai';
import type OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionMessageToolCall } from 'openai/resources/chat/completions';

import { classifyOwnerMessage } from '../../domain/intents/index.js';
import type { Clock } from '../../runtime/clock.js';
import type { AuroraAgent, AuroraTurnInput, AuroraTurnResult } from '../aurora-agent.js';
import type { AgentUsage, ToolCallRecord } from '../customer-agent.js';
import type { ToolOutcome } from '../customer-tools.js';
import { estimateCostUsd } from '../llm-pricing.js';
import { MalformedCompletionError, MAX_TOOL_CALLS_PER_ROUND } from '../openai-customer-agent.js';
import { toolCallRecord } from '../tool-recorder.js';
import { AURORA_FALLBACK_REPLY, AuroraToolRecorder, cancelCommand, confirmCommand, stopCommand } from './aurora-commands.js';
import { buildAuroraMessages } from './aurora-prompt.js';
import { auroraOpenAiToolSpecs, executeAuroraToolCall, isAuroraToolName } from './aurora-tool-schemas.js';

/**
 * Aurora backed by an OpenAI-compatible Chat Completions model (original
 * design §4: gpt-4o-mini, temperature 0.7, 800 tokens; DESIGN §6.5).
 *
 * One turn: the campaign commands that must not depend on a model are
 * answered without it (a plain "sim"/"não" while a campaign waits, "parar
 * campanha"); anything else goes to the model with Aurora's tools, at most
 * `maxToolRounds` rounds, then one last call with tool_choice 'none' so a
 * looping model still has to speak. Two things are not left to the model: a
 * campaign preview's "Confirma o envio? (sim/não)" always reaches the owner,
 * and a failure ends in a polite reply, never a throw. Whether a campaign is
 * sent is never the model's call either: the toolbox refuses
 * confirmar_campanha unless the owner's message of this turn is a "sim".
 */
export const DEFAULT_AURORA_MODEL = 'gpt-4o-mini';
export const DEFAULT_AURORA_TEMPERATURE = 0.7;
export const DEFAULT_AURORA_MAX_TOKENS = 800;
export const DEFAULT_AURORA_MAX_TOOL_ROUNDS = 3;

export interface OpenAiAuroraAgentOptions {
  client: OpenAI;
  model?: string;
  temperature?: number;
  /** Sent as `max_tokens`, which OpenAI and the common OpenAI-compatible servers all accept. */
  maxTokens?: number;
  maxToolRounds?: number;
  clock: Pick<Clock, 'now'>;
  fallbackText?: string;
}

interface AgentConfig {
  readonly client: OpenAI;
  readonly model: string;
  readonly temperature: number;
  readonly maxTokens: number;
  readonly maxToolRounds: number;
  readonly clock: Pick<Clock, 'now'>;
  readonly fallbackText: string;
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

/** "…Confirma o envio? (sim/não)": the owner is being asked to confirm. */
export const ASKS_CAMPAIGN_CONFIRMATION = /\bconfirma\b[^.!\n]*\?/i;

/**
 * The turns answered without the model: "parar campanha" (stop the running
 * campaign, or drop the draft if nothing runs), and a message that is plainly
 * a yes or a no (the whole message, e.g. "sim", "pode mandar", "não") while a
 * campaign waits for confirmation. A yes with more in it ("sim, e como foi a
 * semana?") goes to the model; the toolbox still judges any confirmation.
 */
async function answerWithoutModel(input: AuroraTurnInput): Promise<AuroraTurnResult | null> {
  const { intent } = classifyOwnerMessage(input.text);
  const recorder = new AuroraToolRecorder(input.tools);
  let reply: string;
  if (intent === 'parar_campanha') reply = await stopCommand(recorder, input.context);
  else if (intent === 'confirmar_sim' && input.context.pendingCampaign) reply = await confirmCommand(recorder, input.context);
  else if (intent === 'confirmar_nao' && input.context.pendingCampaign) reply = await cancelCommand(recorder);
  else return null;
  return { reply, toolCalls: recorder.records };
}

class Turn {
  readonly messages: ChatCompletionMessageParam[];
  readonly records: ToolCallRecord[] = [];
  promptTokens = 0;
  completionTokens = 0;
  /** The campaign preview drafted this turn, ending in "Confirma o envio? (sim/não)"; it must reach the owner. */
  preview: string | undefined;
  /** Every successful tool's `say`, in order: what the owner gets if the model fails mid-turn. */
  readonly says: string[] = [];

  constructor(
    readonly config: AgentConfig,
    readonly input: AuroraTurnInput,
  ) {
    this.messages = buildAuroraMessages(input.context, input.window, input.text);
  }

  async callModel(toolChoice: 'auto' | 'none'): Promise<ModelMessage> {
    const completion = await this.config.client.chat.completions.create({
      model: this.config.model,
      messages: this.messages,
      tools: auroraOpenAiToolSpecs(),
      tool_choice: toolChoice,
      temperature: this.config.temperature,
      max_tokens: this.config.maxTokens,
    });
    const message = readCompletion(completion);
    this.promptTokens += message.usage.prompt;
    this.completionTokens += message.usage.completion;
    return message;
  }

  async runTools(content: string | null, calls: ChatCompletionMessageToolCall[]): Promise<void> {
    // The API needs every tool call of the assistant message answered by a tool message, refused ones included.
    this.messages.push({ role: 'assistant', content, tool_calls: calls });
    for (const [i, call] of calls.entries()) {
      const isFunction = call.type === 'function';
      const name = isFunction ? (call.function?.name ?? '') : `custom:${call.type}`;
      const raw = isFunction ? (call.function?.arguments ?? '') : '';
      let outcome: ToolOutcome;
      if (!isFunction) {
        outcome = { ok: false, code: 'UNKNOWN_TOOL', message: 'Só ferramentas do tipo function são aceitas.' };
      } else if (i >= MAX_TOOL_CALLS_PER_ROUND) {
        outcome = { ok: false, code: 'TOO_MANY_TOOL_CALLS', message: `No máximo ${MAX_TOOL_CALLS_PER_ROUND} chamadas por vez.` };
      } else {
        outcome = await executeAuroraToolCall(this.input.tools, name, raw);
      }
      this.records.push(toolCallRecord(name, safeJson(raw), outcome));
      this.messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(outcome) });
      this.#notice(name, outcome);
    }
  }

  #notice(name: string, outcome: ToolOutcome): void {
    if (!isAuroraToolName(name) || !outcome.ok) return;
    if (outcome.say !== undefined && outcome.say.trim() !== '') this.says.push(outcome.say);
    if (name === 'sugerir_campanha') {
      // A new preview replaces the last; one without the question (nobody to send to) asks nothing.
      this.preview = outcome.say !== undefined && ASKS_CAMPAIGN_CONFIRMATION.test(outcome.say) ? outcome.say : undefined;
    }
    // Sent or dropped: the question is no longer open.
    if (name === 'confirmar_campanha' || name === 'cancelar_campanha') this.preview = undefined;
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

async function respondWithModel(config: AgentConfig, input: AuroraTurnInput): Promise<AuroraTurnResult> {
  const shortcut = await answerWithoutModel(input);
  if (shortcut) return shortcut;

  const started = config.clock.now();
  let turn: Turn | undefined;
  let text: string;
  try {
    turn = new Turn(config, input);
    for (let round = 0; ; round++) {
      const toolChoice = round < config.maxToolRounds ? 'auto' : 'none';
      const message = await turn.callModel(toolChoice);
      if (message.toolCalls.length === 0 || toolChoice === 'none') {
        text = (message.content ?? '').trim();
        break;
      }
      await turn.runTools(message.content, message.toolCalls);
    }
    if (text === '' && turn.preview === undefined) throw new MalformedCompletionError('empty final reply');
  } catch (err) {
    // What the tools already did this turn (a drafted preview, a confirmed send) must still reach the owner.
    const done = turn?.says ?? [];
    const usage = turn ? turn.usage(config.clock.now() - started) : undefined;
    return {
      reply: done.length > 0 ? done.join('\n\n') : config.fallbackText,
      toolCalls: turn?.records ?? [],
      ...(usage ? { usage } : {}),
      error: describeError(err),
    };
  }

  // Deterministic guarantee: a drafted campaign is never left without its question because the model paraphrased it away.
  if (turn.preview !== undefined && !ASKS_CAMPAIGN_CONFIRMATION.test(text)) text = text === '' ? turn.preview : `${text}\n\n${turn.preview}`;
  return { reply: text, toolCalls: turn.records, usage: turn.usage(config.clock.now() - started) };
}

export function createOpenAiAuroraAgent(options: OpenAiAuroraAgentOptions): AuroraAgent {
  const config: AgentConfig = Object.freeze({
    client: options.client,
    model: options.model ?? DEFAULT_AURORA_MODEL,
    temperature: options.temperature ?? DEFAULT_AURORA_TEMPERATURE,
    maxTokens: options.maxTokens ?? DEFAULT_AURORA_MAX_TOKENS,
    maxToolRounds: options.maxToolRounds ?? DEFAULT_AURORA_MAX_TOOL_ROUNDS,
    clock: options.clock,
    fallbackText: options.fallbackText ?? AURORA_FALLBACK_REPLY,
  });
  return Object.freeze({ kind: 'openai' as const, respond: (input: AuroraTurnInput) => respondWithModel(config, input) });
}
