import { h, replace } from '../dom.js';
import { icon } from '../icons.js';
import { accountSignIn, setPassword } from './login-account.js';
import { tokenSignIn } from './login-token.js';

/**
 * Entrar: e-mail and password for owners and staff (the usual way), or an access token for the
 * operator and integrations; an invite or reset link (`/?link=…`) first asks for the new password.
 */
export function renderLogin(root, { session, message, onSignedIn }) {
  const body = h('div', { class: 'login-body' });
  const link = new URLSearchParams(location.search).get('link');
  const wantsToken = Boolean(session?.token);

  const show = (mode, notice) => {
    const { view, focus } =
      mode === 'link'
        ? setPassword({ token: link, onDone: (done) => {
          // The link is spent: drop it from the address bar so a reload does not ask again.
          history.replaceState(null, '', `${location.pathname}${location.hash}`);
          show('account', done);
        } })
        : mode === 'token'
          ? tokenSignIn({ session, onSignedIn, onSwitch: () => show('account') })
          : accountSignIn({ onSignedIn, onSwitch: () => show('token'), notice });
    replace(body, view);
    focus();
  };

  replace(
    root,
    h(
      'div',
      { class: 'login-page' },
      h(
        'section',
        { class: 'login-card', 'aria-labelledby': 'login-title' },
        h('div', { class: 'brand brand-large' }, h('span', { class: 'brand-mark' }, icon('paw', { size: 28 })), h('span', { class: 'brand-name' }, 'Patinha')),
        h('h1', { id: 'login-title' }, 'Entrar no painel da loja'),
        h('p', { class: 'muted' }, 'Atendimento no WhatsApp, agenda e números do dia do seu pet shop.'),
        message && h('p', { class: 'notice', role: 'status' }, message),
        body,
      ),
    ),
  );
  show(link ? 'link' : wantsToken ? 'token' : 'account');
}
