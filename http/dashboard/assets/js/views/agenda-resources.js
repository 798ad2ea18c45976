import { messageOf } from '../api.js';
import { busy, button, field, h, replace, uid } from '../dom.js';
import { plural } from '../format.js';
import { icon } from '../icons.js';
import { confirmDialog, empty, toast } from '../ui.js';
import { bookingItem } from './booking-card.js';
import { draggableBooking, dropTarget } from './agenda-week.js';
import { RESOURCE_KIND } from './agenda-shared.js';

/**
 * Professionals and rooms ("profissionais e salas") on the Agenda: the day per resource, one
 * column each (a booking dragged onto another column moves to it at the same time), and the
 * dialog where the owner adds, changes and removes them (staff see them; changing is the owner's).
 */

/** The day by professional or room; bookings without one (their category has none) in a last column. */
export function renderResourceDay({ date, bookings, resources, tz, lookup, onOpenBooking, onDrop, onManage }) {
  const shown = resources.filter((r) => r.active || bookings.some((b) => b.resourceId === r.id));
  if (shown.length === 0) {
    return empty('Nenhum profissional ou sala', 'Cadastre profissionais e salas para ver a agenda de cada um e limitar quantos atendimentos cada um faz ao mesmo tempo.',
      button([icon('plus', { size: 16 }), ' Profissionais e salas'], onManage, { class: 'btn' }));
  }
  const column = (title, subtitle, items, resourceId) => {
    const section = h('section', { class: 'resource-col', 'aria-label': title, dataset: { resourceId: resourceId ?? '' } },
      h('header', { class: 'resource-col-head' }, h('strong', null, title), h('small', { class: 'muted' }, subtitle)),
      items.length === 0 ? h('p', { class: 'muted week-empty' }, '—')
        : h('ol', { class: 'week-list' }, items.map((b) => h('li', null, draggableBooking(bookingItem(b, { tz, lookup, onOpen: onOpenBooking }), b)))));
    return resourceId ? dropTarget(section, { date, resourceId }, onDrop) : section;
  };
  const columns = shown.map((r) => column(r.name, `${RESOURCE_KIND[r.kind] ?? r.kind} · ${plural(r.capacity, 'atendimento', 'atendimentos')} por vez${r.active ? '' : ' · desativado'}`,
    bookings.filter((b) => b.resourceId === r.id), r.id));
  const unassigned = bookings.filter((b) => !b.resourceId);
  if (unassigned.length) columns.push(column('Sem profissional', 'pela capacidade da categoria', unassigned));
  return h('div', { class: 'resource-grid' }, columns);
}

/** The owner's list of professionals and rooms: add, change, switch off, remove. */
export function openResourceManager({ api, lookup, onChanged }) {
  const titleId = uid('rm-title');
  const dialog = h('dialog', { class: 'dialog dialog-wide', 'aria-labelledby': titleId });
  const list = h('ul', { class: 'resource-list', 'aria-label': 'Profissionais e salas cadastrados' });
  const status = h('p', { class: 'form-status', role: 'status', 'aria-live': 'polite' });
  const say = (text, tone = 'bad') => {
    status.textContent = text ?? '';
    status.className = `form-status ${text ? `form-status-${tone}` : ''}`;
  };
  const explain = (error) => (error?.code === 'OWNER_ONLY' ? 'Só o dono da loja pode mudar profissionais e salas.' : messageOf(error));

  const name = h('input', { type: 'text', maxlength: 80, required: true, autocomplete: 'off' });
  const kind = h('select', null, Object.entries(RESOURCE_KIND).map(([value, label]) => h('option', { value }, label)));
  const capacity = h('input', { type: 'number', min: 1, max: 100, step: 1, value: '1', required: true });
  const categories = h('div', { class: 'check-row', role: 'group', 'aria-label': 'Serviços que atende' });
  const active = h('input', { type: 'checkbox', checked: true });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Adicionar');
  const cancelEdit = button('Cancelar edição', () => startEdit(undefined), { class: 'btn btn-ghost', hidden: true });
  let editing;

  async function fillCategories(selected = []) {
    const services = await lookup.services().catch(() => []);
    const known = [...new Set([...services.map((s) => s.category.toLowerCase()), ...selected])].sort();
    replace(categories, known.length === 0 ? h('p', { class: 'muted' }, 'Nenhum serviço cadastrado.') : known.map((c) =>
      h('label', { class: 'check' }, h('input', { type: 'checkbox', value: c, checked: selected.includes(c) }), c)));
  }

  function startEdit(resource) {
    editing = resource;
    name.value = resource?.name ?? '';
    kind.value = resource?.kind ?? 'professional';
    capacity.value = String(resource?.capacity ?? 1);
    active.checked = resource?.active ?? true;
    submit.textContent = resource ? 'Salvar' : 'Adicionar';
    cancelEdit.hidden = !resource;
    fillCategories(resource?.categories ?? []);
    say('');
    if (resource) name.focus();
  }

  async function refresh() {
    try {
      const { items } = await api.org('GET', '/resources');
      replace(list, items.length === 0 ? h('li', { class: 'muted' }, 'Nenhum profissional ou sala ainda.') : items.map((r) =>
        h('li', { class: ['resource-row', !r.active && 'is-inactive'], dataset: { resourceId: r.id } },
          h('div', null,
            h('strong', null, r.name), ' ',
            h('span', { class: 'muted' }, `${RESOURCE_KIND[r.kind] ?? r.kind} · ${plural(r.capacity, 'atendimento', 'atendimentos')} por vez · ${r.categories.length ? r.categories.join(', ') : 'todos os serviços'}${r.active ? '' : ' · desativado'}`)),
          h('div', { class: 'bk-actions' },
            button('Editar', () => startEdit(r), { class: 'btn btn-small', 'aria-label': `Editar ${r.name}` }),
            button('Remover', (e) => busy(e.currentTarget, () => remove(r)), { class: 'btn btn-small btn-ghost btn-danger-text', 'aria-label': `Remover ${r.name}` })))));
      onChanged(items);
    } catch (error) {
      replace(list, h('li', { class: 'warn-text' }, messageOf(error)));
    }
  }

  async function remove(r) {
    const ok = await confirmDialog({ title: `Remover ${r.name}?`, text: 'Quem já tem histórico fica desativado em vez de apagado.', confirm: 'Remover', danger: true });
    if (!ok) return;
    try {
      const { result } = await api.org('DELETE', `/resources/${r.id}`);
      toast(result === 'deleted' ? `${r.name} removido.` : `${r.name} desativado (tem histórico).`, 'ok');
      if (editing?.id === r.id) startEdit(undefined);
      await refresh();
    } catch (error) {
      say(explain(error));
    }
  }

  const form = h('form', { class: 'booking-form resource-form' },
    h('fieldset', null, h('legend', null, 'Profissional ou sala'),
      h('div', { class: 'form-row' }, field('Nome', name), field('Tipo', kind), field('Atendimentos ao mesmo tempo', capacity)),
      h('div', { class: 'field' }, h('span', { class: 'field-label' }, 'Serviços que atende'), categories, h('small', { class: 'hint' }, 'Nenhum marcado: atende todos os serviços.')),
      h('label', { class: 'check' }, active, 'Ativo (recebe agendamentos)')),
    status,
    h('div', { class: 'actions' }, cancelEdit, submit));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const json = {
      name: name.value.trim(), kind: kind.value, capacity: Number(capacity.value), active: active.checked,
      categories: [...categories.querySelectorAll('input:checked')].map((c) => c.value),
    };
    if (!json.name) return say('Informe o nome.');
    if (!Number.isInteger(json.capacity) || json.capacity < 1 || json.capacity > 100) return say('Atendimentos ao mesmo tempo: de 1 a 100.');
    busy(submit, async () => {
      try {
        if (editing) await api.org('PATCH', `/resources/${editing.id}`, { json });
        else await api.org('POST', '/resources', { json });
        toast(editing ? `${json.name} atualizado.` : `${json.name} adicionado.`, 'ok');
        startEdit(undefined);
        await refresh();
      } catch (error) {
        say(error?.code === 'ALREADY_EXISTS' ? 'Já existe um profissional ou sala com esse nome.' : explain(error));
      }
    });
  });

  const close = () => {
    dialog.close();
    dialog.remove();
  };
  replace(dialog,
    h('div', { class: 'dialog-head' }, h('h2', { id: titleId }, 'Profissionais e salas'), button(icon('close', { label: 'Fechar' }), close, { class: 'btn btn-icon btn-ghost' })),
    h('p', { class: 'muted' }, 'Cada um com quantos atendimentos faz ao mesmo tempo e os serviços que atende. Um serviço atendido por algum deles passa a ser agendado com um deles, o primeiro livre quando o cliente marca pelo WhatsApp.'),
    list, form);
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  startEdit(undefined);
  refresh();
}
