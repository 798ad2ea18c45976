import type { AgentTurnResult, CustomerAgent, WindowMessage } from '../../../agents/customer-agent.js';
import { parseYesNo } from '../../../domain/intents/index.js';
import { NOW_ISO } from './customer-fixtures.js';
import type { FakeCustomerToolbox } from './fake-customer-toolbox.js';

/**
 * Plays the ConversationActor around an agent: a "sim"/"não" while a write is
 * pending is the actor's (it commits or drops the action and the agent never
 * sees the message); everything else is a turn of the agent, whose
 * agentState is kept for the next turn.
 */
export class SimulatedActor {
  state: Record<string, unknown> = {};
  customerMessages = 0;
  readonly window: WindowMessage[] = [];
  last: AgentTurnResult | undefined;

  constructor(
    readonly agent: CustomerAgent,
    readonly tools: FakeCustomerToolbox,
  ) {}

  async say(text: string): Promise<string> {
    this.customerMessages += 1;
    this.window.push({ role: 'customer', text, at: NOW_ISO });
    let reply: string;
    const answer = this.tools.pending ? parseYesNo(text) : null;
    if (answer === 'yes') {
      reply = `Pronto! ${this.tools.commit()} — feito. ✅`;
      this.last = undefined;
    } else if (answer === 'no') {
      this.tools.discard();
      reply = 'Tudo bem, não alterei nada.';
      this.last = undefined;
    } else {
      this.last = await this.agent.respond({
        text,
        window: this.window.slice(-10, -1),
        context: this.tools.context(),
        tools: this.tools,
        agentState: this.state,
      });
      this.state = this.last.agentState;
      reply = this.last.reply;
    }
    this.window.push({ role: 'assistant', text: reply, at: NOW_ISO });
    return reply;
  }
}
