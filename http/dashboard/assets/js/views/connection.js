import { messageOf } from '../api.js';
import { busy, button, field, h, replace } from '../dom.js';
import { INSTANCE_STATUS, ago, dateTime, duration, phone, toE164 } from '../format.js';
import { icon } from '../icons.js';
import { isStaffOnly } from '../session.js';
import { setupChecklist } from './setup-checklist.js';
import { chip, confirmDialog, empty, errorBox, loading, pageHeader, toast } from '../ui.js';

/**
 * Conexão: the shop's WhatsApp numbers with their live status, QR code or
 * pairing code to link a phone, connect / disconnect, and adding a number.
 * Each number shows its figures (messages today, send queue, last message,
 * reconnects in 24 h) and its connection history, refreshed on each status
 * change and every 30 s.
 */
const STATS_REFRESH_MS = 30_000;
export function mount(root, ctx) {
  const { api, realtime, tz } = ctx;
  const list = h('div', { class: 'instance-grid', 'aria-live': 'polite' }, loading());
  const state = { instances: [], retry: new Map(), qr: new Map(), codes: new Map(), stats: new Map(), timer: undefined, stopped: false };
  const cards = new Map();
  const offs = [];

  // The setup guide and adding numbers are the owner's (staff would get OWNER_ONLY).
  const owner = !isStaffOnly(ctx.session);
  const setup = owner ? setupChecklist(api) : undefined;
  root.append(...[
    pageHeader('Conexão com o WhatsApp', 'Os números da loja e o estado de cada um, ao vivo.', button([icon('refresh', { size: 16 }), ' Atualizar'], () => load(), { class: 'btn btn-ghost' })),
    setup?.el,
    list,
    owner && addForm(),
  ].filter(Boolean));
  setup?.load();

  async function load() {
    try {
      state.instances = (await api.org('GET', '/instances')).items;
      render();
      await Promise.all(state.instances.map((i) => loadStats(i.id)));
    } catch (error) {
      replace(list, errorBox(messageOf(error), load));
    }
  }

  /** A number's figures; a failure leaves the last ones shown (the card still works without them). */
  async function loadStats(instanceId) {
    try {
      state.stats.set(instanceId, await api.org('GET', `/instances/${instanceId}/stats`));
      if (cards.has(instanceId)) rerender(instanceId);
    } catch {
      // Shown again on the next refresh.
    }
  }

  function refreshStats() {
    clearTimeout(state.timer);
    if (state.stopped) return;
    state.timer = setTimeout(async () => {
      await Promise.all(state.instances.map((i) => loadStats(i.id)));
      refreshStats();
    }, STATS_REFRESH_MS);
  }

  function render() {
    cards.clear();
    if (state.instances.length === 0) {
      replace(list, empty('Nenhum número ainda', 'Adicione o WhatsApp da loja logo abaixo para começar.'));
      return;
    }
    replace(list, state.instances.map((i) => {
      const card = renderCard(i);
      cards.set(i.id, card);
      return card;
    }));
  }

  function rerender(instanceId) {
    const instance = state.instances.find((i) => i.id === instanceId);
    const old = cards.get(instanceId);
    if (!instance || !old) return load();
    const focused = old.contains(document.activeElement) ? document.activeElement.dataset.focusKey : undefined;
    const card = renderCard(instance);
    old.replaceWith(card);
    cards.set(instanceId, card);
    if (focused) card.querySelector(`[data-focus-key="${focused}"]`)?.focus();
  }

  function renderCard(instance) {
    const meta = INSTANCE_STATUS[instance.status] ?? { label: instance.status, tone: 'neutral' };
    const retry = state.retry.get(instance.id);
    const qr = state.qr.get(instance.id);
    const code = state.codes.get(instance.id);
    const connected = instance.status === 'open';
    const busyStatus = ['connecting', 'reconnecting', 'qr', 'pairing'].includes(instance.status);

    const details = [];
    if (instance.status === 'reconnecting' && retry?.nextRetryInMs != null) {
      details.push(h('p', { class: 'muted retry-info' }, `Desconectou: ${reasonText(retry.reason)}. Nova tentativa em ${duration(retry.nextRetryInMs)} (tentativa ${retry.attempt}).`));
    } else if (retry && !retry.shouldReconnect && !connected) {
      details.push(h('p', { class: 'muted retry-info' }, `Desconectou: ${reasonText(retry.reason)}. Conecte de novo quando quiser.`));
    }
    if (connected && instance.lastConnectedAt) details.push(h('p', { class: 'muted' }, `Conectado desde ${dateTime(instance.lastConnectedAt, tz)}.`));
    if (instance.consecutiveFailures > 0 && !connected) details.push(h('p', { class: 'warn-text' }, `${instance.consecutiveFailures} falha(s) seguidas ao conectar.`));

    const actions = h('div', { class: 'card-actions' });
    if (!connected && !busyStatus) {
      actions.append(button('Conectar', (e) => busy(e.currentTarget, () => connect(instance)), { class: 'btn btn-primary', dataset: { focusKey: 'connect' } }));
    }
    if (instance.status !== 'logged_out' && instance.status !== 'created') {
      actions.append(button('Desconectar', (e) => busy(e.currentTarget, () => logout(instance)), { class: 'btn btn-ghost btn-danger-text', dataset: { focusKey: 'logout' } }));
    }

    return h(
      'article',
      { class: 'card instance-card', dataset: { instanceId: instance.id, status: instance.status }, 'aria-label': `Número ${instance.name}` },
      h(
        'header',
        { class: 'card-head' },
        h('div', null, h('h2', { class: 'card-title' }, instance.name), h('p', { class: 'muted' }, instance.phone ? phone(instance.phone) : 'Número ainda não vinculado')),
        h('div', { class: 'card-tags' }, chip(instance.transport === 'simulator' ? 'Simulador' : 'WhatsApp', 'neutral'), chip(meta.label, meta.tone, { class: `chip chip-${meta.tone} status-badge`, 'data-testid': 'instance-status', dataset: { status: instance.status } })),
      ),
      details,
      qr && !connected && h('figure', { class: 'qr' }, h('img', { src: qr, alt: 'QR code para conectar este número ao WhatsApp', width: 240, height: 240 }), h('figcaption', { class: 'muted' }, 'No celular: WhatsApp › Aparelhos conectados › Conectar um aparelho, e aponte a câmera para o código.')),
      code && h('div', { class: 'pairing-code' }, h('p', { class: 'muted' }, 'Código de pareamento:'), h('p', { class: 'code', 'data-testid': 'pairing-code' }, formatCode(code)), h('p', { class: 'muted' }, 'No celular: WhatsApp › Aparelhos conectados › Conectar com número de telefone, e digite este código.')),
      !connected && instance.transport !== 'simulator' && pairingForm(instance),
      state.stats.has(instance.id) && renderStats(state.stats.get(instance.id)),
      actions,
    );
  }

  function renderStats(stats) {
    const last = [stats.lastInboundAt, stats.lastOutboundAt].filter(Boolean).sort().at(-1);
    const figure = (label, value, role) => h('div', { class: 'number-figure', dataset: { role } }, h('dt', null, label), h('dd', null, String(value)));
    return h(
      'section',
      { class: 'number-stats', 'aria-label': 'Números deste WhatsApp' },
      h(
        'dl',
        { class: 'number-figures' },
        figure('Recebidas hoje', stats.inboundToday, 'inbound-today'),
        figure('Enviadas hoje', stats.outboundToday, 'outbound-today'),
        figure('Na fila para enviar', stats.queued, 'queued'),
        figure('Reconexões em 24 h', stats.reconnects24h, 'reconnects'),
        figure('Última mensagem', last ? ago(last, tz) : 'nenhuma', 'last-message'),
      ),
      stats.history.length > 0 && h(
        'details',
        { class: 'connection-history' },
        h('summary', null, 'Histórico da conexão'),
        h('ol', null, stats.history.map((event) => h(
          'li',
          { dataset: { status: event.status } },
          h('time', { datetime: event.at }, dateTime(event.at, tz)),
          ` ${INSTANCE_STATUS[event.status]?.label ?? event.status}`,
          event.reason && h('span', { class: 'muted' }, ` — ${reasonText(event.reason)}${event.code ? ` (código ${event.code})` : ''}`),
        ))),
      ),
    );
  }

  function pairingForm(instance) {
    const input = h('input', { type: 'tel', inputmode: 'tel', autocomplete: 'tel', placeholder: '+55 11 98765-4321', value: instance.phone ? phone(instance.phone) : '', dataset: { focusKey: 'pair-phone' } });
    const submit = h('button', { type: 'submit', class: 'btn', dataset: { focusKey: 'pair' } }, 'Pedir código');
    const form = h('form', { class: 'inline-form' }, field('Telefone do WhatsApp da loja', input), submit);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const e164 = toE164(input.value);
      if (!e164) {
        toast('Telefone inválido. Use por exemplo +55 11 98765-4321.', 'bad');
        input.focus();
        return;
      }
      busy(submit, async () => {
        try {
          const { code } = await api.org('POST', `/instances/${instance.id}/pairing-code`, { json: { phone: e164 } });
          state.codes.set(instance.id, code);
          rerender(instance.id);
        } catch (error) {
          toast(error.code === 'NOT_CONNECTED' ? 'Clique em Conectar primeiro e peça o código de novo.' : messageOf(error), 'bad');
        }
      });
    });
    return h('details', { class: 'pairing' }, h('summary', null, 'Conectar com código, sem QR code'), form);
  }

  async function connect(instance) {
    try {
      await api.org('POST', `/instances/${instance.id}/connect`, { json: {} });
      setStatus(instance.id, 'connecting');
    } catch (error) {
      toast(messageOf(error), 'bad');
    }
  }

  async function logout(instance) {
    const ok = await confirmDialog({
      title: `Desconectar ${instance.name}?`,
      text: 'O robô para de responder por esse número até você conectar de novo. Para um WhatsApp de verdade, será preciso parear o celular outra vez.',
      confirm: 'Desconectar',
      danger: true,
    });
    if (!ok) return;
    try {
      await api.org('POST', `/instances/${instance.id}/logout`, { json: {} });
      state.qr.delete(instance.id);
      state.codes.delete(instance.id);
      toast('Número desconectado.', 'info');
    } catch (error) {
      toast(messageOf(error), 'bad');
    }
  }

  function setStatus(instanceId, status) {
    const instance = state.instances.find((i) => i.id === instanceId);
    if (!instance) return load();
    if (instance.status === status) return;
    instance.status = status;
    void loadStats(instanceId);
    if (status === 'open') {
      instance.lastConnectedAt = new Date().toISOString();
      instance.consecutiveFailures = 0;
      state.qr.delete(instanceId);
      state.codes.delete(instanceId);
      state.retry.delete(instanceId);
    }
    rerender(instanceId);
  }

  function addForm() {
    const name = h('input', { type: 'text', required: true, maxlength: 100, placeholder: 'ex.: Recepção' });
    const tel = h('input', { type: 'tel', inputmode: 'tel', placeholder: '+55 11 98765-4321' });
    const transport = h('select', null, h('option', { value: 'baileys' }, 'WhatsApp de verdade'), h('option', { value: 'simulator' }, 'Simulador (para testar)'));
    const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, icon('plus', { size: 16 }), ' Adicionar número');
    const form = h('form', { class: 'card add-instance' }, h('h2', { class: 'card-title' }, 'Adicionar um número'), h('div', { class: 'form-row' }, field('Nome', name), field('Telefone (opcional)', tel), field('Tipo', transport)), h('div', { class: 'card-actions' }, submit));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!name.value.trim()) {
        toast('Dê um nome ao número.', 'bad');
        name.focus();
        return;
      }
      const e164 = tel.value.trim() ? toE164(tel.value) : undefined;
      if (tel.value.trim() && !e164) {
        toast('Telefone inválido. Use por exemplo +55 11 98765-4321.', 'bad');
        tel.focus();
        return;
      }
      busy(submit, async () => {
        try {
          const created = await api.org('POST', '/instances', { json: { name: name.value.trim(), transport: transport.value, ...(e164 && { phone: e164 }) } });
          toast(`Número "${created.name}" adicionado.`, 'ok');
          form.reset();
          await load();
        } catch (error) {
          toast(messageOf(error), 'bad');
        }
      });
    });
    return form;
  }

  offs.push(
    realtime.on('whatsapp:status', ({ instanceId, status }) => {
      setStatus(instanceId, status);
      if (status === 'open') setup?.load(); // "link a number" may just have been done
    }),
    realtime.on('whatsapp:disconnected', (event) => {
      state.retry.set(event.instanceId, event);
      const instance = state.instances.find((i) => i.id === event.instanceId);
      if (instance) rerender(event.instanceId);
    }),
    realtime.on('whatsapp:qr', ({ instanceId, qrDataUrl }) => {
      state.qr.set(instanceId, qrDataUrl);
      const instance = state.instances.find((i) => i.id === instanceId);
      if (instance && instance.status !== 'qr') instance.status = 'qr';
      rerender(instanceId);
    }),
    realtime.on('whatsapp:pairing_code', ({ instanceId, code }) => {
      state.codes.set(instanceId, code);
      rerender(instanceId);
    }),
    realtime.on('resync', () => load()),
  );
  load().then(refreshStats);
  return () => {
    state.stopped = true;
    clearTimeout(state.timer);
    offs.forEach((off) => off());
  };
}

const REASON = {
  connectionClosed: 'a conexão caiu', timedOut: 'o WhatsApp não respondeu a tempo', loggedOut: 'a sessão foi encerrada no celular',
  connectionReplaced: 'o número foi aberto em outro aparelho', badSession: 'sessão inválida', unavailableService: 'WhatsApp fora do ar',
  restartRequired: 'o WhatsApp pediu para reiniciar', temporarilyBanned: 'bloqueio temporário', forbidden: 'número bloqueado', banned: 'número banido',
  versionOutdated: 'versão desatualizada', multideviceMismatch: 'é preciso parear de novo', qrExpired: 'o QR code expirou sem leitura',
  intentional: 'desconectado pela loja', unknown: 'motivo desconhecido',
};
const reasonText = (reason) => REASON[reason] ?? reason ?? 'motivo desconhecido';

/** 8 characters read better as two groups: ABCD-EFGH. */
function formatCode(code) {
  const clean = String(code).replace(/[^0-9A-Za-z]/g, '').toUpperCase();
  return clean.length === 8 ? `${clean.slice(0, 4)}-${clean.slice(4)}` : String(code);
}
