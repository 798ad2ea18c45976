import { messageOf } from '../api.js';
import { h } from '../dom.js';
import { addDays, iso, startOfDay, time } from '../format.js';

/**
 * Pieces the Agenda's screens and forms share: free slots from `GET /slots`, slot buttons,
 * who booked or changed a booking ("por Bia"), and the professionals and rooms of a category.
 */

/** Free slots of a local day (an ApiError instead of throwing, for the form to show). */
export async function freeSlots(api, tz, { serviceId, size, date, resourceId }) {
  try {
    const page = await api.org('GET', '/slots', { query: { serviceId, size, resourceId, from: iso(startOfDay(date, tz)), to: iso(startOfDay(addDays(date, 1), tz)) } });
    return page.items;
  } catch (error) {
    return error;
  }
}

/** One button per free slot; the chosen one is pressed. `selected`: a start (ISO) to show pressed. */
export function slotButtons(free, tz, onPick, selected) {
  if (free instanceof Error) return h('p', { class: 'warn-text' }, messageOf(free));
  if (free.length === 0) return h('p', { class: 'muted' }, 'Nenhum horário livre neste dia. Tente outra data.');
  const buttons = free.map((slot) =>
    h('button', {
      type: 'button',
      class: 'slot',
      'aria-pressed': String(selected !== undefined && Date.parse(selected) === Date.parse(slot.startsAt)),
      onclick: (e) => {
        for (const b of buttons) b.setAttribute('aria-pressed', 'false');
        e.currentTarget.setAttribute('aria-pressed', 'true');
        onPick(slot);
      },
    }, time(slot.startsAt, tz)),
  );
  return buttons;
}

/** "por Bia", "pelo token da loja": who did it, as the card says it. */
export function byWhom(actor) {
  if (!actor) return '';
  switch (actor.kind) {
    case 'token': return 'pelo token da loja';
    case 'admin': return 'pelo administrador';
    case 'system': return 'pelo Patinha';
    case 'customer': return `por ${actor.name} (cliente)`;
    default: return `por ${actor.name}`;
  }
}

/** The card's line about who booked and who changed it last ('' when nothing was recorded). */
export function attribution(b) {
  const parts = [];
  if (b.createdBy) parts.push(`Agendado ${byWhom(b.createdBy)}`);
  if (b.changedBy) parts.push(`${parts.length ? 'alterado' : 'Alterado'} ${byWhom(b.changedBy)}`);
  return parts.join(' · ');
}

/** Whether a resource takes a category (no categories: every one), as the server decides. */
export function servesCategory(resource, category) {
  if (!resource.categories.length) return true;
  const key = categoryKey(category);
  return resource.categories.some((c) => categoryKey(c) === key);
}

/** The active professionals and rooms that take a category, in the shop's order. */
export function resourcesFor(resources, category) {
  return (resources ?? []).filter((r) => r.active && servesCategory(r, category));
}

function categoryKey(text) {
  return String(text).normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().trim().replace(/\s+/g, ' ');
}

export const RESOURCE_KIND = { professional: 'Profissional', room: 'Sala' };

/**
 * A "Profissional ou sala" select for a category, or undefined when no resource takes it (the
 * category's capacity then, as before). The empty option lets the server pick the first free one.
 */
export function resourceSelect(resources, category, selectedId) {
  const pool = resourcesFor(resources, category);
  if (pool.length === 0) return undefined;
  return h('select', null,
    h('option', { value: '' }, 'Qualquer um livre'),
    pool.map((r) => h('option', { value: r.id, selected: r.id === selectedId }, `${r.name} (${RESOURCE_KIND[r.kind] ?? r.kind})`)));
}

export function capitalize(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
