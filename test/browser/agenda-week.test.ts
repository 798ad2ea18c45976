import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { StaffAccounts } from '../../http/staff-accounts.js';
import { UsersRepository } from '../../storage/users.repository.js';
import { signIn } from '../support/browser.js';
import { useBrowserApp } from '../support/browser-app.js';
import type { FullApp } from '../support/full-app.js';

/**
 * The Agenda's week in a real Chromium against the real app (actors on a fake clock standing at
 * Tuesday 2026-12-01 09:00 in São Paulo): a day opens from the week, a booking moves by the
 * "Remarcar" form (and, with a mouse, by dragging it), and each card says who booked and who
 * changed it.
 */
describe('Agenda week and rescheduling in a real browser', function () {
  this.timeout(120_000);

  const browserApp = useBrowserApp();

  async function start(): Promise<{ app: FullApp; page: Page; api: (method: string, url: string, json?: unknown) => Promise<any> }> {
    const { app, page } = await browserApp.start();
    const api = async (method: string, url: string, json?: unknown) => (await app.http.request(method, `${app.base}${url}`, { token: app.token, json })).body;
    return { app, page, api };
  }

  /** A customer with one dog, and the shop's Banho. */
  async function customer(api: (method: string, url: string, json?: unknown) => Promise<any>, phone: string, name: string, pet: string) {
    const contact = await api('POST', '/contacts', { phone, name });
    const created = await api('POST', `/contacts/${contact.id}/pets`, { name: pet, species: 'cão', size: 'M' });
    return { contactId: contact.id as string, petId: created.id as string };
  }

  /** Bia, of the shop's staff, books at the counter with her own session. */
  async function bookAsBia(a: FullApp, json: Record<string, unknown>) {
    const accounts = new StaffAccounts(new UsersRepository(a.storage.db), a.clock);
    const invited = await accounts.invite(a.orgId, { email: 'bia@petshop.com', name: 'Bia', role: 'staff' }, 'test');
    await accounts.useLink(invited.token, 'senha da bia 2026');
    const session = await accounts.signIn('bia@petshop.com', 'senha da bia 2026');
    const response = await fetch(`${a.http.baseUrl}${a.base}/bookings`, {
      method: 'POST',
      headers: { cookie: `patinha_session=${session.token}`, origin: a.http.baseUrl, 'content-type': 'application/json' },
      body: JSON.stringify(json),
    });
    expect(response.status).to.equal(201);
    return (await response.json()) as { id: string };
  }

  it('opens the week, opens a day from it, and moves a booking by the form; the card says who booked and who changed it', async () => {
    const { app, page, api } = await start();
    const banho = (await api('GET', '/services')).items[0];
    const bruna = await customer(api, '+5511912345678', 'Bruna Lima', 'Mel');
    const carlos = await customer(api, '+5511912340000', 'Carlos', 'Thor');
    const mel = await bookAsBia(app, { ...bruna, serviceId: banho.id, startsAt: '2026-12-02T10:00:00-03:00' });
    await api('POST', '/bookings', { ...carlos, serviceId: banho.id, startsAt: '2026-12-03T15:00:00-03:00' }); // Thursday 15:00 is taken (one place)

    await signIn(page, app.http.baseUrl, { token: app.token, orgId: app.orgId });
    await page.getByRole('link', { name: 'Agenda' }).click();
    await page.getByRole('button', { name: 'Semana' }).click();
    await page.getByText('Semana de 30/11 a 06/12').waitFor();
    const week = page.locator('.week-table');
    await week.locator('td[data-date="2026-12-02"][data-time="10:00"] .week-item', { hasText: 'Mel' }).waitFor();
    await week.locator('td[data-date="2026-12-03"][data-time="15:00"] .week-item', { hasText: 'Thor' }).waitFor();

    // Wednesday's header opens that day.
    await week.getByRole('button', { name: /^Qua\.?, 02\/12/ }).click();
    await page.getByRole('heading', { name: 'Quarta-feira, 2 de dezembro de 2026' }).waitFor();
    const card = page.locator('.booking-card', { hasText: 'Banho · Mel' });
    await card.filter({ hasText: '10:00' }).getByTestId('booking-attribution').filter({ hasText: /^Agendado por Bia$/ }).waitFor();

    // "Remarcar": Thursday at 15:00 is taken — said in pt-BR, with the nearest free times.
    await card.getByRole('button', { name: 'Remarcar' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remarcar Mel' });
    await dialog.getByLabel('Novo dia').fill('2026-12-03');
    await dialog.getByRole('group', { name: 'Horários livres', exact: true }).getByRole('button', { name: '14:00' }).waitFor();
    expect(await dialog.getByRole('group', { name: 'Horários livres', exact: true }).getByRole('button', { name: '15:00' }).count(), 'a taken time is not offered').to.equal(0);
    await dialog.getByLabel('Novo horário').fill('15:00');
    await dialog.getByRole('button', { name: 'Remarcar' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Esse horário acabou de ser ocupado. Escolha outro.' }).waitFor();
    await dialog.getByRole('group', { name: 'Horários livres mais próximos' }).getByRole('button', { name: '03/12 16:00' }).waitFor();

    // A free time from the list moves it; the Agenda follows it to Thursday.
    await dialog.getByRole('group', { name: 'Horários livres', exact: true }).getByRole('button', { name: '14:00' }).click();
    expect(await dialog.getByLabel('Novo horário').inputValue()).to.equal('14:00');
    await dialog.getByRole('button', { name: 'Remarcar' }).click();
    await page.getByRole('heading', { name: 'Quinta-feira, 3 de dezembro de 2026' }).waitFor();
    await page.getByText('Remarcado para 14:00 de 03/12.').waitFor();
    const moved = page.locator('.booking-card', { hasText: 'Banho · Mel' });
    await moved.filter({ hasText: '14:00' }).getByTestId('booking-attribution').filter({ hasText: 'Agendado por Bia · alterado pelo token da loja' }).waitFor();
    expect(await page.locator('.booking-card').count()).to.equal(2); // Mel's and Thor's

    const stored = await app.storage.db.selectFrom('bookings').select(['starts_at', 'created_by', 'changed_by']).where('id', '=', mel.id).executeTakeFirstOrThrow();
    expect(stored.starts_at.toISOString()).to.equal('2026-12-03T17:00:00.000Z');
    expect(stored.created_by).to.match(/^staff:/);
    expect(stored.changed_by).to.match(/^org-token:/);

    // Back in the week, Mel sits on Thursday 14:00 and Wednesday is free again.
    await page.getByRole('button', { name: 'Semana' }).click();
    await week.locator('td[data-date="2026-12-03"][data-time="14:00"] .week-item', { hasText: 'Mel' }).waitFor();
    expect(await week.locator('td[data-date="2026-12-02"] .week-item').count()).to.equal(0);
    await week.getByRole('button', { name: /^Qua\.?, 02\/12.*livre/ }).waitFor();
  });

  it('moves a booking by dragging it to another time of the week and onto another professional', async () => {
    const { app, page, api } = await start();
    await api('PUT', '/business-hours', { weekly: [...[1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes: '18:00' })), { weekday: 6, opens: '08:00', closes: '12:00' }] });
    const banho = (await api('GET', '/services')).items[0];
    const mesa1 = await api('POST', '/resources', { name: 'Mesa 1', kind: 'room', categories: ['banho'] });
    const mesa2 = await api('POST', '/resources', { name: 'Mesa 2', kind: 'room', categories: ['banho'] });
    const bruna = await customer(api, '+5511912345678', 'Bruna Lima', 'Mel');
    const booked = await api('POST', '/bookings', { ...bruna, serviceId: banho.id, startsAt: '2026-12-02T10:00:00-03:00' });
    expect(booked.resourceId).to.equal(mesa1.id);
    const row = () => app.storage.db.selectFrom('bookings').select(['starts_at', 'resource_id']).where('id', '=', booked.id).executeTakeFirstOrThrow();

    await signIn(page, app.http.baseUrl, { token: app.token, orgId: app.orgId });
    await page.getByRole('link', { name: 'Agenda' }).click();
    await page.getByRole('button', { name: 'Semana' }).click();
    const week = page.locator('.week-table');
    const item = week.locator('td[data-date="2026-12-02"][data-time="10:00"] .week-item', { hasText: 'Mel' });
    await item.waitFor();
    await item.dragTo(week.locator('td[data-date="2026-12-02"][data-time="11:30"]'));
    await page.getByText('Remarcado para 11:30 de 02/12.').waitFor();
    await week.locator('td[data-date="2026-12-02"][data-time="11:30"] .week-item', { hasText: 'Mel' }).waitFor();
    expect((await row()).starts_at.toISOString()).to.equal('2026-12-02T14:30:00.000Z');

    // Closed times (Saturday afternoon, Sunday) are shaded and take no drop.
    expect(await week.locator('td[data-date="2026-12-05"][data-time="11:30"].drop-target').count()).to.equal(1);
    for (const [date, at] of [['2026-12-05', '12:00'], ['2026-12-06', '11:30']]) {
      expect(await week.locator(`td[data-date="${date}"][data-time="${at}"].is-closed:not(.drop-target)`).count(), `${date} ${at}`).to.equal(1);
    }

    // By professional: Mesa 1 holds it; dragged onto Mesa 2's column it keeps its time.
    await page.getByRole('button', { name: 'Por profissional' }).click();
    await page.getByLabel('Ir para a data').fill('2026-12-02');
    await page.getByRole('heading', { name: 'Quarta-feira, 2 de dezembro de 2026 · por profissional' }).waitFor();
    const col1 = page.getByRole('region', { name: 'Mesa 1' });
    const col2 = page.getByRole('region', { name: 'Mesa 2' });
    await col1.locator('.week-item', { hasText: 'Mel' }).dragTo(col2);
    await col2.locator('.week-item', { hasText: 'Mel' }).waitFor();
    expect(await row()).to.deep.include({ resource_id: mesa2.id });
    expect((await row()).starts_at.toISOString()).to.equal('2026-12-02T14:30:00.000Z');

    // The item opens its day with its card, which names the room.
    await col2.locator('.week-item', { hasText: 'Mel' }).click();
    await page.locator('.booking-card', { hasText: 'Banho · Mel' }).filter({ hasText: 'com Mesa 2' }).waitFor();
  });
});
