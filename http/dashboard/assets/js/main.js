import { Api, messageOf } from './api.js';
import { h, replace, button } from './dom.js';
import { icon } from './icons.js';
import { Lookup } from './lookup.js';
import { Realtime } from './realtime.js';
import { clearSession, isStaffOnly, loadSession, saveSession } from './session.js';
import { errorBox, loading, toast } from './ui.js';
import { renderLogin } from './views/login.js';

/**
 * The dashboard shell: sign-in, the sidebar, hash routing between screens,
 * the live connection and the alert banners. Each screen is a module with
 * `mount(root, ctx)` returning its cleanup.
 */
const ROUTES = [
  { path: 'conexao', label: 'Conexão', icon: 'wifi', load: () => import('./views/connection.js') },
  { path: 'conversas', label: 'Conversas', icon: 'chat', load: () => import('./views/conversations.js') },
  { path: 'simulador', label: 'Simulador', icon: 'phone', load: () => import('./views/simulator.js') },
  { path: 'agenda', label: 'Agenda', icon: 'calendar', load: () => import('./views/agenda.js') },
  { path: 'aurora', label: 'Aurora', icon: 'chart', load: () => import('./views/aurora.js') },
  { path: 'loja', label: 'Loja', icon: 'store', ownerOnly: true, load: () => import('./views/loja.js') },
  { path: 'supervisao', label: 'Supervisão', icon: 'tree', admin: true, load: () => import('./views/supervision.js') },
];

const root = document.getElementById('app');
let running; // { realtime, cleanupView, onHash, intervals }

function teardown() {
  if (!running) return;
  running.cleanupView?.();
  running.realtime.close();
  window.removeEventListener('hashchange', running.onHash);
  running = undefined;
}

function signOut(message) {
  teardown();
  clearSession();
  renderLogin(root, { message, onSignedIn: start });
}

/** Ends the account's session on the server (this browser, or every device), then shows Entrar. */
async function signOutAccount(api, everywhere) {
  try {
    await api.request('POST', everywhere ? '/api/auth/sign-out-everywhere' : '/api/auth/sign-out', { json: {} });
  } catch {
    // Already signed out (or the server is away): the cookie is gone or will expire; leave anyway.
  }
  signOut(everywhere ? 'Você saiu em todos os aparelhos.' : 'Você saiu. Até logo!');
}

async function start(message) {
  teardown();
  const session = loadSession();
  // An invite or reset link asks for the new password whoever is signed in on this browser.
  if (!session?.orgId || new URLSearchParams(location.search).has('link')) {
    renderLogin(root, { session, message, onSignedIn: start });
    return;
  }
  replace(root, loading('Abrindo a loja…'));
  const expired = session.kind === 'account' ? 'Sua sessão terminou. Entre de novo.' : 'Seu acesso não vale mais (o token pode ter sido trocado). Entre de novo.';
  const api = new Api({ token: session.token, orgId: session.orgId, onUnauthorized: () => signOut(expired) });
  let org;
  try {
    org = await api.org('GET', '');
  } catch (error) {
    if (error.status === 401) return; // onUnauthorized already showed the sign-in
    if (error.status === 404) {
      const { orgId: _gone, ...rest } = session;
      saveSession(rest);
      renderLogin(root, { session: rest, message: 'Essa loja não existe mais ou o token não é dela.', onSignedIn: start });
      return;
    }
    replace(root, h('div', { class: 'center-page' }, errorBox(messageOf(error), () => start())));
    return;
  }
  saveSession({ ...session, orgName: org.name });
  renderShell(api, session, org);
}

function renderShell(api, session, org) {
  const realtime = new Realtime();
  const lookup = new Lookup(api);
  const staffOnly = isStaffOnly(session);
  const routes = ROUTES.filter((r) => (!r.admin || session.isAdmin) && !(r.ownerOnly && staffOnly));
  const main = h('main', { id: 'main', class: 'main', tabindex: '-1' });
  const banners = h('div', { class: 'banners', role: 'region', 'aria-label': 'Avisos' });
  const liveDot = h('span', { class: 'live live-connecting', role: 'status' }, 'Conectando…');
  const badges = new Map();
  const links = routes.map((r) => {
    const badge = h('span', { class: 'nav-badge', hidden: true });
    badges.set(r.path, badge);
    return h('a', { href: `#/${r.path}`, class: 'nav-link', dataset: { route: r.path } }, icon(r.icon), h('span', null, r.label), badge);
  });

  const ctx = {
    api, realtime, lookup, session, org, tz: org.timezone,
    navigate: (path) => {
      location.hash = `#/${path}`;
    },
    setBadge(path, count) {
      const b = badges.get(path);
      if (!b) return;
      b.hidden = !count;
      replace(b, count ? String(count) : '', count ? h('span', { class: 'sr-only' }, ' aguardando atendimento humano') : null);
    },
  };

  const sidebar = h(
    'aside',
    { class: 'sidebar' },
    h('div', { class: 'brand' }, h('span', { class: 'brand-mark' }, icon('paw', { size: 22 })), h('span', { class: 'brand-name' }, 'Patinha')),
    h('div', { class: 'org-box' }, h('span', { class: 'org-label' }, 'Loja'), h('strong', { class: 'org-name', 'data-testid': 'org-name' }, org.name), liveDot),
    h('nav', { class: 'nav', 'aria-label': 'Seções do painel' }, h('ul', null, links.map((a) => h('li', null, a)))),
    session.kind === 'account' &&
      h('div', { class: 'user-box', 'data-testid': 'signed-in-user' }, icon('user', { size: 16 }), h('span', null, h('strong', null, session.user.name), h('small', { class: 'muted' }, session.user.role === 'owner' ? ' · dono' : ' · equipe'))),
    h(
      'div',
      { class: 'sidebar-foot' },
      session.isAdmin &&
        button([icon('store', { size: 16 }), ' Trocar loja'], () => {
          const { orgId: _o, orgName: _n, ...rest } = loadSession() ?? session;
          saveSession(rest);
          start();
        }, { class: 'btn btn-ghost btn-small' }),
      button([icon('logout', { size: 16 }), ' Sair'], () => (session.kind === 'account' ? signOutAccount(api, false) : signOut('Você saiu. Até logo!')), { class: 'btn btn-ghost btn-small' }),
      session.kind === 'account' && button('Trocar senha', () => import('./views/change-password.js').then((m) => m.openChangePassword(api)), { class: 'btn btn-ghost btn-small' }),
      session.kind === 'account' && button('Sair de todos os aparelhos', () => signOutAccount(api, true), { class: 'btn btn-ghost btn-small' }),
    ),
  );
  replace(root, h('div', { class: 'shell' }, sidebar, h('div', { class: 'main-col' }, banners, main)));

  // ---- live connection and banners ----
  const showLive = (state) => {
    const text = { online: 'Ao vivo', offline: 'Sem tempo real — reconectando…', connecting: 'Conectando…', unauthorized: 'Tempo real recusado' }[state] ?? state;
    liveDot.className = `live live-${state}`;
    liveDot.textContent = text;
  };
  realtime.on('state', showLive);
  realtime.on('alert', (alert) => addBanner(banners, alert.message ?? 'Atenção: algo precisa da sua atenção.', 'bad'));
  realtime.on('conversation:escalated', () => {
    refreshHumanCount();
    toast('Um cliente precisa de atendimento humano.', 'warn');
  });
  realtime.on('conversation:released', () => refreshHumanCount());
  realtime.on('resync', () => refreshHumanCount());
  realtime.connect(org.id, session.token);

  async function refreshHumanCount() {
    try {
      const page = await api.org('GET', '/conversations', { query: { mode: 'human', limit: 200 } });
      ctx.setBadge('conversas', page.items.length);
    } catch {
      // the badge is a hint; the list itself shows errors
    }
  }
  refreshHumanCount();

  // ---- routing ----
  let first = true;
  const onHash = async () => {
    const wanted = location.hash.replace(/^#\/?/, '').split(/[/?]/)[0];
    const refused = ROUTES.find((r) => r.path === wanted && r.ownerOnly && staffOnly);
    if (refused) {
      running.cleanupView?.();
      running.cleanupView = undefined;
      document.title = `${refused.label} · Patinha`;
      for (const a of links) a.removeAttribute('aria-current');
      replace(main, h('div', { class: 'center-page' }, h('section', { class: 'card refused', role: 'alert' },
        h('h1', { tabindex: '-1' }, `${refused.label}: só para o dono`),
        h('p', null, 'Serviços, preços, horários, números e a equipe são alterados pelo dono da loja. Você pode atender as conversas e cuidar da agenda.'),
        h('a', { href: '#/conversas', class: 'btn btn-primary' }, 'Ir para Conversas'))));
      return;
    }
    const route = routes.find((r) => r.path === wanted) ?? routes[0];
    if (route.path !== wanted) {
      history.replaceState(null, '', `#/${route.path}`);
    }
    for (const a of links) {
      if (a.dataset.route === route.path) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    // On a phone the sections are a scrolling row of tabs: keep the current one in sight.
    const nav = sidebar.querySelector('.nav');
    const current = links.find((a) => a.dataset.route === route.path);
    if (nav.scrollWidth > nav.clientWidth && current) nav.scrollLeft = current.offsetLeft - 16;
    running.cleanupView?.();
    running.cleanupView = undefined;
    replace(main, loading());
    document.title = `${route.label} · Patinha`;
    const token = (running.viewToken = {});
    try {
      const mod = await route.load();
      if (running?.viewToken !== token) return;
      replace(main);
      running.cleanupView = mod.mount(main, ctx);
      if (!first) main.querySelector('h1')?.focus();
      first = false;
    } catch (error) {
      console.error(error);
      replace(main, errorBox('Não foi possível abrir esta tela.', () => onHash()));
    }
  };
  running = { realtime, onHash };
  window.addEventListener('hashchange', onHash);
  onHash();
}

function addBanner(container, message, tone) {
  const banner = h(
    'div',
    { class: `banner banner-${tone}`, role: 'alert' },
    icon('alert'),
    h('p', null, message),
    button(icon('close', { label: 'Fechar aviso' }), () => banner.remove(), { class: 'btn btn-icon btn-ghost' }),
  );
  container.append(banner);
  while (container.children.length > 3) container.firstChild.remove();
}

start();
