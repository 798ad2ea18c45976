import { expect } from 'chai';
import type { Page } from 'playwright-core';
import QRCode from 'qrcode';
import { bookingAgent, eventually, signIn, type BrowserSession } from '../support/browser.js';
import { useBrowserApp } from '../support/browser-app.js';
import { startFullApp, type FullApp } from '../support/full-app.js';
import { CUSTOMER, OWNER, ScriptedAgent } from '../support/pipeline-harness.js';
import { repositories } from '../../storage/repositories.js';
import { TEST_ADMIN_TOKEN } from '../support/test-app.js';
import { ConsentRepository } from '../../storage/consent.repository.js';
import type { ClusterPort } from '../../http/cluster-port.js';

/**
 * The dashboard in a real Chromium against the real app: HTTP routes,
 * Socket.IO and the actor tree on a fake clock (`app.settle()` lets the
 * actors answer; the browser's own timers run in real time).
 */
describe('dashboard in a real browser', function () {
  this.timeout(120_000);

  const browserApp = useBrowserApp();
  let browser: BrowserSession;

  async function start(options: Parameters<typeof startFullApp>[0] = {}): Promise<{ app: FullApp; page: Page }> {
    const started = await browserApp.start(options);
    browser = started.browser;
    return started;
  }

  it('books a service through the Simulador and shows it live on the Agenda', async () => {
    const agent = bookingAgent();
    const { app, page } = await start({ agent });
    await signIn(page, app.http.baseUrl, { token: app.token, orgId: app.orgId });
    expect(await page.getByRole('link', { name: 'Supervisão' }).count()).to.equal(0); // org token: no operator screen

    // A second tab keeps tomorrow's agenda open, to see the booking arrive live.
    const agenda = await browser.newPage();
    await agenda.goto(`${app.http.baseUrl}/#/agenda`);
    await agenda.getByRole('button', { name: 'Próximo' }).click();
    await agenda.getByText('Quarta-feira, 2 de dezembro de 2026').waitFor();
    await agenda.getByText('Dia livre').waitFor();

    await page.getByRole('link', { name: 'Simulador' }).click();
    await page.getByText(/Conversa com \+55 11 98765-4321/).waitFor();
    const shop = page.locator('.wa-shop:not(.wa-typing)');
    const say = async (text: string, reply: RegExp, replies: number) => {
      await page.getByLabel('Mensagem do cliente').fill(text);
      if (replies === 1) await page.getByRole('button', { name: 'Enviar mensagem' }).click();
      else await page.getByLabel('Mensagem do cliente').press('Enter');
      await page.locator('.wa-customer[data-state="sent"]', { hasText: text }).last().waitFor();
      await app.settle();
      await shop.nth(replies - 1).filter({ hasText: reply }).waitFor();
    };
    await say('quero banho pro meu cachorro', /Confirma\? \(sim\/não\)/, 1);
    await say('sim', /^Pronto! Rex está cadastrado/, 2);
    await say('amanhã às 10', /Confirma\? \(sim\/não\)/, 3);
    await say('sim', /Agendado! ✅ Banho para Rex em quarta-feira, 02\/12, às 10h/, 4);
    expect(await shop.count()).to.equal(4);

    const card = agenda.locator('.booking-card');
    await card.filter({ hasText: 'Banho · Rex' }).waitFor();
    await card.filter({ hasText: '10:00' }).filter({ hasText: 'pelo WhatsApp' }).filter({ hasText: 'Agendado' }).waitFor();
    await card.filter({ hasText: '+55 11 98765-4321' }).waitFor();
    await agenda.getByText(/1 atendimento · previsto R\$\s65,00/).waitFor();

    await card.getByRole('button', { name: 'Confirmar' }).click();
    await card.locator('.booking-status', { hasText: 'Confirmado' }).waitFor();
    const stored = await app.storage.db.selectFrom('bookings').select(['status', 'source']).execute();
    expect(stored).to.deep.equal([{ status: 'confirmed', source: 'whatsapp' }]);
  });

  it('takes a conversation over with a staff reply and hands it back to the robot', async () => {
    const { app, page } = await start();
    app.simulator.inject(app.instanceId, { from: CUSTOMER, text: 'oi', id: 'WA-1', pushName: 'Ana' });
    await app.settle();
    await signIn(page, app.http.baseUrl, { token: app.token }); // the shop's token alone is enough

    await page.getByRole('link', { name: 'Conversas' }).click();
    await page.locator('.conv-item', { hasText: 'Ana' }).click();
    const thread = page.getByRole('log', { name: 'Mensagens' });
    await thread.locator('.msg-in', { hasText: 'oi' }).waitFor();
    await thread.locator('.msg-bot', { hasText: 'Recebi: oi' }).waitFor();
    const badge = page.getByTestId('mode-badge');
    expect(await badge.textContent()).to.equal('Robô');

    await page.getByLabel('Resposta da equipe').fill('Oi Ana, aqui é a Carla da loja!');
    await page.getByRole('button', { name: 'Enviar' }).click();
    await thread.locator('.msg-staff', { hasText: 'Oi Ana, aqui é a Carla da loja!' }).waitFor();
    await page.locator('[data-testid="mode-badge"][data-mode="human"]', { hasText: 'Humano' }).waitFor();
    await page.locator('.nav-link[data-route="conversas"] .nav-badge', { hasText: '1' }).waitFor(); // the human inbox counts it

    await page.getByRole('button', { name: 'Humano', exact: true }).click();
    await page.locator('.conv-item[data-mode="human"]', { hasText: 'Ana' }).waitFor();

    // The customer answers; the robot stays silent and the message appears live.
    app.simulator.inject(app.instanceId, { from: CUSTOMER, text: 'obrigada Carla', id: 'WA-2' });
    await app.settle();
    await thread.locator('.msg-in', { hasText: 'obrigada Carla' }).waitFor();

    await page.getByRole('button', { name: 'Devolver ao robô' }).click();
    await page.locator('[data-testid="mode-badge"][data-mode="bot"]', { hasText: 'Robô' }).waitFor();
    await page.getByText('Conversa devolvida ao robô.').waitFor();

    app.simulator.inject(app.instanceId, { from: CUSTOMER, text: 'oi de novo', id: 'WA-3' });
    await app.settle();
    await thread.locator('.msg-bot', { hasText: 'Recebi: oi de novo' }).waitFor();
    expect(app.simulator.sentTo(app.instanceId, CUSTOMER).map((m) => m.text)).to.deep.equal(['Recebi: oi', 'Oi Ana, aqui é a Carla da loja!', 'Recebi: oi de novo']);
  });

  it('records consent, downloads the customer\'s data and deletes it from the conversation\'s side panel', async () => {
    const { app, page } = await start();
    app.simulator.inject(app.instanceId, { from: CUSTOMER, text: 'oi', id: 'WA-1', pushName: 'Ana' });
    await app.settle();
    await signIn(page, app.http.baseUrl, { token: app.token });
    await page.getByRole('link', { name: 'Conversas' }).click();
    await page.locator('.conv-item', { hasText: 'Ana' }).click();
    const panel = page.getByTestId('privacy-panel');
    await panel.locator('[data-consent="none"]', { hasText: 'Sem autorização para promoções' }).waitFor();

    await panel.getByRole('button', { name: 'Registrar autorização' }).click();
    await panel.locator('[data-consent="granted"]', { hasText: /^Aceita promoções desde/ }).waitFor();
    const contact = (await repositories(app.storage.db).contacts.findByPhone(app.orgId, CUSTOMER))!;
    expect(contact.marketingConsentAt).to.be.a('string');

    const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Baixar dados' }).click()]);
    expect(download.suggestedFilename()).to.equal(`dados-Ana-${contact.id.slice(0, 8)}.json`);

    await panel.getByRole('button', { name: 'Apagar dados' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Apagar dados' }).click();
    await page.getByText('Dados do cliente apagados.').waitFor();
    await panel.locator('[data-consent="anonymized"]', { hasText: 'Dados apagados' }).waitFor();
    expect((await repositories(app.storage.db).contacts.findById(app.orgId, contact.id))!.anonymizedAt).to.be.a('string');
    const actions = await app.storage.db.selectFrom('audit_log').select('action').where('entity_id', '=', contact.id).orderBy('id').execute();
    expect(actions.map((a) => a.action)).to.deep.equal(['contact.exported', 'contact.anonymized']);

    // The owner sees who did it on Loja → Registro de acessos.
    await page.getByRole('link', { name: 'Loja' }).click();
    await page.getByRole('tab', { name: 'Registro de acessos' }).click();
    const log = page.getByTestId('access-log');
    await log.locator('tr[data-action="contact.anonymized"]', { hasText: 'Apagou os dados de um cliente' }).waitFor();
    await log.locator('tr[data-action="contact.exported"]', { hasText: 'Token da loja' }).waitFor();
    await log.locator('tr[data-action="conversation.read"]', { hasText: 'Leu uma conversa' }).first().waitFor();
  });

  it('shows why a conversation is with the team, as the API stored it, in the list and the thread', async () => {
    const agent = new ScriptedAgent((input) => (/atendente/.test(input.text) ? { reply: 'Claro! Já chamei alguém da equipe.', escalate: { reason: 'cliente pediu atendente' } } : { reply: 'ok' }));
    const { app, page } = await start({ agent });
    app.simulator.inject(app.instanceId, { from: CUSTOMER, text: 'quero um atendente', id: 'WA-1', pushName: 'Ana' });
    await app.settle(); // handed off before the page opens: only the API can tell the reason
    await signIn(page, app.http.baseUrl, { token: app.token });
    await page.getByRole('link', { name: 'Conversas' }).click();
    const item = page.locator('.conv-item[data-mode="human"]', { hasText: 'Ana' });
    await item.getByTestId('handoff-reason').filter({ hasText: 'Motivo: cliente pediu atendente' }).waitFor();
    await item.click();
    await page.getByTestId('thread-handoff-reason').filter({ hasText: 'cliente pediu atendente' }).waitFor();
    await page.getByText('Você está atendendo (cliente pediu atendente)').waitFor();
  });

  it('shows a dropped WhatsApp connection live on Conexão until it reconnects', async () => {
    const { app, page } = await start();
    await signIn(page, app.http.baseUrl, { token: app.token, orgId: app.orgId });
    await page.getByRole('link', { name: 'Conexão' }).click();
    const card = page.locator(`.instance-card[data-instance-id="${app.instanceId}"]`);
    const status = card.getByTestId('instance-status');
    await status.filter({ hasText: 'Conectado' }).waitFor();

    app.simulator.dropConnection(app.instanceId, 428);
    await app.settle(200); // the close is handled; the backoff timer (≥ 4 s) has not fired
    await status.filter({ hasText: 'Reconectando' }).waitFor();
    await card.locator('.retry-info', { hasText: /a conexão caiu\. Nova tentativa em \d+ s \(tentativa 1\)/ }).waitFor();

    await app.settle(10_000);
    await status.filter({ hasText: 'Conectado' }).waitFor();
    expect(await card.getAttribute('data-status')).to.equal('open');
    // Its figures: the reconnect counted, and the history names the drop.
    await card.locator('[data-role="reconnects"] dd', { hasText: /^1$/ }).waitFor();
    await card.locator('[data-role="queued"] dd', { hasText: /^0$/ }).waitFor();
    await card.getByText('Histórico da conexão').click();
    await card.locator('.connection-history li[data-status="reconnecting"]', { hasText: 'a conexão caiu (código 428)' }).waitFor();

    // A number that keeps failing raises the owner alert as a banner.
    app.simulator.failNextConnects(4, 428);
    app.simulator.dropConnection(app.instanceId, 428);
    const banner = page.getByRole('alert').filter({ hasText: 'O número de WhatsApp falhou 5 vezes seguidas' });
    for (let i = 0; i < 10 && (await app.storage.db.selectFrom('instances').select('consecutive_failures').where('id', '=', app.instanceId).executeTakeFirstOrThrow()).consecutive_failures < 5; i++) {
      await app.settle(10_000); // backoff 5 s × 1.5ⁿ with jitter
    }
    await banner.waitFor();
    await app.settle(60_000); // the next attempt goes through
    await status.filter({ hasText: 'Conectado' }).waitFor();

    // A real number being linked: the QR code and the pairing code arrive as events and show on its card.
    const reception = (await app.http.request('POST', `${app.base}/instances`, { token: app.token, json: { name: 'Recepção', transport: 'baileys' } })).body;
    await page.getByRole('button', { name: 'Atualizar' }).click();
    const receptionCard = page.locator(`.instance-card[data-instance-id="${reception.id}"]`);
    await receptionCard.getByTestId('instance-status').filter({ hasText: 'Novo' }).waitFor();
    const events = app.gateway.io.of(`/org/${app.orgId}`);
    events.emit('whatsapp:qr', { instanceId: reception.id, qrDataUrl: await QRCode.toDataURL('2@patinha-dashboard-test') });
    const qr = receptionCard.getByRole('img', { name: /QR code para conectar/ });
    await qr.waitFor();
    await eventually(async () => expect(await qr.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).to.be.above(0)); // data: images pass the CSP
    events.emit('whatsapp:pairing_code', { instanceId: reception.id, code: 'ABCD1234' });
    await receptionCard.getByTestId('pairing-code').filter({ hasText: 'ABCD-1234' }).waitFor();

    // Adding a simulator number shows a new card that connects by itself.
    await page.getByLabel('Nome', { exact: true }).fill('Balcão');
    await page.getByLabel('Tipo').selectOption('simulator');
    await page.getByRole('button', { name: 'Adicionar número' }).click();
    const added = page.locator('.instance-card', { hasText: 'Balcão' });
    await added.waitFor();
    await app.settle();
    await added.getByTestId('instance-status').filter({ hasText: 'Conectado' }).waitFor();
  });

  it('shows the supervision tree to the admin, a node that went away, and restarts an actor', async () => {
    // This node and one that stopped beating at 08:30 (São Paulo), as the membership reports them.
    const cluster: ClusterPort = {
      nodeId: 'node-a',
      nodes: async () => [{ nodeId: 'node-a', lastSeenAt: Date.UTC(2026, 11, 1, 12), live: true }, { nodeId: 'node-b', lastSeenAt: Date.UTC(2026, 11, 1, 11, 30), live: false }],
      ask: async () => {
        throw new Error('a node that is not live is never asked');
      },
    };
    const { app, page } = await start({ cluster });
    await signIn(page, app.http.baseUrl, { token: TEST_ADMIN_TOKEN, orgName: 'Pet Shop Teste' });
    expect(await page.getByTestId('org-name').textContent()).to.equal('Pet Shop Teste');

    await page.getByRole('link', { name: 'Supervisão' }).click();
    const tree = page.locator('.sup-tree');
    await tree.locator('[data-address="root"]').first().waitFor();
    const session = tree.locator(`[data-address="session/${app.orgId}/${app.instanceId}"]`);
    await session.waitFor();
    await session.locator('.sup-state', { hasText: 'rodando' }).waitFor();
    const aurora = tree.locator(`[data-address="aurora/${app.orgId}"]`);
    await aurora.waitFor();
    await session.locator('[data-role="label"]', { hasText: 'Pet Shop Teste · Principal (+5511988887777)' }).first().waitFor();
    await tree.locator('[data-node="node-a"] [data-role="restart-chart"]').getByText('Nenhum reinício na última hora').waitFor();
    // One shop: its actors only.
    await page.getByLabel('Loja').selectOption({ label: 'Pet Shop Teste' });
    await eventually(async () => expect(await tree.locator('[data-address^="aurora/"]').count()).to.equal(1), 6_000);
    await tree.locator('[data-node="node-a"] h2', { hasText: 'Nó node-a (este)' }).waitFor();
    await tree.locator('[data-node="node-b"][data-status="gone"]').getByText(/^\s*Nó node-b — fora do ar desde 01\/12,? 08:30$/).waitFor();

    const refreshes = Number(await tree.getAttribute('data-refreshes'));
    await eventually(async () => expect(Number(await tree.getAttribute('data-refreshes'))).to.be.above(refreshes), 6_000); // refreshes by itself

    await aurora.getByRole('button', { name: `Reiniciar aurora/${app.orgId}` }).click();
    await page.getByText(`Reiniciando aurora/${app.orgId}`).waitFor();
    await app.settle();
    await aurora.locator('.sup-state', { hasText: 'rodando' }).waitFor();
  });

  it('books at the counter from the Agenda and counts the revenue on Aurora', async () => {
    const { app, page } = await start();
    const contact = await app.http.request('POST', `${app.base}/contacts`, { token: app.token, json: { phone: '+5511912345678', name: 'Bruna Lima' } });
    await app.http.request('POST', `${app.base}/contacts/${contact.body.id}/pets`, { token: app.token, json: { name: 'Mel', species: 'gato', size: 'M' } });
    await signIn(page, app.http.baseUrl, { token: app.token, orgId: app.orgId });

    await page.getByRole('link', { name: 'Agenda' }).click();
    await page.getByText('Terça-feira, 1 de dezembro de 2026').waitFor();
    await page.getByRole('button', { name: 'Novo agendamento' }).click();
    const dialog = page.getByRole('dialog', { name: 'Novo agendamento' });
    await dialog.getByLabel('Buscar cliente').fill('Bruna');
    await dialog.getByRole('button', { name: /Bruna Lima/ }).click();
    await eventually(async () => expect(await dialog.getByLabel('Pet', { exact: true }).inputValue()).to.not.equal('')); // her only pet is chosen
    const service = dialog.getByLabel('Serviço');
    await service.locator('option', { hasText: 'Banho' }).waitFor({ state: 'attached' });
    await service.selectOption({ label: 'Banho — 60 min · R$\u00a065,00' });
    await dialog.getByRole('button', { name: '15:00' }).click();
    await dialog.getByRole('button', { name: 'Agendar' }).click();

    const card = page.locator('.booking-card', { hasText: 'Banho · Mel' });
    await card.filter({ hasText: 'Bruna Lima' }).filter({ hasText: 'no balcão' }).waitFor();
    await card.getByRole('button', { name: 'Concluir' }).click();
    await card.locator('.booking-status', { hasText: 'Concluído' }).waitFor();

    await page.getByRole('link', { name: 'Aurora' }).click();
    await page.locator('[data-stat="revenue"]', { hasText: /R\$\s65,00/ }).waitFor();
    await page.locator('[data-stat="total"] .stat-value', { hasText: /^1$/ }).waitFor();
  });

  it('shows Aurora\'s figures and quiet customers, and confirms and stops the campaign she drafted on WhatsApp', async () => {
    const { app, page } = await start();
    const repos = repositories(app.storage.db);
    const api = (method: string, url: string, json?: unknown) => app.http.request(method, `${app.base}${url}`, { token: app.token, json });
    // Today: Bruna (who talks to the shop) had a bath at the counter, done. Yesterday: nothing.
    const bruna = (await api('POST', '/contacts', { phone: '+5511912345678', name: 'Bruna Lima' })).body;
    await repos.contacts.touchInteraction(app.orgId, bruna.id, new Date(app.clock.now()));
    const mel = (await api('POST', `/contacts/${bruna.id}/pets`, { name: 'Mel', species: 'gato', size: 'M' })).body;
    const banho = (await api('GET', '/services')).body.items[0];
    const booking = (await api('POST', '/bookings', { contactId: bruna.id, petId: mel.id, serviceId: banho.id, startsAt: '2026-12-01T15:00:00-03:00' })).body;
    expect((await api('POST', `/bookings/${booking.id}/complete`, {})).status).to.equal(200);
    // Two customers who went quiet months ago.
    for (const [phone, name, last] of [['+5511911110001', 'Fernanda Dias', '2026-08-01T12:00:00Z'], ['+5511911110002', 'Gustavo Pereira', '2026-09-10T12:00:00Z']] as const) {
      const c = await repos.contacts.findOrCreateByPhone(app.orgId, { phone, name }, new Date(app.clock.now()));
      await repos.contacts.touchInteraction(app.orgId, c.id, new Date(last));
      await new ConsentRepository(app.storage.db).record({ orgId: app.orgId, contactId: c.id, decision: 'granted', source: 'staff', evidence: 'test', now: new Date(last) });
    }
    await signIn(page, app.http.baseUrl, { token: app.token, orgId: app.orgId });
    await page.getByRole('link', { name: 'Aurora' }).click();

    await page.locator('[data-stat="total"] .stat-value', { hasText: /^1$/ }).waitFor();
    await page.locator('[data-stat="revenue"] .stat-value', { hasText: /^R\$\s65,00$/ }).waitFor();
    await page.locator('[data-stat="revenue"] .stat-change', { hasText: /^ontem: R\$\s0,00$/ }).waitFor();
    await page.locator('[data-stat="new-customers"] .stat-value', { hasText: /^\d+$/ }).waitFor();
    await page.locator('.rank-list li', { hasText: 'Banho' }).filter({ hasText: '1 agendamento' }).waitFor();
    expect(await page.locator('.period-range').textContent()).to.equal('01/12/2026');
    await page.getByRole('button', { name: 'Semana' }).click();
    await page.locator('.period-range', { hasText: '30/11/2026 a 06/12/2026' }).waitFor();
    await page.locator('[data-stat="total"] .stat-value', { hasText: /^1$/ }).waitFor();

    const inactive = page.getByRole('region', { name: 'Clientes inativos' });
    await inactive.getByTestId('inactive-count').filter({ hasText: /^2/ }).waitFor();
    await inactive.locator('li', { hasText: 'Fernanda Dias' }).filter({ hasText: '+55 11 91111-0001' }).filter({ hasText: 'último contato em 01/08/2026' }).waitFor();
    await inactive.locator('li', { hasText: 'Gustavo Pereira' }).waitFor();
    expect(await inactive.locator('li', { hasText: 'Bruna' }).count()).to.equal(0);
    const campaigns = page.getByRole('region', { name: 'Campanhas' });
    await campaigns.getByText('Nenhuma campanha ainda').waitFor();
    await inactive.getByRole('button', { name: 'Sugerir campanha de reativação' }).click();
    await inactive.getByRole('status').filter({ hasText: '“sugira uma campanha de reativação”' }).filter({ hasText: '+55 11 90000-0001' }).waitFor();

    // The owner asks Aurora on WhatsApp; her draft shows up here live.
    app.simulator.inject(app.instanceId, { from: OWNER, text: 'sugira uma campanha de reativação', id: 'O-1' });
    await app.settle();
    expect(app.simulator.sentTo(app.instanceId, OWNER).at(-1)?.text).to.match(/Campanha de reativação\* para 2 clientes[\s\S]*Confirma o envio\?/);
    const draft = campaigns.locator('.campaign[data-status="draft"]', { hasText: 'Campanha de reativação' });
    await draft.filter({ hasText: 'Para 2 clientes' }).filter({ hasText: 'Faz tempo que não vemos seu pet' }).waitFor();
    await draft.locator('.campaign-status', { hasText: 'Rascunho' }).waitFor();

    await draft.getByRole('button', { name: 'Confirmar envio' }).click();
    const dialog = page.getByRole('dialog', { name: 'Enviar esta campanha?' });
    await dialog.getByText(/A mensagem vai para 2 clientes pelo WhatsApp da loja/).waitFor();
    await dialog.getByRole('button', { name: 'Enviar para 2 clientes' }).click();
    const sending = campaigns.locator('.campaign[data-status="sending"]');
    await sending.locator('.campaign-status', { hasText: 'Enviando' }).waitFor();
    expect(await app.storage.db.selectFrom('campaigns').select(['status', 'audience_size']).execute()).to.deep.equal([{ status: 'sending', audience_size: 2 }]);

    await sending.getByRole('button', { name: 'Interromper' }).click();
    await page.getByRole('dialog', { name: 'Interromper o envio?' }).getByRole('button', { name: 'Interromper' }).click();
    await campaigns.locator('.campaign[data-status="stopped"] .campaign-status', { hasText: 'Interrompida' }).waitFor();
    expect((await app.storage.db.selectFrom('campaigns').select('status').executeTakeFirstOrThrow()).status).to.equal('stopped');
  });

  it('saves the shop\'s details, a new service and Saturday\'s hours on Loja, and leaves an invalid week unsaved', async () => {
    const { app, page } = await start();
    await signIn(page, app.http.baseUrl, { token: app.token, orgId: app.orgId });
    await page.getByRole('link', { name: 'Loja' }).click();

    // Dados da loja: a wrong owner number is named by the server's answer; the fixed form saves.
    await page.getByLabel('Nome da loja').fill('Pet Shop Patinha');
    await page.getByLabel('Endereço').fill('Rua das Palmeiras, 123');
    await page.getByLabel('Pix').check();
    await page.getByRole('button', { name: 'Adicionar número' }).click();
    await page.getByLabel('Número do dono 2').fill('(00) 1234-5678');
    await page.getByRole('button', { name: 'Salvar dados' }).click();
    await page.getByRole('alert').filter({ hasText: 'Número do dono 2: telefone inválido' }).waitFor();
    expect(await page.getByLabel('Número do dono 2').getAttribute('aria-invalid')).to.equal('true');
    await page.getByLabel('Número do dono 2').fill('(11) 97777-1234');
    await page.getByLabel('Guardar mensagens por (meses)').fill('12');
    await page.getByRole('button', { name: 'Salvar dados' }).click();
    await page.getByText('Dados da loja salvos.').waitFor();
    await page.getByTestId('org-name').filter({ hasText: 'Pet Shop Patinha' }).waitFor();
    const org = await repositories(app.storage.db).organizations.findById(app.orgId);
    expect(org).to.deep.include({ name: 'Pet Shop Patinha', ownerNumbers: [OWNER, '+5511977771234'] });
    expect(org!.settings).to.deep.include({ address: 'Rua das Palmeiras, 123', paymentMethods: ['Pix'], retentionMessagesMonths: 12, retentionInactiveCustomerMonths: null });

    // Serviços: the server's limits come back in pt-BR next to the form.
    await page.getByRole('tab', { name: 'Serviços' }).click();
    await page.locator('.services-table tbody tr', { hasText: 'Banho' }).waitFor();
    await page.getByRole('button', { name: 'Novo serviço' }).click();
    const editor = page.getByRole('dialog', { name: 'Novo serviço' });
    await editor.getByLabel('Nome', { exact: true }).fill('Hidratação');
    await editor.getByLabel('Categoria').fill('banho');
    await editor.getByLabel('Gato', { exact: true }).uncheck();
    await editor.getByLabel('Duração no porte M (min)').fill('2');
    await editor.getByLabel('Preço no porte M (R$)').fill('45,5');
    await editor.getByLabel('G — grande').check();
    await editor.getByLabel('Preço no porte G (R$)').fill('55');
    await editor.getByRole('button', { name: 'Criar serviço' }).click();
    await editor.getByRole('alert').filter({ hasText: 'Porte M — duração: precisa ser no mínimo 5.' }).waitFor();
    await editor.getByLabel('Duração no porte M (min)').fill('40');
    await editor.getByRole('button', { name: 'Criar serviço' }).click();
    const row = page.locator('.services-table tbody tr', { hasText: 'Hidratação' });
    await row.locator('[data-size="M"]', { hasText: /R\$\s45,50/ }).filter({ hasText: '40 min' }).waitFor();
    await row.locator('[data-size="G"]', { hasText: /R\$\s55,00/ }).filter({ hasText: '60 min' }).waitFor();
    const stored = await app.storage.db.selectFrom('services').select(['category', 'species', 'by_size']).where('name', '=', 'Hidratação').executeTakeFirstOrThrow();
    expect(stored).to.deep.equal({ category: 'banho', species: ['cão'], by_size: { M: { durationMin: 40, priceCents: 4550 }, G: { durationMin: 60, priceCents: 5500 } } });

    // Horários: Saturday becomes 09:00–13:00 (typed the quick way) and survives a reload.
    await page.getByRole('tab', { name: 'Horários' }).click();
    const saturdayOpens = page.getByLabel('Sábado: abre');
    const saturdayCloses = page.getByLabel('Sábado: fecha', { exact: true });
    await saturdayOpens.fill('9h');
    await saturdayCloses.fill('13:00');
    // With a closure for Christmas (both days included), two baths at once and 10 min between them.
    await page.getByRole('button', { name: 'Adicionar fechamento' }).click();
    const closure = page.locator('.closure-row').last();
    await closure.getByLabel('De').fill('2026-12-24');
    await closure.getByLabel('Até').fill('2026-12-25');
    await closure.getByLabel('Motivo').fill('Natal');
    await page.getByLabel('Banho', { exact: true }).fill('2');
    await page.getByLabel('Intervalo entre atendimentos (min)').fill('10');
    await page.getByRole('button', { name: 'Salvar horários' }).click();
    await page.getByText('Horários salvos.').waitFor();
    await page.reload();
    await page.getByRole('tab', { name: 'Horários', selected: true }).waitFor();
    await eventually(async () => expect(await saturdayOpens.inputValue()).to.equal('09:00'));
    expect(await saturdayCloses.inputValue()).to.equal('13:00');
    expect(await page.getByLabel('Sexta-feira: fecha', { exact: true }).inputValue()).to.equal('18:00');
    expect([await closure.getByLabel('De').inputValue(), await closure.getByLabel('Até').inputValue(), await closure.getByLabel('Motivo').inputValue()]).to.deep.equal(['2026-12-24', '2026-12-25', 'Natal']);
    expect(await page.getByLabel('Banho', { exact: true }).inputValue()).to.equal('2');
    expect(await page.getByLabel('Intervalo entre atendimentos (min)').inputValue()).to.equal('10');
    const closures = await app.storage.db.selectFrom('closures').select(['starts_at', 'ends_at', 'reason']).where('org_id', '=', app.orgId).execute();
    expect(closures).to.deep.equal([{ starts_at: new Date('2026-12-24T03:00:00Z'), ends_at: new Date('2026-12-26T03:00:00Z'), reason: 'Natal' }]);
    await page.getByRole('tab', { name: 'Serviços' }).click();
    await page.locator('.services-table tbody tr', { hasText: 'Hidratação' }).waitFor();

    // Closing before opening: the server refuses, the form says which day, nothing changes.
    await page.getByRole('tab', { name: 'Horários' }).click();
    await saturdayCloses.fill('08:00');
    await page.getByRole('button', { name: 'Salvar horários' }).click();
    await page.getByRole('alert').filter({ hasText: 'Sábado: o horário de fechar precisa ser depois do de abrir.' }).waitFor();
    expect(await saturdayCloses.getAttribute('aria-invalid')).to.equal('true');
    const saturday = await app.storage.db.selectFrom('business_hours').select(['opens', 'closes']).where('org_id', '=', app.orgId).where('weekday', '=', 6).execute();
    expect(saturday.map((h) => [h.opens.slice(0, 5), h.closes.slice(0, 5)])).to.deep.equal([['09:00', '13:00']]);
    await page.reload();
    await eventually(async () => expect(await saturdayCloses.inputValue()).to.equal('13:00'));
  });
});
