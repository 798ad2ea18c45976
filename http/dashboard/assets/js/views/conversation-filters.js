import { debounce, h } from '../dom.js';

/**
 * The Conversas list's search and filters: a search by customer name, phone or message text
 * (the server searches, `q`), and Todas / Robô / Humano / Esperando há mais tempo (customers
 * waiting on the team, longest wait first). `onChange` runs when either changes.
 */
export const FILTERS = [
  { key: 'all', label: 'Todas' },
  { key: 'bot', label: 'Robô' },
  { key: 'human', label: 'Humano' },
  { key: 'waiting', label: 'Esperando há mais tempo' },
];

export function conversationFilters({ initial = 'all', onChange }) {
  const state = { filter: initial, q: '' };
  const search = h('input', {
    type: 'search', class: 'conv-search', maxlength: 100, autocomplete: 'off', enterkeyhint: 'search',
    placeholder: 'Buscar por nome, telefone ou mensagem', 'aria-label': 'Buscar conversas por nome, telefone ou mensagem',
  });
  const changed = () => onChange({ ...state });
  const typed = debounce(() => {
    const q = search.value.trim();
    if (q === state.q) return;
    state.q = q;
    changed();
  }, 300);
  search.addEventListener('input', typed);
  search.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && search.value) {
      search.value = '';
      typed();
    }
  });

  const buttons = FILTERS.map((f) => h('button', {
    type: 'button', class: 'seg', 'aria-pressed': String(f.key === state.filter), dataset: { filter: f.key },
    onclick: () => {
      if (state.filter === f.key) return;
      state.filter = f.key;
      for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.filter === f.key));
      changed();
    },
  }, f.label));

  const element = h('div', { class: 'conv-filters' },
    h('div', { class: 'conv-search-box', role: 'search' }, search),
    h('div', { class: 'segmented conv-segmented', role: 'group', 'aria-label': 'Mostrar' }, buttons));
  return {
    element,
    get state() {
      return { ...state };
    },
  };
}

/** The list query for a filter state (GET /conversations). */
export function listQuery({ filter, q }) {
  return {
    mode: filter === 'bot' || filter === 'human' ? filter : undefined,
    sort: filter === 'waiting' ? 'waiting' : undefined,
    q: q || undefined,
  };
}

/** What the list says when nothing matches. */
export function emptyListText({ filter, q }) {
  if (q) return ['Nenhuma conversa encontrada', `Nada com “${q}” no nome, no telefone ou nas mensagens.`];
  if (filter === 'waiting') return ['Ninguém esperando resposta', 'Quem pediu atendimento e ainda não recebeu resposta da equipe aparece aqui, quem espera há mais tempo primeiro.'];
  if (filter === 'human') return ['Ninguém esperando por você', 'Quando um cliente pedir atendente ou você responder, a conversa aparece aqui.'];
  if (filter === 'bot') return ['Nenhuma conversa com o robô', 'As conversas que o robô está atendendo aparecem aqui.'];
  return ['Nenhuma conversa ainda', 'As conversas aparecem aqui assim que um cliente mandar mensagem.'];
}
