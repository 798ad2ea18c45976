import { messageOf } from '../api.js';
import { button, h, replace } from '../dom.js';
import { BOOKING_STATUS, addDays, brl, dateTime, iso, localDate, longDay, startOfDay, time } from '../format.js';
import { icon } from '../icons.js';
import { chip, empty, errorBox, loading, pageHeader } from '../ui.js';

/**
 * Aurora: the owner's numbers for today. `GET /analytics?period=hoje` and
 * `GET /summaries` are part of the contract but may not be deployed yet:
 * they are feature-detected, and until they answer 200 the figures are
 * computed here from today's agenda.
 */
export function mount(root, ctx) {
  const { api, realtime, lookup, tz } = ctx;
  const figures = h('div', { class: 'aurora-body' }, loading());
  const summaries = h('section', { class: 'card aurora-summaries', 'aria-labelledby': 'summaries-title' }, h('h2', { id: 'summaries-title', class: 'card-title' }, 'Resumos da Aurora'), loading());
  const source = h('p', { class: 'hint aurora-source' });
  root.append(pageHeader('Aurora', capitalize(longDay(localDate(Date.now(), tz))), button([icon('refresh', { size: 16 }), ' Atualizar'], () => load(), { class: 'btn btn-ghost' })), figures, source, summaries);

  async function load() {
    // ---- Aurora's own analytics, when the route exists ----
    const analytics = await optional(() => api.org('GET', '/analytics', { query: { period: 'hoje' } }));
    if (analytics.ok) {
      renderAnalytics(analytics.value);
      source.textContent = 'Números calculados pela Aurora (GET /analytics).';
    } else if (analytics.error) {
      replace(figures, errorBox(messageOf(analytics.error), load));
    } else {
      await computeFromAgenda();
    }
    // ---- daily summaries, when the route exists ----
    const list = await optional(() => api.org('GET', '/summaries'));
    const heading = summaries.querySelector('h2');
    if (list.ok) {
      const items = list.value?.items ?? [];
      replace(summaries, heading, items.length === 0 ? h('p', { class: 'muted' }, 'Nenhum resumo ainda. A Aurora manda um resumo no fim de cada dia.') : h('ul', { class: 'summary-list' }, items.slice(0, 10).map(renderSummary)));
    } else {
      replace(summaries, heading, h('p', { class: 'muted placeholder-note', 'data-placeholder': 'summaries' }, 'Em breve: os resumos diários da Aurora aparecem aqui (GET /summaries).'));
    }
  }

  async function computeFromAgenda() {
    const today = localDate(Date.now(), tz);
    try {
      const [page, services] = await Promise.all([
        api.org('GET', '/bookings', { query: { from: iso(startOfDay(today, tz)), to: iso(startOfDay(addDays(today, 1), tz)) } }),
        lookup.services().catch(() => []),
      ]);
      const bookings = page.items;
      const count = (status) => bookings.filter((b) => b.status === status).length;
      const revenue = bookings.filter((b) => b.status === 'completed').reduce((s, b) => s + b.priceCents, 0);
      const expected = bookings.filter((b) => ['scheduled', 'confirmed', 'completed'].includes(b.status)).reduce((s, b) => s + b.priceCents, 0);
      const active = bookings.filter((b) => b.status !== 'cancelled').length;
      const viaWhatsApp = bookings.filter((b) => b.source === 'whatsapp' && b.status !== 'cancelled').length;
      const cards = [
        stat('Atendimentos hoje', String(active), 'sem contar cancelados', 'total'),
        stat('Faturado', brl(revenue), 'atendimentos concluídos', 'revenue'),
        stat('Previsto', brl(expected), 'agendados, confirmados e concluídos', 'expected'),
        stat('Marcados pelo robô', String(viaWhatsApp), 'agendamentos pelo WhatsApp', 'whatsapp'),
      ];
      const byStatus = Object.entries(BOOKING_STATUS).map(([status, meta]) => h('li', null, chip(meta.label, meta.tone), h('strong', { dataset: { status } }, String(count(status)))));
      const now = Date.now();
      const next = bookings.filter((b) => ['scheduled', 'confirmed'].includes(b.status) && Date.parse(b.endsAt) > now).slice(0, 5);
      const serviceName = (id) => services.find((s) => s.id === id)?.name ?? 'Serviço';
      const popular = Object.entries(bookings.filter((b) => b.status !== 'cancelled').reduce((acc, b) => ({ ...acc, [b.serviceId]: (acc[b.serviceId] ?? 0) + 1 }), {})).sort((a, b) => b[1] - a[1]).slice(0, 5);
      replace(
        figures,
        h('div', { class: 'stat-grid' }, cards),
        h('div', { class: 'aurora-columns' },
          h('section', { class: 'card', 'aria-labelledby': 'by-status' }, h('h2', { id: 'by-status', class: 'card-title' }, 'Por status'), h('ul', { class: 'status-counts' }, byStatus)),
          h('section', { class: 'card', 'aria-labelledby': 'next-up' }, h('h2', { id: 'next-up', class: 'card-title' }, 'Próximos de hoje'),
            next.length === 0 ? h('p', { class: 'muted' }, 'Nada mais marcado para hoje.') : h('ul', { class: 'next-list' }, next.map((b) => h('li', null, h('strong', null, time(b.startsAt, tz)), ` ${serviceName(b.serviceId)} · ${brl(b.priceCents)}`)))),
          h('section', { class: 'card', 'aria-labelledby': 'popular' }, h('h2', { id: 'popular', class: 'card-title' }, 'Serviços do dia'),
            popular.length === 0 ? h('p', { class: 'muted' }, 'Nenhum atendimento hoje ainda.') : h('ul', { class: 'next-list' }, popular.map(([id, n]) => h('li', null, h('strong', null, String(n)), ` × ${serviceName(id)}`))))),
      );
      source.textContent = 'Calculado pelo painel a partir da agenda de hoje. Quando o relatório da Aurora (GET /analytics) estiver disponível, ele aparece aqui no lugar.';
      source.dataset.source = 'computed';
    } catch (error) {
      replace(figures, errorBox(messageOf(error), load));
    }
  }

  function renderAnalytics(data) {
    const cards = [];
    const walk = (value, path) => {
      if (typeof value === 'number') {
        const key = path.at(-1) ?? 'valor';
        cards.push(stat(humanize(path.join(' ')), /cents$/i.test(key) ? brl(value) : /rate|ratio|percent/i.test(key) ? `${Math.round(value * (value <= 1 ? 100 : 1))}%` : value.toLocaleString('pt-BR'), '', key));
      } else if (value && typeof value === 'object' && !Array.isArray(value) && path.length < 3) {
        for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
      }
    };
    walk(data, []);
    replace(figures, cards.length ? h('div', { class: 'stat-grid' }, cards) : empty('Sem números ainda', 'A Aurora ainda não tem dados para hoje.'));
    source.dataset.source = 'analytics';
  }

  function renderSummary(item) {
    const when = item.date ?? item.day ?? item.createdAt;
    const text = item.text ?? item.summary ?? item.body ?? JSON.stringify(item);
    return h('li', null, when && h('strong', null, /T/.test(String(when)) ? dateTime(when, tz) : String(when)), h('p', null, text));
  }

  const offs = [realtime.on('booking:created', () => load()), realtime.on('resync', () => load())];
  load();
  return () => offs.forEach((off) => off());
}

function stat(label, value, hint, key) {
  return h('div', { class: 'stat', dataset: { stat: key } }, h('span', { class: 'stat-label' }, label), h('strong', { class: 'stat-value' }, value), hint && h('small', { class: 'muted' }, hint));
}

/** A route that may not exist yet: 404/405/501 means "not deployed". */
async function optional(call) {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    if ([404, 405, 501].includes(error.status)) return { ok: false };
    return { ok: false, error };
  }
}

function humanize(key) {
  const words = key.replace(/Cents\b/g, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function capitalize(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
