import { messageOf } from '../api.js';
import { busy, button, field, h, replace } from '../dom.js';
import { dateTime, duration } from '../format.js';
import { icon } from '../icons.js';
import { chip, errorBox, loading, pageHeader, toast } from '../ui.js';

/**
 * Supervisão (admin token only): the live actor tree of every node, refreshed
 * every 2 s, collapsible, coloured by state, with restarts, mailbox depth,
 * the last error and a "Reiniciar" button per actor (restarted on its own
 * node). A shop's actors show its name, the number or the customer beside the
 * address; a shop can be picked to see its actors only; each node charts its
 * restarts per minute over the last hour. A node that stopped, died or did not
 * answer is one line: since when.
 */
const REFRESH_MS = 2000;
const STATE = {
  running: { label: 'rodando', tone: 'ok' },
  restarting: { label: 'reiniciando', tone: 'warn' },
  stopped: { label: 'parado', tone: 'bad' },
  passivated: { label: 'hibernando', tone: 'info' },
};

export function mount(root, ctx) {
  const { api, session } = ctx;
  const state = { open: new Set(), closed: new Set(), filter: '', orgId: '', paused: false, timer: undefined, stopped: false, data: undefined };
  const tree = h('div', { class: 'sup-tree' }, loading('Carregando a árvore de atores…'));
  const totals = h('div', { class: 'sup-totals', 'aria-live': 'off' });
  const updated = h('small', { class: 'muted sup-updated' });
  const filter = h('input', { type: 'search', placeholder: 'ex.: Bruna ou session/', autocomplete: 'off' });
  const shop = h('select', { dataset: { role: 'shop-filter' } }, h('option', { value: '' }, 'Todas as lojas'));
  shop.addEventListener('change', () => {
    state.orgId = shop.value;
    refresh();
  });
  filter.addEventListener('input', () => {
    state.filter = filter.value.trim().toLowerCase();
    render();
  });
  const pause = button('Pausar atualização', () => {
    state.paused = !state.paused;
    pause.textContent = state.paused ? 'Retomar atualização' : 'Pausar atualização';
    pause.setAttribute('aria-pressed', String(state.paused));
    if (!state.paused) refresh();
  }, { class: 'btn btn-ghost', 'aria-pressed': 'false' });

  root.append(pageHeader('Supervisão', 'A árvore de atores do Patinha, ao vivo (atualiza a cada 2 segundos).', pause), h('div', { class: 'toolbar' }, field('Loja', shop), field('Filtrar por endereço ou nome', filter), updated), totals, tree);

  if (!session.isAdmin) {
    replace(tree, errorBox('Esta tela precisa do token de administrador.'));
    return () => {};
  }

  async function refresh() {
    clearTimeout(state.timer);
    if (state.stopped) return;
    try {
      state.data = await api.admin('GET', state.orgId ? `/supervision?orgId=${encodeURIComponent(state.orgId)}` : '/supervision');
      renderShops(state.data.shops ?? []);
      tree.dataset.refreshes = String(Number(tree.dataset.refreshes ?? 0) + 1);
      updated.textContent = `Atualizado às ${new Date().toLocaleTimeString('pt-BR')}`;
      render();
    } catch (error) {
      replace(tree, errorBox(messageOf(error), refresh));
    }
    if (!state.paused && !state.stopped) state.timer = setTimeout(refresh, REFRESH_MS);
  }

  function render() {
    if (!state.data) return;
    const focusedAddress = document.activeElement?.closest?.('[data-address]')?.dataset.address;
    const focusedRole = document.activeElement?.dataset?.role;
    const focusedNode = document.activeElement?.closest?.('[data-node]')?.dataset.node;
    const counts = { total: 0, running: 0, restarting: 0, stopped: 0, passivated: 0, restarts: 0 };
    const count = (n) => {
      counts.total += 1;
      counts[n.state] = (counts[n.state] ?? 0) + 1;
      counts.restarts += n.restarts;
      n.children.forEach(count);
    };
    state.data.nodes.forEach((node) => node.tree && count(node.tree));
    replace(
      totals,
      totalBox('Atores', counts.total),
      totalBox('Rodando', counts.running, 'ok'),
      totalBox('Reiniciando', counts.restarting, 'warn'),
      totalBox('Parados', counts.stopped, 'bad'),
      totalBox('Hibernando', counts.passivated, 'info'),
      totalBox('Reinícios', counts.restarts),
    );
    const selfId = state.data.nodes[0]?.nodeId;
    replace(tree, state.data.nodes.map((node) => (node.tree ? renderNode(node, node.nodeId === selfId) : renderGone(node))));
    if (focusedAddress) {
      const section = focusedNode ? tree.querySelector(`[data-node="${CSS.escape(focusedNode)}"]`) : tree;
      const row = section?.querySelector(`[data-address="${CSS.escape(focusedAddress)}"]`);
      (row?.querySelector(`[data-role="${focusedRole}"]`) ?? row?.querySelector('summary, button'))?.focus();
    }
  }

  function matches(node) {
    if (!state.filter) return true;
    return node.address.toLowerCase().includes(state.filter) || (node.label ?? '').toLowerCase().includes(state.filter) || node.children.some(matches);
  }

  /** The shops seen in the trees; the chosen one stays chosen while it is there. */
  function renderShops(shops) {
    const options = [h('option', { value: '' }, 'Todas as lojas'), ...shops.map((s) => h('option', { value: s.id }, s.name))];
    replace(shop, ...options);
    shop.value = shops.some((s) => s.id === state.orgId) ? state.orgId : '';
  }

  function renderNode(node, isSelf) {
    const title = isSelf && state.data.nodes.length > 1 ? `Nó ${node.nodeId} (este)` : `Nó ${node.nodeId}`;
    return h(
      'section',
      { class: 'sup-node', 'aria-label': `Nó ${node.nodeId}`, dataset: { node: node.nodeId, status: 'live' } },
      h('h2', { class: 'card-title' }, title),
      node.restartsPerMinute && restartChart(node.restartsPerMinute),
      h('ul', { class: 'sup-list sup-root' }, renderActor(node.tree, 0, node.nodeId)),
    );
  }

  /** A node with no tree: stopped or dead (no heartbeat), or beating but not answering. */
  function renderGone(node) {
    const when = node.lastSeenAt ? dateTime(node.lastSeenAt) : '';
    const line = node.reason === 'HEARTBEAT_LAPSED'
      ? `Nó ${node.nodeId} — fora do ar desde ${when}`
      : node.reason === 'NODE_UNREACHABLE'
        ? `Nó ${node.nodeId} — não respondeu a tempo (último sinal em ${when})`
        : `Nó ${node.nodeId} — não enviou a árvore (${node.reason}; último sinal em ${when})`;
    return h(
      'section',
      { class: 'sup-node sup-gone', 'aria-label': `Nó ${node.nodeId}`, dataset: { node: node.nodeId, status: 'gone' } },
      h('p', { class: 'sup-gone-line' }, h('span', { class: 'sup-dot tone-bad', 'aria-hidden': 'true' }), ` ${line}`),
    );
  }

  function renderActor(node, depth, nodeId) {
    if (!matches(node)) return null;
    const meta = STATE[node.state] ?? { label: node.state, tone: 'neutral' };
    const key = `${nodeId}|${node.address}`;
    const children = node.children.map((c) => renderActor(c, depth + 1, nodeId)).filter(Boolean);
    const kind = node.kind === 'supervisor'
      ? `supervisor · ${node.children.length} ${node.children.length === 1 ? 'filho' : 'filhos'}`
      : ['ator', node.mode].filter(Boolean).join(' · ');
    const row = h(
      'div',
      { class: 'sup-row' },
      h('span', { class: `sup-dot tone-${meta.tone}`, 'aria-hidden': 'true' }),
      h(
        'span',
        { class: 'sup-name' },
        h('code', { class: 'sup-address', title: node.address }, shortAddress(node.address)),
        node.label && h('span', { class: 'sup-label', dataset: { role: 'label' } }, node.label),
        h('small', { class: 'sup-kind muted' }, kind),
      ),
      chip(meta.label, meta.tone, { class: `chip chip-${meta.tone} sup-state`, dataset: { state: node.state } }),
      h('span', { class: 'sup-metric', title: 'Reinícios' }, icon('refresh', { size: 13 }), h('span', { class: 'sr-only' }, 'reinícios:'), ` ${node.restarts}`),
      h('span', { class: 'sup-metric', title: 'Mensagens esperando na caixa de entrada' }, `caixa ${node.mailbox}`),
      h('span', { class: 'sup-metric muted', title: 'Tempo no ar' }, duration(node.uptimeMs)),
      button('Reiniciar', (e) => {
        e.preventDefault();
        e.stopPropagation();
        busy(e.currentTarget, () => restart(node.address, nodeId));
      }, { class: 'btn btn-small btn-ghost sup-restart', dataset: { role: 'restart' }, 'aria-label': `Reiniciar ${node.address}` }),
      node.lastError && h('p', { class: 'sup-error', title: node.lastError }, `Último erro: ${node.lastError}`),
    );
    if (children.length === 0) return h('li', { class: 'sup-item sup-leaf', dataset: { address: node.address, state: node.state } }, row);
    // Open by default: the top levels and small groups (a shop's sessions); big groups (its conversations) start closed.
    const isOpen = state.filter ? true : state.open.has(key) || ((depth < 3 || node.children.length <= 5) && !state.closed.has(key));
    const details = h('details', { open: isOpen }, h('summary', { dataset: { role: 'toggle' } }, row), h('ul', { class: 'sup-list' }, children));
    details.addEventListener('toggle', () => {
      if (details.open) {
        state.open.add(key);
        state.closed.delete(key);
      } else {
        state.closed.add(key);
        state.open.delete(key);
      }
    });
    return h('li', { class: 'sup-item', dataset: { address: node.address, state: node.state } }, details);
  }

  async function restart(address, nodeId) {
    try {
      const result = await api.admin('POST', '/actors/restart', { json: { address, nodeId } });
      const where = nodeId === state.data?.nodes[0]?.nodeId ? '' : ` no nó ${nodeId}`;
      toast(`Reiniciando ${address}${where} (${STATE[result.state]?.label ?? result.state}).`, 'ok');
      refresh();
    } catch (error) {
      toast(error.status === 404 ? `O ator ${address} não existe mais.` : messageOf(error), 'bad');
    }
  }

  refresh();
  return () => {
    state.stopped = true;
    clearTimeout(state.timer);
  };
}

/** UUIDs cut to their first 8 characters: `conversation/3f2a9c1d…/b4db71de…` (the full address is in the tooltip). */
function shortAddress(address) {
  return address.replace(/([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '$1…');
}

/** Restarts per minute over the last hour as bars, the current minute last. */
function restartChart(series) {
  const total = series.reduce((sum, n) => sum + n, 0);
  const peak = Math.max(1, ...series);
  const summary = total === 0 ? 'Nenhum reinício na última hora' : `${total} ${total === 1 ? 'reinício' : 'reinícios'} na última hora`;
  return h(
    'figure',
    { class: 'sup-chart', dataset: { role: 'restart-chart', total: String(total) } },
    h('div', { class: 'sup-bars', role: 'img', 'aria-label': `${summary}, por minuto` },
      series.map((n, i) => {
        const bar = h('span', { class: ['sup-bar', n > 0 && 'tone-warn'], title: `${series.length - 1 - i} min atrás: ${n}` });
        bar.style.height = `${Math.round((n / peak) * 100)}%`; // CSSOM, allowed by the CSP (a style attribute is not)
        return bar;
      })),
    h('figcaption', { class: 'muted' }, summary),
  );
}

function totalBox(label, value, tone) {
  return h('div', { class: ['sup-total', tone && `tone-${tone}`] }, h('strong', null, String(value)), h('span', null, label));
}
