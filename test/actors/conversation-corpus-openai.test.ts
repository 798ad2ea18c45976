import { expect } from 'chai';
import type { CustomerAgent } from '../../agents/customer-agent.js';
import { createOpenAiClient } from '../../agents/openai-client.js';
import { createOpenAiCustomerAgent } from '../../agents/openai-customer-agent.js';
import { FakeOpenAiServer } from '../support/fake-openai-server.js';
import { CORPUS_SERVICES, type CorpusConversation, judgeConversation, loadCorpus, type Outcome, prepareConversation } from '../support/conversation-corpus.js';
import { startPipeline, type PipelineHarness } from '../support/pipeline-harness.js';

/**
 * The corpus's registrations and bookings through the OpenAI agent path (the
 * real SDK against the local fake server), with a scripted model that calls
 * the tools a good model would: it shows the tools let a model register
 * several pets with their breed, size and sex under one confirmation and book
 * the exact hour asked, with the same outcomes the offline assistant reaches.
 */
const MIN_CONVERSATIONS = 30;

interface Step {
  text: string;
  /** The model's answers to this message's requests, in order (none: the actor answers alone). */
  model?: (server: FakeOpenAiServer) => void;
}

function serviceOf(c: CorpusConversation): string {
  return /\btosa\b/i.test(c.say.join(' ')) ? 'Tosa' : 'Banho';
}

/** What a good model would do with the conversation: register the new pets in one call, then book the hour asked. */
function scripted(c: CorpusConversation): Step[] {
  const onFile = new Set((c.pets ?? []).map(([name]) => name.toLowerCase()));
  const fresh = (c.expect.pets ?? []).filter((p) => !onFile.has(p.name.toLowerCase()));
  const steps: Step[] = [];
  const request = c.say.filter((t) => !/^(sim|s|nao|não|\d)$/i.test(t.trim())).join('\n');
  if (fresh.length > 0) {
    const args = fresh.map((p) => ({ nome: p.name, especie: p.species, porte: p.size, ...(p.breed ? { raca: p.breed } : {}), ...(p.sex ? { sexo: p.sex } : {}) }));
    const [first, ...outros] = args;
    const call = JSON.stringify({ ...first, ...(outros.length > 0 ? { outros } : {}) });
    steps.push({ text: request, model: (s) => s.toolCalls([{ name: 'cadastrar_pet', arguments: call }]).reply('Perfeito, confere os dados?') });
    steps.push({ text: 'sim' });
  }
  const booking = c.expect.booking;
  if (booking) {
    const [date, time] = booking.at.split(' ') as [string, string];
    const servico = serviceOf(c);
    const query = JSON.stringify({ servico, pet: booking.pet, data: date, horario: time });
    const book = JSON.stringify({ servico, pet: booking.pet, inicio: `${date}T${time}:00-03:00` });
    steps.push({
      text: fresh.length > 0 ? 'pode marcar no horário que eu pedi?' : request,
      model: (s) => s.toolCalls([{ name: 'consultar_horarios', arguments: query }]).toolCalls([{ name: 'agendar_servico', arguments: book }]).reply('Tenho esse horário livre!'),
    });
    steps.push({ text: 'sim' });
  }
  return steps;
}

describe('customer conversation corpus through the OpenAI agent path (scripted model, real SDK)', function () {
  this.timeout(600_000);
  let h: PipelineHarness<CustomerAgent> | undefined;
  let server: FakeOpenAiServer;
  after(async () => {
    await h?.stop();
    await server?.close();
  });

  it(`reaches the corpus outcomes for at least ${MIN_CONVERSATIONS} registration and booking conversations`, async () => {
    server = await FakeOpenAiServer.start();
    const client = createOpenAiClient({ apiKey: 'sk-test', baseURL: server.baseURL, timeoutMs: 5_000, maxRetries: 0 });
    const agent = createOpenAiCustomerAgent({ client, model: 'gpt-4o-mini', clock: { now: () => Date.now() }, faq: false });
    h = await startPipeline<CustomerAgent>({ agent, services: CORPUS_SERVICES, engine: 'pglite' });
    const corpus = loadCorpus().filter((c) => !c.expect.handoff && !c.bookings && (c.expect.booking !== undefined || c.expect.pets !== undefined) && (c.expect.bookings ?? 1) === 1);
    expect(corpus.length).to.be.at.least(MIN_CONVERSATIONS);

    let sent = 0;
    const outcomes: Array<Outcome & { id: string }> = [];
    for (const [n, conversation] of corpus.entries()) {
      const phone = `+5511972${String(n).padStart(6, '0')}`;
      const before = await prepareConversation(h, conversation, phone);
      for (const step of scripted(conversation)) {
        step.model?.(server);
        const id = `OPENAI-${conversation.id}-${++sent}`;
        const replies = h.simulator.sentTo(h.instanceId, phone).length;
        h.simulator.inject(h.instanceId, { from: phone, text: step.text, id });
        const db = h.storage.db;
        await h.waitFor(async () => (await db.selectFrom('inbox').select('id').where('wa_message_id', '=', id).execute()).length === 1);
        await h.clock.advance(1_600); // the burst window closes: the turn starts
        // The model call runs on real time: time stands still until the turn committed.
        await h.waitFor(async () => (await db.selectFrom('inbox').select('processed_at').where('wa_message_id', '=', id).executeTakeFirstOrThrow()).processed_at !== null, `inbox ${id} processed`);
        await h.waitFor(async () => {
          await h!.clock.advance(250);
          return h!.simulator.sentTo(h!.instanceId, phone).length > replies;
        });
      }
      // The kind of the last reply belongs to the offline wording; the outcomes in the database are the same.
      const { last: _wording, ...expected } = conversation.expect;
      for (const o of await judgeConversation(h, { ...conversation, expect: expected }, phone, before)) outcomes.push({ ...o, id: conversation.id });
      await h.storage.db.deleteFrom('bookings').execute();
    }
    const wrong = outcomes.filter((o) => !o.ok);
    for (const o of wrong) console.log(`  ✗ ${o.id} ${o.name}: ${o.detail}`);
    console.log(`  OpenAI path: ${corpus.length} conversations, ${outcomes.length - wrong.length}/${outcomes.length} outcomes right`);
    expect(wrong).to.deep.equal([]);
  });
});
