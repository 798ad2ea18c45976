import { messageOf } from '../api.js';
import { busy, button, field, h, replace, uid } from '../dom.js';
import { dayMonth, iso, localDate, localToInstant, time } from '../format.js';
import { icon } from '../icons.js';
import { loading, toast } from '../ui.js';
import { freeSlots, resourceSelect, slotButtons } from './agenda-shared.js';

/**
 * "Remarcar": a new date and time for a booking, typed or picked from the free slots of that
 * day (`GET /slots`), and — when the shop has professionals or rooms for the service — which one.
 * A refusal is said in pt-BR in the form; SLOT_TAKEN offers the nearest free times as buttons.
 * Everything works from the keyboard; the drag on the Agenda's grids opens this same form when
 * the drop is refused. Resolves with the moved booking, or undefined when closed.
 */
export async function openRescheduleForm({ api, lookup, tz, booking: b, resources, date: wantedDate, time: wantedTime, refusal }) {
  const [pet, service] = await Promise.all([lookup.pet(b.contactId, b.petId).catch(() => undefined), lookup.service(b.serviceId).catch(() => undefined)]);
  if (!pet) {
    toast('Não encontrei o pet deste agendamento.', 'bad');
    return undefined;
  }
  return new Promise((resolve) => {
    const titleId = uid('rs-title');
    const dialog = h('dialog', { class: 'dialog dialog-wide', 'aria-labelledby': titleId });
    const date = h('input', { type: 'date', required: true, value: wantedDate ?? localDate(b.startsAt, tz) });
    const timeInput = h('input', { type: 'time', required: true, step: 300, value: wantedTime ?? time(b.startsAt, tz) });
    // "Qualquer um livre" by default: the server keeps its professional or room when free then.
    const resource = service ? resourceSelect(resources, service.category, '') : undefined;
    const currentResource = resources.find((r) => r.id === b.resourceId);
    const slots = h('div', { class: 'slots', role: 'group', 'aria-label': 'Horários livres' });
    const suggestions = h('div', { class: 'slots rs-suggestions', role: 'group', 'aria-label': 'Horários livres mais próximos', hidden: true });
    const status = h('p', { class: 'form-status', role: 'status', 'aria-live': 'polite' });
    const say = (text, tone = 'bad') => {
      status.textContent = text ?? '';
      status.className = `form-status ${text ? `form-status-${tone}` : ''}`;
    };

    const chosenStart = () => (date.value && timeInput.value ? localToInstant(date.value, timeInput.value, tz) : undefined);
    const pick = (slot) => {
      date.value = localDate(slot.startsAt, tz);
      timeInput.value = time(slot.startsAt, tz);
      say('');
    };
    let loadToken = 0;
    const loadSlots = async () => {
      const token = ++loadToken;
      if (!date.value) return replace(slots, h('p', { class: 'muted' }, 'Escolha o dia para ver os horários livres.'));
      replace(slots, loading('Procurando horários…'));
      const free = await freeSlots(api, tz, { serviceId: b.serviceId, size: pet.size, date: date.value, resourceId: resource?.value || undefined });
      if (token !== loadToken) return;
      const current = chosenStart();
      replace(slots, slotButtons(free, tz, pick, current === undefined ? undefined : iso(current)));
    };
    date.addEventListener('change', loadSlots);
    resource?.addEventListener('change', loadSlots);
    timeInput.addEventListener('input', () => {
      for (const s of slots.querySelectorAll('.slot')) s.setAttribute('aria-pressed', String(s.textContent === timeInput.value));
    });

    /** A refusal in pt-BR, and for SLOT_TAKEN the nearest free times the server suggested. */
    const showRefusal = (error) => {
      say(messageOf(error));
      const next = error?.code === 'SLOT_TAKEN' ? (error.details?.nextSlots ?? []) : [];
      suggestions.hidden = next.length === 0;
      replace(suggestions, next.length ? [h('p', { class: 'muted rs-suggestions-title' }, 'Horários livres mais próximos:'),
        next.map((slot) => button(`${dayMonth(localDate(slot.startsAt, tz))} ${time(slot.startsAt, tz)}`, () => {
          pick(slot);
          loadSlots();
        }, { class: 'slot' }))] : []);
    };

    const close = (result) => {
      dialog.close();
      dialog.remove();
      resolve(result);
    };
    const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Remarcar');
    const form = h('form', { class: 'booking-form reschedule-form' },
      h('div', { class: 'form-row' }, field('Novo dia', date), field('Novo horário', timeInput, 'Escolha abaixo um horário livre ou digite outro.')),
      resource && field('Profissional ou sala', resource),
      h('p', { class: 'muted rs-free-title' }, 'Horários livres neste dia:'),
      slots,
      suggestions,
      status,
      h('div', { class: 'actions' }, button('Fechar', () => close(undefined), { class: 'btn btn-ghost' }), submit));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const start = chosenStart();
      if (start === undefined) return say('Escolha o dia e o horário.');
      busy(submit, async () => {
        try {
          const json = { startsAt: iso(start), ...(resource?.value && { resourceId: resource.value }) };
          const updated = await api.org('POST', `/bookings/${b.id}/reschedule`, { json });
          toast(`Remarcado para ${time(updated.startsAt, tz)} de ${dayMonth(localDate(updated.startsAt, tz))}.`, 'ok');
          close(updated);
        } catch (error) {
          showRefusal(error);
          if (error?.code === 'SLOT_TAKEN') loadSlots();
        }
      });
    });
    const heading = h('div', { class: 'dialog-head' }, h('h2', { id: titleId }, `Remarcar ${pet.name}`), button(icon('close', { label: 'Fechar' }), () => close(undefined), { class: 'btn btn-icon btn-ghost' }));
    const now = h('p', { class: 'muted' }, `Hoje marcado para ${time(b.startsAt, tz)} de ${dayMonth(localDate(b.startsAt, tz))}${service ? ` · ${service.name}` : ''}${currentResource ? ` · com ${currentResource.name}` : ''}.`);
    replace(dialog, heading, now, form);
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      close(undefined);
    });
    document.body.append(dialog);
    dialog.showModal();
    date.focus();
    loadSlots();
    if (refusal) showRefusal(refusal);
  });
}
