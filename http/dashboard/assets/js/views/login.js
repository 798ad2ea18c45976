import { Api, messageOf } from '../api.js';
import { busy, field, h, replace } from '../dom.js';
import { icon } from '../icons.js';
import { saveSession } from '../session.js';

const ORG_TOKEN_PREFIX = 'pat_';

/**
 * Entrar: the shop's API token plus its id, or the admin token alone (then
 * pick the shop from the list). The API has no "who am I", so an org token
 * needs the org id beside it.
 */
export function renderLogin(root, { session, message, onSignedIn }) {
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

  const showPicker = (token, orgs) => {
    replace(
      picker,
      h('h2', null, 'Escolha a loja'),
      orgs.length === 0
        ? h('p', { class: 'muted' }, 'Nenhuma loja cadastrada ainda. Crie uma pela API (POST /admin/orgs).')
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
                    onclick: () => {
                      saveSession({ token, isAdmin: true, orgId: org.id, orgName: org.name });
                      onSignedIn();
                    },
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
        form,
        picker,
      ),
    ),
  );
  if (session?.isAdmin && session.token && !session.orgId) {
    // Signed in as admin, no shop chosen yet: go straight to the list.
    new Api({ token: session.token, orgId: '' })
      .admin('GET', '/orgs')
      .then((r) => showPicker(session.token, r.items))
      .catch((error) => showStatus(messageOf(error)));
  } else {
    tokenInput.focus();
  }
}
