import { messageOf } from '../api.js';
import { busy, button, field, h, replace } from '../dom.js';
import { icon } from '../icons.js';
import { confirmDialog, empty, errorBox, loading, toast } from '../ui.js';

/**
 * Canned replies ("respostas prontas") in the reply box: the picker lists the shop's replies
 * already filled for the open conversation ({cliente}, {pet}, {loja}, {servico}, {data}, {hora})
 * and inserts one into the reply for staff to edit before sending; a variable without a value
 * for this customer stays visible and selected. The owner adds, edits and deletes them here too.
 */
export const VARIABLES = ['{cliente}', '{pet}', '{loja}', '{servico}', '{data}', '{hora}'];

const PLACEHOLDER = /\{[^{}\n]{1,40}\}/;

/** What a refused save means, in pt-BR. */
function saveProblem(error) {
  if (error?.code === 'OWNER_ONLY') return 'Só o dono da loja pode mudar as respostas prontas.';
  if (error?.code === 'ALREADY_EXISTS') return 'Já existe uma resposta pronta com esse título.';
  const unknown = (error?.details?.problems ?? []).flatMap((p) => String(p.message).match(/^unknown variable (.+?);/)?.[1] ?? []);
  if (unknown.length) return `Variável desconhecida: ${unknown.join(', ')}. Use ${VARIABLES.join(', ')}.`;
  return messageOf(error);
}

/** Puts `text` at the textarea's cursor (replacing a selection), then selects its first unfilled variable, if any. */
export function insertIntoReply(textarea, text, missing = []) {
  const start = textarea.selectionStart ?? textarea.value.length;
  const end = textarea.selectionEnd ?? start;
  const before = textarea.value.slice(0, start);
  const gap = before && !/\s$/.test(before) ? ' ' : '';
  textarea.value = `${before}${gap}${text}${textarea.value.slice(end)}`;
  const at = before.length + gap.length;
  const hole = missing.length ? PLACEHOLDER.exec(text) : null;
  textarea.focus();
  if (hole) textarea.setSelectionRange(at + hole.index, at + hole.index + hole[0].length);
  else textarea.setSelectionRange(at + text.length, at + text.length);
  textarea.dispatchEvent(new Event('input', { bubbles: true }));
}

export function cannedReplyPicker(ctx, { conversationId, textarea }) {
  const { api } = ctx;
  const menu = h('div', { class: 'canned-menu', role: 'group', 'aria-label': 'Respostas prontas' });
  const picker = h('details', { class: 'canned-picker' },
    h('summary', { class: 'btn', title: 'Inserir uma resposta pronta' }, icon('chat', { size: 16 }), h('span', null, 'Respostas prontas')),
    menu);
  const note = h('p', { class: 'hint canned-note', role: 'status', 'aria-live': 'polite' });

  async function load() {
    replace(menu, loading('Carregando respostas…'));
    try {
      const { items } = await api.org('GET', `/conversations/${conversationId()}/canned-replies`);
      render(items);
    } catch (error) {
      replace(menu, errorBox(messageOf(error), load));
    }
  }

  function render(items) {
    const manage = button([icon('plus', { size: 14 }), ' Gerenciar respostas prontas'], () => {
      picker.open = false;
      manageCannedReplies(ctx);
    }, { class: 'btn btn-ghost btn-small canned-manage' });
    if (items.length === 0) {
      replace(menu, empty('Nenhuma resposta pronta', 'Crie respostas para as perguntas de sempre.'), manage);
      return;
    }
    replace(menu, h('ul', { class: 'canned-list' }, items.map((r) => h('li', null, button(
      [h('strong', null, r.title), h('span', { class: 'canned-preview' }, r.text)],
      () => choose(r),
      { class: 'canned-item', dataset: { cannedId: r.id }, 'aria-label': `Inserir “${r.title}”` },
    )))), manage);
  }

  function choose(reply) {
    picker.open = false;
    insertIntoReply(textarea, reply.text, reply.missing);
    note.textContent = reply.missing.length ? `Complete antes de enviar: ${reply.missing.map((v) => `{${v}}`).join(', ')}.` : '';
  }

  picker.addEventListener('toggle', () => {
    if (picker.open) load();
  });
  picker.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && picker.open) {
      picker.open = false;
      picker.querySelector('summary').focus();
    }
  });
  textarea.addEventListener('input', () => {
    if (note.textContent && !PLACEHOLDER.test(textarea.value)) note.textContent = '';
  });
  return { element: picker, note, clearNote: () => (note.textContent = '') };
}

/** The owner's list of canned replies: add, edit, delete (staff get OWNER_ONLY from the API, said in pt-BR). */
export function manageCannedReplies(ctx) {
  const { api } = ctx;
  const list = h('ul', { class: 'canned-admin-list' });
  const title = h('input', { type: 'text', maxlength: 60, required: true, autocomplete: 'off' });
  const text = h('textarea', { rows: 4, maxlength: 2000, required: true });
  const save = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Salvar resposta');
  const cancelEdit = button('Cancelar edição', () => edit(undefined), { class: 'btn btn-ghost', hidden: true });
  const problem = h('p', { class: 'warn-text', role: 'alert' });
  const form = h('form', { class: 'canned-form' },
    field('Título', title),
    field('Texto', text, `Variáveis: ${VARIABLES.join(', ')} — preenchidas com os dados da conversa aberta.`),
    problem,
    h('div', { class: 'actions' }, cancelEdit, save));
  let editing;
  const dialog = h('dialog', { class: 'dialog dialog-wide canned-dialog', 'aria-labelledby': 'canned-title' },
    h('div', { class: 'dialog-head' }, h('h2', { id: 'canned-title' }, 'Respostas prontas'), button(icon('close', { label: 'Fechar' }), () => dialog.close(), { class: 'btn btn-icon btn-ghost' })),
    list,
    h('h3', { class: 'canned-form-title' }, 'Nova resposta'),
    form);
  dialog.addEventListener('close', () => dialog.remove());

  function edit(reply) {
    editing = reply;
    title.value = reply?.title ?? '';
    text.value = reply?.text ?? '';
    problem.textContent = '';
    cancelEdit.hidden = !reply;
    dialog.querySelector('.canned-form-title').textContent = reply ? `Editar “${reply.title}”` : 'Nova resposta';
    (reply ? text : title).focus();
  }

  async function load() {
    replace(list, h('li', null, loading()));
    try {
      const { items } = await api.org('GET', '/canned-replies');
      replace(list, items.length ? items.map((r) => h('li', { class: 'canned-admin-item', dataset: { cannedId: r.id } },
        h('div', null, h('strong', null, r.title), h('p', { class: 'muted canned-preview' }, r.text)),
        h('div', { class: 'canned-admin-actions' },
          button('Editar', () => edit(r), { class: 'btn btn-small' }),
          button(icon('trash', { label: `Apagar “${r.title}”` }), (e) => busy(e.currentTarget, () => remove(r)), { class: 'btn btn-small btn-icon' })),
      )) : h('li', { class: 'muted' }, 'Nenhuma resposta pronta ainda.'));
    } catch (error) {
      replace(list, h('li', null, errorBox(messageOf(error), load)));
    }
  }

  async function remove(reply) {
    const sure = await confirmDialog({ title: `Apagar “${reply.title}”?`, text: 'A resposta pronta some para toda a equipe.', confirm: 'Apagar', danger: true });
    if (!sure) return;
    try {
      await api.org('DELETE', `/canned-replies/${reply.id}`);
      toast('Resposta pronta apagada.', 'ok');
      if (editing?.id === reply.id) edit(undefined);
      await load();
    } catch (error) {
      toast(saveProblem(error), 'bad');
    }
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    busy(save, async () => {
      problem.textContent = '';
      try {
        const json = { title: title.value.trim(), text: text.value.trim() };
        await (editing ? api.org('PATCH', `/canned-replies/${editing.id}`, { json }) : api.org('POST', '/canned-replies', { json }));
        toast(editing ? 'Resposta pronta atualizada.' : 'Resposta pronta criada.', 'ok');
        edit(undefined);
        await load();
      } catch (error) {
        problem.textContent = saveProblem(error);
      }
    });
  });

  document.body.append(dialog);
  dialog.showModal();
  load();
  return dialog;
}
