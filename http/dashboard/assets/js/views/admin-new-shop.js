import { Api, messageOf } from '../api.js';
import { busy, button, field, h, replace } from '../dom.js';
import { icon } from '../icons.js';
import { explain } from '../problems.js';
import { copyField } from '../ui.js';

/** Brazil's time zones, the usual choice first. */
const TIMEZONES = [
  ['America/Sao_Paulo', 'Brasília (SP, RJ, MG, Sul, GO, DF, BA, Nordeste)'],
  ['America/Manaus', 'Amazonas (Manaus)'],
  ['America/Cuiaba', 'Mato Grosso (Cuiabá)'],
  ['America/Campo_Grande', 'Mato Grosso do Sul (Campo Grande)'],
  ['America/Porto_Velho', 'Rondônia (Porto Velho)'],
  ['America/Boa_Vista', 'Roraima (Boa Vista)'],
  ['America/Rio_Branco', 'Acre (Rio Branco)'],
  ['America/Noronha', 'Fernando de Noronha'],
];

const LABELS = { name: 'Nome da loja', timezone: 'Fuso horário', 'owner.email': 'E-mail do dono', 'owner.name': 'Nome do dono' };

/**
 * The operator creates a shop: its name, time zone, the owner's account (an invite link to hand
 * over) and its first WhatsApp number. The shop's API token is shown here once.
 */
export function newShopForm({ api, onCreated, onCancel }) {
  const name = h('input', { type: 'text', maxlength: 200, required: true, autocomplete: 'off' });
  const timezone = h('select', null, TIMEZONES.map(([value, label]) => h('option', { value }, label)));
  const ownerName = h('input', { type: 'text', maxlength: 120, autocomplete: 'off' });
  const ownerEmail = h('input', { type: 'email', maxlength: 254, autocomplete: 'off', placeholder: 'dono@petshop.com.br' });
  const numberName = h('input', { type: 'text', maxlength: 100, value: 'Recepção', autocomplete: 'off' });
  const transport = h('select', null, h('option', { value: 'baileys' }, 'WhatsApp de verdade (parear pelo celular)'), h('option', { value: 'simulator' }, 'Simulador (para testar)'));
  const status = h('p', { class: 'form-status', role: 'status', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Criar loja');
  const host = h('div', { class: 'new-shop' });

  const form = h(
    'form',
    { class: 'login-form', novalidate: true, 'aria-labelledby': 'new-shop-title' },
    h('h2', { id: 'new-shop-title' }, 'Nova loja'),
    field('Nome da loja', name),
    field('Fuso horário', timezone, 'A agenda, o resumo diário e os alertas seguem esse fuso.'),
    h('fieldset', null, h('legend', null, 'Dono da loja'),
      field('Nome do dono', ownerName),
      field('E-mail do dono', ownerEmail, 'O dono recebe um link para criar a senha. Deixe em branco para convidar depois.')),
    h('fieldset', null, h('legend', null, 'Primeiro número'),
      field('Nome do número', numberName, 'Como a equipe chama esse WhatsApp, ex.: Recepção.'),
      field('Tipo', transport)),
    status,
    h('div', { class: 'form-actions' }, button('Voltar', onCancel, { class: 'btn btn-ghost' }), submit),
  );

  const say = (text, tone = 'bad') => {
    status.textContent = text;
    status.className = `form-status form-status-${tone}`;
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!name.value.trim()) {
      say('Informe o nome da loja.');
      name.focus();
      return;
    }
    if (ownerEmail.value.trim() && !ownerName.value.trim()) {
      say('Informe o nome do dono para o convite.');
      ownerName.focus();
      return;
    }
    await busy(submit, async () => {
      let created;
      try {
        const owner = ownerEmail.value.trim() ? { email: ownerEmail.value.trim(), name: ownerName.value.trim() } : undefined;
        created = await api.admin('POST', '/orgs', { json: { name: name.value.trim(), timezone: timezone.value, ...(owner && { owner }) } });
      } catch (error) {
        say(error.code === 'EMAIL_TAKEN' ? 'Esse e-mail já tem conta no Patinha. Use outro.' : explain(error, (path) => LABELS[path]).join(' '));
        return;
      }
      // The shop exists now; a number that fails to be added can be added on Conexão later.
      let numberProblem;
      if (numberName.value.trim()) {
        try {
          await new Api({ token: created.token, orgId: created.org.id }).org('POST', '/instances', { json: { name: numberName.value.trim(), transport: transport.value } });
        } catch (error) {
          numberProblem = messageOf(error);
        }
      }
      replace(host, createdCard(created, numberProblem, onCreated));
      host.querySelector('h2')?.focus();
    });
  });

  replace(host, form);
  queueMicrotask(() => name.focus());
  return host;
}

/** What to hand over, shown once: the shop's API token and the owner's invite link. */
function createdCard(created, numberProblem, onCreated) {
  return h(
    'section',
    { class: 'login-form', 'aria-labelledby': 'shop-created-title' },
    h('h2', { id: 'shop-created-title', tabindex: '-1' }, icon('check', { size: 20 }), ` Loja “${created.org.name}” criada`),
    h('p', { class: 'muted' }, 'Guarde o token agora: ele não aparece de novo (para integrações; a equipe entra com e-mail e senha).'),
    copyField('Token da loja', created.token),
    created.ownerInvite
      ? copyField(`Link de convite para ${created.ownerInvite.user.name} (vale 7 dias)`, created.ownerInvite.inviteUrl)
      : h('p', { class: 'muted' }, 'Sem dono convidado: convide pela tela Loja › Equipe.'),
    numberProblem && h('p', { class: 'form-status form-status-bad' }, `O número não foi adicionado: ${numberProblem} Adicione em Conexão.`),
    h('div', { class: 'form-actions' }, button('Abrir a loja', () => onCreated(created.org), { class: 'btn btn-primary' })),
  );
}
