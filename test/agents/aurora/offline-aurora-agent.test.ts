import { expect } from 'chai';

import { AURORA_HELP, inactiveReply } from '../../../agents/aurora/aurora-replies.js';
import type { AuroraTurnInput } from '../../../agents/aurora-agent.js';
import {
  AURORA_FALLBACK_REPLY,
  NO_PENDING_CAMPAIGN_REPLY,
  NO_RUNNING_CAMPAIGN_REPLY,
  NOTHING_TO_CANCEL_REPLY,
} from '../../../agents/aurora/aurora-commands.js';
import { createOfflineAuroraAgent } from '../../../agents/aurora/offline-aurora-agent.js';
import { campaignMessage, draftPreview } from '../../../domain/campaign-draft.js';
import { FakeAuroraToolbox, type FakeAuroraOptions, figuresFor, SHOP } from './support/fake-aurora-toolbox.js';

/** The deterministic Aurora: one intent, one toolbox call, its text relayed. */

function turn(text: string, tools: FakeAuroraToolbox): AuroraTurnInput {
  return { text, window: [], context: tools.beginTurn(text).context(), tools };
}

const confirmed = (n: number) =>
  `🚀 Campanha confirmada! Enviando para ${n} clientes, com intervalos para proteger o número. Aviso quando terminar. Para interromper, diga "parar campanha".`;

interface Case {
  text: string;
  given?: FakeAuroraOptions;
  calls: Array<{ method: string; args: unknown }>;
  reply: string;
}

const CASES: Case[] = [
  { text: 'como foi hoje?', calls: [{ method: 'buscarAnalytics', args: { periodo: 'hoje' } }], reply: figuresFor('hoje').say },
  { text: 'faturamento', calls: [{ method: 'buscarAnalytics', args: { periodo: 'hoje' } }], reply: figuresFor('hoje').say },
  { text: 'e a semana?', calls: [{ method: 'buscarAnalytics', args: { periodo: 'semana' } }], reply: figuresFor('semana').say },
  { text: 'quanto faturei este mês?', calls: [{ method: 'buscarAnalytics', args: { periodo: 'mes' } }], reply: figuresFor('mes').say },
  { text: 'como foi o ano?', calls: [{ method: 'buscarAnalytics', args: { periodo: 'ano' } }], reply: figuresFor('ano').say },
  { text: 'resumo do dia', calls: [{ method: 'buscarAnalytics', args: { periodo: 'hoje' } }], reply: figuresFor('hoje').say },
  { text: 'resumo do mês', calls: [{ method: 'buscarAnalytics', args: { periodo: 'mes' } }], reply: figuresFor('mes').say },
  { text: 'clientes inativos', calls: [{ method: 'listarClientesInativos', args: {} }], reply: inactiveReply(3, ['Mariana', 'João', 'Carla'], 30) },
  { text: 'quem sumiu?', given: { inactive: [] }, calls: [{ method: 'listarClientesInativos', args: {} }], reply: inactiveReply(0, [], 30) },
  {
    text: 'sugira uma campanha',
    calls: [{ method: 'sugerirCampanha', args: { tipo: 'reativacao' } }],
    reply: draftPreview('reativacao', 3, campaignMessage('reativacao', SHOP)),
  },
  {
    text: 'quero fazer uma promoção',
    calls: [{ method: 'sugerirCampanha', args: { tipo: 'promocional' } }],
    reply: draftPreview('promocional', 25, campaignMessage('promocional', SHOP)),
  },
  {
    text: 'campanha para os aniversariantes',
    calls: [{ method: 'sugerirCampanha', args: { tipo: 'aniversario' } }],
    reply: draftPreview('aniversario', 0, campaignMessage('aniversario', SHOP)),
  },
  { text: 'sim', given: { draft: { kind: 'reativacao', audience: 3 } }, calls: [{ method: 'confirmarCampanha', args: {} }], reply: confirmed(3) },
  { text: 'pode mandar 👍', given: { draft: { kind: 'promocional', audience: 25 } }, calls: [{ method: 'confirmarCampanha', args: {} }], reply: confirmed(25) },
  { text: 'sim', calls: [{ method: 'confirmarCampanha', args: {} }], reply: NO_PENDING_CAMPAIGN_REPLY },
  {
    text: 'não',
    given: { draft: { kind: 'reativacao', audience: 3 } },
    calls: [{ method: 'cancelarCampanha', args: {} }],
    reply: 'Tudo bem, campanha cancelada. Nada foi enviado.',
  },
  { text: 'não', calls: [{ method: 'cancelarCampanha', args: {} }], reply: NOTHING_TO_CANCEL_REPLY },
  {
    text: 'parar campanha',
    given: { running: { kind: 'reativacao', sent: 4, pending: 6 } },
    calls: [{ method: 'pararCampanha', args: {} }],
    reply: '⏹️ Campanha interrompida: 4 enviadas, 6 canceladas.',
  },
  { text: 'para de enviar', calls: [{ method: 'pararCampanha', args: {} }], reply: NO_RUNNING_CAMPAIGN_REPLY },
  {
    text: 'cancela a campanha',
    given: { draft: { kind: 'reativacao', audience: 3 } },
    calls: [{ method: 'cancelarCampanha', args: {} }],
    reply: 'Tudo bem, campanha cancelada. Nada foi enviado.',
  },
  { text: 'oi', calls: [], reply: AURORA_HELP },
  { text: 'ajuda', calls: [], reply: AURORA_HELP },
  { text: 'qual a capital da França?', calls: [], reply: AURORA_HELP },
  { text: '', calls: [], reply: AURORA_HELP },
];

describe('Offline Aurora agent', () => {
  it('is the offline kind', () => {
    expect(createOfflineAuroraAgent().kind).to.equal('offline');
  });

  for (const c of CASES) {
    const given = c.given ? ` (given ${Object.keys(c.given).join(', ')})` : '';
    it(`"${c.text}"${given} → ${c.calls.map((x) => x.method).join(', ') || 'help'}`, async () => {
      const tools = new FakeAuroraToolbox(c.given);
      const result = await createOfflineAuroraAgent().respond(turn(c.text, tools));
      expect(tools.calls).to.deep.equal(c.calls);
      expect(result.reply).to.equal(c.reply);
      expect(result.usage).to.equal(undefined);
      expect(result.error).to.equal(undefined);
      expect(result.toolCalls.map((r) => r.name)).to.have.length(c.calls.length);
    });
  }

  it('records each tool call with its arguments and outcome', async () => {
    const tools = new FakeAuroraToolbox();
    const agent = createOfflineAuroraAgent();

    const analytics = await agent.respond(turn('e a semana?', tools));
    const none = await agent.respond(turn('sim', tools));

    expect(analytics.toolCalls).to.deep.equal([{ name: 'buscar_analytics', arguments: { periodo: 'semana' }, ok: true }]);
    expect(none.toolCalls).to.deep.equal([
      { name: 'confirmar_campanha', arguments: {}, ok: false, error: 'NO_PENDING_CAMPAIGN: Não há campanha aguardando confirmação.' },
    ]);
  });

  it('walks a whole campaign: suggest → preview → "sim" sends once → "parar campanha" stops it', async () => {
    const tools = new FakeAuroraToolbox();
    const agent = createOfflineAuroraAgent();

    const preview = await agent.respond(turn('quero uma campanha pros clientes sumidos', tools));
    expect(preview.reply).to.match(/Confirma o envio\? \(sim\/não\)$/);
    expect(tools.sent).to.deep.equal([]);

    const yes = await agent.respond(turn('sim', tools));
    expect(yes.reply).to.equal(confirmed(3));
    expect(tools.sent).to.deep.equal([{ kind: 'reativacao', audience: 3 }]);

    const again = await agent.respond(turn('sim', tools));
    expect(again.reply).to.equal(NO_PENDING_CAMPAIGN_REPLY);
    expect(tools.sent).to.have.length(1);

    const stop = await agent.respond(turn('parar campanha', tools));
    expect(stop.reply).to.equal('⏹️ Campanha interrompida: 0 enviadas, 3 canceladas.');
  });

  it('answers a failing toolbox politely and records the failure', async () => {
    const tools = new FakeAuroraToolbox({ failing: ['buscarAnalytics', 'confirmarCampanha'], draft: { kind: 'reativacao', audience: 3 } });
    const agent = createOfflineAuroraAgent();

    const analytics = await agent.respond(turn('como foi hoje?', tools));
    const yes = await agent.respond(turn('sim', tools));

    expect(analytics.reply).to.equal(AURORA_FALLBACK_REPLY);
    expect(yes.reply).to.equal(AURORA_FALLBACK_REPLY);
    expect(analytics.toolCalls[0]).to.include({ name: 'buscar_analytics', ok: false });
    expect(analytics.toolCalls[0]!.error).to.match(/^TOOL_FAILED/);
    expect(tools.sent).to.deep.equal([]);
  });

  it('asks again when the toolbox wants a clearer "sim" for the waiting campaign', async () => {
    const tools = new FakeAuroraToolbox({ draft: { kind: 'reativacao', audience: 3 } });
    // The agent read a yes, but the toolbox saw another text this turn: it is the judge.
    const result = await createOfflineAuroraAgent().respond({ text: 'sim', window: [], context: tools.context(), tools: tools.beginTurn('talvez') });
    expect(result.reply).to.equal('Só envio com um "sim" bem claro 🙂 A campanha de reativação para 3 clientes está esperando. Confirma o envio? (sim/não)');
    expect(tools.sent).to.deep.equal([]);
  });
});
