import { Api, messageOf } from '../api.js';
import { busy, field, h } from '../dom.js';
import { saveSession } from '../session.js';

/** The shortest password the server takes (storage/passwords.ts). */
export const MIN_PASSWORD = 10;

/** What is wrong with a new password typed twice, in pt-BR; undefined when it will do. */
export function newPasswordProblem(password, repeated) {
  if (password.length < MIN_PASSWORD) return `A senha precisa de pelo menos ${MIN_PASSWORD} caracteres.`;
  if (password !== repeated) return 'As duas senhas não são iguais.';
  return undefined;
}

const api = () => new Api({ orgId: '' });

/**
 * Entrar com e-mail e senha: owners and staff. The server answers with a session cookie
 * (httpOnly: this page never sees it); localStorage keeps only who signed in, for the shell.
 */
export function accountSignIn({ onSignedIn, onSwitch, notice }) {
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true, spellcheck: 'false' });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const status = h('p', { class: 'form-status', role: 'status', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, 'Entrar');
  const toToken = h('button', { type: 'button', class: 'btn btn-link' }, 'Entrar com token de acesso');
  toToken.addEventListener('click', onSwitch);
  const form = h('form', { class: 'login-form', novalidate: true }, field('E-mail', email), field('Senha', password, 'Esqueceu a senha? Peça ao dono da loja um link para criar outra.'), status, submit);
  const show = (text, tone = 'bad') => setStatus(status, text, tone);
  if (notice) show(notice, 'good');

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!email.value.trim() || !password.value) {
      show('Informe e-mail e senha.');
      (email.value.trim() ? password : email).focus();
      return;
    }
    show('Verificando…', 'info');
    await busy(submit, async () => {
      try {
        const signed = await api().request('POST', '/api/auth/sign-in', { json: { email: email.value.trim(), password: password.value } });
        saveSession({ kind: 'account', orgId: signed.org.id, orgName: signed.org.name, user: signed.user });
        onSignedIn();
      } catch (error) {
        show(error.code === 'INVALID_CREDENTIALS' ? 'E-mail ou senha incorretos.' : messageOf(error));
        password.select();
      }
    });
  });
  return { view: h('div', { class: 'login-mode' }, form, h('p', { class: 'login-switch' }, toToken)), focus: () => email.focus() };
}

/** Criar senha: the page an invite or reset link opens (`/?link=…`). */
export function setPassword({ token, onDone }) {
  const password = h('input', { type: 'password', name: 'new-password', autocomplete: 'new-password', required: true, minlength: MIN_PASSWORD });
  const again = h('input', { type: 'password', name: 'repeat-password', autocomplete: 'new-password', required: true });
  const status = h('p', { class: 'form-status', role: 'status', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, 'Salvar senha');
  const form = h(
    'form',
    { class: 'login-form', novalidate: true },
    h('h2', null, 'Crie sua senha'),
    field('Nova senha', password, `Pelo menos ${MIN_PASSWORD} caracteres. Uma frase fácil de lembrar serve.`),
    field('Repita a senha', again),
    status,
    submit,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const problem = newPasswordProblem(password.value, again.value);
    if (problem) {
      setStatus(status, problem);
      (password.value.length < MIN_PASSWORD ? password : again).focus();
      return;
    }
    await busy(submit, async () => {
      try {
        await api().request('POST', '/api/auth/password', { json: { token, password: password.value } });
        onDone('Senha criada. Entre com seu e-mail e a nova senha.');
      } catch (error) {
        setStatus(status, error.code === 'LINK_EXPIRED' ? 'Este link já foi usado ou expirou. Peça um novo ao dono da loja.' : messageOf(error));
      }
    });
  });
  return { view: h('div', { class: 'login-mode' }, form), focus: () => password.focus() };
}

function setStatus(el, text, tone = 'bad') {
  el.textContent = text ?? '';
  el.className = `form-status ${text ? `form-status-${tone}` : ''}`;
}
