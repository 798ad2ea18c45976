import { messageOf } from '../api.js';
import { busy, button, field, h, replace } from '../dom.js';
import { dateTime } from '../format.js';
import { icon } from '../icons.js';
import { chip, confirmDialog, copyField, empty, errorBox, loading, toast } from '../ui.js';

const ROLE = { owner: 'Dono', staff: 'Equipe' };

/**
 * Loja → Equipe: the shop's owners and staff. The owner invites by link (Patinha sends no e-mail:
 * the link is handed over, e.g. on WhatsApp), makes a password reset link, and disables accounts.
 * Staff chat and book; only owners change the shop.
 */
export function shopPeople(root, ctx, state) {
  const { api, tz, session } = ctx;
  const body = h('div', { class: 'table-wrap' });
  const handover = h('div', { class: 'handover', 'aria-live': 'polite' });
  const name = h('input', { type: 'text', maxlength: 120, autocomplete: 'off' });
  const email = h('input', { type: 'email', maxlength: 254, autocomplete: 'off', placeholder: 'nome@petshop.com.br' });
  const role = h('select', null, h('option', { value: 'staff' }, 'Equipe — atende e agenda'), h('option', { value: 'owner' }, 'Dono — altera também a loja'));
  const status = h('p', { class: 'form-status', role: 'status', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, icon('plus', { size: 16 }), ' Convidar');
  const form = h('form', { class: 'inline-form', novalidate: true, 'aria-label': 'Convidar pessoa' }, field('Nome', name), field('E-mail', email), field('Papel', role), submit);

  root.append(
    h('div', { class: 'card' },
      h('h2', { class: 'card-title' }, 'Equipe'),
      h('p', { class: 'muted' }, 'Quem entra no painel com e-mail e senha. A equipe atende as conversas e cuida da agenda; só o dono altera serviços, horários, números e a equipe.'),
      body),
    h('div', { class: 'card' }, h('h2', { class: 'card-title' }, 'Convidar pessoa'), form, status, handover),
  );

  const say = (text, tone = 'bad') => {
    status.textContent = text;
    status.className = `form-status form-status-${tone}`;
  };

  /** A one-time link to hand over, with a copy button. */
  const showLink = (title, url, expiresAt) => replace(handover, copyField(title, url, `Vale até ${dateTime(expiresAt, tz)}, uma vez. Envie para a pessoa pelo WhatsApp.`));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!name.value.trim() || !email.value.trim()) {
      say('Informe nome e e-mail.');
      (name.value.trim() ? email : name).focus();
      return;
    }
    await busy(submit, async () => {
      try {
        const invited = await api.org('POST', '/users', { json: { name: name.value.trim(), email: email.value.trim(), role: role.value } });
        say(`${invited.user.name} foi convidado(a).`, 'good');
        showLink(`Link de convite para ${invited.user.name}`, invited.inviteUrl, invited.expiresAt);
        name.value = '';
        email.value = '';
        load();
      } catch (error) {
        say(messageOf(error));
      }
    });
  });

  async function load() {
    if (!body.firstChild) replace(body, loading());
    try {
      const page = await api.org('GET', '/users');
      if (state.stopped) return;
      render(page.items);
    } catch (error) {
      replace(body, errorBox(messageOf(error), load));
    }
  }

  function render(users) {
    const listed = users.filter((u) => !u.disabledAt);
    if (listed.length === 0) {
      replace(body, empty('Ninguém convidado ainda', 'Convide o dono e a equipe abaixo: cada pessoa entra com o próprio e-mail.'));
      return;
    }
    replace(body, h('table', { class: 'data-table people-table', 'data-testid': 'people' },
      h('thead', null, h('tr', null, ['Nome', 'E-mail', 'Papel', 'Situação', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, listed.map((u) => h('tr', { dataset: { user: u.email } },
        h('td', null, u.name), h('td', null, u.email), h('td', null, ROLE[u.role]),
        h('td', null, u.active ? chip('Ativo', 'ok') : chip('Convite pendente', 'warn')),
        h('td', { class: 'row-actions' },
          button('Link de nova senha', () => resetLink(u), { class: 'btn btn-small' }),
          session?.user?.id !== u.id && button('Desativar', () => disable(u), { class: 'btn btn-small btn-danger-text' })))))));
  }

  async function resetLink(user) {
    try {
      const link = await api.org('POST', `/users/${user.id}/reset-link`, { json: {} });
      showLink(`Link de nova senha para ${user.name}`, link.resetUrl, link.expiresAt);
    } catch (error) {
      toast(messageOf(error), 'bad');
    }
  }

  async function disable(user) {
    const ok = await confirmDialog({ title: `Desativar ${user.name}?`, text: 'A pessoa sai de todos os aparelhos na hora e não entra mais. O histórico do que ela fez continua.', confirm: 'Desativar', danger: true });
    if (!ok) return;
    try {
      await api.org('DELETE', `/users/${user.id}`);
      toast(`${user.name} foi desativado(a).`, 'ok');
      load();
    } catch (error) {
      toast(messageOf(error), 'bad');
    }
  }

  return { load };
}
