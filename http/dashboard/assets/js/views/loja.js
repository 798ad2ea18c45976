import { messageOf } from '../api.js';
import { busy, button, field, h, replace, uid } from '../dom.js';
import { SIZE_LABEL, WEEKDAY_NAME, WEEK_ORDER, brl, centsToInput, localDate, parsePriceCents, phone, toE164 } from '../format.js';
import { icon } from '../icons.js';
import { explain, problemsOf } from '../problems.js';
import { loadSession, saveSession } from '../session.js';
import { chip, confirmDialog, empty, errorBox, loading, pageHeader, toast } from '../ui.js';
import { accessLog } from './access-log.js';
import { shopPeople } from './loja-people.js';

/**
 * Loja: what the assistants know about the shop. Its details (`PATCH` the
 * org), the services with duration and price per pet size (`/services`), and
 * the opening hours, closures, capacity and booking rules
 * (`PUT /business-hours`). The server validates; its answers are shown next to
 * the form in pt-BR.
 */
const TABS = [
  { key: 'dados', label: 'Dados da loja' },
  { key: 'servicos', label: 'Serviços' },
  { key: 'horarios', label: 'Horários' },
  { key: 'equipe', label: 'Equipe' },
  { key: 'acessos', label: 'Registro de acessos' },
];
const PAYMENT_METHODS = ['Pix', 'cartão de crédito', 'cartão de débito', 'dinheiro'];
const SIZES = ['P', 'M', 'G', 'GG'];
const OTHER_SPECIES = ['ave', 'roedor', 'coelho', 'réptil', 'outro'];
const SPECIES_CHOICES = [
  { key: 'cão', label: 'Cão' },
  { key: 'gato', label: 'Gato' },
  { key: 'outros', label: 'Outros', hint: 'aves, roedores, coelhos, répteis' },
];
const CATEGORY_SUGGESTIONS = ['banho', 'tosa', 'consulta', 'vacina', 'hospedagem', 'adestramento'];
const RULES = [
  { key: 'bufferMin', label: 'Intervalo entre atendimentos', unit: 'min', min: 0, max: 240, step: 5, hint: 'Tempo livre reservado depois de cada atendimento, para limpar e secar. 0 = sem intervalo.' },
  { key: 'minNoticeMin', label: 'Antecedência mínima', unit: 'min', min: 0, max: 10080, step: 15, hint: 'Quanto tempo antes o cliente precisa marcar. 120 = pelo menos 2 horas antes.' },
  { key: 'horizonDays', label: 'Horizonte da agenda', unit: 'dias', min: 1, max: 366, step: 1, hint: 'Até quantos dias à frente o cliente consegue marcar.' },
  { key: 'slotIntervalMin', label: 'Intervalo dos horários oferecidos', unit: 'min', min: 5, max: 240, step: 5, hint: 'De quanto em quanto tempo a agenda oferece horários: 30 = 08:00, 08:30, 09:00…' },
  { key: 'customerChangeLimitMin', label: 'Limite para o cliente alterar', unit: 'min', min: 0, max: 10080, step: 15, hint: 'Até quantos minutos antes do horário o cliente pode cancelar ou remarcar pelo WhatsApp. Depois disso, só falando com a loja.' },
];

export function mount(root, ctx) {
  const { api, lookup } = ctx;
  const state = { stopped: false };
  const wanted = location.hash.replace(/^#\/?/, '').split('/')[1];
  const tabs = TABS.map((t) => {
    const panelId = `loja-${t.key}`;
    return {
      ...t,
      button: h('button', { type: 'button', role: 'tab', class: 'seg', id: `tab-${t.key}`, 'aria-controls': panelId, onclick: () => select(t.key) }, t.label),
      panel: h('section', { role: 'tabpanel', id: panelId, class: 'loja-panel', 'aria-labelledby': `tab-${t.key}`, tabindex: '-1' }),
    };
  });
  root.append(
    pageHeader('Loja', 'O que a assistente sabe da loja: dados, serviços e horários. Ela usa tudo isso para responder e agendar.'),
    h('div', { class: 'segmented tabs', role: 'tablist', 'aria-label': 'Partes do cadastro da loja', onkeydown: onTabKey }, tabs.map((t) => t.button)),
    ...tabs.map((t) => t.panel),
  );

  function onTabKey(event) {
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    if (!step) return;
    const current = tabs.findIndex((t) => t.button.getAttribute('aria-selected') === 'true');
    const next = tabs[(current + step + tabs.length) % tabs.length];
    select(next.key);
    next.button.focus();
  }

  function select(key) {
    for (const t of tabs) {
      const on = t.key === key;
      t.button.setAttribute('aria-selected', String(on));
      t.button.tabIndex = on ? 0 : -1;
      t.panel.hidden = !on;
    }
    history.replaceState(null, '', `#/loja/${key}`);
  }

  const panel = (key) => tabs.find((t) => t.key === key).panel;
  const details = shopDetails(panel('dados'), ctx, state);
  const hours = businessHours(panel('horarios'), ctx, state);
  const services = serviceCatalog(panel('servicos'), ctx, state, (items) => hours.categoriesChanged(items));
  const people = shopPeople(panel('equipe'), ctx, state);
  const accesses = accessLog(panel('acessos'), ctx, state);
  select(TABS.some((t) => t.key === wanted) ? wanted : 'dados');

  details.load();
  const catalog = lookup.services(true);
  services.load(catalog);
  hours.load(catalog);
  people.load();
  accesses.load();
  return () => {
    state.stopped = true;
  };
}

// ---------------------------------------------------------------- helpers

/** An error area next to a form's buttons: pt-BR lines from an API error, or a local message. */
function formErrors() {
  const el = h('div', { class: 'form-errors', role: 'alert', hidden: true });
  return {
    el,
    show(lines) {
      replace(el, lines.length === 1 ? h('p', null, lines[0]) : h('ul', null, lines.map((l) => h('li', null, l))));
      el.hidden = false;
    },
    clear() {
      replace(el);
      el.hidden = true;
    },
  };
}

function markInvalid(form, inputs) {
  for (const el of form.querySelectorAll('[aria-invalid="true"]')) el.removeAttribute('aria-invalid');
  for (const el of inputs) el?.setAttribute('aria-invalid', 'true');
}

function checkbox(label, checked, props = {}) {
  const input = h('input', { type: 'checkbox', checked, ...props });
  return { input, el: h('label', { class: 'check' }, input, h('span', null, label)) };
}

function numberInput(value, { min, max, step = 1, label } = {}) {
  return h('input', { type: 'number', inputmode: 'numeric', value: value ?? '', min, max, step, 'aria-label': label });
}

/**
 * A 24-hour time field (a native time input follows the browser's language
 * and may show AM/PM). "8", "8h", "830", "8:30", "08h30" become "08:00"/"08:30"
 * when the field is left; anything else stays as typed for the server to refuse.
 */
function timeField(value, label) {
  const input = h('input', { type: 'text', class: 'time-input', inputmode: 'numeric', autocomplete: 'off', maxlength: 5, placeholder: 'HH:mm', value: value ?? '', 'aria-label': label });
  input.addEventListener('blur', () => {
    input.value = normalizeTime(input.value);
  });
  return input;
}

function normalizeTime(text) {
  const raw = String(text ?? '').trim().toLowerCase();
  const m = /^(\d{1,2})(?:[:h.]?(\d{2}))?h?$/.exec(raw);
  if (!m) return raw;
  const hours = Number(m[1]);
  const minutes = Number(m[2] ?? 0);
  if (hours > 24 || minutes > 59 || (hours === 24 && minutes > 0)) return raw;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

const numberOrUndefined = (input) => (input.value.trim() === '' ? undefined : Number(input.value));

function capitalize(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// ---------------------------------------------------------------- dados da loja

function shopDetails(root, ctx, state) {
  const { api } = ctx;
  const name = h('input', { type: 'text', maxlength: 200, autocomplete: 'organization' });
  const address = h('textarea', { rows: 2, maxlength: 300, placeholder: 'Rua, número – bairro, cidade – UF' });
  const payments = PAYMENT_METHODS.map((m) => checkbox(capitalize(m), false, { value: m }));
  const otherPayments = h('input', { type: 'text', maxlength: 200, placeholder: 'Ex.: vale-presente, boleto' });
  const owners = h('ul', { class: 'owner-list' });
  const summaryTime = timeField('');
  // LGPD retention: empty means the default (24 months of messages, 36 of inactivity).
  const keepMessages = numberInput('', { min: 1, max: 120 });
  const keepCustomers = numberInput('', { min: 1, max: 120 });
  keepMessages.placeholder = '24';
  keepCustomers.placeholder = '36';
  keepMessages.dataset.testid = 'retention-messages';
  keepCustomers.dataset.testid = 'retention-customers';
  const errors = formErrors();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Salvar dados');

  const addOwner = (value = '') => {
    const input = h('input', { type: 'tel', inputmode: 'tel', autocomplete: 'off', placeholder: '+55 11 98765-4321', value: value ? phone(value) : '' });
    const row = h('li', { class: 'owner-row' }, input, button(icon('close', { label: 'Remover número' }), () => {
      row.remove();
      renumber();
    }, { class: 'btn btn-icon btn-ghost' }));
    owners.append(row);
    renumber();
    return input;
  };
  const renumber = () => [...owners.children].forEach((row, i) => row.querySelector('input').setAttribute('aria-label', `Número do dono ${i + 1}`));

  const form = h(
    'form',
    { class: 'card loja-form', novalidate: true },
    h('h2', { class: 'card-title' }, 'Dados da loja'),
    h('div', { class: 'form-row' }, field('Nome da loja', name), field('Horário do resumo diário', summaryTime, 'A Aurora manda o resumo do dia para os números do dono nesse horário (24 h, ex.: 19:00). Vazio = 19:00.')),
    field('Endereço', address, 'A assistente informa o endereço quando o cliente pergunta.'),
    h('fieldset', null, h('legend', null, 'Formas de pagamento'), h('div', { class: 'check-row' }, payments.map((p) => p.el)), field('Outras formas', otherPayments, 'Separe por vírgula.')),
    h('fieldset', null, h('legend', null, 'Números do dono'),
      h('p', { class: 'hint' }, 'Os números autorizados a falar com a Aurora (resultados da loja, campanhas, resumo diário). Mensagens de outros números vão para a assistente dos clientes.'),
      owners,
      button([icon('plus', { size: 16 }), ' Adicionar número'], () => addOwner().focus(), { class: 'btn btn-small btn-add' })),
    h('fieldset', null, h('legend', null, 'Privacidade (LGPD)'),
      h('p', { class: 'hint' }, 'Por quanto tempo a loja guarda dados dos clientes. Todo dia, o que passar do prazo é apagado: o texto das mensagens antigas e os dados de quem sumiu. Os números da loja continuam certos.'),
      h('div', { class: 'form-row' },
        field('Guardar mensagens por (meses)', keepMessages, 'Vazio = 24 meses.'),
        field('Apagar clientes sem contato há (meses)', keepCustomers, 'Vazio = 36 meses. Quem tem agendamento marcado nunca é apagado.'))),
    errors.el,
    h('div', { class: 'form-actions' }, submit),
  );

  async function load() {
    replace(root, loading());
    try {
      const org = await api.org('GET', '');
      if (state.stopped) return;
      fill(org);
      replace(root, form);
    } catch (error) {
      replace(root, errorBox(messageOf(error), load));
    }
  }

  function fill(org) {
    const s = org.settings ?? {};
    name.value = org.name;
    address.value = typeof s.address === 'string' ? s.address : '';
    const methods = Array.isArray(s.paymentMethods) ? s.paymentMethods.map(String) : [];
    const known = (m) => PAYMENT_METHODS.find((k) => k.toLowerCase() === m.toLowerCase());
    for (const p of payments) p.input.checked = methods.some((m) => known(m) === p.input.value);
    otherPayments.value = methods.filter((m) => !known(m)).join(', ');
    summaryTime.value = typeof s.dailySummaryTime === 'string' ? s.dailySummaryTime : '';
    keepMessages.value = Number.isInteger(s.retentionMessagesMonths) ? String(s.retentionMessagesMonths) : '';
    keepCustomers.value = Number.isInteger(s.retentionInactiveCustomerMonths) ? String(s.retentionInactiveCustomerMonths) : '';
    replace(owners);
    for (const n of org.ownerNumbers) addOwner(n);
    if (org.ownerNumbers.length === 0) addOwner();
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    errors.clear();
    summaryTime.value = normalizeTime(summaryTime.value);
    if (summaryTime.value && !/^([01]\d|2[0-3]):[0-5]\d$/.test(summaryTime.value)) {
      errors.show(['Horário do resumo diário: use o formato HH:mm, por exemplo 19:00.']);
      markInvalid(form, [summaryTime]);
      summaryTime.focus();
      return;
    }
    const ownerInputs = [...owners.querySelectorAll('input')];
    const filled = ownerInputs.filter((i) => i.value.trim());
    const body = {
      name: name.value,
      // A number that does not parse goes as typed: the server says which one is wrong.
      ownerNumbers: filled.map((i) => toE164(i.value) ?? i.value.trim()),
      settings: {
        address: address.value.trim() || null,
        paymentMethods: [...payments.filter((p) => p.input.checked).map((p) => p.input.value), ...otherPayments.value.split(',').map((m) => m.trim()).filter(Boolean)],
        dailySummaryTime: normalizeTime(summaryTime.value) || null,
        retentionMessagesMonths: numberOrUndefined(keepMessages) ?? null,
        retentionInactiveCustomerMonths: numberOrUndefined(keepCustomers) ?? null,
      },
    };
    busy(submit, async () => {
      try {
        const org = await api.org('PATCH', '', { json: body });
        markInvalid(form, []);
        Object.assign(ctx.org, org);
        const sidebarName = document.querySelector('[data-testid="org-name"]');
        if (sidebarName) sidebarName.textContent = org.name;
        const session = loadSession();
        if (session) saveSession({ ...session, orgName: org.name });
        fill(org);
        toast('Dados da loja salvos.', 'ok');
      } catch (error) {
        const label = (path) => {
          if (path === 'name') return 'Nome da loja';
          const owner = /^ownerNumbers\.(\d+)/.exec(path);
          if (owner) return `Número do dono ${owner[1] * 1 + 1}`;
          if (path.startsWith('ownerNumbers')) return 'Números do dono';
          if (path === 'settings.retentionMessagesMonths') return 'Guardar mensagens por (meses)';
          if (path === 'settings.retentionInactiveCustomerMonths') return 'Apagar clientes sem contato há (meses)';
          if (path.startsWith('settings')) return 'Dados da loja';
          return undefined;
        };
        errors.show(explain(error, label));
        const retention = { 'settings.retentionMessagesMonths': keepMessages, 'settings.retentionInactiveCustomerMonths': keepCustomers };
        markInvalid(form, problemsOf(error).map((p) => (p.path === 'name' ? name : /^ownerNumbers\.(\d+)/.test(p.path) ? filled[Number(p.path.split('.')[1])] : retention[p.path])));
      }
    });
  });

  return { load };
}

// ---------------------------------------------------------------- serviços

function serviceCatalog(root, ctx, state, onChange) {
  const { api, lookup } = ctx;
  const table = h('div', { class: 'table-wrap' });
  let items = [];
  replace(
    root,
    h('div', { class: 'card' },
      h('div', { class: 'card-head' },
        h('div', { class: 'card-intro' }, h('h2', { class: 'card-title' }, 'Serviços'), h('p', { class: 'muted' }, 'O que a loja oferece, com duração e preço por porte do pet. Serviços desativados não aparecem para os clientes.')),
        button([icon('plus', { size: 16 }), ' Novo serviço'], () => openEditor(), { class: 'btn btn-primary' })),
      table),
  );

  async function load(pending) {
    replace(table, loading());
    try {
      items = await (pending ?? lookup.services(true));
      if (state.stopped) return;
      render();
    } catch (error) {
      replace(table, errorBox(messageOf(error), () => load()));
    }
  }

  async function reload() {
    await load(lookup.services(true));
    onChange(items);
  }

  function render() {
    if (items.length === 0) {
      replace(table, empty('Nenhum serviço cadastrado', 'Cadastre o primeiro serviço para a assistente poder agendar.'));
      return;
    }
    const sorted = [...items].sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name, 'pt-BR'));
    replace(
      table,
      h('table', { class: 'data-table services-table' },
        h('caption', { class: 'sr-only' }, 'Serviços da loja'),
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, 'Serviço'),
          h('th', { scope: 'col' }, 'Espécies'),
          SIZES.map((s) => h('th', { scope: 'col', class: 'num' }, h('abbr', { title: `Porte ${SIZE_LABEL[s]}` }, s))),
          h('th', { scope: 'col' }, 'Situação'),
          h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Ações')))),
        h('tbody', null, sorted.map(row))),
    );
  }

  function row(s) {
    const price = (size) => {
      const p = s.bySize[size];
      return h('td', { class: 'num', dataset: { size } }, p ? [h('strong', null, brl(p.priceCents)), h('br'), h('span', { class: 'muted' }, `${p.durationMin} min`)] : h('span', { class: 'muted', 'aria-label': 'não oferece' }, '—'));
    };
    return h('tr', { dataset: { serviceId: s.id, active: String(s.active) }, class: s.active ? '' : 'is-inactive' },
      h('th', { scope: 'row' }, h('span', { class: 'svc-name' }, s.name), h('span', { class: 'muted svc-category' }, s.category)),
      h('td', null, speciesText(s.species)),
      SIZES.map(price),
      h('td', null, s.active ? chip('Ativo', 'ok') : chip('Desativado', 'neutral')),
      h('td', { class: 'row-actions' },
        button('Editar', () => openEditor(s), { class: 'btn btn-small', 'aria-label': `Editar ${s.name}` }),
        button(s.active ? 'Desativar' : 'Ativar', (e) => busy(e.currentTarget, () => setActive(s, !s.active)), { class: 'btn btn-small btn-ghost', 'aria-label': `${s.active ? 'Desativar' : 'Ativar'} ${s.name}` }),
        button(icon('trash', { size: 16 }), (e) => busy(e.currentTarget, () => remove(s)), { class: 'btn btn-small btn-ghost btn-danger-text', 'aria-label': `Excluir ${s.name}`, title: 'Excluir' })),
    );
  }

  async function setActive(s, active) {
    try {
      await api.org('PATCH', `/services/${s.id}`, { json: { active } });
      toast(active ? `${s.name} ativado.` : `${s.name} desativado: não aparece mais para os clientes.`, 'ok');
    } catch (error) {
      toast(messageOf(error), 'bad');
    }
    await reload();
  }

  async function remove(s) {
    const ok = await confirmDialog({
      title: `Excluir ${s.name}?`,
      text: 'Se já houver agendamentos com este serviço, ele só é desativado, para o histórico manter os preços.',
      confirm: 'Excluir serviço',
      danger: true,
    });
    if (!ok) return;
    try {
      const { result } = await api.org('DELETE', `/services/${s.id}`);
      toast(result === 'deleted' ? `${s.name} excluído.` : `${s.name} tem agendamentos, então foi desativado em vez de excluído.`, 'ok');
    } catch (error) {
      toast(messageOf(error), 'bad');
    }
    await reload();
  }

  function openEditor(service) {
    const editing = Boolean(service);
    const titleId = uid('svc-title');
    const dialog = h('dialog', { class: 'dialog dialog-wide', 'aria-labelledby': titleId });
    const name = h('input', { type: 'text', maxlength: 120, value: service?.name ?? '' });
    const listId = uid('categories');
    const categories = [...new Set([...items.map((s) => s.category), ...CATEGORY_SUGGESTIONS])];
    const category = h('input', { type: 'text', maxlength: 60, list: listId, value: service?.category ?? '', autocomplete: 'off' });
    const species = service ? speciesChoices(service.species) : { 'cão': true, gato: true, outros: false };
    const speciesBoxes = SPECIES_CHOICES.map((c) => ({ ...c, ...checkbox(c.hint ? `${c.label} (${c.hint})` : c.label, species[c.key], { value: c.key }) }));
    const active = checkbox('Ativo: aparece para os clientes e na agenda', service?.active ?? true);
    const sizes = SIZES.map((size) => {
      const current = service?.bySize[size];
      const offered = checkbox([size, h('span', { class: 'size-name' }, ` — ${SIZE_LABEL[size]}`)], service ? Boolean(current) : size === 'M');
      const minutes = numberInput(current?.durationMin ?? 60, { min: 5, max: 1440, step: 5, label: `Duração no porte ${size} (min)` });
      const price = h('input', { type: 'text', inputmode: 'decimal', value: current ? centsToInput(current.priceCents) : '', placeholder: '0,00', 'aria-label': `Preço no porte ${size} (R$)`, class: 'price-input' });
      const sync = () => {
        minutes.disabled = !offered.input.checked;
        price.disabled = !offered.input.checked;
      };
      offered.input.addEventListener('change', () => {
        sync();
        if (offered.input.checked) price.focus();
      });
      sync();
      return { size, offered, minutes, price };
    });
    const errors = formErrors();
    const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, editing ? 'Salvar serviço' : 'Criar serviço');
    const close = () => {
      dialog.close();
      dialog.remove();
    };
    const form = h(
      'form',
      { class: 'service-form', novalidate: true },
      h('div', { class: 'form-row' },
        field('Nome', name),
        field('Categoria', category, 'A mesma categoria divide a capacidade (ex.: banho e hidratação).'),
        h('datalist', { id: listId }, categories.map((c) => h('option', { value: c })))),
      h('fieldset', null, h('legend', null, 'Espécies atendidas'), h('div', { class: 'check-row' }, speciesBoxes.map((b) => b.el))),
      h('fieldset', null, h('legend', null, 'Duração e preço por porte'),
        h('table', { class: 'size-table' },
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Porte'), h('th', { scope: 'col' }, 'Duração (min)'), h('th', { scope: 'col' }, 'Preço (R$)'))),
          h('tbody', null, sizes.map((s) => h('tr', { dataset: { size: s.size } }, h('th', { scope: 'row' }, s.offered.el), h('td', null, s.minutes), h('td', null, h('span', { class: 'money' }, h('span', { 'aria-hidden': 'true' }, 'R$'), s.price))))))),
      errors.el,
      h('div', { class: 'actions actions-split' }, active.el, h('span', { class: 'actions-end' }, button('Fechar', close, { class: 'btn btn-ghost' }), submit)),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      errors.clear();
      markInvalid(form, []);
      const local = [];
      const invalid = [];
      const bySize = {};
      for (const s of sizes) {
        if (!s.offered.input.checked) continue;
        const cents = parsePriceCents(s.price.value);
        const minutes = Number(s.minutes.value);
        if (cents === null) {
          local.push(`Porte ${s.size}: preço inválido (use por exemplo 65,00).`);
          invalid.push(s.price);
        }
        if (!s.minutes.value || !Number.isInteger(minutes)) {
          local.push(`Porte ${s.size}: informe a duração em minutos.`);
          invalid.push(s.minutes);
        }
        bySize[s.size] = { durationMin: minutes, priceCents: cents ?? 0 };
      }
      const chosen = speciesBoxes.filter((b) => b.input.checked).map((b) => b.key);
      if (chosen.length === 0) local.push('Marque pelo menos uma espécie.');
      if (local.length) {
        errors.show(local);
        markInvalid(form, invalid);
        return;
      }
      const body = {
        name: name.value,
        category: category.value,
        // All three ticked = every species (an empty list), like the API means it.
        species: chosen.length === SPECIES_CHOICES.length ? [] : chosen.flatMap((k) => (k === 'outros' ? OTHER_SPECIES : [k])),
        active: active.input.checked,
        bySize,
      };
      busy(submit, async () => {
        try {
          const saved = editing ? await api.org('PATCH', `/services/${service.id}`, { json: body }) : await api.org('POST', '/services', { json: body });
          toast(editing ? `${saved.name} salvo.` : `${saved.name} criado.`, 'ok');
          close();
          await reload();
        } catch (error) {
          if (error.code === 'ALREADY_EXISTS') {
            errors.show(['Já existe um serviço com esse nome.']);
            markInvalid(form, [name]);
            return;
          }
          const placeOf = (path) => {
            const m = /^bySize\.(\w+)\.(durationMin|priceCents)/.exec(path);
            if (m) return { label: `Porte ${m[1]} — ${m[2] === 'durationMin' ? 'duração' : 'preço'}`, input: sizes.find((s) => s.size === m[1])?.[m[2] === 'durationMin' ? 'minutes' : 'price'] };
            if (path.startsWith('bySize')) return { label: 'Duração e preço por porte' };
            return { name: { label: 'Nome', input: name }, category: { label: 'Categoria', input: category } }[path.split('.')[0]] ?? (path.startsWith('species') ? { label: 'Espécies' } : {});
          };
          errors.show(explain(error, (path) => placeOf(path).label));
          markInvalid(form, problemsOf(error).map((p) => placeOf(p.path).input));
        }
      });
    });
    replace(dialog, h('div', { class: 'dialog-head' }, h('h2', { id: titleId }, editing ? `Editar ${service.name}` : 'Novo serviço'), button(icon('close', { label: 'Fechar' }), close, { class: 'btn btn-icon btn-ghost' })), form);
    dialog.addEventListener('close', () => dialog.remove());
    document.body.append(dialog);
    dialog.showModal();
    name.focus();
  }

  return { load };
}

function speciesChoices(list) {
  if (list.length === 0) return { 'cão': true, gato: true, outros: true };
  const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  const folded = list.map(fold);
  const dog = folded.some((s) => ['cao', 'cachorro', 'caes', 'cachorros', 'dog'].includes(s));
  const cat = folded.some((s) => ['gato', 'gatos', 'gata', 'cat'].includes(s));
  const others = folded.some((s) => !['cao', 'cachorro', 'caes', 'cachorros', 'dog', 'gato', 'gatos', 'gata', 'cat'].includes(s));
  return { 'cão': dog, gato: cat, outros: others };
}

function speciesText(list) {
  const c = speciesChoices(list);
  if (c['cão'] && c.gato && c.outros) return 'Todas';
  return [c['cão'] && 'cão', c.gato && 'gato', c.outros && 'outros'].filter(Boolean).join(', ') || '—';
}

// ---------------------------------------------------------------- horários

function businessHours(root, ctx, state) {
  const { api } = ctx;
  let settings;
  let days = [];
  let closures = [];
  const capacityInputs = new Map(); // category → input
  const ruleInputs = new Map();
  const week = h('div', { class: 'hours-grid', role: 'table', 'aria-label': 'Horário da semana' });
  const closureList = h('ul', { class: 'closure-list' });
  const capacity = h('div', { class: 'capacity-grid' });
  const tzNote = h('p', { class: 'hint' });
  const errors = formErrors();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Salvar horários');
  const form = h(
    'form',
    { class: 'card loja-form hours-form', novalidate: true },
    h('h2', { class: 'card-title' }, 'Horário de funcionamento'),
    h('fieldset', null, h('legend', null, 'Semana'), tzNote, week),
    h('fieldset', null, h('legend', null, 'Fechamentos'),
      h('p', { class: 'hint' }, 'Feriados, férias, reforma: nesses dias (início e fim inclusive) a loja não recebe agendamentos.'),
      closureList,
      button([icon('plus', { size: 16 }), ' Adicionar fechamento'], () => addClosure(), { class: 'btn btn-small btn-add' })),
    h('fieldset', null, h('legend', null, 'Capacidade por categoria'),
      h('p', { class: 'hint' }, 'Quantos pets de cada categoria a loja atende ao mesmo tempo (quantos banhistas, tosadores, veterinários). Sem número, é 1.'),
      capacity),
    h('fieldset', null, h('legend', null, 'Regras de agendamento'),
      h('div', { class: 'rules-grid' }, RULES.map((r) => {
        const input = numberInput('', { min: r.min, max: r.max, step: r.step });
        ruleInputs.set(r.key, input);
        return field(`${r.label} (${r.unit})`, input, r.hint);
      }))),
    errors.el,
    h('div', { class: 'form-actions' }, submit),
  );

  let servicesPromise;
  async function load(services) {
    servicesPromise = services ?? servicesPromise;
    replace(root, loading());
    try {
      const [loaded, list] = await Promise.all([api.org('GET', '/business-hours'), servicesPromise.catch(() => [])]);
      if (state.stopped) return;
      fill(loaded, list);
      replace(root, form);
    } catch (error) {
      replace(root, errorBox(messageOf(error), () => load()));
    }
  }

  function fill(loaded, services) {
    settings = loaded;
    tzNote.textContent = `Horários de 24 h no fuso ${loaded.timezone}. Marque “Almoço” para fechar no meio do dia: o dia fica com dois turnos.`;
    days = WEEK_ORDER.map((weekday) => dayRow(weekday, loaded.weekly.filter((w) => w.weekday === weekday).sort((a, b) => a.opens.localeCompare(b.opens))));
    replace(week,
      h('div', { class: 'hours-row hours-head', role: 'row' }, ['Dia', 'Aberto', 'Abre', 'Fecha', 'Almoço', 'Reabre', 'Fecha'].map((t) => h('span', { role: 'columnheader' }, t))),
      days.map((d) => d.el));
    replace(closureList);
    closures = [];
    for (const c of loaded.closures) addClosure(c);
    replace(capacity);
    capacityInputs.clear();
    for (const [category, n] of Object.entries(loaded.capacity)) addCapacity(category, n);
    categoriesChanged(services);
    for (const r of RULES) ruleInputs.get(r.key).value = loaded[r.key] ?? '';
  }

  function dayRow(weekday, intervals) {
    const day = WEEKDAY_NAME[weekday];
    const [first, second, ...extra] = intervals;
    const open = h('input', { type: 'checkbox', checked: Boolean(first), 'aria-label': `${day}: aberto` });
    const opens = timeField(first?.opens ?? '08:00', `${day}: abre`);
    const closes = timeField(first?.closes ?? '18:00', `${day}: fecha`);
    const lunch = h('input', { type: 'checkbox', checked: Boolean(second), 'aria-label': `${day}: fecha para almoço` });
    const opens2 = timeField(second?.opens ?? '13:00', `${day}: reabre`);
    const closes2 = timeField(second?.closes ?? '18:00', `${day}: fecha (2º turno)`);
    const closedNote = h('span', { role: 'cell', class: 'muted hours-closed' }, 'Fechado');
    const firstCells = [h('span', { role: 'cell' }, opens), h('span', { role: 'cell' }, closes), h('span', { role: 'cell' }, h('label', { class: 'check' }, lunch, h('span', { 'aria-hidden': 'true' }, 'Almoço')))];
    const secondCells = [h('span', { role: 'cell' }, opens2), h('span', { role: 'cell' }, closes2)];
    const el = h('div', { class: 'hours-row', role: 'row', dataset: { weekday: String(weekday) } },
      h('span', { role: 'rowheader', class: 'hours-day' }, day),
      h('span', { role: 'cell' }, h('label', { class: 'check' }, open, h('span', { 'aria-hidden': 'true' }, 'Aberto'))),
      firstCells, secondCells, closedNote);
    const sync = () => {
      el.classList.toggle('is-closed', !open.checked);
      closedNote.hidden = open.checked;
      for (const cell of firstCells) cell.hidden = !open.checked;
      for (const cell of secondCells) cell.hidden = !open.checked || !lunch.checked;
    };
    lunch.addEventListener('change', () => {
      // 08:00–18:00 with lunch becomes 08:00–12:00 and 13:00–18:00; without, the day joins again.
      closes.value = normalizeTime(closes.value);
      opens.value = normalizeTime(opens.value);
      if (lunch.checked) {
        opens2.value = closes.value > '13:00' ? '13:00' : closes.value;
        closes2.value = closes.value;
        if (closes.value > '12:00' && opens.value < '12:00') closes.value = '12:00';
      } else if (closes2.value) {
        closes.value = closes2.value;
      }
      sync();
    });
    open.addEventListener('change', sync);
    sync();
    return {
      el,
      weekday,
      intervals() {
        if (!open.checked) return [];
        const t = (input) => (input.value = normalizeTime(input.value));
        const list = [{ weekday, opens: t(opens), closes: t(closes), where: day, inputs: [opens, closes] }];
        if (lunch.checked) list.push({ weekday, opens: t(opens2), closes: t(closes2), where: `${day} (2º turno)`, inputs: [opens2, closes2] });
        for (const x of extra) list.push({ ...x, where: `${day} (outro turno)`, inputs: [] });
        return list;
      },
    };
  }

  function addClosure(c) {
    const tz = settings.timezone;
    const today = localDate(Date.now(), tz);
    const original = c && { from: c.from, to: c.to, fromDate: localDate(c.from, tz), toDate: localDate(Date.parse(c.to) - 1, tz) };
    const from = h('input', { type: 'date', value: original?.fromDate ?? today });
    const to = h('input', { type: 'date', value: original?.toDate ?? today });
    const reason = h('input', { type: 'text', maxlength: 200, value: c?.reason ?? '', placeholder: 'Ex.: feriado, férias coletivas' });
    const row = h('li', { class: 'closure-row' }, field('De', from), field('Até', to), field('Motivo', reason));
    const entry = {
      row, from, to, reason,
      value() {
        // Untouched dates go back as they came (an instant set through the API keeps its time).
        return {
          from: original && from.value === original.fromDate ? original.from : from.value,
          to: original && to.value === original.toDate ? original.to : to.value,
          ...(reason.value.trim() && { reason: reason.value.trim() }),
        };
      },
    };
    row.append(button(icon('close', { label: 'Remover fechamento' }), () => {
      row.remove();
      closures = closures.filter((x) => x !== entry);
      renumberClosures();
    }, { class: 'btn btn-icon btn-ghost closure-remove' }));
    closures.push(entry);
    closureList.append(row);
    renumberClosures();
    if (!c) from.focus();
  }

  function renumberClosures() {
    closures.forEach((c, i) => c.row.setAttribute('aria-label', `Fechamento ${i + 1}`));
  }

  const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();
  function addCapacity(category, n) {
    if ([...capacityInputs.keys()].some((k) => fold(k) === fold(category))) return;
    const input = numberInput(n ?? 1, { min: 1, max: 100 });
    capacityInputs.set(category, input);
    capacity.append(field(capitalize(category), input));
  }

  /** New service categories get a capacity field (1 until changed). */
  function categoriesChanged(services) {
    if (!settings) return;
    for (const s of services ?? []) addCapacity(s.category, settings.capacity[s.category] ?? 1);
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    errors.clear();
    markInvalid(form, []);
    const intervals = days.flatMap((d) => d.intervals());
    const local = [];
    const invalid = [];
    closures.forEach((c, i) => {
      if (!c.from.value || !c.to.value) {
        local.push(`Fechamento ${i + 1}: informe as duas datas.`);
        invalid.push(c.from.value ? c.to : c.from);
      } else if (c.to.value < c.from.value) {
        local.push(`Fechamento ${i + 1}: a data final precisa ser igual ou depois da inicial.`);
        invalid.push(c.to);
      }
    });
    if (local.length) {
      errors.show(local);
      markInvalid(form, invalid);
      return;
    }
    const body = {
      timezone: settings.timezone,
      weekly: intervals.map(({ weekday, opens, closes }) => ({ weekday, opens, closes })),
      closures: closures.map((c) => c.value()),
      capacity: Object.fromEntries([...capacityInputs].filter(([, input]) => input.value !== '').map(([category, input]) => [category, Number(input.value)])),
      ...Object.fromEntries(RULES.map((r) => [r.key, numberOrUndefined(ruleInputs.get(r.key))]).filter(([, v]) => v !== undefined)),
    };
    const place = (path) => {
      const [head, index, ...rest] = path.split('.');
      if (head === 'weekly' && intervals[index]) return { label: intervals[index].where, inputs: rest[0] === 'opens' ? [intervals[index].inputs[0]] : rest[0] === 'closes' ? [intervals[index].inputs[1]] : intervals[index].inputs };
      if (head === 'closures' && closures[index]) return { label: `Fechamento ${Number(index) + 1}`, inputs: [rest[0] === 'to' ? closures[index].to : rest[0] === 'reason' ? closures[index].reason : closures[index].from] };
      if (head === 'capacity') {
        const key = path.slice('capacity.'.length);
        return { label: `Capacidade de ${key || 'categoria'}`, inputs: [capacityInputs.get(key)] };
      }
      const rule = RULES.find((r) => r.key === head);
      if (rule) return { label: rule.label, inputs: [ruleInputs.get(rule.key)] };
      if (head === 'timezone') return { label: 'Fuso horário', inputs: [] };
      return { label: undefined, inputs: [] };
    };
    busy(submit, async () => {
      try {
        const saved = await api.org('PUT', '/business-hours', { json: body });
        fill(saved, []);
        toast('Horários salvos.', 'ok');
      } catch (error) {
        errors.show(explain(error, (path) => place(path).label));
        markInvalid(form, problemsOf(error).flatMap((p) => place(p.path).inputs));
        errors.el.scrollIntoView({ block: 'nearest' });
      }
    });
  });

  return { load, categoriesChanged };
}
