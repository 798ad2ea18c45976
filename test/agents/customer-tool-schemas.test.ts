import { expect } from 'chai';

import { CUSTOMER_TOOLS, executeToolCall, openAiToolSpecs, parseToolCall } from '../../agents/customer-tool-schemas.js';
import type { CustomerToolbox } from '../../agents/customer-tools.js';
import { estimateCostUsd, priceOf } from '../../agents/llm-pricing.js';
import { CUSTOMER_TOOLS_IN_ORDER, customerContext } from './support/customer-fixtures.js';
import { FakeCustomerToolbox } from './support/fake-customer-toolbox.js';

describe('customer tool schemas', () => {
  it('defines exactly the seven customer tools, each with a pt-BR description', () => {
    expect(CUSTOMER_TOOLS.map((t) => t.name)).to.deep.equal(CUSTOMER_TOOLS_IN_ORDER);
    for (const t of CUSTOMER_TOOLS) expect(t.description, t.name).to.match(/\b(o|a|os|as|de|do|da|um|uma|e)\b/);
  });

  it('generates strict JSON Schemas without $schema or the long date regexes', () => {
    for (const spec of openAiToolSpecs()) {
      const p = spec.function.parameters;
      expect(p.type, spec.function.name).to.equal('object');
      expect(p.additionalProperties, spec.function.name).to.equal(false);
      expect(p).to.not.have.property('$schema');
      expect(JSON.stringify(p)).to.not.contain('pattern');
    }
    const agendar = openAiToolSpecs().find((s) => s.function.name === 'agendar_servico')!.function.parameters;
    expect(agendar.required).to.have.members(['servico', 'pet', 'inicio']);
    expect((agendar.properties as Record<string, { format?: string }>).inicio!.format).to.equal('date-time');
  });

  it('accepts valid arguments and trims strings', () => {
    const parsed = parseToolCall('cadastrar_pet', JSON.stringify({ nome: '  Thor ', especie: 'cão', porte: 'M' }));
    expect(parsed).to.deep.equal({ ok: true, name: 'cadastrar_pet', args: { nome: 'Thor', especie: 'cão', porte: 'M' } });
  });

  const invalid: Array<[string, string, string, RegExp]> = [
    ['malformed JSON', 'agendar_servico', '{"servico": "Banho",', /JSON/],
    ['a JSON array', 'agendar_servico', '[]', /Argumentos inválidos/],
    ['a start without offset', 'agendar_servico', JSON.stringify({ servico: 'Banho', pet: 'Thor', inicio: '2026-12-08T10:00:00' }), /inicio/],
    ['an unknown size', 'cadastrar_pet', JSON.stringify({ nome: 'Thor', especie: 'cão', porte: 'médio' }), /porte/],
    ['an unknown species', 'cadastrar_pet', JSON.stringify({ nome: 'Thor', especie: 'dragão', porte: 'M' }), /especie/],
    ['an org id', 'meus_agendamentos', JSON.stringify({ org_id: 'o1' }), /org_id/],
    ['a contact id', 'cancelar_agendamento', JSON.stringify({ pet: 'Thor', contact_id: 'c1' }), /contact_id/],
    ['a phone', 'escalar_para_humano', JSON.stringify({ motivo: 'x', telefone: '+5511999990000' }), /telefone/],
    ['a date that is not a date', 'consultar_horarios', JSON.stringify({ servico: 'Banho', data: 'amanhã' }), /data/],
    ['a time that is not HH:mm', 'consultar_horarios', JSON.stringify({ servico: 'Banho', horario: '15h' }), /horario/],
    ['a time past midnight', 'consultar_horarios', JSON.stringify({ servico: 'Banho', horario: '24:30' }), /horario/],
    ['an empty pet name', 'agendar_servico', JSON.stringify({ servico: 'Banho', pet: '  ', inicio: '2026-12-08T10:00:00-03:00' }), /pet/],
    ['an overlong reason', 'escalar_para_humano', JSON.stringify({ motivo: 'x'.repeat(201) }), /motivo/],
  ];
  for (const [what, name, raw, message] of invalid) {
    it(`returns INVALID_ARGUMENTS for ${what}`, async () => {
      const tools = new FakeCustomerToolbox();
      const outcome = await executeToolCall(tools, name, raw);
      expect(outcome.ok).to.equal(false);
      if (outcome.ok) return;
      expect(outcome.code).to.equal('INVALID_ARGUMENTS');
      expect(outcome.message).to.match(message);
      expect(tools.calls).to.deep.equal([]);
    });
  }

  it('lets consultar_horarios take an optional desired time, HH:mm, described for the model', () => {
    const spec = openAiToolSpecs().find((s) => s.function.name === 'consultar_horarios')!.function.parameters;
    const horario = (spec.properties as Record<string, { type?: string; description?: string }>).horario!;
    expect(horario.type).to.equal('string');
    expect(horario.description).to.contain('HH:mm').and.to.contain('exatoLivre');
    expect(spec.required).to.deep.equal(['servico']);
    expect(parseToolCall('consultar_horarios', JSON.stringify({ servico: 'Banho', data: '2026-12-08', horario: '15:00' }))).to.deep.equal({
      ok: true,
      name: 'consultar_horarios',
      args: { servico: 'Banho', data: '2026-12-08', horario: '15:00' },
    });
    expect(parseToolCall('consultar_horarios', JSON.stringify({ servico: 'Banho', horario: ' 9:30 ' }))).to.deep.include({ args: { servico: 'Banho', horario: '09:30' } });
  });

  it('answers an unknown tool with UNKNOWN_TOOL', async () => {
    const outcome = await executeToolCall(new FakeCustomerToolbox(), 'exportar_clientes', '{}');
    expect(outcome).to.include({ ok: false, code: 'UNKNOWN_TOOL' });
  });

  it('calls the toolbox method with the validated arguments', async () => {
    const tools = new FakeCustomerToolbox(customerContext());
    const outcome = await executeToolCall(tools, 'cadastrar_pet', JSON.stringify({ nome: 'Mel', especie: 'gato', porte: 'P', raca: 'siamês' }));
    expect(outcome).to.deep.include({ ok: true, data: { pending: true } });
    expect(tools.callsOf('cadastrarPet')).to.deep.equal([{ nome: 'Mel', especie: 'gato', porte: 'P', raca: 'siamês' }]);
    expect(await executeToolCall(tools, 'meus_agendamentos', '')).to.have.property('ok', true);
  });

  it('turns a throwing toolbox into TOOL_FAILED without leaking the error', async () => {
    const broken = {
      meusAgendamentos: async () => {
        throw new Error('connection refused to 10.0.0.5:5432');
      },
    } as unknown as CustomerToolbox;
    const outcome = await executeToolCall(broken, 'meus_agendamentos', '{}');
    expect(outcome).to.include({ ok: false, code: 'TOOL_FAILED' });
    expect(JSON.stringify(outcome)).to.not.contain('10.0.0.5');
  });
});

describe('LLM pricing', () => {
  it('prices dated snapshots as their base model, mini never as gpt-4o', () => {
    expect(priceOf('gpt-4o-mini-2024-07-18')).to.deep.equal({ inputPerMillionUsd: 0.15, outputPerMillionUsd: 0.6 });
    expect(priceOf('gpt-4o-2024-08-06')).to.deep.equal({ inputPerMillionUsd: 2.5, outputPerMillionUsd: 10 });
    expect(priceOf('gpt-4o-minimal')).to.equal(undefined);
    expect(priceOf('gpt-4o-audio-preview')).to.equal(undefined);
    expect(estimateCostUsd('gpt-4o-mini', 1_000_000, 1_000_000)).to.be.closeTo(0.75, 1e-12);
    expect(estimateCostUsd('qwen2.5', 1_000, 1_000)).to.equal(0);
  });
});
