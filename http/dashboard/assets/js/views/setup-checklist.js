import { h, replace } from '../dom.js';
import { icon } from '../icons.js';

/** Each step of a new shop's setup, in pt-BR, and where it is done. */
const STEPS = {
  services: { label: 'Cadastrar os serviços com preço por porte', href: '#/loja/servicos' },
  hours: { label: 'Informar os horários de funcionamento', href: '#/loja/horarios' },
  'owner-numbers': { label: 'Informar os números de WhatsApp do dono (para falar com a Aurora)', href: '#/loja/dados' },
  'linked-number': { label: 'Conectar um número de WhatsApp da loja', href: '#/conexao' },
  'owner-account': { label: 'O dono criar a senha de acesso (convite na aba Equipe)', href: '#/loja/equipe' },
};

/**
 * "Primeiros passos": shown on Conexão while a shop's setup is incomplete (`GET /setup`), each
 * step a link to the screen where it is done. Hidden once every step is done, and on failure
 * (it is a guide, not a gate).
 */
export function setupChecklist(api) {
  const card = h('section', { class: 'card setup-card', 'aria-labelledby': 'setup-title', hidden: true });
  const load = async () => {
    let setup;
    try {
      setup = await api.org('GET', '/setup');
    } catch {
      card.hidden = true;
      return;
    }
    card.hidden = setup.done;
    if (setup.done) return;
    const left = setup.steps.filter((s) => !s.done).length;
    replace(
      card,
      h('h2', { id: 'setup-title', class: 'card-title' }, 'Primeiros passos'),
      h('p', { class: 'muted' }, left === 1 ? 'Falta 1 passo para a loja atender sozinha.' : `Faltam ${left} passos para a loja atender sozinha.`),
      h('ol', { class: 'setup-list' }, setup.steps.map((step) => {
        const about = STEPS[step.key] ?? { label: step.key, href: '#/conexao' };
        return h('li', { class: 'setup-step', dataset: { done: String(step.done), step: step.key } },
          h('span', { class: 'setup-mark', 'aria-hidden': 'true' }, step.done ? icon('check', { size: 14 }) : ''),
          step.done ? h('span', null, about.label, h('span', { class: 'sr-only' }, ' (feito)')) : h('a', { href: about.href }, about.label));
      })),
    );
  };
  return { el: card, load };
}
