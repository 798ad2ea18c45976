import { messageOf } from '../api.js';
import { busy, button, debounce, h, replace, waText } from '../dom.js';
import { AUTHOR_LABEL, ago, dateTime, duration, phone, time } from '../format.js';
import { icon } from '../icons.js';
import { chip, empty, errorBox, loading, pageHeader, toast } from '../ui.js';
import { cannedReplyPicker } from './canned-replies.js';
import { conversationFilters, emptyListText, listQuery } from './conversation-filters.js';
import { conversationPanel } from './conversation-panel.js';

/**
 * Conversas: every chat with search and filters (conversation-filters.js), the live thread
 * with who of the team wrote each reply, the staff reply with canned replies
 * (canned-replies.js) — which takes the conversation over — "Devolver ao robô", and the
 * customer's side panel (conversation-panel.js).
 */
export function mount(root, ctx) {
  const { api, realtime, lookup, tz } = ctx;
  const state = { items: [], selectedId: initialSelection(), current: undefined, messages: [], reasons: new Map(), unread: new Set(), panel: undefined };
  const offs = [];

  const filters = conversationFilters({ onChange: () => {
    state.items = [];
    loadList();
  } });
  const list = h('ul', { class: 'conv-list', 'aria-label': 'Conversas' });
  const listPane = h('section', { class: 'conv-list-pane', 'aria-label': 'Lista de conversas' }, filters.element, list);
  const threadPane = h('section', { class: 'thread-pane', 'aria-label': 'Conversa aberta' });
  const panelSlot = h('div', { class: 'panel-slot' });
  const layout = h('div', { class: 'conv-layout' }, listPane, threadPane, panelSlot);
  root.append(pageHeader('Conversas', 'Acompanhe o robô e assuma a conversa quando precisar.'), layout);

  // ---- list ----
  async function loadList() {
    if (state.items.length === 0) replace(list, h('li', null, loading()));
    const wanted = filters.state;
    try {
      const page = await api.org('GET', '/conversations', { query: { ...listQuery(wanted), limit: 100 } });
      if (!sameFilters(wanted, filters.state)) return; // a newer search is on its way
      state.items = page.items;
      // The open conversation stays open (and current) even when the filter no longer lists it.
      const listed = state.items.find((c) => c.id === state.selectedId);
      if (listed) state.current = listed;
      renderList();
      if (wanted.filter === 'human' && !wanted.q) ctx.setBadge('conversas', page.items.length);
      if (state.selectedId) renderThreadHeader();
    } catch (error) {
      replace(list, h('li', null, errorBox(messageOf(error), loadList)));
    }
  }
  const reloadList = debounce(loadList, 300);

  const sameFilters = (a, b) => a.filter === b.filter && a.q === b.q;
  /** Whether a change may add or move conversations the current filter or search lists. */
  const narrowed = () => filters.state.filter !== 'all' || !!filters.state.q;

  function renderList() {
    if (state.items.length === 0) {
      replace(list, h('li', null, empty(...emptyListText(filters.state))));
      return;
    }
    replace(list, state.items.map((c) => renderItem(c)));
  }

  function renderItem(c) {
    const name = h('strong', { class: 'conv-name' }, 'Cliente');
    const sub = h('span', { class: 'conv-phone muted' });
    lookup.contact(c.contactId).then((contact) => {
      name.textContent = contact.name || phone(contact.phone) || 'Cliente apagado';
      sub.textContent = contact.name ? phone(contact.phone) : '';
    }, () => {});
    const selected = c.id === state.selectedId;
    return h(
      'li',
      null,
      h(
        'button',
        {
          type: 'button',
          class: ['conv-item', selected && 'selected', state.unread.has(c.id) && 'unread'],
          'aria-current': selected ? 'true' : null,
          dataset: { conversationId: c.id, mode: c.mode },
          onclick: () => select(c.id),
        },
        h('span', { class: 'avatar', 'aria-hidden': 'true' }, icon('user', { size: 18 })),
        h('span', { class: 'conv-main' }, name, sub,
          c.mode === 'human' && reasonOf(c) && h('small', { class: 'conv-reason', 'data-testid': 'handoff-reason' }, `Motivo: ${reasonOf(c)}`),
          c.mode === 'human' && c.waitingSince && h('small', { class: 'conv-waiting', 'data-testid': 'waiting-since', title: `Desde ${dateTime(c.waitingSince, tz)}` }, waitedText(c.waitingSince))),
        h('span', { class: 'conv-side' }, h('small', { class: 'muted' }, ago(c.lastMessageAt, tz)), modeChip(c), state.unread.has(c.id) && h('span', { class: 'dot', 'aria-label': 'mensagens novas' })),
      ),
    );
  }

  /** Why the conversation is with the team: the live event's reason, else the one the API stored. */
  function reasonOf(c) {
    return state.reasons.get(c.id) ?? c.escalationReason ?? null;
  }

  function modeChip(c) {
    if (c.mode === 'human') return chip('Humano', 'warn', { class: 'chip chip-warn mode-badge', dataset: { mode: 'human' } });
    return chip('Robô', 'ok', { class: 'chip chip-ok mode-badge', dataset: { mode: 'bot' } });
  }

  // ---- thread ----
  const threadHeader = h('header', { class: 'thread-head' });
  const messages = h('ol', { class: 'thread', role: 'log', 'aria-live': 'polite', 'aria-label': 'Mensagens' });
  const replyText = h('textarea', { rows: 2, maxlength: 4096, placeholder: 'Escreva como a equipe da loja…', 'aria-label': 'Resposta da equipe' });
  const replySend = h('button', { type: 'submit', class: 'btn btn-primary' }, icon('send', { size: 16 }), ' Enviar');
  const canned = cannedReplyPicker(ctx, { conversationId: () => state.selectedId, textarea: replyText });
  const replyForm = h('form', { class: 'reply-form' }, canned.element,
    h('div', { class: 'reply-row' }, h('label', { class: 'sr-only', for: 'reply-text' }, 'Resposta da equipe'), replyText, replySend));
  replyText.id = 'reply-text';
  const replyHint = h('p', { class: 'hint reply-hint' });
  replyText.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      replyForm.requestSubmit();
    }
  });
  replyForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = replyText.value.trim();
    const conversation = selected();
    if (!text || !conversation) return;
    busy(replySend, async () => {
      try {
        const message = await api.org('POST', `/conversations/${conversation.id}/reply`, { json: { text } });
        replyText.value = '';
        canned.clearNote();
        addMessage(message);
        if (conversation.mode !== 'human') {
          conversation.mode = 'human';
          toast('Você assumiu a conversa. O robô fica em silêncio até você devolver.', 'info');
        }
        conversation.lastMessageAt = message.createdAt;
        conversation.waitingSince = null;
        renderThreadHeader();
        if (narrowed()) reloadList();
        else renderList();
      } catch (error) {
        toast(messageOf(error), 'bad');
      }
    });
  });

  function selected() {
    return state.current?.id === state.selectedId ? state.current : undefined;
  }

  async function select(id) {
    state.selectedId = id;
    state.current = state.items.find((c) => c.id === id) ?? (state.current?.id === id ? state.current : undefined);
    state.unread.delete(id);
    history.replaceState(null, '', `#/conversas/${id}`);
    layout.classList.add('has-selection');
    layout.classList.remove('panel-open');
    renderList();
    replace(threadPane, threadHeader, messages, replyForm, canned.note, replyHint);
    canned.clearNote();
    renderThreadHeader();
    openPanel(id);
    replace(messages, h('li', null, loading('Carregando mensagens…')));
    try {
      const items = await api.all(`/conversations/${id}/messages`);
      if (state.selectedId !== id) return;
      state.messages = items;
      replace(messages, items.map(renderMessage));
      scrollToEnd();
    } catch (error) {
      replace(messages, h('li', null, errorBox(messageOf(error), () => select(id))));
    }
  }

  function renderThreadHeader() {
    const c = selected();
    if (!c) return;
    const title = h('h2', { class: 'thread-title' }, 'Cliente');
    const sub = h('p', { class: 'muted' });
    lookup.contact(c.contactId).then((contact) => {
      title.textContent = contact.name || phone(contact.phone) || (contact.anonymizedAt ? 'Cliente apagado' : 'Cliente');
      sub.textContent = phone(contact.phone);
    }, () => {});
    const human = c.mode === 'human';
    const reason = reasonOf(c);
    replace(
      threadHeader,
      button(icon('left', { label: 'Voltar para a lista' }), () => {
        layout.classList.remove('has-selection');
        list.querySelector('.conv-item.selected')?.focus();
      }, { class: 'btn btn-icon btn-ghost back-btn' }),
      h('div', { class: 'thread-who' }, title, sub, human && reason && h('p', { class: 'conv-reason', 'data-testid': 'thread-handoff-reason' }, `Motivo do atendimento humano: ${reason}`)),
      h('div', { class: 'thread-actions' },
        button([icon('user', { size: 16 }), ' Ficha'], () => layout.classList.toggle('panel-open'), { class: 'btn btn-small panel-toggle', 'aria-label': 'Ficha do cliente' }),
        chip(human ? 'Humano' : 'Robô', human ? 'warn' : 'ok', { class: `chip chip-${human ? 'warn' : 'ok'} mode-badge`, 'data-testid': 'mode-badge', dataset: { mode: c.mode } }),
        human && button([icon('robot', { size: 16 }), ' Devolver ao robô'], (e) => busy(e.currentTarget, () => release(c)), { class: 'btn' })),
    );
    replyHint.textContent = human
      ? `Você está atendendo${reason ? ` (${reason})` : ''}. O robô só volta a responder quando você devolver a conversa.`
      : 'Ao responder, você assume a conversa e o robô para de responder esse cliente.';
  }

  /** The customer's side panel for the open conversation (a drawer on narrow screens). */
  function openPanel(id) {
    const c = selected();
    if (!c) {
      replace(panelSlot);
      layout.classList.remove('has-panel');
      state.panel = undefined;
      return;
    }
    state.panel = { conversationId: id, contactId: c.contactId, ...conversationPanel(ctx, c, {
      onErased: () => select(c.id),
      onClose: () => {
        layout.classList.remove('panel-open');
        threadPane.querySelector('.panel-toggle')?.focus();
      },
    }) };
    replace(panelSlot, state.panel.element);
    layout.classList.add('has-panel');
  }

  async function release(c) {
    try {
      const updated = await api.org('POST', `/conversations/${c.id}/release`, { json: {} });
      Object.assign(c, updated);
      state.reasons.delete(c.id);
      c.escalationReason = null;
      toast('Conversa devolvida ao robô.', 'ok');
      renderThreadHeader();
      if (narrowed()) loadList();
      else renderList();
    } catch (error) {
      toast(messageOf(error), 'bad');
    }
  }

  function renderMessage(m) {
    const mine = m.direction === 'out';
    // Who of the team sent it ("Bia · 10:32"); the customer, the robot and the shop's own phone have no sender.
    const sender = m.sentBy?.name;
    return h(
      'li',
      { class: ['msg', mine ? 'msg-out' : 'msg-in', `msg-${m.author}`], dataset: { messageId: m.id, author: m.author, sentBy: m.sentBy?.kind } },
      h('div', { class: 'bubble' },
        h('span', { class: 'msg-author' }, AUTHOR_LABEL[m.author] ?? m.author),
        h('p', { class: 'msg-text' }, waText(m.text)),
        h('span', { class: 'msg-meta' },
          sender && h('span', { class: 'msg-sender', 'data-testid': 'msg-sender', title: `Enviada por ${sender}` }, sender),
          sender && ' · ',
          h('time', { datetime: m.createdAt, title: dateTime(m.createdAt, tz) }, time(m.createdAt, tz)))),
    );
  }

  function addMessage(m) {
    if (state.messages.some((x) => x.id === m.id)) return;
    state.messages.push(m);
    messages.querySelector('.loading')?.closest('li')?.remove();
    messages.append(renderMessage(m));
    scrollToEnd();
  }

  function scrollToEnd() {
    messages.scrollTop = messages.scrollHeight;
  }

  function showPlaceholder() {
    replace(threadPane, empty('Escolha uma conversa', 'Clique numa conversa à esquerda para ler e responder.'));
  }

  // ---- live ----
  offs.push(
    realtime.on('message:new', ({ conversationId, message }) => {
      if (conversationId === state.selectedId) addMessage(message);
      if (conversationId !== state.selectedId && message.direction === 'in') state.unread.add(conversationId);
      const c = state.items.find((x) => x.id === conversationId);
      if (!c || narrowed()) return reloadList();
      c.lastMessageAt = message.createdAt;
      // Waiting on the team: from the customer's first unanswered message until someone of the team answers.
      if (message.author === 'staff') c.waitingSince = null;
      else if (message.direction === 'in' && c.mode === 'human') c.waitingSince ??= message.createdAt;
      state.items = [c, ...state.items.filter((x) => x !== c)];
      renderList();
    }),
    realtime.on('conversation:escalated', ({ conversationId, reason }) => {
      state.reasons.set(conversationId, reason);
      if (state.current?.id === conversationId) {
        state.current.mode = 'human';
        renderThreadHeader();
      }
      const c = state.items.find((x) => x.id === conversationId);
      if (!c || narrowed()) return reloadList();
      c.mode = 'human';
      c.escalationReason = reason;
      c.escalatedAt ??= new Date().toISOString();
      renderList();
      if (conversationId === state.selectedId) renderThreadHeader();
      reloadList(); // since when the customer waits is the server's to say
    }),
    realtime.on('conversation:released', ({ conversationId }) => {
      state.reasons.delete(conversationId);
      if (state.current?.id === conversationId) {
        state.current.mode = 'bot';
        renderThreadHeader();
      }
      const c = state.items.find((x) => x.id === conversationId);
      if (!c) return;
      c.mode = 'bot';
      if (narrowed()) return reloadList();
      renderList();
      if (conversationId === state.selectedId) renderThreadHeader();
    }),
    realtime.on('booking:created', ({ booking }) => {
      if (booking?.contactId && booking.contactId === state.panel?.contactId) state.panel.reload();
    }),
    realtime.on('resync', () => {
      loadList();
      if (state.selectedId) select(state.selectedId);
    }),
  );

  loadList().then(() => {
    if (state.selectedId && state.items.some((c) => c.id === state.selectedId)) select(state.selectedId);
    else showPlaceholder();
  });
  return () => offs.forEach((off) => off());
}

/** "Esperando há 12 min" (from the customer's first unanswered message). */
function waitedText(since) {
  const waited = Date.now() - new Date(since).getTime();
  return waited < 60_000 ? 'Esperando há instantes' : `Esperando há ${duration(waited)}`;
}

function initialSelection() {
  const [, id] = location.hash.replace(/^#\/?/, '').split('/');
  return id && /^[0-9a-f-]{36}$/i.test(id) ? id : undefined;
}
