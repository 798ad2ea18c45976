import { messageOf } from '../api.js';
import { button, h, replace, waText } from '../dom.js';
import { BOOKING_STATUS, addDays, brl, iso, localDate, longDay, startOfDay, time } from '../format.js';
import { icon } from '../icons.js';
import { chip, errorBox, loading, pageHeader } from '../ui.js';

/**
 * Aurora: the owner's numbers. `GET /analytics?period=` and `GET /summaries`
 * are feature-detected: when a deployment does not have them yet (404), the
 * figures for today are computed here from the agenda and the summaries box
 * says they are coming.
 */
const PERIODS = [
  { key: 'hoje', label: 'Hoje', previous: 'ontem' },
  { key: 'semana', label: 'Semana', previous: 'semana passada' },
  { key: 'mes', label: 'Mês', previous: 'mês passado' },
  { key: 'ano', label: 'Ano', previous: 'ano passado' },
];

export function mount(root, ctx) {
  const { api, realtime, lookup, tz } = ctx;
  const state = { period: 'hoje', analytics: undefined, stopped: false };
  const periodButtons = PERIODS.map((p) => {
    const b = h('button', { type: 'button', class: 'seg', 'aria-pressed': String(p.key === state.period), dataset: { period: p.key } }, p.label);
    b.addEventListener('click', () => {
      state.period = p.key;
      for (const x of periodButtons) x.setAttribute('aria-pressed', String(x === b));
      load();
    });
    return b;
  });
  const periods = h('div', { class: 'segmented', role: 'group', 'aria-label': 'Período', hidden: true }, periodButtons);
  const figures = h('div', { class: 'aurora-body', 'aria-live': 'polite' }, loading());
  const source = h('p', { class: 'hint aurora-source' });
  const summaries = h('section', { class: 'card aurora-summaries', 'aria-labelledby': 'summaries-title' }, h('h2', { id: 'summaries-title', class: 'card-title' }, 'Resumos diários da Aurora'), loading());
  root.append(
    pageHeader('Aurora', `Os números da loja · ${capitalize(longDay(localDate(Date.now(), tz)))}`, button([icon('refresh', { size: 16 }), ' Atualizar'], () => load(), { class: 'btn btn-ghost' })),
    periods,
    figures,
    source,
    summaries,
  );

  async function load() {
    const period = PERIODS.find((p) => p.key === state.period);
    try {
      const today = localDate(Date.now(), tz);
      const [analytics, todays, services] = await Promise.all([
        optional(() => api.org('GET', '/analytics', { query: { period: period.key } })),
        api.org('GET', '/bookings', { query: { from: iso(startOfDay(today, tz)), to: iso(startOfDay(addDays(today, 1), tz)) } }).then((r) => r.items),
        lookup.services().catch(() => []),
      ]);
      if (state.stopped) return;
      if (analytics.error) throw analytics.error;
      periods.hidden = !analytics.ok;
      const model = analytics.ok ? fromAnalytics(analytics.value, todays) : fromAgenda(todays, services);
      render(model, period, todays, services);
      source.dataset.source = model.source;
      source.textContent = model.source === 'analytics'
        ? 'Números da Aurora (GET /analytics).'
        : 'Calculado pelo painel a partir da agenda de hoje (o relatório da Aurora, GET /analytics, ainda não está disponível neste servidor).';
    } catch (error) {
      replace(figures, errorBox(messageOf(error), load));
    }
    loadSummaries();
  }

  function render(model, period, todays, services) {
    const c = model.counts;
    const attended = c.total - c.cancelled;
    const prev = model.previous;
    const versus = (now, before, format) => {
      if (!prev) return undefined;
      if (before === 0) return `${period.previous}: ${format(0)}`;
      const pct = Math.round(((now - before) / before) * 100);
      return `${pct > 0 ? '+' : pct < 0 ? '−' : ''}${Math.abs(pct)}% vs. ${period.previous} (${format(before)})`;
    };
    const cards = [
      stat('Atendimentos', String(attended), versus(attended, prev ? prev.total - prev.cancelled : 0, String) ?? 'sem contar cancelados', 'total'),
      stat('Faturado', brl(c.revenueCents), versus(c.revenueCents, prev?.revenueCents ?? 0, brl) ?? 'atendimentos concluídos', 'revenue'),
    ];
    if (period.key === 'hoje') {
      const expected = todays.filter((b) => ['scheduled', 'confirmed', 'completed'].includes(b.status)).reduce((s, b) => s + b.priceCents, 0);
      cards.push(stat('Previsto hoje', brl(expected), 'agendados, confirmados e concluídos', 'expected'));
    }
    if (model.newCustomers !== undefined) cards.push(stat('Clientes novos', String(model.newCustomers), 'primeiro contato no período', 'new-customers'));
    else cards.push(stat('Marcados pelo robô', String(model.viaWhatsApp), 'agendamentos pelo WhatsApp', 'whatsapp'));

    const now = Date.now();
    const next = todays.filter((b) => ['scheduled', 'confirmed'].includes(b.status) && Date.parse(b.endsAt) > now).slice(0, 5);
    const serviceName = (id) => services.find((s) => s.id === id)?.name ?? 'Serviço';
    replace(
      figures,
      h('div', { class: 'stat-grid' }, cards),
      h('div', { class: 'aurora-columns' },
        h('section', { class: 'card', 'aria-labelledby': 'by-status' }, h('h2', { id: 'by-status', class: 'card-title' }, 'Por status'),
          h('ul', { class: 'status-counts' }, Object.entries(BOOKING_STATUS).map(([status, meta]) => h('li', null, chip(meta.label, meta.tone), h('strong', { dataset: { status } }, String(c[status] ?? 0)))))),
        h('section', { class: 'card', 'aria-labelledby': 'top-services' }, h('h2', { id: 'top-services', class: 'card-title' }, 'Serviços mais pedidos'),
          model.topServices.length === 0 ? h('p', { class: 'muted' }, 'Nenhum atendimento no período ainda.') : h('ol', { class: 'next-list' }, model.topServices.map((s) => h('li', null, h('strong', null, `${s.bookings}×`), ` ${s.name}`)))),
        h('section', { class: 'card', 'aria-labelledby': 'next-up' }, h('h2', { id: 'next-up', class: 'card-title' }, 'Próximos de hoje'),
          next.length === 0 ? h('p', { class: 'muted' }, 'Nada mais marcado para hoje.') : h('ul', { class: 'next-list' }, next.map((b) => h('li', null, h('strong', null, time(b.startsAt, tz)), ` ${serviceName(b.serviceId)} · ${brl(b.priceCents)}`))))),
    );
  }

  async function loadSummaries() {
    const heading = summaries.querySelector('h2');
    const list = await optional(() => api.org('GET', '/summaries'));
    if (state.stopped) return;
    if (list.ok) {
      const items = list.value?.items ?? [];
      replace(summaries, heading, items.length === 0
        ? h('p', { class: 'muted' }, 'Nenhum resumo ainda. A Aurora manda um resumo para o dono no fim de cada dia.')
        : h('ul', { class: 'summary-list' }, items.slice(0, 7).map((s) => h('li', null, h('strong', null, formatDay(s.date)), h('p', { class: 'msg-text' }, waText(s.text ?? ''))))));
    } else if (list.error) {
      replace(summaries, heading, errorBox(messageOf(list.error), loadSummaries));
    } else {
      replace(summaries, heading, h('p', { class: 'muted placeholder-note', dataset: { placeholder: 'summaries' } }, 'Em breve: os resumos diários da Aurora aparecem aqui (GET /summaries).'));
    }
  }

  const offs = [realtime.on('booking:created', () => load()), realtime.on('resync', () => load())];
  load();
  return () => {
    state.stopped = true;
    offs.forEach((off) => off());
  };
}

function fromAnalytics(a, todays) {
  return { source: 'analytics', counts: a.current, previous: a.previous, newCustomers: a.newCustomers, topServices: (a.topServices ?? []).map((s) => ({ name: s.name, bookings: s.bookings })), viaWhatsApp: todays.filter((b) => b.source === 'whatsapp').length };
}

/** Today's figures from the agenda alone, for servers without GET /analytics. */
function fromAgenda(bookings, services) {
  const counts = { scheduled: 0, confirmed: 0, completed: 0, cancelled: 0, no_show: 0, total: 0, revenueCents: 0 };
  const byService = new Map();
  for (const b of bookings) {
    counts[b.status] = (counts[b.status] ?? 0) + 1;
    counts.total += 1;
    if (b.status === 'completed') counts.revenueCents += b.priceCents;
    if (b.status !== 'cancelled') byService.set(b.serviceId, (byService.get(b.serviceId) ?? 0) + 1);
  }
  const topServices = [...byService].sort((x, y) => y[1] - x[1]).slice(0, 3).map(([id, n]) => ({ name: services.find((s) => s.id === id)?.name ?? 'Serviço', bookings: n }));
  return { source: 'computed', counts, topServices, viaWhatsApp: bookings.filter((b) => b.source === 'whatsapp' && b.status !== 'cancelled').length };
}

function stat(label, value, hint, key) {
  return h('div', { class: 'stat', dataset: { stat: key } }, h('span', { class: 'stat-label' }, label), h('strong', { class: 'stat-value' }, value), hint && h('small', { class: 'muted' }, hint));
}

/** A route that may not be deployed yet: 404/405/501 means "not here". */
async function optional(call) {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    if ([404, 405, 501].includes(error.status)) return { ok: false };
    return { ok: false, error };
  }
}

function formatDay(date) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(date ?? ''));
  return m ? `${m[3]}/${m[2]}/${m[1]}` : String(date ?? '');
}

function capitalize(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
