import { expect } from 'chai';
import type { CustomerAgent } from '../../agents/customer-agent.js';
import { createOfflineCustomerAgent } from '../../agents/offline-customer-agent.js';
import { CORPUS_SERVICES, type ConversationResult, loadCorpus, runConversation } from '../support/conversation-corpus.js';
import { startPipeline, type PipelineHarness } from '../support/pipeline-harness.js';

/**
 * The customer-conversation corpus through the whole pipeline on the offline
 * assistant: at least 95 % of the outcomes right, and no conversation asks the
 * same question three times.
 */
describe('customer conversation corpus on the offline assistant (whole pipeline)', function () {
  this.timeout(600_000);
  let h: PipelineHarness<CustomerAgent> | undefined;
  after(async () => {
    await h?.stop();
  });

  it('gets at least 95 % of the outcomes right and never asks a question three times', async () => {
    const corpus = loadCorpus();
    expect(corpus.length).to.be.at.least(150);
    h = await startPipeline<CustomerAgent>({ agent: createOfflineCustomerAgent(), services: CORPUS_SERVICES, engine: 'pglite' });
    let inbox = 0;
    const results: ConversationResult[] = [];
    for (const [n, conversation] of corpus.entries()) {
      const phone = `+5511970${String(n).padStart(6, '0')}`;
      results.push(
        await runConversation(h, conversation, phone, async (text, i) => {
          h!.simulator.inject(h!.instanceId, { from: phone, text, id: `CORPUS-${conversation.id}-${i}` });
          await h!.untilInbox(++inbox);
          await h!.settle(2_000);
        }),
      );
      // Free the agenda for the next customer: every conversation books against the same hours.
      await h.storage.db.deleteFrom('bookings').execute();
    }
    const outcomes = results.flatMap((r) => r.outcomes);
    const right = outcomes.filter((o) => o.ok).length;
    const score = right / outcomes.length;
    const failures = results.filter((r) => r.outcomes.some((o) => !o.ok));
    for (const r of failures) {
      console.log(`  ✗ ${r.id}: ${r.outcomes.filter((o) => !o.ok).map((o) => `${o.name}: ${o.detail}`).join(' | ')}`);
      if (process.env.CORPUS_VERBOSE) for (const reply of r.replies) console.log(`      → ${reply.replace(/\n/g, ' ⏎ ')}`);
    }
    const loops = results.filter((r) => r.repeatedQuestions.length > 0);
    for (const r of loops) console.log(`  ↻ ${r.id} asked three times: ${r.repeatedQuestions.join(' | ')}`);
    console.log(`  corpus: ${corpus.length} conversations, ${right}/${outcomes.length} outcomes right (${(score * 100).toFixed(1)} %)`);
    expect(loops.map((r) => r.id), 'conversations asking a question three times').to.deep.equal([]);
    expect(score).to.be.at.least(0.95);
  });
});
