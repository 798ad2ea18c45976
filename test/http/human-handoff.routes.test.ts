import { expect } from 'chai';
import { createOfflineCustomerAgent } from '../../agents/offline-customer-agent.js';
import { CUSTOMER, ScriptedAgent } from '../support/pipeline-harness.js';
import { startFullApp, type FullApp } from '../support/full-app.js';

/**
 * A conversation with the team, through the simulator route: the customer who writes
 * "alo??" is told once that the team knows (with the opening hours when the shop is
 * closed), and the hand-off reason is what the conversations API returns.
 */
describe('human mode through the simulator: one acknowledgement per quiet period', () => {
  let app: FullApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  // Hands the conversation to the team when the customer asks for a person; otherwise echoes.
  const handingOff = () =>
    new ScriptedAgent((input) => (/atendente/.test(input.text)
      ? { reply: 'Claro! Já chamei alguém da equipe.', escalate: { reason: 'cliente pediu atendente' } }
      : { reply: `Recebi: ${input.text}` }));

  async function say(text: string, id: string): Promise<void> {
    const sent = await app!.http.request('POST', `${app!.base}/instances/${app!.instanceId}/simulator/inbound`, { token: app!.token, json: { from: CUSTOMER, text, id } });
    expect(sent.status).to.equal(202);
    await app!.settle();
  }
  const outbound = async (): Promise<string[]> => {
    const out = await app!.http.request('GET', `${app!.base}/instances/${app!.instanceId}/simulator/outbound?to=${encodeURIComponent(CUSTOMER)}`, { token: app!.token });
    return out.body.items.map((m: { text: string }) => m.text);
  };

  it('answers "alo??" after a hand-off once, while the shop is open, and then stays silent', async () => {
    app = await startFullApp({ agent: handingOff() }); // Tuesday 09:00, the shop is open 08–18
    await say('quero falar com um atendente', 'WA-1');
    await say('alo??', 'WA-2');
    await say('tem alguém aí?', 'WA-3');
    const texts = await outbound();
    expect(texts).to.have.length(2);
    expect(texts[0]).to.equal('Claro! Já chamei alguém da equipe.');
    expect(texts[1]).to.equal('Recebi sua mensagem! 🐾 A equipe já foi avisada e vai responder por aqui assim que possível.');
    const inbox = await app.storage.db.selectFrom('inbox').select('outcome').orderBy('id').execute();
    expect(inbox.map((r) => r.outcome)).to.deep.equal(['agent', 'human_ack', 'human_mode']);
  });

  it('tells a customer who writes at night when the shop opens again', async () => {
    app = await startFullApp({ agent: handingOff(), clockStart: Date.UTC(2026, 11, 2, 1, 30) }); // Tuesday 22:30 in São Paulo
    await say('quero falar com um atendente', 'WA-1');
    await say('alo??', 'WA-2');
    const texts = await outbound();
    expect(texts[1]).to.equal(
      'Recebi sua mensagem! 🐾 A equipe já foi avisada e vai responder por aqui quando a loja abrir: estamos fechados agora e voltamos amanhã, quarta-feira, 02/12, às 8h. ' +
      'Nosso horário: segunda a domingo: 8h às 18h.',
    );
  });

  it('says nothing more once staff has answered, and acknowledges again after the next hand-off', async () => {
    app = await startFullApp({ agent: handingOff() });
    await say('quero falar com um atendente', 'WA-1');
    const { id } = (await app.http.request('GET', `${app.base}/conversations`, { token: app.token })).body.items[0];
    await app.http.request('POST', `${app.base}/conversations/${id}/reply`, { token: app.token, json: { text: 'Oi! Aqui é a Carla.' } });
    await app.settle();
    await say('oi Carla, alo??', 'WA-2');
    await app.http.request('POST', `${app.base}/conversations/${id}/release`, { token: app.token, json: {} });
    await say('preciso de um atendente de novo', 'WA-3');
    await say('alo??', 'WA-4');
    expect(await outbound()).to.deep.equal([
      'Claro! Já chamei alguém da equipe.',
      'Oi! Aqui é a Carla.',
      'Claro! Já chamei alguém da equipe.',
      'Recebi sua mensagem! 🐾 A equipe já foi avisada e vai responder por aqui assim que possível.',
    ]);
  });

  it('returns the hand-off reason with the conversation (and none once it is back with the bot)', async () => {
    app = await startFullApp({ agent: handingOff() });
    await say('quero falar com um atendente', 'WA-1');
    const human = await app.http.request('GET', `${app.base}/conversations?mode=human`, { token: app.token });
    expect(human.body.items).to.have.length(1);
    expect(human.body.items[0]).to.include({ mode: 'human', escalationReason: 'cliente pediu atendente' });
    const released = await app.http.request('POST', `${app.base}/conversations/${human.body.items[0].id}/release`, { token: app.token, json: {} });
    expect(released.body).to.include({ mode: 'bot', escalationReason: null });
  });

  describe('emergencies on the offline assistant', () => {
    const mode = async () => (await app!.storage.db.selectFrom('conversations').select(['mode', 'escalation_reason']).executeTakeFirstOrThrow());

    it('does not treat a routine complaint ("não quer comer direito desde ontem") as an emergency', async () => {
      app = await startFullApp({ agent: createOfflineCustomerAgent() });
      await say('meu cachorro não quer comer direito desde ontem', 'WA-1');
      const [reply] = await outbound();
      expect(reply).to.not.match(/emergência|pronto-atendimento/);
      expect(await mode()).to.deep.equal({ mode: 'bot', escalation_reason: null });
    });

    it('hands a real red flag ("foi atropelado") to the team at once, and acknowledges the next message', async () => {
      app = await startFullApp({ agent: createOfflineCustomerAgent() });
      await say('socorro meu cachorro foi atropelado', 'WA-1');
      await say('alo??', 'WA-2');
      const texts = await outbound();
      expect(texts).to.have.length(2);
      expect(texts[0]).to.match(/^🚨 Isso parece uma emergência/);
      expect(texts[1]).to.match(/^Recebi sua mensagem! 🐾 A equipe já foi avisada/);
      expect(await mode()).to.deep.equal({ mode: 'human', escalation_reason: 'emergência' });
    });
  });
});
