import { messageOf } from '../api.js';
import { button, h, replace } from '../dom.js';
import { dateTime } from '../format.js';
import { empty, errorBox, loading } from '../ui.js';

/**
 * Loja → Registro de acessos: the shop's audit log (LGPD accountability), newest first — who
 * read a conversation or exported a customer's data, deletions, consent recorded by staff,
 * retention runs. "Who" is the kind of credential and its fingerprint, never the token.
 */
const ACTIONS = {
  'conversation.read': 'Leu uma conversa',
  'contact.exported': 'Baixou os dados de um cliente',
  'contact.anonymized': 'Apagou os dados de um cliente',
  'retention.applied': 'Limpeza diária de dados antigos',
  'conversation.staff_reply': 'Respondeu um cliente',
  'conversation.released': 'Devolveu uma conversa ao robô',
  'campaign.confirmed': 'Confirmou uma campanha',
  'campaign.cancelled': 'Cancelou uma campanha',
  'org.updated': 'Alterou os dados da loja',
  'business_hours.replaced': 'Alterou os horários',
  'org.token_rotated': 'Trocou o token da loja',
  'user.invited': 'Convidou uma pessoa para a equipe',
  'user.reset_link': 'Gerou um link de nova senha',
  'user.disabled': 'Desativou uma pessoa da equipe',
  'user.password_changed': 'Trocou a própria senha',
};

const WHO = { 'org-token': 'Token da loja', 'admin-token': 'Administrador', customer: 'O próprio cliente', system: 'Sistema', staff: 'Equipe' };

function who(entry) {
  const { actor } = entry;
  const [kind, id] = actor.split(':');
  // A signed-in person by name; a token keeps its fingerprint, so two tokens stay apart.
  if (kind === 'staff' && entry.actorName) return entry.actorName;
  const label = WHO[kind] ?? kind;
  if (kind === 'customer') return `${label} (WhatsApp)`;
  if (kind === 'system') return label;
  return id ? `${label} · ${id.slice(0, 6)}` : label;
}

function what(entry) {
  const label = ACTIONS[entry.action] ?? entry.action;
  if (entry.action === 'retention.applied') {
    const d = entry.details ?? {};
    return `${label}: ${d.messages ?? 0} mensagens, ${d.customers ?? 0} clientes`;
  }
  return label;
}

export function accessLog(root, ctx, state) {
  const { api, tz } = ctx;
  const body = h('div', { class: 'table-wrap' });
  let cursor = null;
  let rows = [];
  const more = button('Ver mais', () => load(true), { class: 'btn btn-small' });
  root.append(
    h('div', { class: 'card' },
      h('h2', { class: 'card-title' }, 'Registro de acessos'),
      h('p', { class: 'muted' }, 'Quem leu conversas, baixou ou apagou dados de clientes, e a limpeza diária de dados antigos (LGPD).'),
      body),
  );

  async function load(next = false) {
    if (!next) replace(body, loading());
    try {
      const page = await api.org('GET', '/audit-log', { query: { limit: 50, cursor: next ? cursor : undefined } });
      if (state.stopped) return;
      rows = next ? [...rows, ...page.items] : page.items;
      cursor = page.nextCursor;
      render();
    } catch (error) {
      replace(body, errorBox(messageOf(error), () => load(next)));
    }
  }

  function render() {
    if (rows.length === 0) {
      replace(body, empty('Nada registrado ainda', 'Cada leitura de conversa, download ou exclusão de dados aparece aqui.'));
      return;
    }
    replace(
      body,
      h('table', { class: 'data-table access-log', 'data-testid': 'access-log' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Quando'), h('th', { scope: 'col' }, 'Quem'), h('th', { scope: 'col' }, 'O quê'))),
        h('tbody', null, rows.map((e) => h('tr', { dataset: { action: e.action } }, h('td', null, dateTime(e.at, tz)), h('td', null, who(e)), h('td', null, what(e)))))),
      cursor && more,
    );
  }

  return { load };
}
