import { expect } from 'chai';
import { repositories } from '../../storage/repositories.js';
import { OWNER, startPipeline, type PipelineHarness } from '../support/pipeline-harness.js';

/**
 * What owners ask Aurora, through the simulator and the offline Aurora over a seeded agenda:
 * each question must get the kind of answer it asked for (a list, "tá cheio?", a count, the
 * revenue, the day's overview or the period report) with the right figures — never the help
 * menu or today's numbers for "amanhã tá cheio?".
 *
 * The clock stands on Tuesday 01/12/2026, 09:00 in São Paulo; the shop opens 08–18 every day,
 * one bath and one grooming at a time.
 *   yesterday (Mon 30/11): 2 baths completed (R$ 130,00), 1 no-show, 1 grooming cancelled;
 *   today (Tue 01/12): a bath completed at 8h, a bath at 11h, a grooming at 14h (confirmed);
 *   tomorrow (Wed 02/12): full — 10 baths and 6 groomings, all booked this morning by the bot;
 *   Saturday 05/12: 3 baths and 1 grooming (confirmed); next week: a bath Monday, a grooming
 *   Friday; the 15th: one bath.
 */
const CORPUS: ReadonlyArray<{ text: string; kind: string; expect: RegExp[] }> = [
  // Is there room?
  { text: 'amanhã tá cheio?', kind: 'lotacao', expect: [/^🔴 Sim, amanhã \(quarta-feira, 02\/12\) está lotado: 16 atendimentos marcados, ocupação de 95%\. Não há mais horários livres\.$/] },
  { text: 'amanha ta cheio', kind: 'lotacao', expect: [/está lotado/] },
  { text: 'como está amanhã? tem vaga?', kind: 'lotacao', expect: [/^🔴 Sim, amanhã/] },
  { text: 'sábado tá cheio?', kind: 'lotacao', expect: [/^🟢 Não, sábado, 05\/12 ainda tem espaço: 4 atendimentos marcados, ocupação de 23%\. Horários livres: Banho: 13 \(a partir de 11h\); Tosa: 15 \(a partir de 9h30\)\.$/] },
  { text: 'tem vaga na quinta?', kind: 'lotacao', expect: [/^🟢 Não, quinta-feira, 03\/12 ainda tem espaço: 0 atendimentos marcados, ocupação de 0%/] },
  { text: 'tá cheio dia 15?', kind: 'lotacao', expect: [/terça-feira, 15\/12 ainda tem espaço: 1 atendimento marcado/] },
  { text: 'e no fim de semana, tá cheio?', kind: 'lotacao', expect: [/de sábado, 05\/12 a domingo, 06\/12 ainda tem espaço: 4 atendimentos marcados/] },
  { text: 'hoje ainda tem horário livre?', kind: 'lotacao', expect: [/^🟢 Não, hoje \(terça-feira, 01\/12\) ainda tem espaço: 3 atendimentos marcados/] },
  // The agenda.
  { text: 'qual a agenda de sábado?', kind: 'agenda', expect: [/^📅 \*Agenda — sábado, 05\/12\* — 4 atendimentos/, /• 8h — Banho · Rex \(Ana\) · agendado/, /• 8h — Tosa · Luna \(João\) · confirmado/, /• 10h — Banho · Thor \(Carla\) · agendado/] },
  { text: 'agenda de amanhã', kind: 'agenda', expect: [/^📅 \*Agenda — amanhã \(quarta-feira, 02\/12\)\* — 16 atendimentos/, /… e mais 1\./] },
  { text: 'o que tem marcado pra hoje?', kind: 'agenda', expect: [/^📅 \*Agenda — hoje \(terça-feira, 01\/12\)\* — 3 atendimentos/, /• 11h — Banho · Mel \(Ana\) · agendado/] },
  { text: 'quem vem sábado?', kind: 'agenda', expect: [/^📅 \*Agenda — sábado, 05\/12\*/] },
  { text: 'agenda da semana que vem', kind: 'agenda', expect: [/^📅 \*Agenda — de segunda-feira, 07\/12 a domingo, 13\/12\* — 2 atendimentos/, /• segunda, 07\/12 9h — Banho · Mel \(Ana\)/, /• sexta, 11\/12 10h — Tosa · Luna \(João\)/] },
  { text: 'agenda do dia 15', kind: 'agenda', expect: [/^📅 \*Agenda — terça-feira, 15\/12\* — 1 atendimento\n• 10h — Banho · Rex \(Ana\) · agendado$/] },
  { text: 'agenda de ontem', kind: 'agenda', expect: [/^📅 \*Agenda — ontem \(segunda-feira, 30\/11\)\* — 3 atendimentos/, /não veio/, /❌ 1 cancelamento$/] },
  { text: 'qual a agenda de domingo?', kind: 'agenda', expect: [/^📅 \*Agenda — domingo, 06\/12\*\nNenhum atendimento marcado\. Horários livres: Banho: 19/] },
  { text: 'a agenda de terça que vem', kind: 'agenda', expect: [/^📅 \*Agenda — terça-feira, 08\/12\*\nNenhum atendimento marcado/] },
  // Counts.
  { text: 'quantos banhos tenho marcados pra sábado?', kind: 'contagem', expect: [/^📋 Sábado, 05\/12: 3 atendimentos de Banho\.$/] },
  { text: 'quantas tosas amanhã?', kind: 'contagem', expect: [/^📋 Amanhã \(quarta-feira, 02\/12\): 6 atendimentos de Tosa\.$/] },
  { text: 'quantos banhos amanhã', kind: 'contagem', expect: [/^📋 Amanhã \(quarta-feira, 02\/12\): 10 atendimentos de Banho\.$/] },
  { text: 'quantos atendimentos tenho amanhã?', kind: 'contagem', expect: [/^📋 Amanhã \(quarta-feira, 02\/12\): 16 atendimentos marcados\.$/] },
  { text: 'quantos clientes vem no sábado?', kind: 'contagem', expect: [/^📋 Sábado, 05\/12: 4 atendimentos marcados \(1 confirmado\)\.$/] },
  { text: 'quantas consultas tenho sábado?', kind: 'contagem', expect: [/^📋 Sábado, 05\/12: nenhum atendimento de consulta marcado\.$/] },
  { text: 'quantos banhos fizemos ontem?', kind: 'contagem', expect: [/^📋 Ontem \(segunda-feira, 30\/11\): 2 atendimentos de Banho\.$/] },
  { text: 'quantos agendamentos foram feitos hoje?', kind: 'contagem', expect: [/^🗓️ Hoje \(terça-feira, 01\/12\): 16 agendamentos feitos no período \(para qualquer data\); para o próprio período estão marcados 3 atendimentos\.$/] },
  // Revenue.
  { text: 'quanto faturei ontem?', kind: 'faturamento', expect: [/^💰 \*Ontem \(segunda-feira, 30\/11\)\*/, /Receita \(concluídos\): R\$ 130,00 em 2 atendimentos/, /⚠️ 1 no-show$/] },
  { text: 'faturamento de ontem', kind: 'faturamento', expect: [/R\$ 130,00 em 2 atendimentos/] },
  { text: 'quanto vou faturar amanhã?', kind: 'faturamento', expect: [/Receita \(concluídos\): R\$ 0,00 em 0 atendimentos/, /A realizar \(agendados e confirmados\): R\$ 1\.130,00 em 16 atendimentos/] },
  { text: 'quanto faturei semana passada', kind: 'faturamento', expect: [/^💰 \*De segunda-feira, 23\/11 a domingo, 29\/11\*\nReceita \(concluídos\): R\$ 0,00/] },
  // A day's overview.
  { text: 'como foi ontem?', kind: 'visao', expect: [/^📅 \*Ontem \(segunda-feira, 30\/11\)\*/, /📋 Atendimentos marcados para o período: 2/, /✅ Concluídos: 2/, /❌ Cancelamentos: 1/, /⚠️ No-shows: 1/, /💰 Receita \(concluídos\): R\$ 130,00/] },
  { text: 'e sábado?', kind: 'visao', expect: [/^📅 \*Sábado, 05\/12\*/, /📋 Atendimentos marcados para o período: 4 \(1 confirmado\)/, /a realizar: R\$ 275,00/, /📈 Ocupação: 23%/] },
  { text: 'como vai ser o dia 15?', kind: 'visao', expect: [/^📅 \*Terça-feira, 15\/12\*/, /Atendimentos marcados para o período: 1/] },
  { text: 'hoje', kind: 'visao', expect: [/^📅 \*Hoje \(terça-feira, 01\/12\)\*/, /📋 Atendimentos marcados para o período: 3 \(1 confirmado\)/, /🗓️ Agendamentos feitos no período \(para qualquer data\): 16/] },
  { text: 'como foi a semana passada?', kind: 'visao', expect: [/^📅 \*De segunda-feira, 23\/11 a domingo, 29\/11\*/] },
  // The period reports (with both ways of counting bookings).
  { text: 'como foi hoje?', kind: 'analytics', expect: [/^📊 \*Hoje\*/, /📋 Atendimentos marcados para hoje: 3/, /🗓️ Agendamentos feitos hoje \(para qualquer data\): 16/, /💰 Receita \(concluídos\): R\$ 65,00/] },
  { text: 'e hoje?', kind: 'analytics', expect: [/^📊 \*Hoje\*/] },
  { text: 'resumo do dia', kind: 'analytics', expect: [/^📊 \*Hoje\*/, /feitos hoje/] },
  { text: 'faturamento', kind: 'analytics', expect: [/^📊 \*Hoje\*/] },
  { text: 'e a semana?', kind: 'analytics', expect: [/^📊 \*Esta semana\*/, /📋 Atendimentos marcados para esta semana: 27/] },
  { text: 'quanto faturei este mês?', kind: 'analytics', expect: [/^📊 \*Este mês\*/] },
  { text: 'como foi o ano?', kind: 'analytics', expect: [/^📊 \*Este ano\*/] },
  // Everything else still answers as before.
  { text: 'clientes inativos', kind: 'inativos', expect: [/Nenhum cliente sem contato há mais de 30 dias/] },
  { text: 'oi', kind: 'ajuda', expect: [/^Oi! Sou a Aurora/, /"amanhã tá cheio\?"/] },
  { text: 'ajuda', kind: 'ajuda', expect: [/^Oi! Sou a Aurora/] },
];

describe('owner questions to the offline Aurora, through the simulator', function () {
  this.timeout(120_000);
  let h: PipelineHarness | undefined;
  let sent = 0;

  before(async () => {
    h = await startPipeline();
    const db = h.storage.db;
    const repos = repositories(db);
    const now = new Date(h.clock.now());
    const tenDaysAgo = new Date(now.getTime() - 10 * 86_400_000);
    const [banho] = await repos.services.list(h.orgId);
    const tosa = await repos.services.create(h.orgId, { name: 'Tosa', category: 'tosa', species: ['cão'], bySize: { M: { durationMin: 90, priceCents: 8000 } } }, tenDaysAgo);
    const people = [['+5511911110001', 'Ana', ['Rex', 'Mel']], ['+5511911110002', 'João', ['Luna', 'Bob']], ['+5511911110003', 'Carla', ['Thor', 'Nina']]] as const;
    const pets = new Map<string, { petId: string; contactId: string }>();
    for (const [phone, name, names] of people) {
      const contact = await repos.contacts.findOrCreateByPhone(h.orgId, { phone, name }, tenDaysAgo);
      await repos.contacts.touchInteraction(h.orgId, contact.id, now);
      for (const pet of names) pets.set(pet, { petId: (await repos.pets.upsert(h.orgId, contact.id, { name: pet, species: 'cão', size: 'M' }, tenDaysAgo)).id, contactId: contact.id });
    }
    const book = async (localStart: string, pet: string, service: 'banho' | 'tosa', status: string, createdAt: Date) => {
      const svc = service === 'banho' ? banho! : tosa;
      const minutes = service === 'banho' ? 60 : 90;
      const starts = new Date(`${localStart}:00-03:00`);
      const ends = new Date(starts.getTime() + minutes * 60_000);
      const { petId, contactId } = pets.get(pet)!;
      await db.insertInto('bookings').values({
        org_id: h!.orgId, contact_id: contactId, pet_id: petId, service_id: svc.id, category: service, pet_size: 'M', starts_at: starts, ends_at: ends,
        blocked_until: ends, status: status as 'scheduled', price_cents: service === 'banho' ? 6500 : 8000, source: 'whatsapp', created_at: createdAt, updated_at: createdAt,
      }).execute();
    };
    // Yesterday, today, Saturday, next week and the 15th were booked ten days ago.
    await book('2026-11-30T08:00', 'Rex', 'banho', 'completed', tenDaysAgo);
    await book('2026-11-30T10:00', 'Mel', 'banho', 'completed', tenDaysAgo);
    await book('2026-11-30T12:00', 'Thor', 'banho', 'no_show', tenDaysAgo);
    await book('2026-11-30T14:00', 'Luna', 'tosa', 'cancelled', tenDaysAgo);
    await book('2026-12-01T08:00', 'Rex', 'banho', 'completed', tenDaysAgo);
    await book('2026-12-01T11:00', 'Mel', 'banho', 'scheduled', tenDaysAgo);
    await book('2026-12-01T14:00', 'Luna', 'tosa', 'confirmed', tenDaysAgo);
    await book('2026-12-05T08:00', 'Rex', 'banho', 'scheduled', tenDaysAgo);
    await book('2026-12-05T09:00', 'Mel', 'banho', 'scheduled', tenDaysAgo);
    await book('2026-12-05T10:00', 'Thor', 'banho', 'scheduled', tenDaysAgo);
    await book('2026-12-05T08:00', 'Luna', 'tosa', 'confirmed', tenDaysAgo);
    await book('2026-12-07T09:00', 'Mel', 'banho', 'scheduled', tenDaysAgo);
    await book('2026-12-11T10:00', 'Luna', 'tosa', 'scheduled', tenDaysAgo);
    await book('2026-12-15T10:00', 'Rex', 'banho', 'scheduled', tenDaysAgo);
    // Tomorrow is full, all of it booked by the bot this morning.
    const bathers = ['Rex', 'Mel', 'Thor', 'Nina', 'Bob'];
    for (let hour = 8; hour < 18; hour++) await book(`2026-12-02T${String(hour).padStart(2, '0')}:00`, bathers[hour % 5]!, 'banho', 'scheduled', now);
    for (const start of ['08:00', '09:30', '11:00', '12:30', '14:00', '15:30']) await book(`2026-12-02T${start}`, 'Luna', 'tosa', 'scheduled', now); // back to back: a pet holds one booking at a time
  });

  after(async () => {
    await h?.stop();
    h = undefined;
  });

  it('holds at least forty owner questions', () => {
    expect(CORPUS.length).to.be.at.least(40);
  });

  for (const { text, kind, expect: patterns } of CORPUS) {
    it(`${JSON.stringify(text)} → ${kind}`, async () => {
      h!.simulator.inject(h!.instanceId, { from: OWNER, text, id: `OWNER-${++sent}` });
      await h!.untilInbox(sent);
      await h!.settle();
      const replies = h!.simulator.sentTo(h!.instanceId, OWNER).map((m) => m.text);
      expect(replies, 'one reply per question').to.have.length(sent);
      const reply = replies.at(-1)!;
      for (const pattern of patterns) expect(reply).to.match(pattern);
    });
  }
});
