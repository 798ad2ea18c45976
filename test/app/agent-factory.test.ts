import { expect } from 'chai';
import { pino } from 'pino';
import { createAgentFactory } from '../../app/agent-factory.js';
import { loadConfig } from '../../app/config.js';
import { AiInteractionsRepository } from '../../storage/ai-interactions.repository.js';
import { repositories } from '../../storage/repositories.js';
import { FakeClock, FIXTURE_TIME } from '../support/fake-clock.js';
import { OWNER, startPipeline, type PipelineHarness } from '../support/pipeline-harness.js';
import { sharedDatabase, truncateAll } from '../support/test-database.js';

describe('agent factory and the daily token budget', () => {
  it('answers with the model within budget and with the offline assistant past it, telling the owner', async () => {
    const storage = await sharedDatabase('pglite');
    await truncateAll(storage);
    const org = await repositories(storage.db).organizations.create({ name: 'A', settings: { dailyTokenBudget: 1000 } }, FIXTURE_TIME);
    const clock = new FakeClock();
    const exceeded: string[] = [];
    const factory = createAgentFactory({
      config: loadConfig({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' }),
      db: storage.db, clock, logger: pino({ level: 'silent' }), onBudgetExceeded: (id) => exceeded.push(id),
    });
    expect((await factory(org.id)).kind).to.equal('openai');
    const spend = (tokens: number) =>
      new AiInteractionsRepository(storage.db).record({
        orgId: org.id, conversationId: null, agent: 'customer', model: 'gpt-4o-mini', promptTokens: tokens, completionTokens: 0, latencyMs: 1, costUsd: 0, toolCalls: [], error: null, at: new Date(clock.now()),
      });
    await spend(600);
    expect((await factory(org.id)).kind).to.equal('openai');
    await spend(600);
    expect((await factory(org.id)).kind).to.equal('offline');
    expect(exceeded).to.deep.equal([org.id]);
  });

  it('without a key always answers offline', async () => {
    const storage = await sharedDatabase('pglite');
    const factory = createAgentFactory({ config: loadConfig({}), db: storage.db, clock: new FakeClock(), logger: pino({ level: 'silent' }) });
    expect((await factory('any')).kind).to.equal('offline');
  });

  describe('the owner notice', () => {
    let h: PipelineHarness | undefined;
    afterEach(async () => {
      await h?.stop();
      h = undefined;
    });

    it('reaches the owner once a day however often the budget is hit', async () => {
      h = await startPipeline();
      h.actors.budgetExceeded(h.orgId);
      h.actors.budgetExceeded(h.orgId);
      await h.settle();
      h.actors.budgetExceeded(h.orgId);
      await h.settle();
      const notices = h.simulator.sentTo(h.instanceId, OWNER).filter((m) => m.text.includes('limite diário'));
      expect(notices).to.have.length(1);
    });
  });
});
