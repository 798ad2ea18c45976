import { messageOf } from '../api.js';
import { busy, button, debounce, field, h, replace } from '../dom.js';
import { BOOKING_STATUS, SIZE_LABEL, addDays, brl, dayHeader, dayMonth, iso, localDate, longDay, phone, startOfDay, time, toE164, weekStart } from '../format.js';
import { icon } from '../icons.js';
import { chip, confirmDialog, empty, errorBox, loading, pageHeader, toast } from '../ui.js';

/**
 * Agenda: the day or the week, with names resolved from ids, status chips,
 * the status buttons (confirmar, concluir, não veio, cancelar), remarcar, and
 * a new booking from a customer search, a pet, a service and a free slot.
 */
const ACTIONS = {
  scheduled: ['confirm', 'complete', 'no-show', 'cancel'],
  confirmed: ['complete', 'no-show', 'cancel'],
};
const ACTION_LABEL = { confirm: 'Confirmar', complete: 'Concluir', 'no-show': 'Não veio', cancel: 'Cancelar' };
const ACTION_DONE = { confirm: 'Agendamento confirmado.', complete: 'Atendimento concluído.', 'no-show': 'Marcado como falta.', cancel: 'Agendamento cancelado.' };
const SPECIES = ['cão', 'gato', 'ave', 'roedor', 'coelho', 'réptil', 'outro'];

export function mount(root, ctx) {
  const { api, realtime, lookup, tz } = ctx;
  const today = () => localDate(Date.now(), tz);
  const state = { view: 'day', date: today(), bookings: [], loadToken: 0 };
  const offs = [];

  const dayBtn = h('button', { type: 'button', class: 'seg', 'aria-pressed': 'true' }, 'Dia');
  const weekBtn = h('button', { type: 'button', class: 'seg', 'aria-pressed': 'false' }, 'Semana');
  dayBtn.addEventListener('click', () => setView('day'));
  weekBtn.addEventListener('click', () => setView('week'));
  const dateInput = h('input', { type: 'date', value: state.date });
  dateInput.addEventListener('change', () => {
    if (dateInput.value) go(dateInput.value);
  });
  const title = h('h2', { class: 'agenda-title', 'aria-live': 'polite' });
  const summary = h('p', { class: 'muted agenda-summary' });
  const content = h('div', { class: 'agenda-content' });

  root.append(
    pageHeader('Agenda', 'Os atendimentos da loja, do dia ou da semana.', button([icon('plus', { size: 16 }), ' Novo agendamento'], () => openNewBooking(), { class: 'btn btn-primary' })),
    h(
      'div',
      { class: 'toolbar' },
      h('div', { class: 'segmented', role: 'group', 'aria-label': 'Visualização' }, dayBtn, weekBtn),
      h('div', { class: 'toolbar-nav' },
        button(icon('left', { label: 'Anterior' }), () => go(addDays(state.date, state.view === 'week' ? -7 : -1)), { class: 'btn btn-icon btn-ghost' }),
        button('Hoje', () => go(today()), { class: 'btn btn-ghost' }),
        button(icon('right', { label: 'Próximo' }), () => go(addDays(state.date, state.view === 'week' ? 7 : 1)), { class: 'btn btn-icon btn-ghost' })),
      field('Ir para a data', dateInput),
    ),
    h('div', { class: 'agenda-heading' }, title, summary),
    content,
  );

  function setView(view) {
    state.view = view;
    dayBtn.setAttribute('aria-pressed', String(view === 'day'));
    weekBtn.setAttribute('aria-pressed', String(view === 'week'));
    load();
  }

  function go(date) {
    state.date = date;
    dateInput.value = date;
    load();
  }

  function range() {
    const first = state.view === 'week' ? weekStart(state.date) : state.date;
    const days = state.view === 'week' ? 7 : 1;
    return { first, days, from: startOfDay(first, tz), to: startOfDay(addDays(first, days), tz) };
  }

  async function load() {
    const token = ++state.loadToken;
    const { first, days, from, to } = range();
    title.textContent = days === 1 ? capitalize(longDay(first)) : `Semana de ${dayMonth(first)} a ${dayMonth(addDays(first, 6))}`;
    if (!content.firstChild || content.querySelector('.error-box')) replace(content, loading('Carregando a agenda…'));
    try {
      const [page] = await Promise.all([api.org('GET', '/bookings', { query: { from: iso(from), to: iso(to) } }), lookup.services()]);
      if (token !== state.loadToken) return;
      state.bookings = page.items.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
      renderSummary();
      if (days === 1) renderDay();
      else renderWeek(first);
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
      replace(content, empty('Dia livre', 'Nenhum agendamento neste dia ainda.', button([icon('plus', { size: 16 }), ' Agendar'], () => openNewBooking(), { class: 'btn' })));
      return;
    }
    replace(content, h('ol', { class: 'booking-list' }, state.bookings.map((b) => bookingCard(b))));
  }

  function renderWeek(first) {
    const columns = [];
    for (let i = 0; i < 7; i++) {
      const date = addDays(first, i);
      const items = state.bookings.filter((b) => localDate(b.startsAt, tz) === date);
      columns.push(
        h(
          'section',
          { class: ['week-day', date === today() && 'is-today'], 'aria-label': longDay(date) },
          h('button', { type: 'button', class: 'week-day-head', onclick: () => { state.view = 'day'; dayBtn.setAttribute('aria-pressed', 'true'); weekBtn.setAttribute('aria-pressed', 'false'); go(date); } }, capitalize(dayHeader(date))),
          items.length === 0 ? h('p', { class: 'muted week-empty' }, '—') : h('ol', { class: 'week-list' }, items.map((b) => weekItem(b))),
        ),
      );
    }
    replace(content, h('div', { class: 'week-grid' }, columns));
  }

  function names(b) {
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

  function bookingCard(b) {
    const meta = BOOKING_STATUS[b.status] ?? { label: b.status, tone: 'neutral' };
    const n = names(b);
    const actions = (ACTIONS[b.status] ?? []).map((action) =>
      button(ACTION_LABEL[action], (e) => busy(e.currentTarget, () => act(b, action)), { class: action === 'cancel' ? 'btn btn-small btn-ghost btn-danger-text' : action === 'confirm' ? 'btn btn-small btn-primary' : 'btn btn-small' }),
    );
    if (ACTIONS[b.status]) actions.push(button('Remarcar', () => openReschedule(b), { class: 'btn btn-small btn-ghost' }));
    return h(
      'li',
      { class: ['booking-card', `is-${b.status}`], dataset: { bookingId: b.id, status: b.status } },
      h('div', { class: 'bk-time' }, h('strong', null, time(b.startsAt, tz)), h('small', { class: 'muted' }, `até ${time(b.endsAt, tz)}`)),
      h('div', { class: 'bk-main' },
        h('h3', { class: 'bk-title' }, n.service, ' · ', n.pet),
        h('p', { class: 'bk-customer' }, n.customer),
        h('p', { class: 'muted bk-detail' }, n.detail, ` · ${b.source === 'whatsapp' ? 'pelo WhatsApp' : 'no balcão'}`)),
      h('div', { class: 'bk-side' },
        h('div', { class: 'bk-status' }, chip(meta.label, meta.tone, { class: `chip chip-${meta.tone} booking-status` }), h('strong', { class: 'bk-price' }, brl(b.priceCents))),
        actions.length > 0 && h('div', { class: 'bk-actions' }, actions)),
    );
  }

  function weekItem(b) {
    const meta = BOOKING_STATUS[b.status] ?? { label: b.status, tone: 'neutral' };
    const n = names(b);
    return h('li', { class: ['week-item', `tone-${meta.tone}`], dataset: { bookingId: b.id, status: b.status }, title: meta.label },
      h('strong', null, time(b.startsAt, tz)), ' ', n.service, h('br'), h('span', { class: 'muted' }, n.pet), h('span', { class: 'sr-only' }, ` — ${meta.label}`));
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
      const updated = await api.org('POST', `/bookings/${b.id}/${action}`, { json: {} });
      Object.assign(b, updated);
      toast(ACTION_DONE[action], 'ok');
      load();
    } catch (error) {
      toast(messageOf(error), 'bad');
      load();
    }
  }

  // ---- new booking ----
  function openNewBooking() {
    const dialog = h('dialog', { class: 'dialog dialog-wide', 'aria-labelledby': 'nb-title' });
    const chosen = { contact: undefined, pet: undefined, service: undefined, slot: undefined };
    const status = h('p', { class: 'form-status', role: 'status', 'aria-live': 'polite' });
    const say = (text, tone = 'bad') => {
      status.textContent = text ?? '';
      status.className = `form-status ${text ? `form-status-${tone}` : ''}`;
    };

    // 1. customer
    const search = h('input', { type: 'search', placeholder: 'Nome ou telefone', autocomplete: 'off' });
    const results = h('ul', { class: 'pick-list', 'aria-label': 'Clientes encontrados' });
    const chosenContact = h('p', { class: 'chosen', hidden: true });
    const newPhone = h('input', { type: 'tel', inputmode: 'tel', placeholder: '+55 11 98765-4321' });
    const newName = h('input', { type: 'text', maxlength: 120 });
    const newContact = h('details', { class: 'sub-form' }, h('summary', null, 'Cliente novo? Cadastrar'), h('div', { class: 'form-row' }, field('Telefone', newPhone), field('Nome', newName)),
      button('Cadastrar cliente', (e) => busy(e.currentTarget, createContact), { class: 'btn btn-small' }));
    const runSearch = debounce(async () => {
      const q = search.value.trim();
      const digits = q.replace(/\D/g, '');
      const query = digits.length >= 4 && /^[\d\s()+-]+$/.test(q) ? digits : q;
      try {
        const page = await api.org('GET', '/contacts', { query: { q: query, limit: 8 } });
        replace(results, page.items.length === 0 ? h('li', { class: 'muted' }, 'Ninguém encontrado.') : page.items.map((c) => h('li', null, button([h('strong', null, c.name || 'Sem nome'), ' ', h('span', { class: 'muted' }, phone(c.phone))], () => pickContact(c), { class: 'pick' }))));
      } catch (error) {
        replace(results, h('li', { class: 'muted' }, messageOf(error)));
      }
    }, 250);
    search.addEventListener('input', runSearch);

    async function createContact() {
      const e164 = toE164(newPhone.value);
      if (!e164) return say('Telefone inválido. Use por exemplo +55 11 98765-4321.');
      try {
        const contact = await api.org('POST', '/contacts', { json: { phone: e164, ...(newName.value.trim() && { name: newName.value.trim() }) } });
        pickContact(contact);
      } catch (error) {
        if (error.code === 'ALREADY_EXISTS' && error.details?.id) pickContact(await lookup.contact(error.details.id));
        else say(messageOf(error));
      }
    }

    // 2. pet
    const petSelect = h('select', { disabled: true }, h('option', { value: '' }, 'Escolha o cliente primeiro'));
    const petName = h('input', { type: 'text', maxlength: 80 });
    const petSpecies = h('select', null, SPECIES.map((s) => h('option', { value: s }, s)));
    const petSize = h('select', null, Object.entries(SIZE_LABEL).map(([k, v]) => h('option', { value: k, selected: k === 'M' }, `${k} — ${v}`)));
    const newPet = h('details', { class: 'sub-form', hidden: true }, h('summary', null, 'Pet novo? Cadastrar'), h('div', { class: 'form-row' }, field('Nome do pet', petName), field('Espécie', petSpecies), field('Porte', petSize)),
      button('Cadastrar pet', (e) => busy(e.currentTarget, createPet), { class: 'btn btn-small' }));
    petSelect.addEventListener('change', () => pickPet(petSelect.value));

    async function createPet() {
      if (!chosen.contact) return;
      if (!petName.value.trim()) return say('Informe o nome do pet.');
      try {
        const pet = await api.org('POST', `/contacts/${chosen.contact.id}/pets`, { json: { name: petName.value.trim(), species: petSpecies.value, size: petSize.value } });
        await lookup.pets(chosen.contact.id, true);
        await fillPets(pet.id);
        newPet.open = false;
        petName.value = '';
      } catch (error) {
        say(messageOf(error));
      }
    }

    // 3. service
    const serviceSelect = h('select', { disabled: true }, h('option', { value: '' }, 'Escolha o pet primeiro'));
    serviceSelect.addEventListener('change', () => {
      chosen.service = serviceSelect.value || undefined;
      loadSlots();
    });

    // 4. day and slot
    const slotDate = h('input', { type: 'date', value: state.date < today() ? today() : state.date });
    slotDate.addEventListener('change', () => loadSlots());
    const slots = h('div', { class: 'slots', role: 'group', 'aria-label': 'Horários livres' }, h('p', { class: 'muted' }, 'Escolha cliente, pet e serviço para ver os horários livres.'));

    async function pickContact(contact) {
      chosen.contact = contact;
      chosen.pet = undefined;
      replace(chosenContact, icon('user', { size: 16 }), ` ${contact.name || 'Sem nome'} · ${phone(contact.phone)}`);
      chosenContact.hidden = false;
      replace(results);
      search.value = '';
      newContact.open = false;
      newPet.hidden = false;
      say('');
      await fillPets();
    }

    async function fillPets(selectId) {
      const pets = await lookup.pets(chosen.contact.id).catch(() => []);
      petSelect.disabled = pets.length === 0;
      replace(petSelect, pets.length === 0 ? h('option', { value: '' }, 'Nenhum pet cadastrado') : [h('option', { value: '' }, 'Escolha o pet'), pets.map((p) => h('option', { value: p.id, selected: p.id === selectId }, `${p.name} (${p.species}, porte ${p.size})`))]);
      if (pets.length === 0) newPet.open = true;
      const preselect = selectId ?? (pets.length === 1 ? pets[0].id : '');
      petSelect.value = preselect;
      pickPet(preselect);
    }

    async function pickPet(petId) {
      const pets = chosen.contact ? await lookup.pets(chosen.contact.id).catch(() => []) : [];
      chosen.pet = pets.find((p) => p.id === petId);
      const services = (await lookup.services().catch(() => [])).filter((s) => s.active);
      if (!chosen.pet) {
        serviceSelect.disabled = true;
        replace(serviceSelect, h('option', { value: '' }, 'Escolha o pet primeiro'));
        chosen.service = undefined;
        return loadSlots();
      }
      const pet = chosen.pet;
      const options = services.map((s) => {
        const price = s.bySize[pet.size];
        const speciesOk = s.species.length === 0 || s.species.includes(pet.species);
        const reason = !speciesOk ? ` — não atende ${pet.species}` : !price ? ` — sem porte ${pet.size}` : '';
        return h('option', { value: s.id, disabled: Boolean(reason), selected: s.id === chosen.service }, price && !reason ? `${s.name} — ${price.durationMin} min · ${brl(price.priceCents)}` : `${s.name}${reason}`);
      });
      serviceSelect.disabled = false;
      replace(serviceSelect, h('option', { value: '' }, services.length ? 'Escolha o serviço' : 'Nenhum serviço ativo'), options);
      if (!services.some((s) => s.id === chosen.service && s.bySize[pet.size])) chosen.service = undefined;
      serviceSelect.value = chosen.service ?? '';
      loadSlots();
    }

    async function loadSlots() {
      chosen.slot = undefined;
      if (!chosen.pet || !chosen.service || !slotDate.value) {
        replace(slots, h('p', { class: 'muted' }, 'Escolha cliente, pet e serviço para ver os horários livres.'));
        return;
      }
      replace(slots, loading('Procurando horários…'));
      const free = await freeSlots(chosen.service, chosen.pet.size, slotDate.value);
      replace(slots, slotButtons(free, (slot) => (chosen.slot = slot)));
    }

    const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Agendar');
    const form = h(
      'form',
      { class: 'booking-form' },
      h('fieldset', null, h('legend', null, '1. Cliente'), chosenContact, field('Buscar cliente', search), results, newContact),
      h('fieldset', null, h('legend', null, '2. Pet'), field('Pet', petSelect), newPet),
      h('fieldset', null, h('legend', null, '3. Serviço'), field('Serviço', serviceSelect)),
      h('fieldset', null, h('legend', null, '4. Dia e horário'), field('Dia', slotDate), slots),
      status,
      h('div', { class: 'actions' }, button('Fechar', () => close(), { class: 'btn btn-ghost' }), submit),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (!chosen.contact || !chosen.pet || !chosen.service || !chosen.slot) return say('Escolha cliente, pet, serviço e um horário livre.');
      busy(submit, async () => {
        try {
          const booking = await api.org('POST', '/bookings', { json: { contactId: chosen.contact.id, petId: chosen.pet.id, serviceId: chosen.service, startsAt: chosen.slot.startsAt } });
          toast(`Agendado: ${chosen.pet.name}, ${capitalize(longDay(localDate(booking.startsAt, tz)))} às ${time(booking.startsAt, tz)}.`, 'ok');
          close();
          go(localDate(booking.startsAt, tz));
        } catch (error) {
          say(messageOf(error));
          if (error.code === 'SLOT_TAKEN') loadSlots();
        }
      });
    });

    function close() {
      dialog.close();
      dialog.remove();
    }
    dialog.addEventListener('close', () => dialog.remove());
    replace(dialog, h('div', { class: 'dialog-head' }, h('h2', { id: 'nb-title' }, 'Novo agendamento'), button(icon('close', { label: 'Fechar' }), () => close(), { class: 'btn btn-icon btn-ghost' })), form);
    document.body.append(dialog);
    dialog.showModal();
    search.focus();
  }

  // ---- reschedule ----
  async function openReschedule(b) {
    const pet = await lookup.pet(b.contactId, b.petId).catch(() => undefined);
    if (!pet) return toast('Não encontrei o pet deste agendamento.', 'bad');
    const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': 'rs-title' });
    let chosenSlot;
    const date = h('input', { type: 'date', value: localDate(b.startsAt, tz) });
    const slots = h('div', { class: 'slots', role: 'group', 'aria-label': 'Horários livres' });
    const status = h('p', { class: 'form-status', role: 'status' });
    const loadRs = async () => {
      chosenSlot = undefined;
      replace(slots, loading('Procurando horários…'));
      replace(slots, slotButtons(await freeSlots(b.serviceId, pet.size, date.value), (slot) => (chosenSlot = slot)));
    };
    date.addEventListener('change', loadRs);
    const close = () => {
      dialog.close();
      dialog.remove();
    };
    const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Remarcar');
    const form = h('form', null, field('Novo dia', date), slots, status, h('div', { class: 'actions' }, button('Fechar', close, { class: 'btn btn-ghost' }), submit));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (!chosenSlot) {
        status.textContent = 'Escolha um horário livre.';
        status.className = 'form-status form-status-bad';
        return;
      }
      busy(submit, async () => {
        try {
          const updated = await api.org('POST', `/bookings/${b.id}/reschedule`, { json: { startsAt: chosenSlot.startsAt } });
          toast(`Remarcado para ${time(updated.startsAt, tz)} de ${dayMonth(localDate(updated.startsAt, tz))}.`, 'ok');
          close();
          go(localDate(updated.startsAt, tz));
        } catch (error) {
          status.textContent = messageOf(error);
          status.className = 'form-status form-status-bad';
        }
      });
    });
    replace(dialog, h('h2', { id: 'rs-title' }, `Remarcar ${pet.name}`), h('p', { class: 'muted' }, `Hoje marcado para ${time(b.startsAt, tz)} de ${dayMonth(localDate(b.startsAt, tz))}.`), form);
    dialog.addEventListener('close', () => dialog.remove());
    document.body.append(dialog);
    dialog.showModal();
    loadRs();
  }

  async function freeSlots(serviceId, size, date) {
    try {
      const page = await api.org('GET', '/slots', { query: { serviceId, size, from: iso(startOfDay(date, tz)), to: iso(startOfDay(addDays(date, 1), tz)) } });
      return page.items;
    } catch (error) {
      return error;
    }
  }

  function slotButtons(free, onPick) {
    if (free instanceof Error) return h('p', { class: 'warn-text' }, messageOf(free));
    if (free.length === 0) return h('p', { class: 'muted' }, 'Nenhum horário livre neste dia. Tente outra data.');
    const buttons = free.map((slot) =>
      h('button', {
        type: 'button',
        class: 'slot',
        'aria-pressed': 'false',
        onclick: (e) => {
          for (const b of buttons) b.setAttribute('aria-pressed', 'false');
          e.currentTarget.setAttribute('aria-pressed', 'true');
          onPick(slot);
        },
      }, time(slot.startsAt, tz)),
    );
    return buttons;
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

function capitalize(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
