import { expect } from 'chai';
import { io as connectSocket } from 'socket.io-client';
import { startFullApp, type FullApp } from '../support/full-app.js';
import { TEST_ADMIN_TOKEN } from '../support/test-app.js';

/**
 * Owners and staff sign in with e-mail and password (a session cookie); owners run the shop,
 * staff chat and book; a cookie's changes must come from the dashboard's own origin; a session
 * never reaches another shop.
 */
describe('staff accounts over HTTP', () => {
  let app: FullApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  /** A JSON call with the session cookie (and this app's Origin unless told otherwise). */
  const call = async (method: string, path: string, options: { cookie?: string; json?: unknown; origin?: string | null } = {}) => {
    const base = app!.http.baseUrl;
    const headers: Record<string, string> = {};
    if (options.cookie) headers.cookie = options.cookie;
    if (options.origin !== null) headers.origin = options.origin ?? base;
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${base}${path}`, { method, headers, body: options.json === undefined ? undefined : JSON.stringify(options.json) });
    return { status: response.status, body: (await response.json().catch(() => ({}))) as any, setCookie: response.headers.get('set-cookie') };
  };
  const linkToken = (url: string) => new URL(url).searchParams.get('link')!;

  async function signedIn(email: string, password: string): Promise<string> {
    const res = await call('POST', '/api/auth/sign-in', { json: { email, password } });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.setCookie, 'a relative lifetime: 14 days').to.match(/^patinha_session=ses_[\w-]+; Max-Age=1209600; Path=\/; Expires=.*; HttpOnly; SameSite=Strict$/);
    return res.setCookie!.split(';')[0]!;
  }

  it('invites an owner with the shop token, who invites staff; staff chat and book but cannot change the shop', async () => {
    app = await startFullApp();
    const base = `/api/orgs/${app.orgId}`;
    const invite = await app.http.request('POST', `${base}/users`, { token: app.token, json: { email: 'Dona@PetShop.com', name: 'Dona Ana', role: 'owner' } });
    expect(invite.status, JSON.stringify(invite.body)).to.equal(201);
    expect(invite.body.user).to.include({ email: 'dona@petshop.com', role: 'owner', active: false });
    expect((await call('POST', '/api/auth/password', { json: { token: linkToken(invite.body.inviteUrl), password: 'senha da dona 2026' } })).status).to.equal(204);
    const owner = await signedIn('dona@petshop.com', 'senha da dona 2026');
    expect((await call('GET', '/api/session', { cookie: owner })).body).to.deep.include({ role: 'staff', user: { id: invite.body.user.id, name: 'Dona Ana', email: 'dona@petshop.com', role: 'owner' } });

    const staffInvite = await call('POST', `${base}/users`, { cookie: owner, json: { email: 'bia@petshop.com', name: 'Bia', role: 'staff' } });
    expect(staffInvite.status).to.equal(201);
    await call('POST', '/api/auth/password', { json: { token: linkToken(staffInvite.body.inviteUrl), password: 'senha da bia 2026' } });
    const staff = await signedIn('bia@petshop.com', 'senha da bia 2026');

    // Staff: the inbox, the agenda, replies.
    app.simulator.inject(app.instanceId, { from: '+5511987654321', text: 'oi', id: 'WA-STAFF-1', pushName: 'Carla' });
    await app.settle();
    const conversations = await call('GET', `${base}/conversations`, { cookie: staff });
    expect(conversations.status).to.equal(200);
    const reply = await call('POST', `${base}/conversations/${conversations.body.items[0].id}/reply`, { cookie: staff, json: { text: 'Oi Carla, aqui é a Bia!' } });
    expect(reply.status, JSON.stringify(reply.body)).to.equal(201);
    const audit = await app.storage.db.selectFrom('audit_log').select(['actor']).where('action', '=', 'conversation.staff_reply').executeTakeFirstOrThrow();
    expect(audit.actor, 'the reply is attributed to Bia').to.equal(`staff:${staffInvite.body.user.id}`);
    const log = await call('GET', `${base}/audit-log?action=conversation.staff_reply`, { cookie: owner });
    expect(log.body.items.map((e: { actorName: string }) => e.actorName), 'the owner reads it by name').to.deep.equal(['Bia']);

    // …but not the shop itself.
    for (const [method, path, json] of [
      ['PATCH', base, { name: 'Outro nome' }],
      ['POST', `${base}/services`, { name: 'Hidratação', category: 'banho', species: ['cão'], bySize: { M: { durationMin: 30, priceCents: 3000 } } }],
      ['POST', `${base}/instances`, { name: 'Outro', transport: 'simulator' }],
      ['GET', `${base}/users`, undefined],
      ['GET', `${base}/audit-log`, undefined],
      ['POST', `${base}/users`, { email: 'x@y.com', name: 'X', role: 'owner' }],
    ] as const) {
      const refused = await call(method, path, { cookie: staff, json });
      expect([refused.status, refused.body.error?.code], `${method} ${path}`).to.deep.equal([403, 'OWNER_ONLY']);
    }
    expect((await call('PATCH', base, { cookie: owner, json: { name: 'Pet Shop da Dona' } })).status, 'the owner may').to.equal(200);

    // A reset link from the owner; sign-out everywhere ends every session.
    const reset = await call('POST', `${base}/users/${staffInvite.body.user.id}/reset-link`, { cookie: owner, json: {} });
    expect(reset.status).to.equal(201);
    const second = await signedIn('bia@petshop.com', 'senha da bia 2026');
    expect((await call('POST', '/api/auth/sign-out-everywhere', { cookie: second, json: {} })).status).to.equal(204);
    expect((await call('GET', '/api/session', { cookie: staff })).status, 'the first session ended too').to.equal(401);
    expect((await call('POST', '/api/auth/password', { json: { token: linkToken(reset.body.resetUrl), password: 'nova senha da bia' } })).status).to.equal(204);
    await signedIn('bia@petshop.com', 'nova senha da bia');
  });

  it('refuses a cookie change from another origin, a session on another shop, and a wrong password alike', async () => {
    app = await startFullApp();
    const base = `/api/orgs/${app.orgId}`;
    const invite = await app.http.request('POST', `${base}/users`, { token: app.token, json: { email: 'caio@petshop.com', name: 'Caio', role: 'owner' } });
    await call('POST', '/api/auth/password', { json: { token: linkToken(invite.body.inviteUrl), password: 'senha do caio 2026' } });
    const cookie = await signedIn('caio@petshop.com', 'senha do caio 2026');

    const evil = await call('PATCH', base, { cookie, origin: 'https://evil.example', json: { name: 'Roubada' } });
    expect([evil.status, evil.body.error.code]).to.deep.equal([403, 'CSRF_REJECTED']);
    const bare = await call('PATCH', base, { cookie, origin: null, json: { name: 'Roubada' } });
    expect([bare.status, bare.body.error.code], 'no Origin, no Sec-Fetch-Site').to.deep.equal([403, 'CSRF_REJECTED']);
    expect((await call('GET', base, { cookie, origin: null })).status, 'reads need no Origin').to.equal(200);

    const other = await app.http.request('POST', '/admin/orgs', { token: TEST_ADMIN_TOKEN, json: { name: 'Outra Loja' } });
    const foreign = await call('GET', `/api/orgs/${other.body.org.id}/conversations`, { cookie });
    expect([foreign.status, foreign.body.error.code]).to.deep.equal([404, 'NOT_FOUND']);

    const wrong = await call('POST', '/api/auth/sign-in', { json: { email: 'caio@petshop.com', password: 'errada errada' } });
    const unknown = await call('POST', '/api/auth/sign-in', { json: { email: 'ninguem@petshop.com', password: 'errada errada' } });
    expect([wrong.status, wrong.body.error.code]).to.deep.equal([401, 'INVALID_CREDENTIALS']);
    expect(unknown.body).to.deep.equal(wrong.body);
    const taken = await call('POST', `${base}/users`, { cookie, json: { email: 'CAIO@petshop.com', name: 'Outro Caio', role: 'staff' } });
    expect([taken.status, taken.body.error.code]).to.deep.equal([409, 'EMAIL_TAKEN']);

    // Sign-in has its own budget per client address (SIGN_IN_LIMIT_PER_MIN, 10): three used above.
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await call('POST', '/api/auth/sign-in', { json: { email: 'caio@petshop.com', password: 'senha do caio 2026' } })).status);
    expect(statuses).to.deep.equal([200, 200, 200, 200, 200, 200, 200, 429]);
  });

  it('creates a shop with its owner\'s invite in one step, leaves no shop behind for a taken e-mail, and walks the setup checklist', async () => {
    app = await startFullApp();
    const created = await app.http.request('POST', '/admin/orgs', { token: TEST_ADMIN_TOKEN, json: { name: 'Vila Pet', timezone: 'America/Manaus', owner: { email: 'Rosa@VilaPet.com', name: 'Rosa' } } });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    expect(created.body.ownerInvite.user).to.include({ email: 'rosa@vilapet.com', role: 'owner', active: false });
    const orgId = created.body.org.id;
    const steps = async () => {
      const res = await app!.http.request('GET', `/api/orgs/${orgId}/setup`, { token: created.body.token });
      expect(res.status).to.equal(200);
      return Object.fromEntries(res.body.steps.map((s: { key: string; done: boolean }) => [s.key, s.done]));
    };
    expect(await steps()).to.deep.equal({ services: false, hours: false, 'owner-numbers': false, 'linked-number': false, 'owner-account': false });

    await call('POST', '/api/auth/password', { json: { token: linkToken(created.body.ownerInvite.inviteUrl), password: 'a rosa cuida da vila' } });
    await app.http.request('PATCH', `/api/orgs/${orgId}`, { token: created.body.token, json: { ownerNumbers: ['+5592991234567'] } });
    await app.http.request('POST', `/api/orgs/${orgId}/services`, { token: created.body.token, json: { name: 'Banho', category: 'banho', species: ['cão'], bySize: { P: { durationMin: 60, priceCents: 5000 } } } });
    await app.http.request('POST', `/api/orgs/${orgId}/instances`, { token: created.body.token, json: { name: 'Balcão', transport: 'simulator' } });
    await app.settle();
    expect(await steps()).to.deep.equal({ services: true, hours: false, 'owner-numbers': true, 'linked-number': true, 'owner-account': true });

    const before = await app.storage.db.selectFrom('organizations').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const taken = await app.http.request('POST', '/admin/orgs', { token: TEST_ADMIN_TOKEN, json: { name: 'Outra Vila', owner: { email: 'rosa@vilapet.com', name: 'Rosa' } } });
    expect([taken.status, taken.body.error.code]).to.deep.equal([409, 'EMAIL_TAKEN']);
    const after = await app.storage.db.selectFrom('organizations').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n), 'the transaction left no shop behind').to.equal(Number(before.n));
  });

  it('opens the live socket with the session cookie from the dashboard\'s own origin only, and only on its shop', async () => {
    app = await startFullApp();
    const invite = await app.http.request('POST', `/api/orgs/${app.orgId}/users`, { token: app.token, json: { email: 'lia@petshop.com', name: 'Lia', role: 'staff' } });
    await call('POST', '/api/auth/password', { json: { token: linkToken(invite.body.inviteUrl), password: 'senha da lia 2026' } });
    const cookie = await signedIn('lia@petshop.com', 'senha da lia 2026');
    const other = await app.http.request('POST', '/admin/orgs', { token: TEST_ADMIN_TOKEN, json: { name: 'Outra Loja' } });
    const opened = (orgId: string, headers: Record<string, string>) =>
      new Promise<string>((resolve) => {
        const socket = connectSocket(`${app!.http.baseUrl}/org/${orgId}`, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: headers });
        socket.on('connect', () => {
          socket.disconnect();
          resolve('ok');
        });
        socket.on('connect_error', (error) => resolve(error.message));
      });
    const origin = app.http.baseUrl;
    expect(await opened(app.orgId, { cookie, origin })).to.equal('ok');
    expect(await opened(app.orgId, { cookie, origin: 'https://evil.example' }), 'another site').to.equal('UNAUTHORIZED');
    expect(await opened(other.body.org.id, { cookie, origin }), 'another shop').to.equal('UNAUTHORIZED');
    expect(await opened(app.orgId, { cookie: 'patinha_session=ses_forged', origin }), 'a forged session').to.equal('UNAUTHORIZED');

    // A socket stays only as long as its session: signing out everywhere drops it.
    const live = connectSocket(`${app.http.baseUrl}/org/${app.orgId}`, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { cookie, origin } });
    await new Promise<void>((resolve) => live.on('connect', () => resolve()));
    const dropped = new Promise<string>((resolve) => live.on('disconnect', (reason) => resolve(reason)));
    expect((await call('POST', '/api/auth/sign-out-everywhere', { cookie, json: {} })).status).to.equal(204);
    expect(await dropped).to.equal('io server disconnect');
  });

  it('lets a signed-in person change their own password: the current one is asked, other sessions end, this one stays', async () => {
    app = await startFullApp();
    const invite = await app.http.request('POST', `/api/orgs/${app.orgId}/users`, { token: app.token, json: { email: 'rui@petshop.com', name: 'Rui', role: 'staff' } });
    await call('POST', '/api/auth/password', { json: { token: linkToken(invite.body.inviteUrl), password: 'senha do rui 2026' } });
    const here = await signedIn('rui@petshop.com', 'senha do rui 2026');
    const elsewhere = await signedIn('rui@petshop.com', 'senha do rui 2026');

    const wrong = await call('POST', '/api/auth/change-password', { cookie: here, json: { currentPassword: 'não é essa não', newPassword: 'nova senha do rui' } });
    expect([wrong.status, wrong.body.error.code]).to.deep.equal([401, 'INVALID_CREDENTIALS']);
    const foreign = await call('POST', '/api/auth/change-password', { cookie: here, origin: 'https://evil.example', json: { currentPassword: 'senha do rui 2026', newPassword: 'nova senha do rui' } });
    expect([foreign.status, foreign.body.error.code]).to.deep.equal([403, 'CSRF_REJECTED']);
    const short = await call('POST', '/api/auth/change-password', { cookie: here, json: { currentPassword: 'senha do rui 2026', newPassword: 'curta' } });
    expect([short.status, short.body.error.code]).to.deep.equal([400, 'VALIDATION_FAILED']);
    expect((await call('GET', '/api/session', { cookie: elsewhere })).status, 'nothing changed yet').to.equal(200);

    expect((await call('POST', '/api/auth/change-password', { cookie: here, json: { currentPassword: 'senha do rui 2026', newPassword: 'nova senha do rui' } })).status).to.equal(204);
    expect((await call('GET', '/api/session', { cookie: here })).status, 'this session stays').to.equal(200);
    expect((await call('GET', '/api/session', { cookie: elsewhere })).status, 'the other one ended').to.equal(401);
    expect((await call('POST', '/api/auth/sign-in', { json: { email: 'rui@petshop.com', password: 'senha do rui 2026' } })).status, 'the old password').to.equal(401);
    await signedIn('rui@petshop.com', 'nova senha do rui');
    expect((await call('POST', '/api/auth/change-password', { json: { currentPassword: 'x', newPassword: 'nova senha do rui 2' } })).status, 'without a session').to.equal(401);
  });
});
