import { z } from 'zod';

import type { ToolOutcome } from './customer-tools.js';

/**
 * A set of model tools as data: one strict zod schema and one pt-BR
 * description per tool, and how a validated call reaches the toolbox. The
 * customer tools (customer-tool-schemas.ts) and Aurora's
 * (aurora/aurora-tool-schemas.ts) are both instances, so the gate a model's
 * call must pass is the same code for every agent:
 *
 * - the JSON Schema the model sees is generated from the zod schema, so the
 *   two cannot drift;
 * - an unknown name, malformed JSON or a schema failure comes back as an
 *   error outcome the model can correct, never as an exception;
 * - a toolbox that throws becomes TOOL_FAILED with the catalog's fixed
 *   message: internals (a database address, a stack) are not the model's
 *   business.
 */

type ArgumentSchemas = Record<string, z.ZodType>;
type NameOf<A extends ArgumentSchemas> = keyof A & string;

export type ToolFailure = Extract<ToolOutcome, { ok: false }>;

export interface ToolDefinition<N extends string> {
  readonly name: N;
  readonly description: string;
  readonly arguments: z.ZodType;
  readonly parameters: Readonly<Record<string, unknown>>;
}

/** One entry of the `tools` array of a Chat Completions request. */
export type OpenAiToolSpec = { type: 'function'; function: { name: string; description: string; parameters: Record<string, unknown> } };

export type ParsedCall<N extends string> = { ok: true; name: N; args: Record<string, unknown> } | { ok: false; outcome: ToolFailure };

/** One handler per tool, so a tool without a handler does not compile. */
export type ToolDispatch<A extends ArgumentSchemas, Toolbox> = {
  readonly [N in NameOf<A>]: (toolbox: Toolbox, args: z.output<A[N]>) => Promise<ToolOutcome>;
};

export interface ToolCatalogSpec<A extends ArgumentSchemas, Toolbox> {
  readonly arguments: A;
  readonly descriptions: Readonly<Record<NameOf<A>, string>>;
  readonly dispatch: ToolDispatch<A, Toolbox>;
  /** What the model reads when the toolbox throws; it says what to tell the person instead. */
  readonly failedMessage: string;
}

/** Plain functions (no `this`), so the tool-schema modules can export them by name. */
export interface ToolCatalog<A extends ArgumentSchemas, Toolbox> {
  readonly names: readonly NameOf<A>[];
  readonly tools: readonly ToolDefinition<NameOf<A>>[];
  /** A fresh copy each call. Not `strict`: OpenAI-compatible servers vary; zod is the gate. */
  readonly openAiToolSpecs: () => OpenAiToolSpec[];
  readonly isToolName: (name: string) => name is NameOf<A>;
  /** Name and raw JSON arguments → validated arguments, or the error outcome the model gets back. Never throws. */
  readonly parseToolCall: (name: string, rawArgumentsJson: string) => ParsedCall<NameOf<A>>;
  /** Validates and runs one tool call. Never throws (see above). */
  readonly executeToolCall: (toolbox: Toolbox, name: string, rawArgumentsJson: string) => Promise<ToolOutcome>;
}

/** JSON Schema for the model, without what only costs tokens: `$schema` and the long regexes behind `format`. */
function modelSchema(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;
  delete json.$schema;
  return stripFormatPatterns(json) as Record<string, unknown>;
}

function stripFormatPatterns(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripFormatPatterns);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  const record = node as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    if (key === 'pattern' && typeof record.format === 'string') continue;
    out[key] = stripFormatPatterns(value);
  }
  return out;
}

function invalid(message: string): { ok: false; outcome: ToolFailure } {
  return { ok: false, outcome: { ok: false, code: 'INVALID_ARGUMENTS', message } };
}

// A plain `string` parameter: with the generic name type, TypeScript narrows a failed `isToolName(name)` to `never`.
function unknownTool(name: string, names: readonly string[]): { ok: false; outcome: ToolFailure } {
  const message = `Ferramenta desconhecida: ${name.slice(0, 60)}. Use apenas: ${names.join(', ')}.`;
  return { ok: false, outcome: { ok: false, code: 'UNKNOWN_TOOL', message } };
}

export function createToolCatalog<A extends ArgumentSchemas, Toolbox>(spec: ToolCatalogSpec<A, Toolbox>): ToolCatalog<A, Toolbox> {
  const schemas = spec.arguments;
  const names = Object.freeze(Object.keys(schemas) as NameOf<A>[]);
  const tools: readonly ToolDefinition<NameOf<A>>[] = Object.freeze(
    names.map((name) => Object.freeze({ name, description: spec.descriptions[name], arguments: schemas[name], parameters: modelSchema(schemas[name]) })),
  );
  // zod has just checked the arguments against this very tool's schema, so they are its `z.output`.
  const dispatch = spec.dispatch as unknown as Readonly<Record<NameOf<A>, (toolbox: Toolbox, args: Record<string, unknown>) => Promise<ToolOutcome>>>;

  const isToolName = (name: string): name is NameOf<A> => Object.hasOwn(schemas, name);

  const parseToolCall = (name: string, rawArgumentsJson: string): ParsedCall<NameOf<A>> => {
    if (!isToolName(name)) return unknownTool(name, names);
    let json: unknown;
    try {
      // Some models send "" for a tool without arguments.
      json = rawArgumentsJson.trim() === '' ? {} : JSON.parse(rawArgumentsJson);
    } catch {
      return invalid(`Os argumentos de ${name} não são um JSON válido. Envie um objeto JSON.`);
    }
    const result = schemas[name].safeParse(json);
    if (!result.success) {
      const problems = result.error.issues.map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message));
      return invalid(`Argumentos inválidos para ${name}: ${problems.join('; ')}`);
    }
    return { ok: true, name, args: result.data as Record<string, unknown> };
  };

  const executeToolCall = async (toolbox: Toolbox, name: string, rawArgumentsJson: string): Promise<ToolOutcome> => {
    const parsed = parseToolCall(name, rawArgumentsJson);
    if (!parsed.ok) return parsed.outcome;
    try {
      return await dispatch[parsed.name](toolbox, parsed.args);
    } catch {
      return { ok: false, code: 'TOOL_FAILED', message: spec.failedMessage };
    }
  };

  const openAiToolSpecs = (): OpenAiToolSpec[] =>
    tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: { ...t.parameters } } }));

  return Object.freeze({ names, tools, openAiToolSpecs, isToolName, parseToolCall, executeToolCall });
}
