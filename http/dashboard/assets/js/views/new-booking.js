import { messageOf } from '../api.js';
import { busy, button, debounce, field, h, replace } from '../dom.js';
import { SIZE_LABEL, brl, localDate, longDay, phone, time, toE164 } from '../format.js';
import { icon } from '../icons.js';
import { loading, toast } from '../ui.js';
import { capitalize, freeSlots, resourceSelect, slotButtons } from './agenda-shared.js';

const SPECIES = ['cão', 'gato', 'ave', 'roedor', 'coelho', 'réptil', 'outro'];

/**
 * "Novo agendamento" at the counter: a customer found by name or phone (or registered here), a
 * pet (or a new one), a service, the professional or room when the shop has some for it, and a
 * free slot of the chosen day. `onBooked(booking)` runs once the server accepted it.
 */
export function openNewBooking({ api, lookup, tz, date, resources, onBooked }) {
  const dialog = h('dialog', { class: 'dialog dialog-wide', 'aria-labelledby': 'nb-title' });
  const chosen = { contact: undefined, pet: undefined, service: undefined, slot: undefined, resourceId: '' };
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
    fillResources();
  });

  // 3b. professional or room, when the shop has some for the service's category
  const resourceSlot = h('div', { class: 'resource-choice' });
  let resourceControl;
  async function fillResources() {
    const service = chosen.service ? await lookup.service(chosen.service).catch(() => undefined) : undefined;
    resourceControl = service ? resourceSelect(resources, service.category, chosen.resourceId) : undefined;
    if (!resourceControl) chosen.resourceId = '';
    resourceControl?.addEventListener('change', () => {
      chosen.resourceId = resourceControl.value;
      loadSlots();
    });
    replace(resourceSlot, resourceControl && field('Profissional ou sala', resourceControl));
    loadSlots();
  }

  // 4. day and slot
  const today = localDate(Date.now(), tz);
  const slotDate = h('input', { type: 'date', value: date < today ? today : date });
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
    fillResources();
  }

  async function loadSlots() {
    chosen.slot = undefined;
    if (!chosen.pet || !chosen.service || !slotDate.value) {
      replace(slots, h('p', { class: 'muted' }, 'Escolha cliente, pet e serviço para ver os horários livres.'));
      return;
    }
    replace(slots, loading('Procurando horários…'));
    const free = await freeSlots(api, tz, { serviceId: chosen.service, size: chosen.pet.size, date: slotDate.value, resourceId: chosen.resourceId || undefined });
    replace(slots, slotButtons(free, tz, (slot) => (chosen.slot = slot)));
  }

  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Agendar');
  const form = h(
    'form',
    { class: 'booking-form' },
    h('fieldset', null, h('legend', null, '1. Cliente'), chosenContact, field('Buscar cliente', search), results, newContact),
    h('fieldset', null, h('legend', null, '2. Pet'), field('Pet', petSelect), newPet),
    h('fieldset', null, h('legend', null, '3. Serviço'), field('Serviço', serviceSelect), resourceSlot),
    h('fieldset', null, h('legend', null, '4. Dia e horário'), field('Dia', slotDate), slots),
    status,
    h('div', { class: 'actions' }, button('Fechar', () => close(), { class: 'btn btn-ghost' }), submit),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!chosen.contact || !chosen.pet || !chosen.service || !chosen.slot) return say('Escolha cliente, pet, serviço e um horário livre.');
    busy(submit, async () => {
      try {
        const json = { contactId: chosen.contact.id, petId: chosen.pet.id, serviceId: chosen.service, startsAt: chosen.slot.startsAt, ...(chosen.resourceId && { resourceId: chosen.resourceId }) };
        const booking = await api.org('POST', '/bookings', { json });
        toast(`Agendado: ${chosen.pet.name}, ${capitalize(longDay(localDate(booking.startsAt, tz)))} às ${time(booking.startsAt, tz)}.`, 'ok');
        close();
        onBooked(booking);
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
