import { messageOf } from '../api.js';
import { busy, button, h, replace, uid } from '../dom.js';
import { BOOKING_STATUS, phone, shortDate, SIZE_LABEL, time } from '../format.js';
import { icon } from '../icons.js';
import { chip, errorBox, loading, toast } from '../ui.js';
import { privacyPanel } from './customer-privacy.js';

const NOTES_MAX = 2000;

/**
 * The side panel beside an open conversation: who the customer is, their pets (species, breed,
 * size, sex), the next and the last bookings, the team's note (staff edit it; the robot never
 * reads it) and their marketing answer with the privacy actions (customer-privacy.js). One read:
 * GET /conversations/:id/customer.
 */
export function conversationPanel(ctx, conversation, { onErased, onClose } = {}) {
  const { api, tz } = ctx;
  const body = h('div', { class: 'panel-body' });
  const closeBtn = button(icon('close', { label: 'Fechar ficha do cliente' }), () => onClose?.(), { class: 'btn btn-icon btn-ghost panel-close' });
  const element = h('aside', { class: 'customer-pane', 'aria-label': 'Ficha do cliente', 'data-testid': 'customer-panel' },
    h('header', { class: 'panel-head' }, h('h2', null, 'Ficha do cliente'), closeBtn),
    body);
  let current = 0;

  async function load() {
    const ticket = ++current;
    if (!body.firstChild) replace(body, loading('Carregando cliente…'));
    try {
      const data = await api.org('GET', `/conversations/${conversation.id}/customer`);
      if (ticket === current) render(data);
    } catch (error) {
      if (ticket === current) replace(body, errorBox(messageOf(error), load));
    }
  }

  function render({ contact, pets, nextBookings, pastBookings }) {
    const petName = new Map(pets.map((p) => [p.id, p.name]));
    replace(
      body,
      h('section', { class: 'panel-section panel-who' },
        h('p', { class: 'panel-name' }, contact.name || (contact.anonymizedAt ? 'Cliente apagado' : 'Cliente sem nome')),
        contact.phone && h('p', { class: 'muted' }, phone(contact.phone))),
      section('Pets', 'pets', pets.length
        ? h('ul', { class: 'panel-list' }, pets.map((p) => h('li', { class: 'panel-pet', dataset: { petId: p.id } }, h('strong', null, p.name), h('span', { class: 'muted' }, petFacts(p)))))
        : h('p', { class: 'muted' }, 'Nenhum pet cadastrado.')),
      section('Próximos agendamentos', 'next-bookings', bookingList(nextBookings, petName, 'Nada agendado.')),
      section('Últimos atendimentos', 'past-bookings', bookingList(pastBookings, petName, 'Nenhum atendimento ainda.')),
      section('Anotações da equipe', 'notes', contact.anonymizedAt ? h('p', { class: 'muted' }, 'Dados apagados.') : notesEditor(contact)),
      section('Promoções e dados', 'privacy', privacyPanel(ctx, contact.id, { onErased })),
    );
  }

  function section(title, key, content) {
    const id = uid('panel');
    return h('section', { class: 'panel-section', 'aria-labelledby': id, dataset: { section: key } }, h('h3', { id }, title), content);
  }

  function petFacts(p) {
    const size = SIZE_LABEL[p.size] ? `porte ${SIZE_LABEL[p.size]} (${p.size})` : `porte ${p.size}`;
    return [p.species, p.breed, size, p.sex].filter(Boolean).join(' · ');
  }

  function bookingList(items, petName, none) {
    if (items.length === 0) return h('p', { class: 'muted' }, none);
    return h('ul', { class: 'panel-list' }, items.map((b) => {
      const status = BOOKING_STATUS[b.status] ?? { label: b.status, tone: 'neutral' };
      return h('li', { class: 'panel-booking', dataset: { bookingId: b.id, status: b.status } },
        h('span', null, h('strong', null, `${shortDate(b.startsAt, tz)} ${time(b.startsAt, tz)}`), ` · ${b.serviceName} · ${b.petName ?? petName.get(b.petId) ?? ''}`),
        chip(status.label, status.tone));
    }));
  }

  function notesEditor(contact) {
    const saved = { value: contact.notes ?? '' };
    const area = h('textarea', { rows: 4, maxlength: NOTES_MAX, placeholder: 'Ex.: Thor tem medo de secador.', 'aria-label': 'Anotações da equipe sobre o cliente' });
    area.value = saved.value;
    const save = h('button', { type: 'submit', class: 'btn btn-small', disabled: true }, 'Salvar anotação');
    area.addEventListener('input', () => {
      save.disabled = area.value.trim() === saved.value.trim();
    });
    const form = h('form', { class: 'panel-notes' }, area, h('div', { class: 'panel-notes-foot' }, h('small', { class: 'hint' }, 'Só a equipe vê. O robô não lê estas anotações.'), save));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      busy(save, async () => {
        try {
          const updated = await api.org('PATCH', `/contacts/${contact.id}`, { json: { notes: area.value } });
          saved.value = updated.notes ?? '';
          area.value = saved.value;
          toast(updated.notes ? 'Anotação salva.' : 'Anotação apagada.', 'ok');
        } catch (error) {
          toast(messageOf(error), 'bad');
        }
      }).then(() => {
        save.disabled = area.value.trim() === saved.value.trim();
      });
    });
    return form;
  }

  load();
  return { element, reload: load };
}
