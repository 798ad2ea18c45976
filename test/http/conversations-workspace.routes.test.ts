import { expect } from 'chai';
import { TOKEN_SENDER_NAME, ADMIN_SENDER_NAME } from '../../http/message-sender.js';
import { repositories } from '../../storage/repositories.js';
import { startFullApp, type FullApp } from '../support/full-app.js';
import { ScriptedAgent } from '../support/pipeline-harness.js';
import { TEST_ADMIN_TOKEN } from '../support/test-app.js';

/**
 * Conversas over HTTP: who of the team answered, the customer's side panel with the team's note,
 * canned replies with variables, and the list's search and "waiting longest" order.
 */
describe('Conversas workspace over HTTP', () => {
  let app: FullApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  const ANA = '+5511911110001';
  const BRUNO = '+5511911110002';
  const CARLA = '+5511911110003';
  const DANI = '+5511911110004';

  // Hands the chat to the team when the customer asks for a person; otherwise echoes.
  const handingOff = () =>
    new ScriptedAgent((input) => (/atendente/.test(input.text)
      ? { reply: 'Claro! Já chamei alguém da equipe.', escalate: { reason: 'cliente pediu atendente' } }
      : { reply: `Recebi: ${input.text}` }));

  let said = 0;
  async function say(from: string, text: string, pushName?: string): Promise<void> {
    app!.simulator.inject(app!.instanceId, { from, text, id: `WA-${++said}`, ...(pushName && { pushName }) });
    await app!.settle();
  }
  const api = (method: string, path: string, json?: unknown, token = app!.token) => app!.http.request(method, `${app!.base}${path}`, { token, ...(json !== undefined && { json }) });
  async function conversationOf(phone: string): Promise<{ id: string; contactId: string }> {
    const contact = (await repositories(app!.storage.db).contacts.findByPhone(app!.orgId, phone))!;
    const row = await app!.storage.db.selectFrom('conversations').select(['id', 'contact_id']).where('contact_id', '=', contact.id).executeTakeFirstOrThrow();
    return { id: row.id, contactId: row.contact_id };
  }

  /** A JSON call with a session cookie, from the dashboard's own origin. */
  async function withCookie(cookie: string, method: string, path: string, json?: unknown) {
    const headers: Record<string, string> = { cookie, origin: app!.http.baseUrl };
    if (json !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${app!.http.baseUrl}${app!.base}${path}`, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
    return { status: response.status, body: (await response.json().catch(() => ({}))) as any };
  }

  /** Invites a staff member with the shop's token, sets their password through the link and signs them in. */
  async function staffMember(name: string, email: string): Promise<{ id: string; cookie: string }> {
    const invite = await api('POST', '/users', { email, name, role: 'staff' });
    expect(invite.status, JSON.stringify(invite.body)).to.equal(201);
    const token = new URL(invite.body.inviteUrl).searchParams.get('link')!;
    expect((await app!.http.request('POST', '/api/auth/password', { json: { token, password: `senha de ${name} 2026` } })).status).to.equal(204);
    const signIn = await fetch(`${app!.http.baseUrl}/api/auth/sign-in`, {
      method: 'POST', headers: { 'content-type': 'application/json', origin: app!.http.baseUrl }, body: JSON.stringify({ email, password: `senha de ${name} 2026` }),
    });
    expect(signIn.status).to.equal(200);
    return { id: invite.body.user.id, cookie: signIn.headers.get('set-cookie')!.split(';')[0]! };
  }

  it('records who of the team sent each reply and shows their name, the token as the shop\'s team', async () => {
    app = await startFullApp();
    await say(ANA, 'oi', 'Ana Lima');
    const { id } = await conversationOf(ANA);
    const bia = await staffMember('Bia', 'bia@petshop.com');

    const byToken = await api('POST', `/conversations/${id}/reply`, { text: 'Oi Ana, aqui é da loja!' });
    expect(byToken.status, JSON.stringify(byToken.body)).to.equal(201);
    expect(byToken.body.sentBy).to.deep.equal({ kind: 'token', name: TOKEN_SENDER_NAME });
    await app.clock.advance(1_000);
    const byBia = await withCookie(bia.cookie, 'POST', `/conversations/${id}/reply`, { text: 'Oi Ana, é a Bia!' });
    expect(byBia.status, JSON.stringify(byBia.body)).to.equal(201);
    expect(byBia.body.sentBy).to.deep.equal({ kind: 'staff', name: 'Bia' });
    await app.clock.advance(1_000);
    const byAdmin = await api('POST', `/conversations/${id}/reply`, { text: 'Suporte do Patinha por aqui.' }, TEST_ADMIN_TOKEN);
    expect(byAdmin.body.sentBy).to.deep.equal({ kind: 'admin', name: ADMIN_SENDER_NAME });
    await app.settle();

    const thread = await api('GET', `/conversations/${id}/messages`);
    expect(thread.body.items.map((m: { author: string; text: string; sentBy: unknown }) => [m.author, m.text, m.sentBy])).to.deep.equal([
      ['customer', 'oi', null],
      ['bot', 'Recebi: oi', null],
      ['staff', 'Oi Ana, aqui é da loja!', { kind: 'token', name: TOKEN_SENDER_NAME }],
      ['staff', 'Oi Ana, é a Bia!', { kind: 'staff', name: 'Bia' }],
      ['staff', 'Suporte do Patinha por aqui.', { kind: 'admin', name: ADMIN_SENDER_NAME }],
    ]);
    // What is stored is the audit log's label, the same one the audit entry has; the name is read from the shop's users.
    const stored = await app.storage.db.selectFrom('messages').select(['text', 'sent_by']).where('author', '=', 'staff').orderBy('created_at').orderBy('id').execute();
    expect(stored[1]).to.deep.equal({ text: 'Oi Ana, é a Bia!', sent_by: `staff:${bia.id}` });
    expect(stored[0]!.sent_by).to.match(/^org-token:[0-9a-f]{12}$/);
    const audit = await app.storage.db.selectFrom('audit_log').select('actor').where('action', '=', 'conversation.staff_reply').orderBy('id').execute();
    expect(audit.map((a) => a.actor)).to.deep.equal(stored.map((m) => m.sent_by));

    // A renamed account shows its current name; a reply typed on the shop's own phone has no sender.
    await app.storage.db.updateTable('users').set({ name: 'Beatriz' }).where('id', '=', bia.id).execute();
    app.simulator.inject(app.instanceId, { from: ANA, text: 'Respondi pelo celular da loja', id: 'WA-PHONE-1', fromMe: true });
    await app.settle();
    const again = await api('GET', `/conversations/${id}/messages`);
    expect(again.body.items[3].sentBy).to.deep.equal({ kind: 'staff', name: 'Beatriz' });
    expect(again.body.items.at(-1)).to.deep.include({ author: 'staff', text: 'Respondi pelo celular da loja', sentBy: null });
  });

  it('shows the customer, their pets, next and past bookings in the side panel, and keeps the team\'s note', async () => {
    app = await startFullApp();
    await say(ANA, 'oi', 'Ana Lima');
    const { id, contactId } = await conversationOf(ANA);
    const thor = await api('POST', `/contacts/${contactId}/pets`, { name: 'Thor', species: 'cão', size: 'M', breed: 'vira-lata' });
    expect(thor.status).to.equal(201);
    await app.storage.db.updateTable('pets').set({ sex: 'macho' }).where('id', '=', thor.body.id).execute();
    const [service] = (await api('GET', '/services')).body.items;
    const next = await api('POST', '/bookings', { contactId, petId: thor.body.id, serviceId: service.id, startsAt: '2026-12-02T10:00:00-03:00' });
    expect(next.status, JSON.stringify(next.body)).to.equal(201);
    await app.storage.db.insertInto('bookings').values({
      org_id: app.orgId, contact_id: contactId, pet_id: thor.body.id, service_id: service.id, category: 'banho', pet_size: 'M',
      starts_at: '2026-11-20T13:00:00Z', ends_at: '2026-11-20T14:00:00Z', blocked_until: '2026-11-20T14:00:00Z', status: 'completed', price_cents: 6500, source: 'staff',
      created_at: '2026-11-19T13:00:00Z', updated_at: '2026-11-20T14:00:00Z',
    }).execute();

    const panel = await api('GET', `/conversations/${id}/customer`);
    expect(panel.status, JSON.stringify(panel.body)).to.equal(200);
    expect(panel.body.contact).to.include({ id: contactId, name: 'Ana Lima', phone: ANA, notes: null, marketingOptOut: false });
    expect(panel.body.pets).to.deep.equal([{ id: thor.body.id, contactId, name: 'Thor', species: 'cão', breed: 'vira-lata', size: 'M', birthDate: null, sex: 'macho' }]);
    expect(panel.body.nextBookings).to.have.length(1);
    expect(panel.body.nextBookings[0]).to.include({ petName: 'Thor', serviceName: 'Banho', startsAt: '2026-12-02T10:00:00-03:00', status: 'scheduled' });
    expect(panel.body.pastBookings.map((b: { startsAt: string; status: string }) => [b.startsAt, b.status])).to.deep.equal([['2026-11-20T10:00:00-03:00', 'completed']]);

    const noted = await api('PATCH', `/contacts/${contactId}`, { notes: '  Thor tem medo de secador; prefere tosa na tesoura.  ' });
    expect(noted.status, JSON.stringify(noted.body)).to.equal(200);
    expect(noted.body).to.include({ id: contactId, notes: 'Thor tem medo de secador; prefere tosa na tesoura.' });
    expect((await api('GET', `/conversations/${id}/customer`)).body.contact.notes).to.equal('Thor tem medo de secador; prefere tosa na tesoura.');
    const audit = await app.storage.db.selectFrom('audit_log').select(['action', 'entity_id', 'details']).where('action', '=', 'contact.notes_changed').execute();
    expect(audit).to.deep.equal([{ action: 'contact.notes_changed', entity_id: contactId, details: {} }]); // who, never what
    // The assistant never sees it: the note is not part of the contact the actors hold.
    expect(Object.keys((await repositories(app.storage.db).contacts.findById(app.orgId, contactId))!)).to.not.include('notes');

    for (const [body, field] of [[{ notes: 'x'.repeat(2001) }, 'body.notes'], [{ notes: 'ok', name: 'Outra' }, 'body'], [{}, 'body.notes']] as const) {
      const refused = await api('PATCH', `/contacts/${contactId}`, body);
      expect([refused.status, refused.body.error.code], JSON.stringify(body)).to.deep.equal([400, 'VALIDATION_FAILED']);
      expect(refused.body.error.details.problems[0].path).to.equal(field);
    }
    expect((await api('GET', `/contacts/${contactId}/export`)).body.contact.teamNotes).to.equal('Thor tem medo de secador; prefere tosa na tesoura.');
    expect((await api('PATCH', `/contacts/${contactId}`, { notes: '' })).body.notes, 'an empty note clears it').to.equal(null);
    await api('PATCH', `/contacts/${contactId}`, { notes: 'Cliente desde 2024' });

    // Deleting the customer's data takes the note with it; nobody is left to write a note about.
    expect((await api('DELETE', `/contacts/${contactId}`)).status).to.equal(204);
    const erased = await app.storage.db.selectFrom('contacts').select('notes').where('id', '=', contactId).executeTakeFirstOrThrow();
    expect(erased.notes).to.equal(null);
    const late = await api('PATCH', `/contacts/${contactId}`, { notes: 'de novo' });
    expect([late.status, late.body.error.code]).to.deep.equal([409, 'ANONYMIZED']);

    const other = await app.http.request('POST', '/admin/orgs', { token: TEST_ADMIN_TOKEN, json: { name: 'Outra Loja' } });
    expect((await api('GET', `/conversations/${id}/customer`, undefined, other.body.token)).status, 'another shop').to.equal(404);
    expect((await app.http.request('GET', `/api/orgs/${other.body.org.id}/conversations/${id}/customer`, { token: other.body.token })).status).to.equal(404);
  });

  it('keeps canned replies per shop, written by the owner, used by staff, filled for the open conversation', async () => {
    app = await startFullApp();
    await say(ANA, 'oi', 'Ana Lima');
    const { id, contactId } = await conversationOf(ANA);
    await api('POST', `/contacts/${contactId}/pets`, { name: 'Thor', species: 'cão', size: 'M' });

    const created = await api('POST', '/canned-replies', { title: 'Pet pronto', text: 'Oi, {cliente}! {Pet} já está pronto aqui na {loja}. 🐾' });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    expect(created.body).to.include({ title: 'Pet pronto', text: 'Oi, {cliente}! {Pet} já está pronto aqui na {loja}. 🐾' });
    expect(created.body.variables).to.deep.equal(['cliente', 'pet', 'loja']);
    const second = await api('POST', '/canned-replies', { title: 'Horário', text: '{servico} de {pet} em {data}, às {hora}.' });
    expect(second.status).to.equal(201);

    const typo = await api('POST', '/canned-replies', { title: 'Errada', text: 'Oi {nome}, o {pet} está pronto {x}' });
    expect([typo.status, typo.body.error.code]).to.deep.equal([400, 'VALIDATION_FAILED']);
    expect(typo.body.error.details.problems[0]).to.deep.include({ path: 'body.text' });
    expect(typo.body.error.details.problems[0].message).to.contain('{nome}, {x}').and.to.contain('{cliente}');
    const same = await api('POST', '/canned-replies', { title: 'PET PRONTO', text: 'outra' });
    expect([same.status, same.body.error.code], 'titles are unique per shop, any case').to.deep.equal([409, 'ALREADY_EXISTS']);
    for (const body of [{ title: '', text: 'x' }, { title: 'x'.repeat(61), text: 'x' }, { title: 'x', text: 'x'.repeat(2001) }, { title: 'x', text: 'y', extra: 1 }]) {
      expect((await api('POST', '/canned-replies', body)).status, JSON.stringify(body).slice(0, 60)).to.equal(400);
    }

    const filled = await api('GET', `/conversations/${id}/canned-replies`);
    expect(filled.status).to.equal(200);
    expect(filled.body.items.map((r: { title: string; text: string; missing: string[] }) => [r.title, r.text, r.missing])).to.deep.equal([
      ['Horário', '{servico} de Thor em {data}, às {hora}.', ['servico', 'data', 'hora']],
      ['Pet pronto', 'Oi, Ana! Thor já está pronto aqui na Pet Shop Teste. 🐾', []],
    ]);

    // Staff use them but do not change them.
    const bia = await staffMember('Bia', 'bia@petshop.com');
    expect((await withCookie(bia.cookie, 'GET', '/canned-replies')).body.items).to.have.length(2);
    expect((await withCookie(bia.cookie, 'GET', `/conversations/${id}/canned-replies`)).status).to.equal(200);
    for (const [method, path, json] of [
      ['POST', '/canned-replies', { title: 'Da Bia', text: 'oi' }],
      ['PATCH', `/canned-replies/${created.body.id}`, { text: 'mudou' }],
      ['DELETE', `/canned-replies/${created.body.id}`, undefined],
    ] as const) {
      const refused = await withCookie(bia.cookie, method, path, json);
      expect([refused.status, refused.body.error?.code], `${method} ${path}`).to.deep.equal([403, 'OWNER_ONLY']);
    }

    const renamed = await api('PATCH', `/canned-replies/${created.body.id}`, { title: 'Pronto para buscar' });
    expect(renamed.body).to.include({ title: 'Pronto para buscar', text: created.body.text });
    expect((await api('PATCH', `/canned-replies/${created.body.id}`, { text: 'Oi {nome}' })).status).to.equal(400);
    expect((await api('PATCH', `/canned-replies/${created.body.id}`, { title: 'Horário' })).body.error.code).to.equal('ALREADY_EXISTS');

    // Another shop neither sees nor reaches them.
    const other = await app.http.request('POST', '/admin/orgs', { token: TEST_ADMIN_TOKEN, json: { name: 'Outra Loja' } });
    const theirs = `/api/orgs/${other.body.org.id}`;
    expect((await app.http.request('GET', `${theirs}/canned-replies`, { token: other.body.token })).body.items).to.deep.equal([]);
    expect((await app.http.request('PATCH', `${theirs}/canned-replies/${created.body.id}`, { token: other.body.token, json: { text: 'roubei' } })).status).to.equal(404);
    expect((await app.http.request('DELETE', `${theirs}/canned-replies/${created.body.id}`, { token: other.body.token })).status).to.equal(404);
    expect((await api('GET', '/canned-replies', undefined, other.body.token)).status).to.equal(404);

    expect((await api('DELETE', `/canned-replies/${second.body.id}`)).status).to.equal(204);
    expect((await api('DELETE', `/canned-replies/${second.body.id}`)).status).to.equal(404);
    const actions = await app.storage.db.selectFrom('audit_log').select('action').where('entity', '=', 'canned_reply').orderBy('id').execute();
    expect(actions.map((a) => a.action)).to.deep.equal(['canned_reply.created', 'canned_reply.created', 'canned_reply.updated', 'canned_reply.deleted']);
  });

  it('searches by name, phone or message text, and lists the customers waiting longest on the team', async () => {
    app = await startFullApp({ agent: handingOff() });
    await say(ANA, 'quero falar com um atendente', 'Ana Lima');
    await say(BRUNO, 'preciso de um atendente', 'Bruno Reis');
    await say(ANA, 'alo?? 50% de desconto?');
    await say(CARLA, 'atendente por favor', 'Carla Dias');
    await say(DANI, 'oi', 'Dani');
    const [ana, bruno, carla, dani] = [await conversationOf(ANA), await conversationOf(BRUNO), await conversationOf(CARLA), await conversationOf(DANI)];
    expect((await api('POST', `/conversations/${carla.id}/reply`, { text: 'Oi Carla, pode falar!' })).status).to.equal(201);
    await app.settle();
    const ids = (res: { body: { items: Array<{ id: string }> } }) => res.body.items.map((c) => c.id);
    const firstIn = async (c: { id: string }) => (await api('GET', `/conversations/${c.id}/messages`)).body.items.find((m: { direction: string }) => m.direction === 'in').createdAt;

    // Waiting longest: Ana since her first message (the bot's "alo??" answer answers nothing), then Bruno; Carla was answered, Dani is with the bot.
    const waiting = await api('GET', '/conversations?sort=waiting');
    expect(ids(waiting)).to.deep.equal([ana.id, bruno.id]);
    expect(waiting.body.items[0].waitingSince).to.equal(await firstIn(ana));
    expect(waiting.body.items[1].waitingSince).to.equal(await firstIn(bruno));
    const page1 = await api('GET', '/conversations?sort=waiting&limit=1');
    expect(ids(page1)).to.deep.equal([ana.id]);
    expect(ids(await api('GET', `/conversations?sort=waiting&limit=1&cursor=${page1.body.nextCursor}`))).to.deep.equal([bruno.id]);
    const human = await api('GET', '/conversations?mode=human');
    expect(ids(human).sort()).to.deep.equal([ana.id, bruno.id, carla.id].sort());
    expect(human.body.items.find((c: { id: string }) => c.id === carla.id).waitingSince).to.equal(null);
    expect((await api('GET', '/conversations?mode=bot')).body.items.map((c: { id: string; waitingSince: unknown }) => [c.id, c.waitingSince])).to.deep.equal([[dani.id, null]]);

    // Answered, Ana leaves the queue; when she writes again she waits from that message, behind Bruno.
    await api('POST', `/conversations/${ana.id}/reply`, { text: 'Oi Ana! Sim, temos.' });
    await app.settle();
    expect(ids(await api('GET', '/conversations?sort=waiting'))).to.deep.equal([bruno.id]);
    await say(ANA, 'obrigada!');
    const again = await api('GET', '/conversations?sort=waiting');
    expect(ids(again)).to.deep.equal([bruno.id, ana.id]);
    const thread = (await api('GET', `/conversations/${ana.id}/messages`)).body.items;
    expect(again.body.items[1].waitingSince).to.equal(thread.find((m: { text: string }) => m.text === 'obrigada!').createdAt);

    // Search: a name (any case), the phone's digits however typed, the text of any message; pattern characters are literal.
    const search = async (q: string, extra = '') => ids(await api('GET', `/conversations?q=${encodeURIComponent(q)}${extra}`)).sort();
    expect(await search('ana lima')).to.deep.equal([ana.id]);
    expect(await search('(11) 91111-0002')).to.deep.equal([bruno.id]);
    expect(await search('91111-0004')).to.deep.equal([dani.id]);
    expect(await search('pode falar')).to.deep.equal([carla.id]);
    expect(await search('50%')).to.deep.equal([ana.id]);
    expect(await search('%')).to.deep.equal([ana.id]);
    expect(await search('_')).to.deep.equal([]);
    expect(await search('atendente', '&sort=waiting')).to.deep.equal([ana.id, bruno.id].sort());
    expect(await search('atendente', '&mode=bot')).to.deep.equal([]);
    expect(await search('ninguém fala isso')).to.deep.equal([]);
    for (const bad of ['q=', `q=${'x'.repeat(101)}`, 'sort=oldest']) {
      const refused = await api('GET', `/conversations?${bad}`);
      expect([refused.status, refused.body.error.code], bad).to.deep.equal([400, 'VALIDATION_FAILED']);
    }

    // Another shop's customer with the same words is never found here.
    const other = await app.http.request('POST', '/admin/orgs', { token: TEST_ADMIN_TOKEN, json: { name: 'Outra Loja' } });
    const repos = repositories(app.storage.db);
    const now = new Date(app.clock.now());
    const theirContact = await repos.contacts.findOrCreateByPhone(other.body.org.id, { phone: '+5511955550000', name: 'Ana Lima' }, now);
    const theirNumber = await repos.instances.create({ orgId: other.body.org.id, name: 'Outra', transport: 'simulator', phone: '+5511955551111', createdAt: now });
    const theirs = await repos.conversations.findOrCreate(other.body.org.id, theirContact.id, theirNumber.id, now);
    await repos.conversations.touch(other.body.org.id, theirs.id, now);
    expect(await search('ana lima')).to.deep.equal([ana.id]);
    expect(ids(await app.http.request('GET', `/api/orgs/${other.body.org.id}/conversations?q=ana`, { token: other.body.token }))).to.deep.equal([theirs.id]);
  });
});
