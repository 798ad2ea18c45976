import { Api, messageOf } from '../api.js';
import { busy, field, h, replace } from '../dom.js';
import { icon } from '../icons.js';
import { saveSession } from '../session.js';
import { newShopForm } from './admin-new-shop.js';

const ORG_TOKEN_PREFIX = 'pat_';

/**
 * Entrar com token: the shop's API token (its id is optional: `/api/session` names the shop), or
 * the admin token alone (then pick the shop from the list, or create one).
 */
export function tokenSignIn({ session, onSignedIn, onSwitch }) {
  const status = h('p', { class: 'form-status', role: 'status', 'aria-live': 'polite' });
  const tokenInput = h('input', { type: 'password', name: 'token', autocomplete: 'off', spellcheck: 'false', required: true, value: session?.token ?? '' });
  const orgInput = h('input', { type: 'text', name: 'orgId', autocomplete: 'off', spellcheck: 'false', placeholder: 'ex.: 3f2a…-…', value: session?.orgId ?? '' });
  const reveal = h('button', { type: 'button', class: 'btn btn-ghost btn-small', 'aria-pressed': 'false' }, 'Mostrar');
  reveal.addEventListener('click', () => {
    const show = tokenInput.type === 'password';
    tokenInput.type = show ? 'text' : 'password';
    reveal.textContent = show ? 'Ocultar' : 'Mostrar';
    reveal.setAttribute('aria-pressed', String(show));
  });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, 'Entrar');
  const picker = h('div', { class: 'org-picker' });
  const toAccount = h('button', { type: 'button', class: 'btn btn-link' }, 'Entrar com e-mail e senha');
  toAccount.addEventListener('click', onSwitch);

  const tokenField = field('Token de acesso', tokenInput, 'O token da loja aparece uma vez, quando a loja é criada. O de administrador fica no arquivo indicado ao iniciar o Patinha.');
  tokenField.querySelector('label').after(h('span', { class: 'field-inline-action' }, reveal));

  const form = h(
    'form',
    { class: 'login-form', novalidate: true },
    tokenField,
    field('ID da loja (opcional)', orgInput, 'O token da loja já identifica a loja. Com o token de administrador, deixe em branco para escolher a loja na lista.'),
    status,
    submit,
  );

  const showStatus = (text, tone = 'bad') => {
    status.textContent = text ?? '';
    status.className = `form-status ${text ? `form-status-${tone}` : ''}`;
  };

  const choose = (token, org) => {
    saveSession({ token, isAdmin: true, orgId: org.id, orgName: org.name });
    onSignedIn();
  };
  const showPicker = (token, orgs) => {
    const create = h('button', { type: 'button', class: 'btn btn-secondary' }, icon('plus', { size: 16 }), ' Criar loja');
    create.addEventListener('click', () => replace(picker, newShopForm({ api: new Api({ token, orgId: '' }), onCreated: (org) => {
      // A new shop starts on Conexão, where its setup checklist is.
      history.replaceState(null, '', '#/conexao');
      choose(token, org);
    }, onCancel: () => showPicker(token, orgs) })));
    replace(
      picker,
      h('div', { class: 'picker-head' }, h('h2', null, 'Escolha a loja'), create),
      orgs.length === 0
        ? h('p', { class: 'muted' }, 'Nenhuma loja cadastrada ainda. Crie a primeira.')
        : h(
            'ul',
            { class: 'org-list' },
            orgs.map((org) =>
              h(
                'li',
                null,
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'org-option',
                    onclick: () => choose(token, org),
                  },
                  h('span', { class: 'org-option-icon' }, icon('store')),
                  h('span', null, h('strong', null, org.name), h('small', { class: 'muted' }, `${org.timezone} · ${org.id}`)),
                ),
              ),
            ),
          ),
    );
    picker.querySelector('button')?.focus();
  };

  async function signIn(token, orgId) {
    const api = new Api({ token, orgId });
    // The admin token answers /admin; an org token (prefix pat_) would only get a 401 there.
    let orgs;
    if (!token.startsWith(ORG_TOKEN_PREFIX)) {
      try {
        orgs = (await api.admin('GET', '/orgs')).items;
      } catch (error) {
        if (error.status !== 401) throw error;
      }
    }
    const isAdmin = orgs !== undefined;
    if (!orgId) {
      if (!isAdmin) {
        // A shop token names its own shop: ask the server which one.
        try {
          const session = await api.request('GET', '/api/session');
          saveSession({ token, isAdmin: false, orgId: session.org.id, orgName: session.org.name });
          onSignedIn();
        } catch (error) {
          if (error.status === 401) showStatus('Token inválido. Confira e tente de novo.');
          else throw error;
        }
        return;
      }
      saveSession({ token, isAdmin: true });
      showStatus('');
      showPicker(token, orgs);
      return;
    }
    try {
      const org = await api.org('GET', '');
      saveSession({ token, isAdmin, orgId: org.id, orgName: org.name });
      onSignedIn();
    } catch (error) {
      if (error.status === 401) showStatus('Token inválido. Confira e tente de novo.');
      else if (error.status === 404) showStatus('Loja não encontrada para esse token. Confira o ID da loja.');
      else throw error;
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const token = tokenInput.value.trim();
    const orgId = orgInput.value.trim();
    if (!token) {
      showStatus('Cole o token de acesso.');
      tokenInput.focus();
      return;
    }
    showStatus('Verificando…', 'info');
    await busy(submit, async () => {
      try {
        await signIn(token, orgId);
      } catch (error) {
        showStatus(messageOf(error));
      }
    });
  });

  const view = h('div', { class: 'login-mode' }, form, h('p', { class: 'login-switch' }, toAccount), picker);
  if (session?.isAdmin && session.token && !session.orgId) {
    // Signed in as admin, no shop chosen yet: go straight to the list.
    new Api({ token: session.token, orgId: '' })
      .admin('GET', '/orgs')
      .then((r) => showPicker(session.token, r.items))
      .catch((error) => showStatus(messageOf(error)));
  }
  return { view, focus: () => tokenInput.focus() };
}
