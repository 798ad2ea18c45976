import { messageOf } from '../api.js';
import { button, debounce, field, h, replace } from '../dom.js';
import { addDays, brl, dayMonth, iso, localDate, localToInstant, longDay, startOfDay, time, weekStart } from '../format.js';
import { icon } from '../icons.js';
import { confirmDialog, empty, errorBox, loading, pageHeader, toast } from '../ui.js';
import { capitalize } from './agenda-shared.js';
import { renderResourceDay, openResourceManager } from './agenda-resources.js';
import { renderDayGrid, renderWeekGrid } from './agenda-week.js';
import { bookingCard } from './booking-card.js';
import { openNewBooking } from './new-booking.js';
import { openRescheduleForm } from './reschedule-form.js';

/**
 * Agenda: the day (rows of start times with the booking cards), the week (days × times; a day's
 * header opens it) or the day per professional or room. Each card has the status buttons, who
 * booked and who changed it, and "Remarcar" (a form: date, time, free slots); a mouse may also
 * drag a booking onto another time. Bookings are rows of ids; names come from the shared lookup.
 */
const ACTION_DONE = { confirm: 'Agendamento confirmado.', complete: 'Atendimento concluído.', 'no-show': 'Marcado como falta.', cancel: 'Agendamento cancelado.' };
const VIEWS = { day: 'Dia', week: 'Semana', resources: 'Por profissional' };

export function mount(root, ctx) {
  const { api, realtime, lookup, tz } = ctx;
  const today = () => localDate(Date.now(), tz);
  const state = { view: 'day', date: today(), bookings: [], resources: [], hours: undefined, loadToken: 0, focus: undefined };
  const offs = [];

  const viewButtons = Object.fromEntries(Object.entries(VIEWS).map(([view, label]) =>
    [view, h('button', { type: 'button', class: 'seg', 'aria-pressed': String(view === state.view), onclick: () => setView(view) }, label)]));
  const dateInput = h('input', { type: 'date', value: state.date });
  dateInput.addEventListener('change', () => {
    if (dateInput.value) go(dateInput.value);
  });
  const title = h('h2', { class: 'agenda-title', 'aria-live': 'polite' });
  const summary = h('p', { class: 'muted agenda-summary' });
  const content = h('div', { class: 'agenda-content' });
  const step = () => (state.view === 'week' ? 7 : 1);

  root.append(
    pageHeader('Agenda', 'Os atendimentos da loja, do dia ou da semana.',
      button([icon('user', { size: 16 }), ' Profissionais e salas'], () => manageResources(), { class: 'btn' }),
      button([icon('plus', { size: 16 }), ' Novo agendamento'], () => newBooking(), { class: 'btn btn-primary' })),
    h(
      'div',
      { class: 'toolbar' },
      h('div', { class: 'segmented', role: 'group', 'aria-label': 'Visualização' }, Object.values(viewButtons)),
      h('div', { class: 'toolbar-nav' },
        button(icon('left', { label: 'Anterior' }), () => go(addDays(state.date, -step())), { class: 'btn btn-icon btn-ghost' }),
        button('Hoje', () => go(today()), { class: 'btn btn-ghost' }),
        button(icon('right', { label: 'Próximo' }), () => go(addDays(state.date, step())), { class: 'btn btn-icon btn-ghost' })),
      field('Ir para a data', dateInput),
    ),
    h('div', { class: 'agenda-heading' }, title, summary),
    content,
  );

  function setView(view) {
    state.view = view;
    for (const [name, btn] of Object.entries(viewButtons)) btn.setAttribute('aria-pressed', String(name === view));
    load();
  }

  function go(date) {
    state.date = date;
    dateInput.value = date;
    load();
  }

  /** The day of a booking, with its card in focus (from the week or a professional's column). */
  function openDay(date, bookingId) {
    state.focus = bookingId;
    state.view = 'day';
    for (const [name, btn] of Object.entries(viewButtons)) btn.setAttribute('aria-pressed', String(name === 'day'));
    go(date);
  }

  function range() {
    const first = state.view === 'week' ? weekStart(state.date) : state.date;
    const days = state.view === 'week' ? 7 : 1;
    return { first, days, from: startOfDay(first, tz), to: startOfDay(addDays(first, days), tz) };
  }

  async function load() {
    const token = ++state.loadToken;
    const { first, days, from, to } = range();
    title.textContent = days === 1 ? `${capitalize(longDay(first))}${state.view === 'resources' ? ' · por profissional' : ''}` : `Semana de ${dayMonth(first)} a ${dayMonth(addDays(first, 6))}`;
    if (!content.firstChild || content.querySelector('.error-box')) replace(content, loading('Carregando a agenda…'));
    try {
      const [page] = await Promise.all([
        api.org('GET', '/bookings', { query: { from: iso(from), to: iso(to) } }),
        lookup.services(),
        state.hours ? undefined : api.org('GET', '/business-hours').then((hours) => (state.hours = hours), () => undefined),
        api.org('GET', '/resources').then((r) => (state.resources = r.items), () => undefined),
      ]);
      if (token !== state.loadToken) return;
      state.bookings = page.items.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
      renderSummary();
      if (state.view === 'week') renderWeek(first);
      else if (state.view === 'resources') renderResources();
      else renderDay();
    } catch (error) {
      if (token === state.loadToken) replace(content, errorBox(messageOf(error), load));
    }
  }

  function renderSummary() {
    const active = state.bookings.filter((b) => b.status !== 'cancelled');
    const expected = active.filter((b) => b.status !== 'no_show').reduce((sum, b) => sum + b.priceCents, 0);
    summary.textContent = active.length === 0 ? 'Nenhum atendimento marcado.' : `${active.length} ${active.length === 1 ? 'atendimento' : 'atendimentos'} · previsto ${brl(expected)}`;
  }

  function renderDay() {
    if (state.bookings.length === 0) {
      replace(content, empty('Dia livre', 'Nenhum agendamento neste dia ainda.', button([icon('plus', { size: 16 }), ' Agendar'], () => newBooking(), { class: 'btn' })));
      return;
    }
    const card = (b) => bookingCard(b, { tz, lookup, resources: state.resources, on: { action: act, reschedule } });
    replace(content, renderDayGrid({ date: state.date, bookings: state.bookings, hours: state.hours, tz, card, onDrop: dropped }));
    if (state.focus) {
      const target = content.querySelector(`[data-booking-id="${CSS.escape(state.focus)}"]`);
      state.focus = undefined;
      target?.scrollIntoView({ block: 'center' });
      target?.focus();
    }
  }

  function renderWeek(first) {
    replace(content, renderWeekGrid({
      first, bookings: state.bookings, hours: state.hours, tz, today: today(), lookup,
      onOpenDay: (date) => openDay(date), onOpenBooking: (b) => openDay(localDate(b.startsAt, tz), b.id), onDrop: dropped,
    }));
  }

  function renderResources() {
    replace(content, renderResourceDay({
      date: state.date, bookings: state.bookings, resources: state.resources, tz, lookup,
      onOpenBooking: (b) => openDay(localDate(b.startsAt, tz), b.id), onDrop: dropped, onManage: manageResources,
    }));
  }

  async function act(b, action) {
    if (action === 'cancel' || action === 'no-show') {
      const petName = (await lookup.pet(b.contactId, b.petId).catch(() => undefined))?.name ?? 'o pet';
      const ok = await confirmDialog({
        title: action === 'cancel' ? 'Cancelar este agendamento?' : 'Marcar como falta?',
        text: `${time(b.startsAt, tz)} — ${petName}. Isso não pode ser desfeito.`,
        confirm: action === 'cancel' ? 'Cancelar agendamento' : 'Marcar falta',
        cancel: 'Voltar',
        danger: true,
      });
      if (!ok) return;
    }
    try {
      await api.org('POST', `/bookings/${b.id}/${action}`, { json: {} });
      toast(ACTION_DONE[action], 'ok');
    } catch (error) {
      toast(messageOf(error), 'bad');
    }
    load();
  }

  /** "Remarcar": the form; the Agenda follows the booking to its new day. */
  async function reschedule(b, prefill = {}) {
    const moved = await openRescheduleForm({ api, lookup, tz, booking: b, resources: state.resources, ...prefill });
    if (moved) openDay(localDate(moved.startsAt, tz), moved.id);
    else load();
  }

  /** A booking dropped on a time (same resource preference) or on a professional's column (same time). */
  async function dropped(bookingId, target) {
    const b = state.bookings.find((x) => x.id === bookingId);
    if (!b) return;
    const date = target.date ?? localDate(b.startsAt, tz);
    const at = target.time ?? time(b.startsAt, tz);
    const startsAt = iso(localToInstant(date, at, tz));
    const sameTime = Date.parse(startsAt) === Date.parse(b.startsAt);
    if (sameTime && (!target.resourceId || target.resourceId === b.resourceId)) return;
    try {
      const json = { startsAt, ...(target.resourceId && { resourceId: target.resourceId }) };
      const updated = await api.org('POST', `/bookings/${b.id}/reschedule`, { json });
      toast(`Remarcado para ${time(updated.startsAt, tz)} de ${dayMonth(localDate(updated.startsAt, tz))}.`, 'ok');
      load();
    } catch (error) {
      // Refused (taken, closed, too soon…): the form, at the time asked, says why and what is free.
      reschedule(b, { date, time: at, refusal: error });
    }
  }

  function newBooking() {
    openNewBooking({ api, lookup, tz, date: state.date, resources: state.resources, onBooked: (booking) => openDay(localDate(booking.startsAt, tz), booking.id) });
  }

  function manageResources() {
    openResourceManager({ api, lookup, onChanged: (items) => {
      state.resources = items;
      reload();
    } });
  }

  const reload = debounce(load, 300);
  offs.push(
    realtime.on('booking:created', ({ booking }) => {
      const { from, to } = range();
      const at = Date.parse(booking.startsAt);
      if (at >= from && at < to) reload();
    }),
    realtime.on('resync', () => reload()),
  );
  load();
  return () => offs.forEach((off) => off());
}
