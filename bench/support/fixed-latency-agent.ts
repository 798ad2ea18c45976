import type { AgentTurnInput, AgentTurnResult, CustomerAgent } from '../../agents/customer-agent.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The benchmark's "model": waits a fixed latency on the real clock, as a
 * remote LLM call would, and echoes the customer's text (so the reply names
 * the message it answers). No tools, no escalation.
 */
export class FixedLatencyAgent implements CustomerAgent {
  readonly kind = 'offline' as const;
  calls = 0;
  constructor(readonly latencyMs: number) {}

  async respond(input: AgentTurnInput): Promise<AgentTurnResult> {
    this.calls++;
    await sleep(this.latencyMs);
    return { reply: `Recebi: ${input.text}`, agentState: input.agentState, toolCalls: [] };
  }
}
