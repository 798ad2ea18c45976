import { classifyOwnerMessage } from '../../domain/intents/index.js';
import type { Clock } from '../../runtime/clock.js';
import type { AuroraAgent, AuroraTurnInput, AuroraTurnResult } from '../aurora-agent.js';
import { ASKS_CONFIRMATION, withConfirmationQuestion } from '../confirmation-question.js';
import type { ToolOutcome } from '../customer-tools.js';
import { type ChatAgentOptions, type ChatModelConfig, type ChatTools, describeError, MalformedCompletionError, ToolChat } from '../openai-chat.js';
import { AURORA_FALLBACK_REPLY, AuroraToolRecorder, cancelCommand, confirmCommand, stopCommand } from './aurora-commands.js';
import { buildAuroraMessages } from './aurora-prompt.js';
import { auroraOpenAiToolSpecs, executeAuroraToolCall, isAuroraToolName } from './aurora-tool-schemas.js';

/**
 * Aurora backed by an OpenAI-compatible Chat Completions model (original
 * design §4: gpt-4o-mini, temperature 0.7, 800 tokens; DESIGN §6.5).
 *
 * One turn: the campaign commands that must not depend on a model are
 * answered without it (a plain "sim"/"não" while a campaign waits, "parar
 * campanha"); anything else goes to the model with Aurora's tools, in the
 * tool rounds of openai-chat.ts. Two things are not left to the model: a
 * campaign preview's "Confirma o envio? (sim/não)" always reaches the owner,
 * and a failure ends in a polite reply, never a throw. Whether a campaign is
 * sent is never the model's call either: the toolbox refuses
 * confirmar_campanha unless the owner's message of this turn is a "sim".
 */
export const DEFAULT_AURORA_MODEL = 'gpt-4o-mini';
export const DEFAULT_AURORA_TEMPERATURE = 0.7;
export const DEFAULT_AURORA_MAX_TOKENS = 800;
export const DEFAULT_AURORA_MAX_TOOL_ROUNDS = 3;

export interface OpenAiAuroraAgentOptions extends ChatAgentOptions {
  model?: string;
}

interface AgentConfig extends ChatModelConfig {
  readonly clock: Pick<Clock, 'now'>;
  readonly fallbackText: string;
}

/** "…Confirma o envio? (sim/não)": the owner is being asked to confirm (the one confirmation pattern, confirmation-question.ts). */
export const ASKS_CAMPAIGN_CONFIRMATION = ASKS_CONFIRMATION;

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

/** What the model's tool calls this turn mean beyond their answers to it. */
class Turn {
  readonly chat: ToolChat;
  /** The campaign preview drafted this turn, ending in "Confirma o envio? (sim/não)"; it must reach the owner. */
  preview: string | undefined;
  /** Every successful tool's `say`, in order: what the owner gets if the model fails mid-turn. */
  readonly says: string[] = [];

  constructor(config: AgentConfig, input: AuroraTurnInput) {
    const tools: ChatTools = {
      specs: auroraOpenAiToolSpecs,
      execute: (name, raw) => executeAuroraToolCall(input.tools, name, raw),
      observe: (name, _raw, outcome) => this.#notice(name, outcome),
    };
    this.chat = new ToolChat(config, buildAuroraMessages(input.context, input.window, input.text), tools);
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
}

async function respondWithModel(config: AgentConfig, input: AuroraTurnInput): Promise<AuroraTurnResult> {
  const shortcut = await answerWithoutModel(input);
  if (shortcut) return shortcut;

  const started = config.clock.now();
  let turn: Turn | undefined;
  let text: string;
  try {
    turn = new Turn(config, input);
    text = await turn.chat.finalText();
    if (text === '' && turn.preview === undefined) throw new MalformedCompletionError('empty final reply');
  } catch (err) {
    // What the tools already did this turn (a drafted preview, a confirmed send) must still reach the owner.
    const done = turn?.says ?? [];
    const usage = turn ? turn.chat.usage(config.clock.now() - started) : undefined;
    return {
      reply: done.length > 0 ? done.join('\n\n') : config.fallbackText,
      toolCalls: turn?.chat.records ?? [],
      ...(usage ? { usage } : {}),
      error: describeError(err),
    };
  }

  // Deterministic guarantee: a drafted campaign is never left without its question because the model paraphrased it away.
  const reply = withConfirmationQuestion(text, turn.preview);
  return { reply, toolCalls: turn.chat.records, usage: turn.chat.usage(config.clock.now() - started) };
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
