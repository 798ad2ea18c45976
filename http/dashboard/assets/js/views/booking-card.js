import { busy, button, h } from '../dom.js';
import { BOOKING_STATUS, SIZE_LABEL, brl, phone, time } from '../format.js';
import { chip } from '../ui.js';
import { attribution } from './agenda-shared.js';

/**
 * A booking as the Agenda shows it: the day's card (names resolved from ids, status, price, the
 * professional or room, who booked and who changed it, the status buttons and "Remarcar"), and
 * the small item of the week grid and the per-resource columns.
 */
export const ACTIONS = {
  scheduled: ['confirm', 'complete', 'no-show', 'cancel'],
  confirmed: ['complete', 'no-show', 'cancel'],
};
const ACTION_LABEL = { confirm: 'Confirmar', complete: 'Concluir', 'no-show': 'Não veio', cancel: 'Cancelar' };

/** Whether a booking can still move (the server says the same: only scheduled or confirmed ones). */
export const movable = (b) => Boolean(ACTIONS[b.status]);

/** Service, pet, customer and pet details as live text nodes, filled when the names arrive. */
export function names(b, lookup) {
  const service = h('span', null, 'Serviço');
  const pet = h('span', null, 'Pet');
  const customer = h('span', null, 'Cliente');
  const detail = h('span', null, '');
  lookup.service(b.serviceId).then((s) => s && (service.textContent = s.name), () => {});
  lookup.pet(b.contactId, b.petId).then((p) => {
    if (!p) return;
    pet.textContent = p.name;
    detail.textContent = `${p.species} · porte ${SIZE_LABEL[p.size] ?? p.size}${p.breed ? ` · ${p.breed}` : ''}`;
  }, () => {});
  lookup.contact(b.contactId).then((c) => (customer.textContent = c.name ? `${c.name} · ${phone(c.phone)}` : phone(c.phone)), () => {});
  return { service, pet, customer, detail };
}

export function resourceName(resources, id) {
  return id ? resources.find((r) => r.id === id)?.name ?? 'profissional removido' : undefined;
}

/** The day's card. `on.action(b, action)` and `on.reschedule(b)` are the Agenda's. */
export function bookingCard(b, { tz, lookup, resources, on }) {
  const meta = BOOKING_STATUS[b.status] ?? { label: b.status, tone: 'neutral' };
  const n = names(b, lookup);
  const actions = (ACTIONS[b.status] ?? []).map((action) =>
    button(ACTION_LABEL[action], (e) => busy(e.currentTarget, () => on.action(b, action)), { class: action === 'cancel' ? 'btn btn-small btn-ghost btn-danger-text' : action === 'confirm' ? 'btn btn-small btn-primary' : 'btn btn-small' }),
  );
  if (movable(b)) actions.push(button('Remarcar', () => on.reschedule(b), { class: 'btn btn-small btn-ghost' }));
  const who = attribution(b);
  const place = resourceName(resources, b.resourceId);
  return h(
    'li',
    { class: ['booking-card', `is-${b.status}`], dataset: { bookingId: b.id, status: b.status }, tabindex: '-1' },
    h('div', { class: 'bk-time' }, h('strong', null, time(b.startsAt, tz)), h('small', { class: 'muted' }, `até ${time(b.endsAt, tz)}`)),
    h('div', { class: 'bk-main' },
      h('h3', { class: 'bk-title' }, n.service, ' · ', n.pet),
      h('p', { class: 'bk-customer' }, n.customer),
      h('p', { class: 'muted bk-detail' }, n.detail, ` · ${b.source === 'whatsapp' ? 'pelo WhatsApp' : 'no balcão'}`, place && ` · com ${place}`),
      who && h('p', { class: 'muted bk-who', 'data-testid': 'booking-attribution' }, who)),
    h('div', { class: 'bk-side' },
      h('div', { class: 'bk-status' }, chip(meta.label, meta.tone, { class: `chip chip-${meta.tone} booking-status` }), h('strong', { class: 'bk-price' }, brl(b.priceCents))),
      actions.length > 0 && h('div', { class: 'bk-actions' }, actions)),
  );
}

/**
 * The small item of the week grid and the per-resource columns: a button that opens the booking's
 * day with its card in focus (from there, "Remarcar" is a keyboard away).
 */
export function bookingItem(b, { tz, lookup, onOpen }) {
  const meta = BOOKING_STATUS[b.status] ?? { label: b.status, tone: 'neutral' };
  const n = names(b, lookup);
  return h('button', {
    type: 'button',
    class: ['week-item', `tone-${meta.tone}`],
    dataset: { bookingId: b.id, status: b.status },
    title: `${meta.label} — abrir o dia`,
    onclick: () => onOpen(b),
  }, h('strong', null, time(b.startsAt, tz)), ' ', n.service, h('br'), h('span', { class: 'muted' }, n.pet), h('span', { class: 'sr-only' }, ` — ${meta.label}`));
}
