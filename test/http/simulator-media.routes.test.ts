import { expect } from 'chai';
import { createOpenAiTranscriber } from '../../agents/audio-transcriber.js';
import { createOpenAiClient } from '../../agents/openai-client.js';
import { MAX_AUDIO_BYTES } from '../../domain/inbound-media.js';
import { FakeClock } from '../support/fake-clock.js';
import { FakeOpenAiServer } from '../support/fake-openai-server.js';
import { CUSTOMER } from '../support/pipeline-harness.js';
import { startFullApp, type FullApp } from '../support/full-app.js';

/**
 * Voice notes, photos, locations, stickers and documents through the simulator route: a voice
 * note is transcribed (the real openai SDK against the fake server) and answered as text, its
 * cost on record; what cannot be read gets a short pt-BR request for text; a photo stays in
 * the history with its caption. Before, all of it was dropped without a word.
 */
describe('media through the simulator: voice notes transcribed, the rest asked for in text', function () {
  this.timeout(60_000);
  let app: FullApp | undefined;
  let openai: FakeOpenAiServer | undefined;
  afterEach(async () => {
    await app?.close();
    await openai?.close();
    app = undefined;
    openai = undefined;
  });

  // A few bytes that stand for an ogg/opus voice note: the endpoint receives exactly these.
  const VOICE_NOTE = Buffer.from('OggS\0fake-opus-voice-note-bytes');

  async function send(body: Record<string, unknown>, id: string) {
    const sent = await app!.http.request('POST', `${app!.base}/instances/${app!.instanceId}/simulator/inbound`, { token: app!.token, json: { from: CUSTOMER, id, ...body } });
    await app!.settle();
    return sent;
  }
  const replies = () => app!.simulator.sentTo(app!.instanceId, CUSTOMER).map((m) => m.text);
  const history = async () => (await app!.storage.db.selectFrom('messages').select(['author', 'text']).orderBy('created_at').orderBy('id').execute()).map((m) => [m.author, m.text]);

  async function withTranscriber() {
    openai = await FakeOpenAiServer.start();
    const client = createOpenAiClient({ apiKey: 'sk-test', baseURL: openai.baseURL, maxRetries: 0 });
    app = await startFullApp({ transcriber: createOpenAiTranscriber({ client, model: 'whisper-1', clock: new FakeClock(0) }) });
  }

  it('transcribes a voice note, answers it as text and records what the transcription cost', async () => {
    await withTranscriber();
    openai!.transcribeAs('quero marcar um banho pro Rex amanhã');
    const sent = await send({ kind: 'audio', audioBase64: VOICE_NOTE.toString('base64'), seconds: 30 }, 'WA-A1');
    expect(sent.status).to.equal(202);
    expect(replies()).to.deep.equal(['Recebi: quero marcar um banho pro Rex amanhã']);
    expect(openai!.transcriptions).to.have.length(1);
    expect(openai!.transcriptions[0]).to.include({ model: 'whisper-1', language: 'pt', fileName: 'voice-note.ogg', contentType: 'audio/ogg' });
    expect(openai!.transcriptions[0]!.file.equals(VOICE_NOTE)).to.equal(true);
    expect(await history()).to.deep.equal([['customer', '🎤 Áudio: quero marcar um banho pro Rex amanhã'], ['bot', 'Recebi: quero marcar um banho pro Rex amanhã']]);
    const calls = await app!.storage.db.selectFrom('ai_interactions').select(['agent', 'model', 'cost_usd', 'error']).execute();
    expect(calls.map((c) => ({ ...c, cost_usd: Number(c.cost_usd) }))).to.deep.equal([{ agent: 'customer', model: 'whisper-1', cost_usd: 0.003, error: null }]);
  });

  it('asks for text when the transcription fails, and keeps the failure on record', async () => {
    await withTranscriber();
    openai!.failTranscription(500);
    await send({ kind: 'audio', audioBase64: VOICE_NOTE.toString('base64'), seconds: 12 }, 'WA-A2');
    expect(replies()).to.deep.equal(['Recebi seu áudio 🎤, mas por aqui ainda não consigo ouvir. Pode me escrever em texto, por favor? 🐾']);
    const calls = await app!.storage.db.selectFrom('ai_interactions').select(['model', 'error']).execute();
    expect(calls).to.have.length(1);
    expect(calls[0]!.model).to.equal('whisper-1');
    expect(calls[0]!.error).to.be.a('string');
  });

  it('asks for text for a voice note when no key is configured', async () => {
    app = await startFullApp();
    await send({ kind: 'audio', audioBase64: VOICE_NOTE.toString('base64'), seconds: 5 }, 'WA-A3');
    expect(replies()).to.deep.equal(['Recebi seu áudio 🎤, mas por aqui ainda não consigo ouvir. Pode me escrever em texto, por favor? 🐾']);
    expect(await history()).to.deep.equal([['customer', '🎤 Áudio'], ['bot', replies()[0]]]);
  });

  const UNREADABLE: Array<[string, Record<string, unknown>, string, string]> = [
    ['a photo without caption', { kind: 'image' }, '📷 Imagem', 'Recebi sua imagem 📷! Por aqui só consigo ler texto: pode me escrever o que você precisa? 🐾'],
    ['a sticker', { kind: 'sticker' }, '💟 Figurinha', 'Adorei a figurinha! 😄 Como posso ajudar? Pode me escrever em texto. 🐾'],
    ['a location', { kind: 'location', latitude: -23.5613, longitude: -46.6565 }, '📍 Localização (-23.56130, -46.65650)', 'Recebi sua localização 📍! Por aqui só consigo ler texto: pode me escrever como posso ajudar? 🐾'],
    ['a document', { kind: 'document', fileName: 'carteira-de-vacina.pdf' }, '📄 Documento (carteira-de-vacina.pdf)', 'Recebi o arquivo 📄, mas não consigo abrir documentos por aqui. Pode me escrever em texto o que você precisa? 🐾'],
  ];
  for (const [what, body, kept, reply] of UNREADABLE) {
    it(`answers ${what} with a short request for text, and keeps it in the history`, async () => {
      app = await startFullApp();
      expect((await send(body, 'WA-M1')).status).to.equal(202);
      expect(replies()).to.deep.equal([reply]);
      expect(await history()).to.deep.equal([['customer', kept], ['bot', reply]]);
    });
  }

  it('reads a photo\'s caption as what the customer wrote, and keeps the photo in the history with it', async () => {
    app = await startFullApp();
    await send({ kind: 'image', text: 'quanto fica a tosa dele?' }, 'WA-I1');
    expect(replies()).to.deep.equal(['Recebi: quanto fica a tosa dele?']);
    expect(await history()).to.deep.equal([['customer', '📷 Imagem: quanto fica a tosa dele?'], ['bot', 'Recebi: quanto fica a tosa dele?']]);
  });

  it('refuses an oversize voice note with MEDIA_TOO_LARGE and stores nothing', async () => {
    app = await startFullApp();
    const big = Buffer.alloc(MAX_AUDIO_BYTES + 1, 1).toString('base64');
    const sent = await send({ kind: 'audio', audioBase64: big }, 'WA-BIG');
    expect(sent.status).to.equal(413);
    expect(sent.body.error.code).to.equal('MEDIA_TOO_LARGE');
    expect(await app.storage.db.selectFrom('inbox').selectAll().execute()).to.deep.equal([]);
    expect(replies()).to.deep.equal([]);
  });

  it('refuses a location without coordinates, audio on another kind, and a text message without text', async () => {
    app = await startFullApp();
    for (const body of [{ kind: 'location' }, { kind: 'image', audioBase64: 'AAAA' }, { text: '' }, { kind: 'audio', audioBase64: 'not base64!' }]) {
      const sent = await send(body, 'WA-BAD');
      expect(sent.status, JSON.stringify(body)).to.equal(400);
      expect(sent.body.error.code).to.equal('VALIDATION_FAILED');
    }
    expect(await app.storage.db.selectFrom('inbox').selectAll().execute()).to.deep.equal([]);
  });
});
