import { ApiError, messageOf } from '../api.js';
import { busy, button, field, h, randomId, replace, waText } from '../dom.js';
import { INSTANCE_STATUS, phone, time, toE164 } from '../format.js';
import { icon } from '../icons.js';
import { empty, errorBox, loading, pageHeader, toast } from '../ui.js';

/**
 * Simulador: chat with the shop's robot as a customer would, through a
 * simulator number. Messages go in through the simulator's inbound route;
 * the shop's answers come from its outbound list, polled every second.
 */
const PREFS = 'patinha.simulator.v1';
const POLL_MS = 1000;
const TYPING_TIMEOUT_MS = 60_000;
const DEFAULT_PHONE = '+55 11 98765-4321';

export function mount(root, ctx) {
  const { api, tz, org } = ctx;
  const prefs = loadPrefs();
  const state = { instances: [], instance: undefined, to: undefined, cursor: undefined, seen: new Set(), timer: undefined, polling: false, pollAgain: false, typingSince: 0, generation: 0, stopped: false };

  const body = h('div', { class: 'sim-layout' }, loading());
  root.append(pageHeader('Simulador', 'Converse com o robô como se fosse um cliente — sem precisar de um celular.'), body);

  // ---- settings ----
  const instanceSelect = h('select', { name: 'instance' });
  const phoneInput = h('input', { type: 'tel', inputmode: 'tel', name: 'phone', value: prefs.phone ?? DEFAULT_PHONE, autocomplete: 'off' });
  const nameInput = h('input', { type: 'text', name: 'name', value: prefs.name ?? 'Ana', maxlength: 100, autocomplete: 'off' });
  const settings = h(
    'form',
    { class: 'card sim-settings' },
    h('h2', { class: 'card-title' }, 'Quem está conversando'),
    field('Número simulador da loja', instanceSelect),
    field('Telefone do cliente', phoneInput, 'Cada telefone é um cliente diferente para o robô.'),
    field('Nome do cliente', nameInput, 'O nome que aparece no WhatsApp do cliente.'),
    h('div', { class: 'card-actions' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, 'Abrir conversa'),
      button('Outro cliente', () => {
        phoneInput.value = phone(`+55119${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`);
        nameInput.value = '';
        settings.requestSubmit();
      }, { class: 'btn btn-ghost' })),
    h('p', { class: 'hint' }, 'Dica: o dono da loja (números de proprietário) conversa com a Aurora, não com o robô de clientes.'),
  );
  settings.addEventListener('submit', (e) => {
    e.preventDefault();
    openChat();
  });
  instanceSelect.addEventListener('change', () => openChat());

  // ---- chat ----
  const headStatus = h('small', { class: 'wa-status' }, 'online');
  const thread = h('ol', { class: 'wa-thread', role: 'log', 'aria-live': 'polite', 'aria-label': 'Mensagens do simulador' });
  const input = h('input', { type: 'text', class: 'wa-input', placeholder: 'Mensagem', maxlength: 4096, autocomplete: 'off', 'aria-label': 'Mensagem do cliente' });
  const send = h('button', { type: 'submit', class: 'wa-send', 'aria-label': 'Enviar mensagem' }, icon('send', { size: 20 }));
  const composer = h('form', { class: 'wa-composer' }, input, send);
  const notice = h('p', { class: 'wa-notice', hidden: true, role: 'status' });
  const chat = h(
    'section',
    { class: 'phone-frame', 'aria-label': 'Conversa simulada' },
    h('header', { class: 'wa-head' }, h('span', { class: 'wa-avatar', 'aria-hidden': 'true' }, icon('paw', { size: 22 })), h('div', null, h('strong', null, org.name), headStatus)),
    notice,
    thread,
    composer,
  );
  composer.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text || !state.instance || !state.to) return;
    input.value = '';
    sendMessage(text);
    input.focus();
  });

  async function load() {
    try {
      state.instances = (await api.org('GET', '/instances')).items.filter((i) => i.transport === 'simulator');
    } catch (error) {
      replace(body, errorBox(messageOf(error), load));
      return;
    }
    if (state.instances.length === 0) {
      replace(body, empty('Nenhum número simulador', 'Crie um número simulador para testar o robô sem usar WhatsApp.', button([icon('plus', { size: 16 }), ' Criar número simulador'], (e) => busy(e.currentTarget, createSimulator), { class: 'btn btn-primary' })));
      return;
    }
    replace(instanceSelect, state.instances.map((i) => h('option', { value: i.id, selected: i.id === prefs.instanceId }, `${i.name}${i.phone ? ` · ${phone(i.phone)}` : ''}`)));
    replace(body, settings, chat);
    openChat();
  }

  async function createSimulator() {
    try {
      await api.org('POST', '/instances', { json: { name: 'Simulador', transport: 'simulator' } });
      await load();
    } catch (error) {
      toast(messageOf(error), 'bad');
    }
  }

  function openChat() {
    const to = toE164(phoneInput.value);
    if (!to) {
      toast('Telefone do cliente inválido. Use por exemplo +55 11 98765-4321.', 'bad');
      phoneInput.focus();
      return;
    }
    phoneInput.value = phone(to);
    state.instance = state.instances.find((i) => i.id === instanceSelect.value) ?? state.instances[0];
    state.to = to;
    savePrefs({ instanceId: state.instance.id, phone: phone(to), name: nameInput.value.trim() });
    const status = INSTANCE_STATUS[state.instance.status];
    notice.hidden = state.instance.status === 'open';
    notice.textContent = `Número ${status?.label?.toLowerCase() ?? state.instance.status}: as mensagens são entregues assim que ele conectar.`;
    loadHistory();
  }

  async function loadHistory() {
    const generation = ++state.generation;
    clearTimeout(state.timer);
    state.cursor = undefined;
    state.seen.clear();
    setTyping(false);
    replace(thread, h('li', { class: 'wa-day' }, 'Carregando…'));
    const instanceId = state.instance.id;
    const to = state.to;
    try {
      const outbound = (await api.org('GET', `/instances/${instanceId}/simulator/outbound`, { query: { to } })).items;
      for (const m of outbound) state.seen.add(m.id);
      state.cursor = outbound.at(-1)?.createdAt;
      const history = await conversationHistory(instanceId, to);
      if (generation !== state.generation) return;
      replace(thread, h('li', { class: 'wa-day' }, `Conversa com ${phone(to)}`));
      if (history) for (const m of history) thread.append(bubble(m.direction === 'in' ? 'customer' : 'shop', m.text, m.createdAt, 'sent'));
      else for (const m of outbound) thread.append(bubble('shop', m.text, m.createdAt));
      if (!history && outbound.length === 0) thread.append(h('li', { class: 'wa-day wa-hint' }, 'Diga "oi" para começar. O robô responde em alguns segundos.'));
      scrollToEnd();
    } catch (error) {
      if (generation !== state.generation) return;
      replace(thread, h('li', { class: 'wa-day' }, messageOf(error)));
    }
    schedulePoll(generation);
  }

  /** The whole thread (both sides) when the customer already has a conversation on this number. */
  async function conversationHistory(instanceId, to) {
    const contact = (await api.org('GET', '/contacts', { query: { q: to, limit: 20 } })).items.find((c) => c.phone === to);
    if (!contact) return undefined;
    const conversation = (await api.all('/conversations', {}, 3)).find((c) => c.contactId === contact.id && c.instanceId === instanceId);
    if (!conversation) return undefined;
    return api.all(`/conversations/${conversation.id}/messages`);
  }

  function schedulePoll(generation) {
    if (state.stopped || generation !== state.generation) return;
    clearTimeout(state.timer);
    state.timer = setTimeout(() => poll(generation), document.hidden ? POLL_MS * 5 : POLL_MS);
  }

  async function poll(generation) {
    if (state.stopped || generation !== state.generation) return;
    if (state.polling) {
      state.pollAgain = true; // one more right after the one in flight
      return;
    }
    clearTimeout(state.timer);
    state.polling = true;
    try {
      // One millisecond back, so a reply stamped in the same millisecond as the last one is not skipped; ids dedupe.
      const after = state.cursor ? new Date(Date.parse(state.cursor) - 1).toISOString() : undefined;
      const items = (await api.org('GET', `/instances/${state.instance.id}/simulator/outbound`, { query: { to: state.to, after } })).items;
      if (generation === state.generation) showReplies(items);
    } catch {
      // a missed poll is retried in a second
    } finally {
      state.polling = false;
    }
    if (state.typingSince && Date.now() - state.typingSince > TYPING_TIMEOUT_MS) setTyping(false);
    if (state.pollAgain) {
      state.pollAgain = false;
      return poll(state.generation);
    }
    schedulePoll(state.generation);
  }

  function showReplies(items) {
    for (const m of items) {
      if (!state.cursor || m.createdAt > state.cursor) state.cursor = m.createdAt;
      if (state.seen.has(m.id)) continue;
      state.seen.add(m.id);
      thread.querySelector('.wa-hint')?.remove();
      thread.append(bubble('shop', m.text, m.createdAt));
      setTyping(false);
      scrollToEnd();
    }
  }

  async function sendMessage(text) {
    const id = randomId('SIM-');
    const item = bubble('customer', text, new Date().toISOString(), 'pending');
    thread.querySelector('.wa-hint')?.remove();
    thread.append(item);
    scrollToEnd();
    const body = { from: state.to, text, id, ...(nameInput.value.trim() && { pushName: nameInput.value.trim() }) };
    for (let attempt = 1; ; attempt++) {
      try {
        await api.org('POST', `/instances/${state.instance.id}/simulator/inbound`, { json: body });
        setState(item, 'sent');
        notice.hidden = true;
        setTyping(true);
        return;
      } catch (error) {
        // NOT_READY: the simulated number is (re)connecting; the same id is safe to send again.
        if (error instanceof ApiError && error.code === 'NOT_READY' && attempt < 6) {
          notice.hidden = false;
          notice.textContent = 'Conectando o número simulador…';
          await new Promise((r) => setTimeout(r, (error.retryAfterS ?? 1) * 1000));
          continue;
        }
        setState(item, 'error');
        item.querySelector('.bubble').append(button('Tentar de novo', () => {
          item.remove();
          sendMessage(text);
        }, { class: 'btn btn-small wa-retry' }));
        toast(messageOf(error), 'bad');
        return;
      }
    }
  }

  function bubble(side, text, createdAt, sendState) {
    const ticks = side === 'customer' ? h('span', { class: 'ticks' }) : null;
    const li = h(
      'li',
      { class: `wa-msg wa-${side}`, dataset: { side } },
      h('div', { class: 'bubble' }, h('p', { class: 'msg-text' }, waText(text)), h('span', { class: 'wa-meta' }, h('time', { datetime: createdAt }, time(createdAt, tz)), ticks)),
    );
    if (sendState) setState(li, sendState);
    return li;
  }

  function setState(li, sendState) {
    li.dataset.state = sendState;
    const ticks = li.querySelector('.ticks');
    if (!ticks) return;
    replace(ticks, sendState === 'sent' ? icon('check', { size: 14, label: 'enviada' }) : sendState === 'pending' ? h('span', { class: 'sr-only' }, 'enviando') : h('span', { class: 'err' }, 'não enviada'));
  }

  function setTyping(on) {
    state.typingSince = on ? Date.now() : 0;
    headStatus.textContent = on ? 'digitando…' : 'online';
    thread.querySelector('.wa-typing')?.remove();
    if (on) {
      thread.append(h('li', { class: 'wa-msg wa-shop wa-typing', 'aria-label': 'O robô está digitando' }, h('div', { class: 'bubble' }, h('span', { class: 'typing-dots', 'aria-hidden': 'true' }, h('i'), h('i'), h('i')))));
      scrollToEnd();
    }
  }

  function scrollToEnd() {
    thread.scrollTop = thread.scrollHeight;
  }

  // The shop just said something somewhere: look now instead of waiting for the next tick.
  const off = ctx.realtime.on('message:new', ({ message }) => {
    if (message?.direction === 'out' && state.instance) poll(state.generation);
  });
  load();
  return () => {
    state.stopped = true;
    clearTimeout(state.timer);
    off();
  };
}

function loadPrefs() {
  try {
    return JSON.parse(localStorage.getItem(PREFS) ?? '{}') ?? {};
  } catch {
    return {};
  }
}

function savePrefs(prefs) {
  localStorage.setItem(PREFS, JSON.stringify(prefs));
}
