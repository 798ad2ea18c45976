import { expect } from 'chai';
import { createOpenAiAuroraAgent } from '../../agents/aurora/openai-aurora-agent.js';
import { createOpenAiClient } from '../../agents/openai-client.js';
import { repositories } from '../../storage/repositories.js';
import { FakeOpenAiServer } from '../support/fake-openai-server.js';
import { ConsentRepository } from '../../storage/consent.repository.js';
import { OWNER, startPipeline, type PipelineHarness } from '../support/pipeline-harness.js';

describe('Aurora with the OpenAI agent (real SDK, fake server)', () => {
  let h: PipelineHarness | undefined;
  let server: FakeOpenAiServer;
  beforeEach(async () => {
    server = await FakeOpenAiServer.start();
  });
  afterEach(async () => {
    await h?.stop();
    h = undefined;
    await server.close();
  });

  const toOwner = () => h!.simulator.sentTo(h!.instanceId, OWNER).map((m) => m.text);
  let n = 0;
  async function ownerSays(text: string) {
    const before = toOwner().length;
    h!.simulator.inject(h!.instanceId, { from: OWNER, text, id: `O-${++n}` });
    await h!.waitFor(async () => {
      await h!.clock.advance(50);
      return toOwner().length > before;
    }, 'Aurora\'s reply to the owner');
    return toOwner().at(-1)!;
  }

  it('never sends a campaign the owner did not confirm, even when the model tries', async () => {
    const client = createOpenAiClient({ apiKey: 'sk-test', baseURL: server.baseURL, timeoutMs: 2_000, maxRetries: 0 });
    h = await startPipeline({ auroraAgent: createOpenAiAuroraAgent({ client, model: 'gpt-4o', clock: { now: () => Date.now() } }) });
    const repos = repositories(h.storage.db);
    for (const phone of ['+5511911110001', '+5511911110002']) {
      const c = await repos.contacts.findOrCreateByPhone(h.orgId, { phone }, new Date(h.clock.now()));
      await repos.contacts.touchInteraction(h.orgId, c.id, new Date('2026-08-01T12:00:00Z'));
      await new ConsentRepository(h.storage.db).record({ orgId: h.orgId, contactId: c.id, decision: 'granted', source: 'staff', evidence: 'test', now: new Date('2026-08-01T12:00:00Z') });
    }
    server.toolCalls([{ name: 'sugerir_campanha', arguments: '{"tipo":"reativacao"}' }]).reply('Preparei uma campanha de reativação.');
    expect(await ownerSays('quero trazer de volta quem sumiu')).to.match(/Confirma o envio\? \(sim\/não\)/);
    // The model decides to send on its own: the toolbox refuses, nothing goes out.
    server.toolCalls([{ name: 'confirmar_campanha', arguments: '{}' }]).reply('Enviei!');
    await ownerSays('e quantos clientes são?');
    await h.settle(60_000);
    expect(h.simulator.sentTo(h.instanceId, '+5511911110001')).to.deep.equal([]);
    expect((await repos.organizations.findById(h.orgId)) && (await h.storage.db.selectFrom('campaigns').select('status').execute())).to.deep.equal([{ status: 'draft' }]);
    // The owner's own "sim" sends it, without spending a model call.
    const requests = server.requests.length;
    expect(await ownerSays('sim')).to.match(/Campanha confirmada/);
    expect(server.requests.length).to.equal(requests);
    const [request] = server.requests;
    expect(request!.body).to.deep.include({ model: 'gpt-4o', temperature: 0.7, max_tokens: 800 });
    const ai = await h.storage.db.selectFrom('ai_interactions').select(['agent', 'model']).execute();
    expect(ai.length).to.equal(2);
    expect(ai.every((r) => r.agent === 'aurora' && r.model === 'gpt-4o')).to.equal(true);
  });

  it('lets the model ask about a named day: consultar_agenda does the calendar and the figures come back to it', async () => {
    const client = createOpenAiClient({ apiKey: 'sk-test', baseURL: server.baseURL, timeoutMs: 2_000, maxRetries: 0 });
    h = await startPipeline({ auroraAgent: createOpenAiAuroraAgent({ client, model: 'gpt-4o', clock: { now: () => Date.now() } }) });
    const repos = repositories(h.storage.db);
    const now = new Date(h.clock.now());
    const contact = await repos.contacts.findOrCreateByPhone(h.orgId, { phone: '+5511911110001', name: 'Ana' }, now);
    const pet = await repos.pets.upsert(h.orgId, contact.id, { name: 'Rex', species: 'cão', size: 'M' }, now);
    const [service] = await repos.services.list(h.orgId);
    const starts = new Date('2026-12-02T13:00:00Z'); // tomorrow, 10h in São Paulo
    const ends = new Date(starts.getTime() + 3_600_000);
    await h.storage.db.insertInto('bookings').values({
      org_id: h.orgId, contact_id: contact.id, pet_id: pet.id, service_id: service!.id, category: 'banho', pet_size: 'M', starts_at: starts, ends_at: ends,
      blocked_until: ends, status: 'scheduled', price_cents: 6500, source: 'whatsapp', created_at: now, updated_at: now,
    }).execute();
    server.toolCalls([{ name: 'consultar_agenda', arguments: '{"quando":"amanhã"}' }]).reply('Amanhã tem 1 banho, do Rex às 10h, e ainda sobra bastante espaço.');
    expect(await ownerSays('amanhã tá cheio?')).to.equal('Amanhã tem 1 banho, do Rex às 10h, e ainda sobra bastante espaço.');
    const toolMessage = (server.requests[1]!.body.messages as Array<{ role: string; content: string }>).find((m) => m.role === 'tool')!;
    const result = JSON.parse(toolMessage.content) as { ok: boolean; data: { label: string; counts: { total: number }; bookings: Array<{ time: string; pet: string }> } };
    expect(result.ok).to.equal(true);
    expect(result.data.label).to.equal('amanhã (quarta-feira, 02/12)');
    expect(result.data.counts.total).to.equal(1);
    expect(result.data.bookings[0]).to.include({ time: '10h', pet: 'Rex' });
  });
});
