import { messageOf } from '../api.js';
import { busy, button, debounce, h, replace, waText } from '../dom.js';
import { BOOKING_STATUS, CAMPAIGN_STATUS, CAMPAIGN_TITLE, brl, dateTime, ddmmyyyy, localDate, longDay, phone, plural, time } from '../format.js';
import { icon } from '../icons.js';
import { chip, confirmDialog, empty, errorBox, loading, pageHeader, toast } from '../ui.js';

/**
 * Aurora: the owner's side of the shop. The figures of a period next to the
 * previous one (`GET /analytics`), the customers who went quiet
 * (`GET /contacts/inactive`), the campaigns Aurora drafted on WhatsApp, to
 * confirm, cancel or stop here (`/campaigns`), and her daily summaries.
 */
const PERIODS = [
  { key: 'hoje', label: 'Hoje', previous: 'ontem' },
  { key: 'semana', label: 'Semana', previous: 'semana passada' },
  { key: 'mes', label: 'Mês', previous: 'mês passado' },
  { key: 'ano', label: 'Ano', previous: 'ano passado' },
];
const INACTIVE_DAYS = 30;
const INACTIVE_SHOWN = 8;
const SUMMARIES_PAGE = 5;
const SENDING_POLL_MS = 5_000;

export function mount(root, ctx) {
  const { api, realtime, tz, org } = ctx;
  const state = { period: 'hoje', stopped: false, figuresToken: 0, summariesShown: SUMMARIES_PAGE, poll: undefined };

  const periodButtons = PERIODS.map((p) =>
    h('button', {
      type: 'button', class: 'seg', 'aria-pressed': String(p.key === state.period), dataset: { period: p.key },
      onclick: () => {
        state.period = p.key;
        for (const b of periodButtons) b.setAttribute('aria-pressed', String(b.dataset.period === p.key));
        loadFigures();
      },
    }, p.label));
  const range = h('p', { class: 'muted period-range', 'aria-live': 'polite' });
  const figures = h('div', { class: 'aurora-body' }, loading());
  const inactive = section('inactive-title', 'Clientes inativos');
  const campaigns = section('campaigns-title', 'Campanhas');
  const summaries = section('summaries-title', 'Resumos diários');
  campaigns.body.classList.add('campaign-list');

  root.append(
    pageHeader('Aurora', `A assistente do dono · ${capitalize(longDay(localDate(Date.now(), tz)))}`, button([icon('refresh', { size: 16 }), ' Atualizar'], () => loadAll(), { class: 'btn btn-ghost' })),
    h('div', { class: 'period-bar' }, h('div', { class: 'segmented', role: 'group', 'aria-label': 'Período' }, periodButtons), range),
    figures,
    h('div', { class: 'aurora-owner' }, inactive.el, campaigns.el),
    summaries.el,
  );

  // ---- figures ----
  async function loadFigures() {
    const token = ++state.figuresToken;
    const period = PERIODS.find((p) => p.key === state.period);
    figures.setAttribute('aria-busy', 'true');
    try {
      const report = await api.org('GET', '/analytics', { query: { period: period.key } });
      if (state.stopped || token !== state.figuresToken) return;
      renderFigures(report, period);
    } catch (error) {
      if (token === state.figuresToken) replace(figures, errorBox(messageOf(error), loadFigures));
    } finally {
      if (token === state.figuresToken) figures.removeAttribute('aria-busy');
    }
  }

  function renderFigures(report, period) {
    const { current: c, previous: p, change } = report;
    const first = localDate(report.from, tz);
    const last = localDate(Date.parse(report.to) - 1, tz);
    range.textContent = first === last ? ddmmyyyy(first) : `${ddmmyyyy(first)} a ${ddmmyyyy(last)}`;
    const versus = (percent, before, format) => {
      if (percent === null || percent === undefined) return { text: `${period.previous}: ${format(before)}`, trend: 'flat' };
      const sign = percent > 0 ? '+' : percent < 0 ? '−' : '';
      return { text: `${sign}${Math.abs(percent)}% vs. ${period.previous} (${format(before)})`, trend: percent > 0 ? 'up' : percent < 0 ? 'down' : 'flat' };
    };
    const lost = c.cancelled + c.no_show;
    replace(
      figures,
      h('div', { class: 'stat-grid' },
        stat('total', 'Agendamentos', String(c.total), versus(change.totalPercent, p.total, String)),
        stat('revenue', 'Faturado', brl(c.revenueCents), versus(change.revenuePercent, p.revenueCents, brl), 'atendimentos concluídos'),
        stat('new-customers', 'Clientes novos', String(report.newCustomers), undefined, 'primeiro contato no período'),
        stat('lost', 'Cancelados e faltas', String(lost), undefined, `${plural(c.cancelled, 'cancelado', 'cancelados')} · ${plural(c.no_show, 'falta', 'faltas')}`)),
      h('div', { class: 'aurora-columns' },
        h('section', { class: 'card', 'aria-labelledby': 'by-status' }, h('h2', { id: 'by-status', class: 'card-title' }, 'Por status'),
          h('ul', { class: 'status-counts' }, Object.entries(BOOKING_STATUS).map(([status, meta]) => h('li', null, chip(meta.label, meta.tone), h('strong', { dataset: { status } }, String(c[status] ?? 0)))))),
        h('section', { class: 'card', 'aria-labelledby': 'top-services' }, h('h2', { id: 'top-services', class: 'card-title' }, 'Serviços mais pedidos'),
          report.topServices.length === 0
            ? h('p', { class: 'muted' }, 'Nenhum agendamento no período ainda.')
            : h('ol', { class: 'rank-list' }, report.topServices.map((s, i) => h('li', { dataset: { serviceId: s.serviceId } }, h('span', { class: 'rank' }, `${i + 1}º`), h('span', { class: 'rank-name' }, s.name), h('strong', null, plural(s.bookings, 'agendamento', 'agendamentos'))))))),
    );
  }

  // ---- inactive customers ----
  const suggestNote = h('div', { class: 'notice suggest-note', role: 'status', hidden: true });
  async function loadInactive() {
    try {
      const page = await api.org('GET', '/contacts/inactive', { query: { days: INACTIVE_DAYS } });
      if (state.stopped) return;
      renderInactive(page.items);
    } catch (error) {
      replace(inactive.body, errorBox(messageOf(error), loadInactive));
    }
  }

  function renderInactive(items) {
    replace(inactive.badge, chip([String(items.length), h('span', { class: 'sr-only' }, items.length === 1 ? ' cliente inativo' : ' clientes inativos')], items.length ? 'warn' : 'ok', { 'data-testid': 'inactive-count' }));
    if (items.length === 0) {
      replace(inactive.body, h('p', { class: 'muted' }, `Nenhum cliente sumido há mais de ${INACTIVE_DAYS} dias. 🎉`));
      return;
    }
    const shown = items.slice(0, INACTIVE_SHOWN);
    replace(
      inactive.body,
      h('p', { class: 'muted' }, `${plural(items.length, 'cliente', 'clientes')} sem conversar com a loja há mais de ${INACTIVE_DAYS} dias (quem pediu para não receber mensagens fica de fora).`),
      h('ul', { class: 'people-list' }, shown.map((c) => h('li', { dataset: { contactId: c.id } },
        h('span', { class: 'avatar avatar-small', 'aria-hidden': 'true' }, icon('user', { size: 16 })),
        h('span', { class: 'person' },
          h('strong', null, c.name || 'Sem nome'),
          h('span', { class: 'muted' }, phone(c.phone), ' · ', c.lastInteractionAt ? `último contato em ${ddmmyyyy(localDate(c.lastInteractionAt, tz))}` : 'nunca conversou pelo WhatsApp'))))),
      items.length > shown.length && h('p', { class: 'muted' }, `e mais ${plural(items.length - shown.length, 'cliente', 'clientes')}.`),
      button([icon('chat', { size: 16 }), ' Sugerir campanha de reativação'], () => explainSuggestion(), { class: 'btn', 'aria-controls': 'suggest-note' }),
      suggestNote,
    );
  }

  function explainSuggestion() {
    suggestNote.id = 'suggest-note';
    const owners = org.ownerNumbers ?? [];
    replace(
      suggestNote,
      h('p', null, 'Quem prepara a campanha é a Aurora, pelo WhatsApp. Do número do dono',
        owners.length ? [' (', owners.map(phone).join(' ou '), ')'] : '',
        ', mande para o WhatsApp da loja:'),
      h('p', { class: 'quote' }, '“sugira uma campanha de reativação”'),
      h('p', null, 'Ela responde com a prévia da mensagem, e o rascunho aparece em ', h('strong', null, 'Campanhas'), ', nesta tela: é só conferir e tocar em “Confirmar envio” (ou responder “sim” para ela).'),
      owners.length === 0 && h('p', null, 'Nenhum número de dono cadastrado ainda: cadastre em ', h('a', { href: '#/loja' }, 'Loja'), '.'),
    );
    suggestNote.hidden = false;
    loadCampaigns();
  }

  // ---- campaigns ----
  async function loadCampaigns() {
    clearTimeout(state.poll);
    try {
      const page = await api.org('GET', '/campaigns');
      if (state.stopped) return;
      renderCampaigns(page.items);
      // Progress of a campaign being sent is not pushed live: look again while one is.
      if (page.items.some((c) => c.status === 'sending')) state.poll = setTimeout(loadCampaigns, SENDING_POLL_MS);
    } catch (error) {
      if (!state.stopped) replace(campaigns.body, errorBox(messageOf(error), loadCampaigns));
    }
  }

  function renderCampaigns(items) {
    const drafts = items.filter((c) => c.status === 'draft').length;
    replace(campaigns.badge, drafts ? chip(plural(drafts, 'rascunho', 'rascunhos'), 'info') : null);
    if (items.length === 0) {
      replace(campaigns.body, empty('Nenhuma campanha ainda', 'Peça para a Aurora pelo WhatsApp: “sugira uma campanha de reativação”. O rascunho aparece aqui para você confirmar.'));
      return;
    }
    replace(campaigns.body, items.map(campaignCard));
  }

  function campaignCard(c) {
    const meta = CAMPAIGN_STATUS[c.status] ?? { label: c.status, tone: 'neutral' };
    const title = CAMPAIGN_TITLE[c.kind] ?? `Campanha ${c.kind}`;
    const actions = [];
    if (c.status === 'draft') {
      actions.push(
        button('Confirmar envio', (e) => busy(e.currentTarget, () => confirmCampaign(c)), { class: 'btn btn-primary btn-small' }),
        button('Cancelar', (e) => busy(e.currentTarget, () => cancelCampaign(c, 'cancel')), { class: 'btn btn-ghost btn-small btn-danger-text' }),
      );
    } else if (c.status === 'sending') {
      actions.push(button('Interromper', (e) => busy(e.currentTarget, () => cancelCampaign(c, 'stop')), { class: 'btn btn-small btn-danger-text' }));
    }
    const when = c.completedAt ?? c.stoppedAt ?? c.confirmedAt ?? c.createdAt;
    const whenLabel = c.completedAt ? 'concluída' : c.stoppedAt ? (c.status === 'cancelled' ? 'cancelada' : 'interrompida') : c.confirmedAt ? 'confirmada' : 'criada';
    const counts = ['sending', 'completed', 'stopped', 'confirmed'].includes(c.status)
      ? h('p', { class: 'campaign-counts' }, h('span', null, 'Enviadas: ', h('strong', { dataset: { count: 'sent' } }, String(c.sentCount))), h('span', null, 'Puladas: ', h('strong', { dataset: { count: 'skipped' } }, String(c.skippedCount))))
      : null;
    return h(
      'article',
      { class: ['campaign', `is-${c.status}`], dataset: { campaignId: c.id, status: c.status }, 'aria-label': title },
      h('header', { class: 'campaign-head' },
        h('div', null, h('h3', null, title), h('p', { class: 'muted' }, `Para ${plural(c.audienceSize, 'cliente', 'clientes')} · ${whenLabel} ${dateTime(when, tz)}`)),
        chip(meta.label, meta.tone, { class: `chip chip-${meta.tone} campaign-status` })),
      counts,
      h('div', { class: 'wa-preview' }, h('p', { class: 'msg-text' }, waText(c.message))),
      actions.length > 0 && h('div', { class: 'campaign-actions' }, actions),
    );
  }

  async function confirmCampaign(c) {
    const n = plural(c.audienceSize, 'cliente', 'clientes');
    const ok = await confirmDialog({
      title: 'Enviar esta campanha?',
      text: `A mensagem vai para ${n} pelo WhatsApp da loja, aos poucos, com intervalos para proteger o número. Quem pediu para não receber fica de fora. Depois de enviada, não dá para desfazer.`,
      confirm: `Enviar para ${n}`,
    });
    if (!ok) return;
    try {
      const updated = await api.org('POST', `/campaigns/${c.id}/confirm`, { json: {} });
      toast(updated.status === 'sending' ? 'Campanha confirmada. Enviando…' : 'Campanha confirmada.', 'ok');
    } catch (error) {
      toast(error.code === 'INVALID_TRANSITION' ? 'Essa campanha não é mais um rascunho. A lista foi atualizada.' : messageOf(error), 'bad');
    }
    loadCampaigns();
  }

  async function cancelCampaign(c, how) {
    const ok = await confirmDialog(how === 'stop'
      ? { title: 'Interromper o envio?', text: 'Quem já recebeu, recebeu; os clientes que faltam não recebem mais esta campanha.', confirm: 'Interromper', danger: true }
      : { title: 'Cancelar esta campanha?', text: 'Nada foi enviado. O rascunho fica na lista como cancelado.', confirm: 'Cancelar campanha', danger: true });
    if (!ok) return;
    try {
      await api.org('POST', `/campaigns/${c.id}/cancel`, { json: {} });
      toast(how === 'stop' ? 'Envio interrompido.' : 'Campanha cancelada.', 'ok');
    } catch (error) {
      toast(error.code === 'INVALID_TRANSITION' ? 'Essa campanha já mudou de status. A lista foi atualizada.' : messageOf(error), 'bad');
    }
    loadCampaigns();
  }

  // ---- daily summaries ----
  async function loadSummaries() {
    try {
      const page = await api.org('GET', '/summaries');
      if (state.stopped) return;
      renderSummaries([...page.items].sort((a, b) => b.date.localeCompare(a.date)));
    } catch (error) {
      replace(summaries.body, errorBox(messageOf(error), loadSummaries));
    }
  }

  function renderSummaries(items) {
    if (items.length === 0) {
      replace(summaries.body, h('p', { class: 'muted' }, 'Nenhum resumo ainda. A Aurora manda um resumo do dia para o dono pelo WhatsApp, no horário definido em Loja (19:00 se não mudar).'));
      return;
    }
    const shown = items.slice(0, state.summariesShown);
    replace(
      summaries.body,
      h('ol', { class: 'summary-list' }, shown.map((s) => h('li', { dataset: { date: s.date } },
        h('div', { class: 'wa-day' }, capitalize(longDay(s.date))),
        h('div', { class: 'summary-bubble' }, h('p', { class: 'msg-text' }, waText(s.text)), h('small', { class: 'wa-when' }, s.sentAt ? `enviado às ${time(s.sentAt, tz)}` : 'ainda não enviado'))))),
      items.length > shown.length && button(`Ver resumos anteriores (${items.length - shown.length})`, () => {
        state.summariesShown += SUMMARIES_PAGE;
        renderSummaries(items);
      }, { class: 'btn btn-ghost btn-small' }),
    );
  }

  function loadAll() {
    loadFigures();
    loadInactive();
    loadCampaigns();
    loadSummaries();
  }

  // Aurora's replies to the owner (a draft, a confirmation, the summary) arrive as messages.
  const onAurora = debounce(() => {
    loadCampaigns();
    loadSummaries();
  }, 300);
  const offs = [
    realtime.on('booking:created', () => loadFigures()),
    realtime.on('message:new', ({ message } = {}) => {
      if (message?.author === 'aurora') onAurora();
    }),
    realtime.on('resync', () => loadAll()),
  ];
  loadAll();
  return () => {
    state.stopped = true;
    clearTimeout(state.poll);
    offs.forEach((off) => off());
  };
}

function section(id, title) {
  const badge = h('span', { class: 'card-badge' });
  const body = h('div', { class: 'card-body', 'aria-live': 'polite' }, loading());
  const el = h('section', { class: 'card aurora-card', 'aria-labelledby': id }, h('div', { class: 'card-head' }, h('h2', { id, class: 'card-title' }, title), badge), body);
  return { el, body, badge };
}

function stat(key, label, value, change, hint) {
  return h('div', { class: 'stat', dataset: { stat: key } },
    h('span', { class: 'stat-label' }, label),
    h('strong', { class: 'stat-value' }, value),
    change && h('small', { class: ['stat-change', `trend-${change.trend}`], dataset: { trend: change.trend } }, change.trend !== 'flat' && h('span', { 'aria-hidden': 'true' }, change.trend === 'up' ? '▲ ' : '▼ '), change.text),
    hint && h('small', { class: 'muted' }, hint));
}

function capitalize(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
