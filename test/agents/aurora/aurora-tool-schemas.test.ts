import { expect } from 'chai';
import fc from 'fast-check';

import {
  AURORA_TOOL_NAMES,
  AURORA_TOOLS,
  auroraOpenAiToolSpecs,
  executeAuroraToolCall,
  isAuroraToolName,
  parseAuroraToolCall,
} from '../../../agents/aurora/aurora-tool-schemas.js';
import { AURORA_TOOLS_IN_ORDER, FakeAuroraToolbox } from './support/fake-aurora-toolbox.js';

describe('Aurora tool schemas', () => {
  it('defines exactly the seven Aurora tools with pt-BR descriptions', () => {
    expect(AURORA_TOOL_NAMES).to.deep.equal(AURORA_TOOLS_IN_ORDER);
    for (const t of AURORA_TOOLS) expect(t.description, t.name).to.match(/\b(da|de|do|que|campanha|clientes)\b/);
    expect(AURORA_TOOLS.find((t) => t.name === 'confirmar_campanha')!.description).to.contain('SOMENTE');
    expect(isAuroraToolName('buscar_analytics')).to.equal(true);
    expect(isAuroraToolName('consultar_horarios')).to.equal(false);
    expect(isAuroraToolName('toString')).to.equal(false);
  });

  it('advertises strict JSON Schemas with the allowed values and no org, owner or campaign id', () => {
    const specs = auroraOpenAiToolSpecs();
    expect(specs.map((s) => s.type)).to.deep.equal(Array(7).fill('function'));
    for (const s of specs) {
      expect(s.function.parameters.type, s.function.name).to.equal('object');
      expect(s.function.parameters.additionalProperties, s.function.name).to.equal(false);
      expect(s.function.parameters).to.not.have.property('$schema');
    }
    expect(JSON.stringify(specs.map((s) => s.function.parameters))).to.not.match(/org|owner|dono|id"|phone|telefone|campanhaId/i);
    const params = (name: string) => specs.find((s) => s.function.name === name)!.function.parameters as { properties: Record<string, Record<string, unknown>>; required?: string[] };
    expect(params('buscar_analytics').properties.periodo!.enum).to.deep.equal(['hoje', 'semana', 'mes', 'ano']);
    expect(params('buscar_analytics').required).to.deep.equal(['periodo']);
    expect(params('sugerir_campanha').properties.tipo!.enum).to.deep.equal(['reativacao', 'promocional', 'aniversario']);
    expect(params('listar_clientes_inativos').properties.dias).to.include({ type: 'integer', minimum: 30, maximum: 365 });
    expect(params('listar_clientes_inativos').required ?? []).to.deep.equal([]);
    expect(params('confirmar_campanha').properties).to.deep.equal({});
    expect(params('consultar_agenda').required).to.deep.equal(['quando']);
  });

  it('returns a fresh copy of the specs each time (a caller cannot mutate the definitions)', () => {
    const a = auroraOpenAiToolSpecs();
    (a[0]!.function.parameters as Record<string, unknown>).injected = true;
    expect(auroraOpenAiToolSpecs()[0]!.function.parameters).to.not.have.property('injected');
  });

  it('runs valid calls on the toolbox with the parsed arguments', async () => {
    const tools = new FakeAuroraToolbox();

    const analytics = await executeAuroraToolCall(tools, 'buscar_analytics', '{"periodo":"semana"}');
    const inactive = await executeAuroraToolCall(tools, 'listar_clientes_inativos', '{"dias":60}');
    const defaultDays = await executeAuroraToolCall(tools, 'listar_clientes_inativos', '{}');
    const campaign = await executeAuroraToolCall(tools, 'sugerir_campanha', '{"tipo":"reativacao"}');
    const stop = await executeAuroraToolCall(tools, 'parar_campanha', '');

    expect(analytics.ok).to.equal(true);
    expect(inactive).to.deep.include({ ok: true });
    expect(defaultDays.ok && (defaultDays.data as { days: number }).days).to.equal(30);
    expect(campaign.ok && campaign.say).to.match(/Confirma o envio\? \(sim\/não\)$/);
    expect(stop).to.include({ ok: false, code: 'NO_RUNNING_CAMPAIGN' });
    expect(tools.calls).to.deep.equal([
      { method: 'buscarAnalytics', args: { periodo: 'semana' } },
      { method: 'listarClientesInativos', args: { dias: 60 } },
      { method: 'listarClientesInativos', args: {} },
      { method: 'sugerirCampanha', args: { tipo: 'reativacao' } },
      { method: 'pararCampanha', args: {} },
    ]);
  });

  const invalidCases: Array<[string, string, string, RegExp]> = [
    ['broken JSON', 'buscar_analytics', '{"periodo": ', /JSON válido/],
    ['a JSON array', 'buscar_analytics', '["hoje"]', /buscar_analytics/],
    ['a missing period', 'buscar_analytics', '{}', /periodo/],
    ['"mês" with the accent', 'buscar_analytics', '{"periodo":"mês"}', /periodo/],
    ['an org id', 'buscar_analytics', '{"periodo":"hoje","org_id":"org-2"}', /org_id/],
    ['fewer than 30 days', 'listar_clientes_inativos', '{"dias":10}', /dias/],
    ['fractional days', 'listar_clientes_inativos', '{"dias":45.5}', /dias/],
    ['days as a string', 'listar_clientes_inativos', '{"dias":"60"}', /dias/],
    ['an unknown campaign kind', 'sugerir_campanha', '{"tipo":"black_friday"}', /tipo/],
    ['a campaign id on confirm', 'confirmar_campanha', '{"campanhaId":"c-1"}', /campanhaId/],
    ['a message on cancel', 'cancelar_campanha', '{"motivo":"x"}', /motivo/],
  ];
  for (const [label, name, raw, message] of invalidCases) {
    it(`refuses ${label} with INVALID_ARGUMENTS and never reaches the toolbox`, async () => {
      const tools = new FakeAuroraToolbox();
      const outcome = await executeAuroraToolCall(tools, name, raw);
      expect(outcome).to.include({ ok: false, code: 'INVALID_ARGUMENTS' });
      expect(!outcome.ok && outcome.message).to.match(message);
      expect(tools.calls).to.deep.equal([]);
    });
  }

  it('answers an unknown tool with UNKNOWN_TOOL listing the real ones', async () => {
    const outcome = await executeAuroraToolCall(new FakeAuroraToolbox(), 'enviar_mensagem_cliente', '{}');
    expect(outcome).to.include({ ok: false, code: 'UNKNOWN_TOOL' });
    expect(!outcome.ok && outcome.message).to.contain('buscar_analytics');
  });

  it('turns a throwing toolbox into TOOL_FAILED without leaking the error', async () => {
    const tools = new FakeAuroraToolbox({ failing: ['buscarAnalytics'] });
    const outcome = await executeAuroraToolCall(tools, 'buscar_analytics', '{"periodo":"hoje"}');
    expect(outcome).to.include({ ok: false, code: 'TOOL_FAILED' });
    expect(!outcome.ok && outcome.message).to.not.contain('db down');
  });

  it('never throws, whatever name and arguments a model sends', async () => {
    const names = fc.oneof(fc.constantFrom(...AURORA_TOOL_NAMES), fc.string({ maxLength: 30 }));
    const raw = fc.oneof(fc.string({ maxLength: 80 }), fc.json({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)));
    await fc.assert(
      fc.asyncProperty(names, raw, async (name, args) => {
        const outcome = await executeAuroraToolCall(new FakeAuroraToolbox(), name, args);
        expect(outcome).to.have.property('ok').that.is.a('boolean');
        const parsed = parseAuroraToolCall(name, args);
        expect(parsed).to.have.property('ok').that.is.a('boolean');
      }),
      { numRuns: 300 },
    );
  });
});
