import { expect } from 'chai';
import { PatinhaMetrics } from '../../app/metrics.js';
import { CUSTOMER, ScriptedAgent, startPipeline, type PipelineHarness } from '../support/pipeline-harness.js';

describe('PatinhaMetrics', () => {
  let h: PipelineHarness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  const value = async (metrics: PatinhaMetrics, name: string, labels: Record<string, string> = {}) => {
    const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
    const match = metric?.values.find((v) => Object.entries(labels).every(([k, val]) => String((v.labels as Record<string, unknown>)[k]) === val));
    return match?.value ?? 0;
  };

  it('counts messages, model usage, reconnects and restarts from the running tree', async () => {
    let crashed = false;
    const agent = new ScriptedAgent(() => ({
      reply: 'Olá!',
      usage: { model: 'gpt-4o-mini', promptTokens: 120, completionTokens: 30, latencyMs: 800, costUsd: 0.0001 },
    }));
    h = await startPipeline({
      agent,
      beforeCommit: () => {
        if (!crashed) {
          crashed = true;
          throw new Error('boom');
        }
      },
    });
    const metrics = new PatinhaMetrics({ defaultMetrics: false, orgLabels: true });
    metrics.attach(h.actors.bus, h.actors.system);
    h.simulator.inject(h.instanceId, { from: CUSTOMER, text: 'oi', id: 'WA-1' });
    await h.settle(10_000);
    await h.settle(10_000);
    h.simulator.dropConnection(h.instanceId, 408);
    await h.settle(10_000);

    expect(await value(metrics, 'patinha_messages_inbound_total', { org: h.orgId })).to.equal(1);
    expect(await value(metrics, 'patinha_messages_outbound_total', { org: h.orgId, kind: 'reply' })).to.equal(1);
    expect(await value(metrics, 'patinha_llm_tokens_total', { type: 'prompt' })).to.equal(120);
    expect(await value(metrics, 'patinha_actor_crashes_total', { type: 'conversation' })).to.equal(1);
    expect(await value(metrics, 'patinha_actor_restarts_total', { type: 'conversation' })).to.equal(1);
    expect(await value(metrics, 'patinha_whatsapp_reconnect_attempts_total', { instance: h.instanceId, reason: 'timedOut' })).to.equal(1);
    expect(await value(metrics, 'patinha_whatsapp_connections_opened_total', { instance: h.instanceId })).to.equal(1);
    expect(await value(metrics, 'patinha_actors_running', { type: 'session' })).to.equal(1);
    const text = await metrics.registry.metrics();
    expect(text).to.contain('patinha_send_queue_delay_seconds_count{kind="reply"} 1');
    expect(text).to.contain('patinha_mailbox_depth');
  });
});
