import type { ToolCallRecord } from './customer-agent.js';
import type { CustomerToolName } from './customer-tool-schemas.js';
import type { CustomerToolbox, ToolOutcome } from './customer-tools.js';

/**
 * Calls the toolbox on behalf of the deterministic code paths and keeps the
 * `ToolCallRecord`s the turn result must carry (they end up in
 * ai_interactions). A toolbox that throws becomes a TOOL_FAILED outcome, as
 * in `executeToolCall`, so a database hiccup is a polite answer, not a crash.
 *
 * Generic over the toolbox and its tool names so the customer agents and
 * Aurora (`AuroraToolRecorder`) record alike; the defaults are the customer's,
 * which most callers record.
 */
export class ToolRecorder<Toolbox = CustomerToolbox, Name extends string = CustomerToolName> {
  readonly records: ToolCallRecord[] = [];
  readonly #toolbox: Toolbox;

  constructor(toolbox: Toolbox) {
    this.#toolbox = toolbox;
  }

  async run<T>(name: Name, args: unknown, call: (toolbox: Toolbox) => Promise<ToolOutcome<T>>): Promise<ToolOutcome<T>> {
    let outcome: ToolOutcome<T>;
    try {
      outcome = await call(this.#toolbox);
    } catch (err) {
      outcome = { ok: false, code: 'TOOL_FAILED', message: err instanceof Error ? err.message : String(err) };
    }
    this.records.push(toolCallRecord(name, args, outcome));
    return outcome;
  }
}

export function toolCallRecord(name: string, args: unknown, outcome: ToolOutcome): ToolCallRecord {
  return outcome.ok ? { name, arguments: args, ok: true } : { name, arguments: args, ok: false, error: `${outcome.code}: ${outcome.message}` };
}
