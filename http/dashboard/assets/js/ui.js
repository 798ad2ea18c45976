import { h, replace, button, field } from './dom.js';

/** Toasts, banners, the confirm dialog, status chips and empty states. */
export function toast(message, tone = 'info', ms = 4500) {
  const region = document.getElementById('toasts');
  if (!region) return;
  const item = h('div', { class: `toast toast-${tone}` }, message);
  region.append(item);
  setTimeout(() => item.remove(), ms);
}

export function chip(label, tone, props = {}) {
  return h('span', { class: `chip chip-${tone}`, ...props }, label);
}

export function empty(title, text, ...actions) {
  return h('div', { class: 'empty' }, h('span', { class: 'empty-icon', 'aria-hidden': 'true' }, '🐾'), h('p', { class: 'empty-title' }, title), text && h('p', { class: 'muted' }, text), ...actions);
}

export function loading(text = 'Carregando…') {
  return h('p', { class: 'loading muted', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), text);
}

export function errorBox(message, retry) {
  return h('div', { class: 'error-box', role: 'alert' }, h('p', null, message), retry && button('Tentar de novo', retry, { class: 'btn btn-small' }));
}

/** A modal yes/no question; resolves true on confirm. */
export function confirmDialog({ title, text, confirm = 'Confirmar', cancel = 'Voltar', danger = false }) {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': 'confirm-title' });
    const done = (value) => {
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    replace(
      dialog,
      h('h2', { id: 'confirm-title' }, title),
      text && h('p', null, text),
      h('div', { class: 'actions' }, button(cancel, () => done(false), { class: 'btn btn-ghost' }), button(confirm, () => done(true), { class: danger ? 'btn btn-danger' : 'btn btn-primary' })),
    );
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      done(false);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** A view section heading with an optional subtitle and actions. */
export function pageHeader(title, subtitle, ...actions) {
  return h('header', { class: 'page-header' }, h('div', null, h('h1', { tabindex: '-1' }, title), subtitle && h('p', { class: 'muted' }, subtitle)), actions.length ? h('div', { class: 'page-actions' }, ...actions) : null);
}

/** A read-only value to hand over (a token, a one-time link) with a copy button. */
export function copyField(label, value, hint) {
  const input = h('input', { type: 'text', readonly: true, value, spellcheck: 'false' });
  const copy = button('Copiar', async () => {
    input.select();
    try {
      await navigator.clipboard.writeText(value);
      copy.textContent = 'Copiado!';
    } catch {
      copy.textContent = 'Selecionado — use Ctrl+C';
    }
  }, { class: 'btn btn-small' });
  return h('div', { class: 'copyable', 'data-testid': 'handover-link' }, field(label, input, hint), copy);
}
