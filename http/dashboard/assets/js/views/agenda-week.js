import { h } from '../dom.js';
import { addDays, dayHeader, localDate, localToInstant, longDay, plural, time, weekday } from '../format.js';
import { bookingItem, movable } from './booking-card.js';
import { capitalize } from './agenda-shared.js';

/**
 * The Agenda's time grids: the day as rows of start times, the week as a table of days × times.
 * A day's header (and any empty spot of its column) opens that day; a booking's item opens its
 * day with its card in focus. With a mouse, a booking dragged onto another open time (of the day,
 * of the week, or onto a professional's column) is moved there through `onDrop` — the same
 * `POST /bookings/:id/reschedule` the keyboard-accessible "Remarcar" form uses.
 */
const DRAG_TYPE = 'application/x-patinha-booking';
const DEFAULT_WEEKLY = [1, 2, 3, 4, 5].map((wd) => ({ weekday: wd, opens: '08:00', closes: '18:00' }));

const minutesOf = (hhmm) => {
  const [hh, mm] = hhmm.split(':').map(Number);
  return hh * 60 + mm;
};
const hhmmOf = (minutes) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Rows of the grid, a slot interval apart (15–60 min), from the first opening to the last closing of `dates`, plus any booking's row. */
export function gridRows(hours, dates, bookings, tz) {
  const step = Math.min(60, Math.max(15, hours?.slotIntervalMin ?? 30));
  const weekly = hours?.weekly ?? DEFAULT_WEEKLY;
  const days = new Set(dates.map(weekday));
  const todays = weekly.filter((w) => days.has(w.weekday));
  let first = todays.length ? Math.min(...todays.map((w) => minutesOf(w.opens))) : 8 * 60;
  let last = todays.length ? Math.max(...todays.map((w) => minutesOf(w.closes))) : 18 * 60;
  for (const b of bookings) {
    const m = minutesOf(time(b.startsAt, tz));
    first = Math.min(first, m);
    last = Math.max(last, m + 1);
  }
  const rows = [];
  for (let m = Math.floor(first / step) * step; m < last; m += step) rows.push(hhmmOf(m));
  return { rows, step };
}

/** The row a booking sits in: its start, down to the row's step. */
const rowOf = (b, tz, step) => hhmmOf(Math.floor(minutesOf(time(b.startsAt, tz)) / step) * step);

/** Whether the shop takes bookings at `date` `row` (inside that weekday's hours, outside closures). */
function isOpen(hours, date, row, step, tz) {
  const start = minutesOf(row);
  const open = (hours?.weekly ?? DEFAULT_WEEKLY).some((w) => w.weekday === weekday(date) && minutesOf(w.opens) < start + step && start < minutesOf(w.closes));
  if (!open) return false;
  const at = localToInstant(date, row, tz);
  return !(hours?.closures ?? []).some((c) => Date.parse(c.from) <= at && at < Date.parse(c.to));
}

/** Makes a booking's element draggable (only bookings that can still move). */
export function draggableBooking(el, b) {
  if (!movable(b)) return el;
  el.draggable = true;
  el.classList.add('is-draggable');
  el.addEventListener('dragstart', (e) => {
    e.dataTransfer.setData(DRAG_TYPE, b.id);
    e.dataTransfer.setData('text/plain', b.id);
    e.dataTransfer.effectAllowed = 'move';
    el.classList.add('is-dragging');
  });
  el.addEventListener('dragend', () => el.classList.remove('is-dragging'));
  return el;
}

/** Makes `el` a place to drop a booking; `target` is `{ date, time }` or `{ resourceId }`. */
export function dropTarget(el, target, onDrop) {
  el.classList.add('drop-target');
  el.addEventListener('dragover', (e) => {
    if (!e.dataTransfer.types.includes(DRAG_TYPE)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'move';
    el.classList.add('is-drop');
  });
  el.addEventListener('dragleave', (e) => {
    if (!el.contains(e.relatedTarget)) el.classList.remove('is-drop');
  });
  el.addEventListener('drop', (e) => {
    const id = e.dataTransfer.getData(DRAG_TYPE);
    el.classList.remove('is-drop');
    if (!id) return;
    e.preventDefault();
    onDrop(id, target);
  });
  return el;
}

/** The day: one row per start time, each holding the cards that start in it. */
export function renderDayGrid({ date, bookings, hours, tz, card, onDrop }) {
  const { rows, step } = gridRows(hours, [date], bookings, tz);
  const byRow = new Map();
  for (const b of bookings) {
    const key = rowOf(b, tz, step);
    byRow.set(key, [...(byRow.get(key) ?? []), b]);
  }
  return h('ol', { class: 'day-grid', 'aria-label': `Horários de ${longDay(date)}` }, rows.map((row) => {
    const items = byRow.get(row) ?? [];
    const open = isOpen(hours, date, row, step, tz);
    const li = h('li', { class: ['day-row', open ? 'is-open' : 'is-closed', items.length === 0 && 'is-empty'], dataset: { time: row } },
      h('span', { class: 'day-row-time', 'aria-hidden': items.length === 0 ? 'true' : undefined }, row),
      items.length > 0 && h('ol', { class: 'booking-list' }, items.map((b) => draggableBooking(card(b), b))));
    return open ? dropTarget(li, { date, time: row }, onDrop) : li;
  }));
}

/** The week: a table of days (columns) and start times (rows); each day's header opens it. */
export function renderWeekGrid({ first, bookings, hours, tz, today, lookup, onOpenDay, onOpenBooking, onDrop }) {
  const dates = Array.from({ length: 7 }, (_, i) => addDays(first, i));
  const { rows, step } = gridRows(hours, dates, bookings, tz);
  const cells = new Map();
  for (const b of bookings) {
    const key = `${localDate(b.startsAt, tz)} ${rowOf(b, tz, step)}`;
    cells.set(key, [...(cells.get(key) ?? []), b]);
  }
  const perDay = (date) => bookings.filter((b) => localDate(b.startsAt, tz) === date && b.status !== 'cancelled').length;
  const head = h('tr', null, h('th', { scope: 'col', class: 'week-corner' }, h('span', { class: 'sr-only' }, 'Horário')), dates.map((date) =>
    h('th', { scope: 'col', class: ['week-col-head', date === today && 'is-today'], dataset: { date } },
      h('button', { type: 'button', class: 'week-day-head', onclick: () => onOpenDay(date) },
        capitalize(dayHeader(date)),
        h('small', { class: 'week-day-count' }, perDay(date) ? plural(perDay(date), 'atendimento', 'atendimentos') : 'livre'),
        h('span', { class: 'sr-only' }, ` — abrir ${longDay(date)}`)))));
  const body = rows.map((row) => h('tr', { dataset: { time: row } },
    h('th', { scope: 'row', class: 'week-time' }, row),
    dates.map((date) => {
      const items = cells.get(`${date} ${row}`) ?? [];
      const open = isOpen(hours, date, row, step, tz);
      const td = h('td', { class: ['week-cell', open ? 'is-open' : 'is-closed', date === today && 'is-today'], dataset: { date, time: row } },
        items.map((b) => draggableBooking(bookingItem(b, { tz, lookup, onOpen: onOpenBooking }), b)));
      // A click on the column's free space opens that day too (its header is the keyboard's way).
      td.addEventListener('click', (e) => {
        if (e.target === td) onOpenDay(date);
      });
      return open ? dropTarget(td, { date, time: row }, onDrop) : td;
    })));
  return h('div', { class: 'week-scroll' }, h('table', { class: 'week-table' }, h('caption', { class: 'sr-only' }, 'Semana: dias nas colunas, horários nas linhas'), h('thead', null, head), h('tbody', null, body)));
}
