import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { signIn, signInWithPassword, type BrowserSession } from '../support/browser.js';
import { useBrowserApp } from '../support/browser-app.js';
import type { FullApp } from '../support/full-app.js';
import { CUSTOMER } from '../support/pipeline-harness.js';
import { TEST_ADMIN_TOKEN } from '../support/test-app.js';

/**
 * Owners and staff in a real Chromium: the operator creates a shop and hands over the owner's
 * invite link, the owner sets a password and invites staff, staff answer customers under their
 * own name but are refused the Loja screen.
 */
describe('owners and staff in a real browser', function () {
  this.timeout(180_000);

  const browserApp = useBrowserApp();
  let browser: BrowserSession;

  async function start(): Promise<{ app: FullApp; page: Page }> {
    const started = await browserApp.start();
    browser = started.browser;
    return started;
  }

  /** Opens an invite or reset link and chooses the password there. */
  async function acceptLink(page: Page, url: string, password: string): Promise<void> {
    await page.goto(url);
    await page.getByRole('heading', { name: 'Crie sua senha' }).waitFor();
    await page.getByLabel('Nova senha').fill(password);
    await page.getByLabel('Repita a senha').fill(password);
    await page.getByRole('button', { name: 'Salvar senha' }).click();
    await page.getByText('Senha criada. Entre com seu e-mail e a nova senha.').waitFor();
    expect(new URL(page.url()).search, 'the spent link leaves the address bar').to.equal('');
  }

  it('creates a shop as the operator, then its owner sets a password, sees the setup checklist and invites staff', async () => {
    const { app, page } = await start();
    await signIn(page, app.http.baseUrl, { token: TEST_ADMIN_TOKEN, orgName: 'Pet Shop Teste' });
    await page.getByRole('button', { name: 'Trocar loja' }).click();
    await page.getByRole('button', { name: 'Criar loja' }).click();
    await page.getByLabel('Nome da loja').fill('Banho & Tosa da Vila');
    await page.getByLabel('Fuso horário').selectOption('America/Manaus');
    await page.getByLabel('Nome do dono').fill('Rosa');
    await page.getByLabel('E-mail do dono').fill('Rosa@VilaPet.com.br');
    await page.getByLabel('Nome do número').fill('Balcão');
    await page.getByLabel('Tipo').selectOption('simulator');
    await page.getByRole('button', { name: 'Criar loja' }).click();
    await page.getByRole('heading', { name: 'Loja “Banho & Tosa da Vila” criada' }).waitFor();
    const token = await page.getByLabel('Token da loja').inputValue();
    expect(token).to.match(/^pat_/);
    const inviteUrl = await page.getByLabel('Link de convite para Rosa (vale 7 dias)').inputValue();

    const created = await app.storage.db.selectFrom('organizations').select(['id', 'timezone']).where('name', '=', 'Banho & Tosa da Vila').executeTakeFirstOrThrow();
    expect(created.timezone).to.equal('America/Manaus');
    const numbers = await app.storage.db.selectFrom('instances').select(['name', 'transport']).where('org_id', '=', created.id).execute();
    expect(numbers).to.deep.equal([{ name: 'Balcão', transport: 'simulator' }]);

    await page.getByRole('button', { name: 'Abrir a loja' }).click();
    expect(await page.getByTestId('org-name').textContent()).to.equal('Banho & Tosa da Vila');
    const setup = page.locator('.setup-card');
    await setup.getByRole('heading', { name: 'Primeiros passos' }).waitFor();
    await setup.locator('[data-step="services"][data-done="false"]').waitFor();
    await setup.locator('[data-step="owner-account"][data-done="false"]').waitFor();

    // The owner, on another browser profile, follows the link.
    const owner = await browser.newPage();
    await page.getByRole('button', { name: 'Sair', exact: true }).click();
    await acceptLink(owner, inviteUrl, 'a rosa cuida da vila');
    await signInWithPassword(owner, app.http.baseUrl, 'rosa@vilapet.com.br', 'a rosa cuida da vila');
    await owner.getByTestId('signed-in-user').filter({ hasText: 'Rosa · dono' }).waitFor();
    await owner.locator('.setup-card [data-step="owner-account"][data-done="true"]').waitFor();
    await owner.locator('.setup-card [data-step="linked-number"][data-done="true"]').waitFor(); // the simulator number links itself

    await owner.locator('.setup-card').getByRole('link', { name: /serviços com preço por porte/ }).click();
    await owner.getByRole('tab', { name: 'Serviços', selected: true }).waitFor();
    await owner.getByRole('tab', { name: 'Equipe' }).click();
    await owner.getByTestId('people').locator('tr', { hasText: 'rosa@vilapet.com.br' }).filter({ hasText: 'Ativo' }).waitFor();
    await owner.getByLabel('Nome', { exact: true }).fill('Bia');
    await owner.getByLabel('E-mail', { exact: true }).fill('bia@vilapet.com.br');
    await owner.getByRole('button', { name: 'Convidar' }).click();
    await owner.getByText('Bia foi convidado(a).').waitFor();
    const staffLink = await owner.getByLabel('Link de convite para Bia').inputValue();
    expect(new URL(staffLink).searchParams.get('link')).to.match(/^lnk_/);
    await owner.getByTestId('people').locator('tr', { hasText: 'bia@vilapet.com.br' }).filter({ hasText: 'Convite pendente' }).waitFor();
  });

  it('lets staff answer a customer under their own name, refuses them the Loja screen, and signs out everywhere', async () => {
    const { app, page } = await start();
    const base = `/api/orgs/${app.orgId}`;
    const invite = await app.http.request('POST', `${base}/users`, { token: app.token, json: { email: 'bia@petshop.com', name: 'Bia', role: 'staff' } });
    expect(invite.status, JSON.stringify(invite.body)).to.equal(201);
    app.simulator.inject(app.instanceId, { from: CUSTOMER, text: 'oi', id: 'WA-STAFF-UI-1', pushName: 'Ana' });
    await app.settle();

    await acceptLink(page, invite.body.inviteUrl, 'senha da bia 2026');
    await page.getByLabel('E-mail').fill('bia@petshop.com');
    await page.getByLabel('Senha').fill('senha errada demais');
    await page.getByRole('button', { name: 'Entrar', exact: true }).click();
    await page.getByText('E-mail ou senha incorretos.').waitFor();
    await signInWithPassword(page, app.http.baseUrl, 'bia@petshop.com', 'senha da bia 2026');
    await page.getByTestId('signed-in-user').filter({ hasText: 'Bia · equipe' }).waitFor();

    // Staff: no Loja in the menu, and the screen itself refuses them.
    expect(await page.getByRole('link', { name: 'Loja' }).count()).to.equal(0);
    await page.goto(`${app.http.baseUrl}/#/loja`);
    await page.getByRole('heading', { name: 'Loja: só para o dono' }).waitFor();
    expect(await page.locator('.setup-card').count()).to.equal(0);

    // The reply goes out through the cookie session, and is Bia's.
    await page.getByRole('link', { name: 'Ir para Conversas' }).click();
    await page.locator('.conv-item', { hasText: 'Ana' }).click();
    await page.getByLabel('Resposta da equipe').fill('Oi Ana, aqui é a Bia!');
    await page.getByRole('button', { name: 'Enviar' }).click();
    const thread = page.getByRole('log', { name: 'Mensagens' });
    await thread.locator('.msg-staff', { hasText: 'Oi Ana, aqui é a Bia!' }).locator('.msg-meta', { hasText: /^Bia · \d\d:\d\d$/ }).waitFor();
    await app.settle();
    expect(app.simulator.sentTo(app.instanceId, CUSTOMER).map((m) => m.text)).to.include('Oi Ana, aqui é a Bia!');
    const audit = await app.storage.db.selectFrom('audit_log').select(['actor']).where('action', '=', 'conversation.staff_reply').executeTakeFirstOrThrow();
    expect(audit.actor).to.equal(`staff:${invite.body.user.id}`);

    // Live updates reach a cookie session too.
    app.simulator.inject(app.instanceId, { from: CUSTOMER, text: 'obrigada Bia', id: 'WA-STAFF-UI-2' });
    await app.settle();
    await thread.locator('.msg-in', { hasText: 'obrigada Bia' }).waitFor();

    // A wrong current password is said in the form, and does not sign her out.
    await page.getByRole('button', { name: 'Trocar senha' }).click();
    const change = page.getByRole('dialog', { name: 'Trocar senha' });
    await change.getByLabel('Senha atual').fill('não lembro mais');
    await change.getByLabel('Nova senha', { exact: true }).fill('nova senha da bia');
    await change.getByLabel('Repita a nova senha').fill('nova senha da bia');
    await change.getByRole('button', { name: 'Salvar nova senha' }).click();
    await change.getByText('A senha atual não confere.').waitFor();
    await change.getByLabel('Senha atual').fill('senha da bia 2026');
    await change.getByRole('button', { name: 'Salvar nova senha' }).click();
    await page.getByText('Senha trocada. Os outros aparelhos saíram.').waitFor();
    await page.getByTestId('signed-in-user').filter({ hasText: 'Bia · equipe' }).waitFor();

    await page.getByRole('button', { name: 'Sair de todos os aparelhos' }).click();
    await page.getByText('Você saiu em todos os aparelhos.').waitFor();
    const sessions = await app.storage.db.selectFrom('user_sessions').select('token_hash').execute();
    expect(sessions).to.deep.equal([]);
  });
});
