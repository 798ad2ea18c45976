import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import QRCode from 'qrcode';
import { bookingAgent, chromiumMissing, openBrowser, signIn } from '../test/support/browser.js';
import { startFullApp, type FullApp } from '../test/support/full-app.js';
import { closeSharedDatabases } from '../test/support/test-database.js';
import { TEST_ADMIN_TOKEN } from '../test/support/test-app.js';
import { OWNER } from '../test/support/pipeline-harness.js';
import { buildDailySummary } from '../domain/daily-summary.js';
import { formatBrl } from '../domain/money.js';
import { OwnerNotesRepository } from '../storage/owner-notes.repository.js';
import { repositories } from '../storage/repositories.js';
import { StaffAccounts } from '../http/staff-accounts.js';

/**
 * `npx tsx scripts/screenshots.ts`: the dashboard's main screens as PNGs in
 * docs/screenshots/, from the same harness as the browser tests (real app,
 * fake clock on Tuesday 1 Dec 2026 09:00 in São Paulo, simulator number,
 * scripted assistant) with a small demo shop's day seeded through the API.
 */
const OUT = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));

async function seed(app: FullApp): Promise<void> {
  const api = (method: string, url: string, json?: unknown) => app.http.request(method, `${app.base}${url}`, { token: app.token, json });
  // Walk-ins welcome: no minimum notice, so the morning can be booked at 09:00.
  const hours = { timezone: 'America/Sao_Paulo', weekly: [1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: '08:00', closes: '18:00' })), closures: [{ from: '2026-12-24', to: '2026-12-25', reason: 'Natal' }, { from: '2026-12-31', to: '2027-01-01', reason: 'Ano-novo' }], capacity: { banho: 1, tosa: 1, consulta: 1 }, minNoticeMin: 0 };
  const put = await api('PUT', '/business-hours', hours);
  if (put.status !== 200) throw new Error(`business hours: ${put.status} ${JSON.stringify(put.body)}`);
  const services = (await api('GET', '/services')).body.items as Array<{ id: string; name: string }>;
  const banho = services[0]!.id;
  const tosa = (await api('POST', '/services', { name: 'Tosa higiênica', category: 'tosa', species: ['cão'], bySize: { P: { durationMin: 45, priceCents: 5500 }, M: { durationMin: 60, priceCents: 7000 } } })).body.id;
  const consulta = (await api('POST', '/services', { name: 'Consulta veterinária', category: 'consulta', species: [], bySize: { P: { durationMin: 30, priceCents: 15000 }, M: { durationMin: 30, priceCents: 15000 }, G: { durationMin: 30, priceCents: 15000 } } })).body.id;
  const people: Array<[phone: string, name: string, pet: string, species: string, size: string]> = [
    ['+5511912345678', 'Bruna Lima', 'Mel', 'gato', 'M'],
    ['+5511923456789', 'Carlos Souza', 'Thor', 'cão', 'M'],
    ['+5511934567890', 'Daniela Rocha', 'Paçoca', 'cão', 'P'],
    ['+5511945678901', 'Eduardo Alves', 'Luna', 'cão', 'G'],
  ];
  const pets: Array<{ contactId: string; petId: string }> = [];
  for (const [phone, name, pet, species, size] of people) {
    const contact = (await api('POST', '/contacts', { phone, name })).body;
    await api('PUT', `/contacts/${contact.id}/consent`, { marketing: true }); // campaigns go only to a recorded yes
    const created = (await api('POST', `/contacts/${contact.id}/pets`, { name: pet, species, size })).body;
    pets.push({ contactId: contact.id, petId: created.id });
  }
  const book = async (i: number, serviceId: string, startsAt: string) => {
    const res = await api('POST', '/bookings', { ...pets[i]!, serviceId, startsAt });
    if (res.status !== 201) throw new Error(`booking ${startsAt}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const mel = await book(0, banho, '2026-12-01T10:00:00-03:00');
  await api('POST', `/bookings/${mel.id}/complete`, {});
  const thor = await book(1, tosa, '2026-12-01T11:00:00-03:00');
  await api('POST', `/bookings/${thor.id}/confirm`, {});
  await book(2, consulta, '2026-12-01T14:00:00-03:00');
  const luna = await book(3, consulta, '2026-12-01T16:00:00-03:00');
  await api('POST', `/bookings/${luna.id}/cancel`, {});
  await book(1, banho, '2026-12-03T09:00:00-03:00');
  await book(2, tosa, '2026-12-04T15:00:00-03:00');
  await book(0, consulta, '2026-12-05T10:30:00-03:00');
  await api('POST', '/instances', { name: 'Recepção', transport: 'baileys', phone: '+5511955554444' });

  // The shop's details, and customers who went quiet (Aurora's reactivation audience).
  await api('PATCH', '', { settings: { address: 'Rua das Palmeiras, 123 – Vila Mariana, São Paulo – SP', paymentMethods: ['Pix', 'cartão de crédito', 'cartão de débito', 'dinheiro'], dailySummaryTime: '19:00' } });
  const repos = repositories(app.storage.db);
  for (const [phone, name, last] of [['+5511956781234', 'Fernanda Dias', '2026-09-14T15:00:00Z'], ['+5511967892345', 'Gustavo Pereira', '2026-08-30T18:00:00Z'], ['+5511978903456', 'Helena Costa', '2026-10-02T13:00:00Z']] as const) {
    const c = await repos.contacts.findOrCreateByPhone(app.orgId, { phone, name }, new Date(last));
    await repos.contacts.touchInteraction(app.orgId, c.id, new Date(last));
    await api('PUT', `/contacts/${c.id}/consent`, { marketing: true });
  }
  // Two past daily summaries, as Aurora sent them at 19:00.
  const notes = new OwnerNotesRepository(app.storage.db);
  for (const f of [
    { date: '2026-11-29', completed: 5, cancelled: 0, noShows: 0, total: 5, tomorrow: 6, revenueCents: 41500 },
    { date: '2026-11-30', completed: 6, cancelled: 1, noShows: 1, total: 8, tomorrow: 2, revenueCents: 52000 },
  ]) {
    await notes.claimSummary(app.orgId, f.date, buildDailySummary(f, formatBrl), f, new Date(`${f.date}T22:00:00Z`));
    await notes.markSummarySent(app.orgId, f.date, new Date(`${f.date}T22:00:00Z`));
  }

  // Carlos talks to the robot, then the shop takes over.
  app.simulator.inject(app.instanceId, { from: '+5511923456789', text: 'Oi! Vocês têm horário hoje à tarde para o Thor?', id: 'WA-C1', pushName: 'Carlos Souza' });
  await app.settle();
  const conversations = (await api('GET', '/conversations')).body.items as Array<{ id: string }>;
  // Carla, of the shop's staff, answers from her own session: the thread names her.
  const accounts = new StaffAccounts(repos.users, app.clock);
  const carla = await accounts.invite(app.orgId, { email: 'carla@petshopteste.com.br', name: 'Carla', role: 'staff' }, 'seed');
  await accounts.useLink(carla.token, 'senha da carla 2026');
  const session = await accounts.signIn('carla@petshopteste.com.br', 'senha da carla 2026');
  const replied = await fetch(`${app.http.baseUrl}${app.base}/conversations/${conversations[0]!.id}/reply`, {
    method: 'POST',
    headers: { cookie: `patinha_session=${session.token}`, origin: app.http.baseUrl, 'content-type': 'application/json' },
    body: JSON.stringify({ text: 'Oi Carlos! Aqui é a Carla da loja. Hoje às 15h tenho um horário, pode ser?' }),
  });
  if (replied.status !== 201) throw new Error(`staff reply: ${replied.status}`);
  await app.settle();
  app.simulator.inject(app.instanceId, { from: '+5511923456789', text: 'Pode sim, obrigado!', id: 'WA-C2' });
  await app.settle();
}

async function chatAsCustomer(page: Page, app: FullApp): Promise<void> {
  await page.getByRole('link', { name: 'Simulador' }).click();
  await page.getByText(/Conversa com/).waitFor();
  const shop = page.locator('.wa-shop:not(.wa-typing)');
  const lines = ['quero banho pro meu cachorro', 'sim', 'amanhã às 10', 'sim'];
  for (const [i, text] of lines.entries()) {
    await page.getByLabel('Mensagem do cliente').fill(text);
    await page.getByLabel('Mensagem do cliente').press('Enter');
    await page.locator('.wa-customer[data-state="sent"]', { hasText: text }).last().waitFor();
    await app.settle();
    await shop.nth(i).waitFor();
  }
}

async function main(): Promise<void> {
  const missing = chromiumMissing();
  if (missing) throw new Error(`Chromium is needed for screenshots: ${missing}`);
  await mkdir(OUT, { recursive: true });
  const app = await startFullApp({ agent: bookingAgent() });
  const browser = await openBrowser({ fixedTime: app.clock.now() });
  try {
    await seed(app);
    const page = browser.page;
    // A long screen is captured whole in a viewport as tall as it (so the 100vh sidebar reaches the bottom).
    const shot = async (name: string, target: Page = page, whole = false) => {
      await target.evaluate('document.fonts.ready');
      const viewport = target.viewportSize()!;
      if (whole) await target.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, await target.evaluate<number>('document.documentElement.scrollHeight')) });
      await target.screenshot({ path: path.join(OUT, `${name}.png`) });
      if (whole) await target.setViewportSize(viewport);
      process.stdout.write(`  docs/screenshots/${name}.png\n`);
    };

    await page.goto(`${app.http.baseUrl}/`);
    await page.getByLabel('E-mail').waitFor();
    await shot('01-entrar');

    await signIn(page, app.http.baseUrl, { token: app.token, orgId: app.orgId });
    await page.getByRole('link', { name: 'Conexão' }).click();
    await page.locator('.instance-card').nth(1).waitFor();
    // The reception's real number is being linked: its QR code arrives live.
    const reception = page.locator('.instance-card', { hasText: 'Recepção' });
    const receptionId = await reception.getAttribute('data-instance-id');
    app.gateway.io.of(`/org/${app.orgId}`).emit('whatsapp:qr', { instanceId: receptionId, qrDataUrl: await QRCode.toDataURL('2@patinha-demo-qr-code,only-a-picture', { margin: 1, width: 240 }) });
    await reception.getByRole('img').waitFor();
    await shot('02-conexao');

    await chatAsCustomer(page, app);
    await shot('03-simulador');

    await page.getByRole('link', { name: 'Conversas' }).click();
    await page.locator('.conv-item', { hasText: 'Carlos' }).click();
    await page.locator('.msg-in', { hasText: 'Pode sim' }).waitFor();
    await shot('04-conversas');

    await page.getByRole('link', { name: 'Agenda' }).click();
    await page.locator('.booking-card').nth(3).waitFor();
    await shot('05-agenda-dia');
    await page.getByRole('button', { name: 'Semana' }).click();
    await page.locator('.week-item').nth(5).waitFor();
    await shot('06-agenda-semana');
    await page.locator('.week-item', { hasText: 'Thor' }).first().click();
    await page.locator('.booking-card', { hasText: 'Thor' }).first().getByRole('button', { name: 'Remarcar' }).click();
    await page.getByRole('dialog', { name: /^Remarcar/ }).getByRole('group', { name: 'Horários livres', exact: true }).getByRole('button').nth(2).waitFor();
    await shot('22-agenda-remarcar');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Semana' }).click();
    await page.getByRole('button', { name: 'Novo agendamento' }).click();
    const dialog = page.getByRole('dialog', { name: 'Novo agendamento' });
    await dialog.getByLabel('Buscar cliente').fill('Dani');
    await dialog.getByRole('button', { name: /Daniela Rocha/ }).click();
    await dialog.getByLabel('Serviço').locator('option', { hasText: 'Tosa' }).waitFor({ state: 'attached' });
    await dialog.getByLabel('Serviço').selectOption({ index: 2 });
    await dialog.locator('.slot').nth(4).click();
    await shot('07-novo-agendamento');
    await page.keyboard.press('Escape');

    // The owner asked Aurora on WhatsApp: a promotional campaign went out last week…
    const owner = async (text: string, id: string) => {
      app.simulator.inject(app.instanceId, { from: OWNER, text, id });
      await app.settle();
    };
    await owner('sugira uma campanha promocional', 'O-1');
    const promo = (await app.http.request('GET', `${app.base}/campaigns`, { token: app.token })).body.items[0];
    await app.http.request('POST', `${app.base}/campaigns/${promo.id}/confirm`, { token: app.token, json: {} });
    await app.http.request('POST', `${app.base}/campaigns/${promo.id}/cancel`, { token: app.token, json: {} });
    // …and today she drafted a reactivation one, waiting for the owner's OK.
    await owner('sugira uma campanha de reativação', 'O-2');

    await page.getByRole('link', { name: 'Aurora' }).click();
    await page.locator('[data-stat="revenue"]').waitFor();
    await page.locator('.campaign[data-status="draft"]').waitFor();
    await page.locator('.people-list li').nth(2).waitFor();
    await page.locator('.summary-list li').nth(1).waitFor();
    await shot('08-aurora', page, true);
    await page.locator('.campaign[data-status="draft"]').getByRole('button', { name: 'Confirmar envio' }).click();
    await page.getByRole('dialog', { name: 'Enviar esta campanha?' }).waitFor();
    await shot('12-aurora-confirmar-campanha');
    await page.getByRole('dialog').getByRole('button', { name: 'Voltar' }).click();

    await page.getByRole('link', { name: 'Loja' }).click();
    await page.getByLabel('Nome da loja').waitFor();
    await shot('13-loja-dados', page, true);
    await page.getByRole('tab', { name: 'Serviços' }).click();
    await page.locator('.services-table tbody tr').nth(2).waitFor();
    await shot('14-loja-servicos');
    await page.getByRole('button', { name: 'Novo serviço' }).click();
    const editor = page.getByRole('dialog', { name: 'Novo serviço' });
    await editor.getByLabel('Nome', { exact: true }).fill('Hidratação');
    await editor.getByLabel('Categoria').fill('banho');
    await editor.getByLabel('P — pequeno').check();
    await editor.getByLabel('Preço no porte P (R$)').fill('40,00');
    await editor.getByLabel('Duração no porte P (min)').fill('45');
    await editor.getByLabel('Preço no porte M (R$)').fill('50,00');
    await shot('15-loja-novo-servico');
    await page.keyboard.press('Escape');
    await page.getByRole('tab', { name: 'Horários' }).click();
    await page.getByLabel('Sábado: fecha', { exact: true }).waitFor();
    await page.getByLabel('Segunda-feira: fecha para almoço').check();
    await shot('16-loja-horarios', page, true);
    await page.getByLabel('Sábado: abre').fill('14:00');
    await page.getByLabel('Sábado: fecha', { exact: true }).fill('12:00');
    await page.getByRole('button', { name: 'Salvar horários' }).click();
    await page.locator('.form-errors', { hasText: 'Sábado' }).waitFor();
    await shot('17-loja-horarios-erro', page, true);
    await page.getByRole('tab', { name: 'Equipe' }).click();
    await page.getByLabel('Nome', { exact: true }).fill('Júlia Prado');
    await page.getByLabel('E-mail', { exact: true }).fill('julia@petshopteste.com.br');
    await page.getByRole('button', { name: 'Convidar' }).click();
    await page.getByTestId('handover-link').waitFor();
    await shot('19-loja-equipe');

    const mobile = await openBrowser({ fixedTime: app.clock.now(), viewport: { width: 390, height: 844 } });
    try {
      await signIn(mobile.page, app.http.baseUrl, { token: app.token, orgId: app.orgId });
      await mobile.page.goto(`${app.http.baseUrl}/#/simulador`);
      await mobile.page.locator('.wa-shop').nth(3).waitFor();
      await shot('09-celular-simulador', mobile.page);
      await mobile.page.goto(`${app.http.baseUrl}/#/agenda`);
      await mobile.page.locator('.booking-card').nth(3).waitFor();
      await shot('10-celular-agenda', mobile.page);
      await mobile.page.goto(`${app.http.baseUrl}/#/loja/horarios`);
      await mobile.page.getByLabel('Sábado: fecha', { exact: true }).waitFor();
      await shot('18-celular-loja-horarios', mobile.page);
    } finally {
      await mobile.close();
    }

    await page.getByRole('button', { name: 'Sair' }).click();
    await signIn(page, app.http.baseUrl, { token: TEST_ADMIN_TOKEN, orgName: 'Pet Shop Teste' });
    await page.getByRole('link', { name: 'Supervisão' }).click();
    await page.locator(`[data-address="session/${app.orgId}/${app.instanceId}"]`).waitFor();
    await shot('11-supervisao');
    await page.getByRole('button', { name: 'Trocar loja' }).click();
    await page.getByRole('button', { name: 'Criar loja' }).click();
    await page.getByLabel('Nome da loja').fill('Banho & Tosa da Vila');
    await page.getByLabel('Nome do dono').fill('Rosa Andrade');
    await page.getByLabel('E-mail do dono').fill('rosa@banhoetosadavila.com.br');
    await page.getByLabel('Nome do número').fill('Balcão');
    await page.getByLabel('Tipo').selectOption('simulator');
    await shot('20-admin-nova-loja');
    await page.getByRole('button', { name: 'Criar loja' }).click();
    await page.getByRole('button', { name: 'Abrir a loja' }).waitFor();
    await app.settle(); // the new simulator number links itself
    await page.getByRole('button', { name: 'Abrir a loja' }).click();
    await page.locator('.setup-card [data-step="linked-number"][data-done="true"]').waitFor();
    await shot('21-primeiros-passos');
    if (browser.problems.length) throw new Error(`browser console errors:\n${browser.problems.join('\n')}`);
  } catch (error) {
    if (browser.problems.length) process.stderr.write(`browser console errors:\n${browser.problems.join('\n')}\n`);
    await browser.page.screenshot({ path: path.join(os.tmpdir(), 'patinha-screenshot-failure.png') }).catch(() => undefined);
    throw error;
  } finally {
    await browser.close();
    await app.close();
    await closeSharedDatabases();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
