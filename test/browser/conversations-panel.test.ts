import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { TOKEN_SENDER_NAME } from '../../http/message-sender.js';
import { repositories } from '../../storage/repositories.js';
import { eventually, signIn } from '../support/browser.js';
import { useBrowserApp } from '../support/browser-app.js';
import type { FullApp } from '../support/full-app.js';
import { ScriptedAgent } from '../support/pipeline-harness.js';

/**
 * Conversas in a real Chromium: the customer's side panel (pets with sizes, next and past
 * bookings, the team's note), a canned reply filled with the pet's name, search and the
 * "Esperando há mais tempo" filter, and every staff reply showing who sent it.
 *
 * The dashboard signs in with the shop's token here, so the browser's own reply is the shop's
 * team; a staff member's reply is sent with her session cookie and arrives live, named (a staff
 * member signed in on the dashboard itself: test/browser/staff.test.ts).
 */
describe('Conversas side panel, canned replies and attribution in a real browser', function () {
  this.timeout(120_000);

  const browserApp = useBrowserApp();
  let app: FullApp | undefined;

  const ANA = '+5511911110001';
  const BRUNO = '+5511911110002';

  const handingOff = () =>
    new ScriptedAgent((input) => (/atendente/.test(input.text)
      ? { reply: 'Claro! Já chamei alguém da equipe.', escalate: { reason: 'cliente pediu atendente' } }
      : { reply: `Recebi: ${input.text}` }));

  async function start(): Promise<{ app: FullApp; page: Page }> {
    const started = await browserApp.start({ agent: handingOff() });
    app = started.app;
    return started;
  }

  const api = async (method: string, path: string, json?: unknown) => {
    const res = await app!.http.request(method, `${app!.base}${path}`, { token: app!.token, ...(json !== undefined && { json }) });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  /** Bia, a staff member: invited with the shop's token, her password set through the link, signed in (her session cookie). */
  async function bia(): Promise<string> {
    const invite = await api('POST', '/users', { email: 'bia@petshop.com', name: 'Bia', role: 'staff' });
    const token = new URL(invite.inviteUrl).searchParams.get('link')!;
    expect((await app!.http.request('POST', '/api/auth/password', { json: { token, password: 'senha da bia 2026' } })).status).to.equal(204);
    const signIn = await fetch(`${app!.http.baseUrl}/api/auth/sign-in`, {
      method: 'POST', headers: { 'content-type': 'application/json', origin: app!.http.baseUrl }, body: JSON.stringify({ email: 'bia@petshop.com', password: 'senha da bia 2026' }),
    });
    expect(signIn.status).to.equal(200);
    return signIn.headers.get('set-cookie')!.split(';')[0]!;
  }

  it('shows the customer\'s pets and bookings, inserts a canned reply with the pet\'s name, and names who sent each reply', async () => {
    const { app, page } = await start();
    app.simulator.inject(app.instanceId, { from: ANA, text: 'quero falar com um atendente', id: 'WA-1', pushName: 'Ana Lima' });
    await app.settle();
    app.simulator.inject(app.instanceId, { from: BRUNO, text: 'oi, tem banho hoje?', id: 'WA-2', pushName: 'Bruno Reis' });
    await app.settle();
    const ana = (await repositories(app.storage.db).contacts.findByPhone(app.orgId, ANA))!;
    const thor = await api('POST', `/contacts/${ana.id}/pets`, { name: 'Thor', species: 'cão', size: 'M', breed: 'vira-lata' });
    await app.storage.db.updateTable('pets').set({ sex: 'macho' }).where('id', '=', thor.id).execute();
    const [banho] = (await api('GET', '/services')).items;
    await api('POST', '/bookings', { contactId: ana.id, petId: thor.id, serviceId: banho.id, startsAt: '2026-12-02T10:00:00-03:00' });
    await app.storage.db.insertInto('bookings').values({
      org_id: app.orgId, contact_id: ana.id, pet_id: thor.id, service_id: banho.id, category: 'banho', pet_size: 'M',
      starts_at: '2026-11-20T13:00:00Z', ends_at: '2026-11-20T14:00:00Z', blocked_until: '2026-11-20T14:00:00Z', status: 'completed', price_cents: 6500, source: 'whatsapp',
      created_at: '2026-11-19T13:00:00Z', updated_at: '2026-11-20T14:00:00Z',
    }).execute();
    await api('POST', '/canned-replies', { title: 'Pet pronto', text: 'Oi, {cliente}! {pet} já está pronto aqui na {loja}. 🐾' });
    const biaCookie = await bia();

    await signIn(page, app.http.baseUrl, { token: app.token, orgId: app.orgId });
    await page.getByRole('link', { name: 'Conversas' }).click();
    await page.locator('.conv-item', { hasText: 'Bruno' }).waitFor();

    // Search by name; then "Esperando há mais tempo" lists Ana, who asked for a person and has no answer yet.
    await page.getByRole('searchbox', { name: /Buscar conversas/ }).fill('ana lima');
    await eventually(async () => expect(await page.locator('.conv-item').count()).to.equal(1));
    await page.getByRole('searchbox', { name: /Buscar conversas/ }).fill('');
    await page.locator('.conv-item', { hasText: 'Bruno' }).waitFor();
    await page.getByRole('button', { name: 'Esperando há mais tempo' }).click();
    const waiting = page.locator('.conv-item', { hasText: 'Ana Lima' });
    await waiting.getByTestId('waiting-since').filter({ hasText: /^Esperando há/ }).waitFor();
    await eventually(async () => expect(await page.locator('.conv-item').count()).to.equal(1));
    await waiting.click();

    // The side panel: the pet with its size and sex, the next and the past booking.
    const panel = page.getByTestId('customer-panel');
    await panel.locator('.panel-name', { hasText: 'Ana Lima' }).waitFor();
    await panel.locator('.panel-pet', { hasText: 'Thor' }).filter({ hasText: 'cão · vira-lata · porte médio (M) · macho' }).waitFor();
    await panel.locator('[data-section="next-bookings"] .panel-booking', { hasText: 'Banho · Thor' }).filter({ hasText: '10:00' }).filter({ hasText: 'Agendado' }).waitFor();
    await panel.locator('[data-section="past-bookings"] .panel-booking', { hasText: 'Banho · Thor' }).filter({ hasText: 'Concluído' }).waitFor();
    await panel.getByTestId('privacy-panel').locator('[data-consent="none"]').waitFor();
    await page.getByTestId('thread-handoff-reason').filter({ hasText: 'cliente pediu atendente' }).waitFor();

    // The team's note.
    await panel.getByLabel('Anotações da equipe sobre o cliente').fill('Thor tem medo de secador.');
    await panel.getByRole('button', { name: 'Salvar anotação' }).click();
    await page.getByText('Anotação salva.').waitFor();
    expect((await app.storage.db.selectFrom('contacts').select('notes').where('id', '=', ana.id).executeTakeFirstOrThrow()).notes).to.equal('Thor tem medo de secador.');

    // A canned reply, filled with the pet's name, edited, sent: it shows who sent it.
    await page.locator('.canned-picker > summary').click();
    await page.getByRole('button', { name: 'Inserir “Pet pronto”' }).click();
    const reply = page.getByLabel('Resposta da equipe');
    expect(await reply.inputValue()).to.equal('Oi, Ana! Thor já está pronto aqui na Pet Shop Teste. 🐾');
    await reply.press('End');
    await reply.pressSequentially(' Pode vir buscar!');
    await page.getByRole('button', { name: 'Enviar', exact: true }).click();
    const thread = page.getByRole('log', { name: 'Mensagens' });
    const mine = thread.locator('.msg-staff', { hasText: 'Thor já está pronto aqui na Pet Shop Teste. 🐾 Pode vir buscar!' });
    await mine.locator('.msg-meta', { hasText: `${TOKEN_SENDER_NAME} · 09:` }).waitFor();
    await page.locator('[data-testid="mode-badge"][data-mode="human"]').waitFor();
    await page.getByText('Ninguém esperando resposta').waitFor(); // answered: Ana leaves the queue

    // Bia answers from her own session: the reply arrives live with her name.
    const conversationId = (await app.storage.db.selectFrom('conversations').select('id').where('contact_id', '=', ana.id).executeTakeFirstOrThrow()).id;
    const sent = await fetch(`${app.http.baseUrl}${app.base}/conversations/${conversationId}/reply`, {
      method: 'POST', headers: { cookie: biaCookie, origin: app.http.baseUrl, 'content-type': 'application/json' }, body: JSON.stringify({ text: 'Aqui é a Bia, te espero!' }),
    });
    expect(sent.status).to.equal(201);
    await thread.locator('.msg-staff[data-sent-by="staff"]', { hasText: 'Aqui é a Bia, te espero!' }).getByTestId('msg-sender').filter({ hasText: /^Bia$/ }).waitFor();
    await app.settle();
    expect(app.simulator.sentTo(app.instanceId, ANA).map((m) => m.text)).to.deep.equal([
      'Claro! Já chamei alguém da equipe.', 'Oi, Ana! Thor já está pronto aqui na Pet Shop Teste. 🐾 Pode vir buscar!', 'Aqui é a Bia, te espero!',
    ]);

    // Opened again, the thread still names both (from the messages API).
    await page.getByRole('button', { name: 'Todas' }).click();
    await page.locator('.conv-item', { hasText: 'Bruno' }).click();
    await page.locator('.conv-item', { hasText: 'Ana Lima' }).click();
    await thread.locator('.msg-staff', { hasText: 'Aqui é a Bia' }).locator('.msg-meta', { hasText: /^Bia · \d\d:\d\d$/ }).waitFor();
    await thread.locator('.msg-staff', { hasText: 'Pode vir buscar!' }).locator('.msg-meta', { hasText: `${TOKEN_SENDER_NAME} · ` }).waitFor();
    const note = page.getByTestId('customer-panel').getByLabel('Anotações da equipe sobre o cliente');
    await eventually(async () => expect(await note.inputValue()).to.equal('Thor tem medo de secador.'));
  });

  it('lets the owner add a canned reply and leaves a variable without a value visible and selected', async () => {
    const { app, page } = await start();
    app.simulator.inject(app.instanceId, { from: BRUNO, text: 'oi', id: 'WA-1', pushName: 'Bruno Reis' });
    await app.settle();
    await signIn(page, app.http.baseUrl, { token: app.token, orgId: app.orgId });
    await page.getByRole('link', { name: 'Conversas' }).click();
    await page.locator('.conv-item', { hasText: 'Bruno' }).click();
    await page.getByTestId('customer-panel').getByText('Nenhum pet cadastrado.').waitFor();

    await page.locator('.canned-picker > summary').click();
    await page.getByRole('button', { name: 'Gerenciar respostas prontas' }).click();
    const dialog = page.getByRole('dialog', { name: 'Respostas prontas' });
    await dialog.getByLabel('Título').fill('Banho pronto');
    await dialog.getByLabel('Texto').fill('Oi, {nome}! {pet} está pronto.');
    await dialog.getByRole('button', { name: 'Salvar resposta' }).click();
    await dialog.getByText('Variável desconhecida: {nome}.').waitFor();
    await dialog.getByLabel('Texto').fill('Oi, {cliente}! {pet} está pronto.');
    await dialog.getByRole('button', { name: 'Salvar resposta' }).click();
    await dialog.locator('.canned-admin-item', { hasText: 'Banho pronto' }).waitFor();
    await dialog.getByRole('button', { name: 'Fechar' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.locator('.canned-picker > summary').click();
    await page.getByRole('button', { name: 'Inserir “Banho pronto”' }).click();
    const reply = page.getByLabel('Resposta da equipe');
    expect(await reply.inputValue()).to.equal('Oi, Bruno! {pet} está pronto.');
    const selection = await reply.evaluate((el) => {
      const area = el as unknown as { value: string; selectionStart: number; selectionEnd: number };
      return area.value.slice(area.selectionStart, area.selectionEnd);
    });
    expect(selection, 'the gap is selected, ready to be typed over').to.equal('{pet}');
    await page.getByText('Complete antes de enviar: {pet}.').waitFor();
    await reply.pressSequentially('Rex');
    expect(await reply.inputValue()).to.equal('Oi, Bruno! Rex está pronto.');
    await eventually(async () => expect(await page.locator('.canned-note').textContent()).to.equal(''));
  });
});
