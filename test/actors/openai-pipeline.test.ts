import { expect } from 'chai';
import type { CustomerAgent } from '../../agents/customer-agent.js';
import { createOpenAiClient } from '../../agents/openai-client.js';
import { createOpenAiCustomerAgent } from '../../agents/openai-customer-agent.js';
import { toolResults } from '../agents/support/fake-openai-agent.js';
import { FakeOpenAiServer } from '../support/fake-openai-server.js';
import { CUSTOMER, startPipeline, type PipelineHarness } from '../support/pipeline-harness.js';

/**
 * The real openai SDK against a local OpenAI-compatible server, driving the
 * whole pipeline: simulator in, tools over the real database, simulator out.
 */
describe('customer pipeline with the OpenAI agent (real SDK, fake server)', () => {
  let h: PipelineHarness<CustomerAgent> | undefined;
  let server: FakeOpenAiServer;

  beforeEach(async () => {
    server = await FakeOpenAiServer.start();
  });
  afterEach(async () => {
    await h?.stop();
    h = undefined;
    await server.close();
  });

  async function start() {
    const client = createOpenAiClient({ apiKey: 'sk-test', baseURL: server.baseURL, timeoutMs: 2_000, maxRetries: 1 });
    h = await startPipeline<CustomerAgent>({ agent: createOpenAiCustomerAgent({ client, model: 'gpt-4o-mini', clock: { now: () => Date.now() } }) });
    return h;
  }

  let sent = 0;
  async function say(text: string) {
    const before = h!.simulator.sentTo(h!.instanceId, CUSTOMER).length;
    const id = `WA-${++sent}`;
    h!.simulator.inject(h!.instanceId, { from: CUSTOMER, text, id });
    const db = h!.storage.db;
    await h!.waitFor(async () => (await db.selectFrom('inbox').select('id').where('wa_message_id', '=', id).execute()).length === 1);
    await h!.clock.advance(1_600); // the burst window closes: the turn starts
    // The model call runs on real time (the SDK's retries and timeouts): time stands still until the
    // turn committed, or the turn's own timeout would fire on the fake clock first.
    await h!.waitFor(
      async () => (await db.selectFrom('inbox').select('processed_at').where('wa_message_id', '=', id).executeTakeFirstOrThrow()).processed_at !== null,
      `inbox ${id} processed`,
    );
    await h!.waitFor(async () => {
      await h!.clock.advance(250);
      return h!.simulator.sentTo(h!.instanceId, CUSTOMER).length > before;
    });
    return h!.simulator.sentTo(h!.instanceId, CUSTOMER).at(-1)!.text;
  }

  it('books a bath through tool calls and a "sim" that never reaches the model, touching every table once', async () => {
    await start();
    server.toolCalls([{ name: 'cadastrar_pet', arguments: '{"nome":"Rex","especie":"cão","porte":"M"}' }]).reply('Perfeito! Vou cadastrar o Rex, cão de porte médio. Confirma? (sim/não)');
    expect(await say('quero marcar banho pro meu cachorro Rex, porte médio')).to.match(/Confirma\?/);
    expect(await say('sim')).to.match(/^Pronto! Rex está cadastrado/);
    server
      .toolCalls([{ name: 'consultar_horarios', arguments: '{"servico":"Banho","pet":"Rex","data":"2026-12-02","periodo":"manha"}' }])
      .reply('Tenho amanhã às 8h, 8h30 ou 9h. Qual prefere?');
    expect(await say('tem horário amanhã de manhã?')).to.contain('8h');
    server.toolCalls([{ name: 'agendar_servico', arguments: '{"servico":"Banho","pet":"Rex","inicio":"2026-12-02T08:00:00-03:00"}' }]).reply('Certo!');
    expect(await say('8h')).to.match(/Banho para Rex em quarta-feira, 02\/12, às 8h \(R\$ 65,00\)\. Confirma\? \(sim\/não\)/);
    expect(await say('sim')).to.match(/^Agendado! ✅/);

    expect(server.requests).to.have.length(6); // 3 turns × (tool round + final); the two "sim" cost nothing
    const db = h!.storage.db;
    expect(await db.selectFrom('bookings').select(['status', 'source']).execute()).to.deep.equal([{ status: 'scheduled', source: 'whatsapp' }]);
    expect(await db.selectFrom('pets').select('name').execute()).to.deep.equal([{ name: 'Rex' }]);
    expect((await db.selectFrom('pending_actions').select('status').execute()).map((p) => p.status).sort()).to.deep.equal(['confirmed', 'confirmed']);
    expect(await db.selectFrom('inbox').select('id').where('processed_at', 'is', null).execute()).to.deep.equal([]);
    expect((await db.selectFrom('outbox').select('status').execute()).every((o) => o.status === 'sent')).to.equal(true);
    const ai = await db.selectFrom('ai_interactions').select(['model', 'prompt_tokens', 'completion_tokens', 'error']).execute();
    expect(ai).to.have.length(3);
    expect(ai.every((r) => r.model === 'gpt-4o-mini' && r.prompt_tokens === 200 && r.error === null)).to.equal(true);
    const messages = await db.selectFrom('messages').select('author').execute();
    expect(messages).to.have.length(10);
  });

  it('checks the hour the customer named over the real agenda and books it after "sim"', async () => {
    await start();
    const { repositories } = await import('../../storage/repositories.js');
    const repos = repositories(h!.storage.db);
    const contact = await repos.contacts.findOrCreateByPhone(h!.orgId, { phone: CUSTOMER }, new Date(h!.clock.now()));
    await repos.pets.upsert(h!.orgId, contact.id, { name: 'Rex', species: 'cão', size: 'M' }, new Date(h!.clock.now()));
    server
      .toolCalls([{ name: 'consultar_horarios', arguments: '{"servico":"Banho","pet":"Rex","data":"2026-12-02","horario":"15:00"}' }])
      .toolCalls([{ name: 'agendar_servico', arguments: '{"servico":"Banho","pet":"Rex","inicio":"2026-12-02T18:00:00.000Z"}' }])
      .reply('Certo!');
    expect(await say('quero banho pro Rex amanhã às 15h')).to.match(/Banho para Rex em quarta-feira, 02\/12, às 15h .*Confirma\? \(sim\/não\)/);
    const answer = toolResults(server, 1)[0]!.data as { exatoLivre: boolean; slots: Array<{ startsAt: string }> };
    expect(answer.exatoLivre).to.equal(true);
    expect(answer.slots.map((s) => s.startsAt)).to.deep.equal(['2026-12-02T18:00:00.000Z', '2026-12-02T17:30:00.000Z', '2026-12-02T18:30:00.000Z']);
    expect(await say('sim')).to.match(/^Agendado! ✅/);
    const bookings = await h!.storage.db.selectFrom('bookings').select('starts_at').execute();
    expect(bookings.map((b) => b.starts_at.toISOString())).to.deep.equal(['2026-12-02T18:00:00.000Z']);
  });

  it('keeps a model that slips another customer\'s ids into tool arguments inside this conversation', async () => {
    await start();
    server
      .toolCalls([{ name: 'cadastrar_pet', arguments: '{"nome":"Intruso","especie":"cão","porte":"M","contact_id":"00000000-0000-4000-8000-000000000000","org_id":"x"}' }])
      .toolCalls([{ name: 'meus_agendamentos', arguments: '{"telefone":"+5511999999999"}' }])
      .reply('Não consegui fazer isso.');
    await say('cadastra um pet');
    const db = h!.storage.db;
    expect(await db.selectFrom('pending_actions').selectAll().execute()).to.deep.equal([]);
    expect(await db.selectFrom('pets').selectAll().execute()).to.deep.equal([]);
    const [row] = await db.selectFrom('ai_interactions').select('tool_calls').execute();
    expect(JSON.stringify(row!.tool_calls)).to.contain('INVALID_ARGUMENTS');
  });

  for (const [fault, script, expected] of [
    ['a 500 after retries', (s: FakeOpenAiServer) => s.fail(500, { times: 2 }), /500/],
    ['a 429 after retries', (s: FakeOpenAiServer) => s.fail(429, { times: 2, retryAfterSeconds: 0 }), /429/],
    ['a timeout', (s: FakeOpenAiServer) => s.hang(2), /time/i],
  ] as const) {
    it(`answers ${fault} with a polite fallback, escalates and records the error`, async function () {
      this.timeout(20_000);
      await start();
      script(server);
      const reply = await say('preciso remarcar o banho do meu cachorro');
      expect(reply).to.match(/Desculpe/);
      const db = h!.storage.db;
      const [ai] = await db.selectFrom('ai_interactions').select('error').execute();
      expect(ai!.error).to.match(expected);
      expect(server.requests).to.have.length(2); // one attempt and the SDK's one retry: no crash, no replay
      expect((await db.selectFrom('conversations').select('mode').executeTakeFirstOrThrow()).mode).to.equal('human');
    });
  }
});
