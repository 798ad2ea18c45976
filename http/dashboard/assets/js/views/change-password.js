import { messageOf } from '../api.js';
import { busy, button, field, h } from '../dom.js';
import { icon } from '../icons.js';
import { toast } from '../ui.js';
import { MIN_PASSWORD, newPasswordProblem } from './login-account.js';


/**
 * Trocar senha: the signed-in owner or staff member chooses a new password, knowing the current
 * one. Their other devices are signed out; this one stays.
 */
export function openChangePassword(api) {
  const current = h('input', { type: 'password', autocomplete: 'current-password', required: true });
  const next = h('input', { type: 'password', autocomplete: 'new-password', required: true, minlength: MIN_PASSWORD });
  const again = h('input', { type: 'password', autocomplete: 'new-password', required: true });
  const status = h('p', { class: 'form-status', role: 'status', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Salvar nova senha');
  const say = (text) => {
    status.textContent = text;
    status.className = 'form-status form-status-bad';
  };
  const form = h('form', { class: 'login-form', novalidate: true },
    field('Senha atual', current),
    field('Nova senha', next, `Pelo menos ${MIN_PASSWORD} caracteres. Os outros aparelhos onde você entrou saem na hora.`),
    field('Repita a nova senha', again),
    status,
    h('div', { class: 'form-actions' }, button('Voltar', () => dialog.close(), { class: 'btn btn-ghost' }), submit));
  const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': 'change-password-title' },
    h('div', { class: 'dialog-head' }, h('h2', { id: 'change-password-title' }, 'Trocar senha'), button(icon('close', { label: 'Fechar' }), () => dialog.close(), { class: 'btn btn-icon btn-ghost' })),
    form);
  dialog.addEventListener('close', () => dialog.remove());

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!current.value) return say('Informe a senha atual.');
    const problem = newPasswordProblem(next.value, again.value);
    if (problem) return say(problem);
    await busy(submit, async () => {
      try {
        await api.request('POST', '/api/auth/change-password', { json: { currentPassword: current.value, newPassword: next.value } });
        dialog.close();
        toast('Senha trocada. Os outros aparelhos saíram.', 'ok');
      } catch (error) {
        say(error.code === 'INVALID_CREDENTIALS' ? 'A senha atual não confere.' : messageOf(error));
        current.select();
      }
    });
  });

  document.body.append(dialog);
  dialog.showModal();
  current.focus();
}
