import { messageOf } from '../api.js';
import { busy, button, h, replace } from '../dom.js';
import { dateTime } from '../format.js';
import { chip, confirmDialog, toast } from '../ui.js';

/**
 * The customer's privacy in the conversation's side panel (LGPD): whether they accept marketing
 * (and since when), their data as a JSON download, and their deletion. Staff record a consent
 * the customer gave in person; the customer gives it on WhatsApp with QUERO RECEBER / PARAR.
 */
export function privacyPanel(ctx, contactId, { onErased } = {}) {
  const { api, lookup, tz } = ctx;
  const panel = h('div', { class: 'privacy-panel', 'data-testid': 'privacy-panel' });

  async function render(contact) {
    if (contact.anonymizedAt) {
      replace(panel, chip('Dados apagados', 'neutral', { dataset: { consent: 'anonymized' } }));
      return;
    }
    const consent = contact.marketingConsentAt
      ? chip(`Aceita promoções desde ${dateTime(contact.marketingConsentAt, tz)}`, 'ok', { dataset: { consent: 'granted' } })
      : chip(contact.marketingOptOut ? 'Não quer promoções' : 'Sem autorização para promoções', contact.marketingOptOut ? 'warn' : 'neutral', { dataset: { consent: contact.marketingOptOut ? 'revoked' : 'none' } });
    const toggle = button(contact.marketingConsentAt ? 'Retirar autorização' : 'Registrar autorização', (e) => busy(e.currentTarget, () => setConsent(!contact.marketingConsentAt)), { class: 'btn btn-small' });
    const download = button('Baixar dados', (e) => busy(e.currentTarget, () => exportData(contact)), { class: 'btn btn-small' });
    const erase = button('Apagar dados', (e) => busy(e.currentTarget, () => eraseData()), { class: 'btn btn-small btn-danger' });
    replace(panel, consent, toggle, download, erase);
  }

  async function load() {
    try {
      await render(await lookup.contact(contactId));
    } catch {
      replace(panel);
    }
  }

  async function setConsent(marketing) {
    try {
      const contact = await api.org('PUT', `/contacts/${contactId}/consent`, { json: { marketing } });
      lookup.forgetContact(contactId);
      toast(marketing ? 'Autorização registrada.' : 'Autorização retirada.', 'ok');
      await render(contact);
    } catch (error) {
      toast(messageOf(error), 'bad');
    }
  }

  async function exportData(contact) {
    try {
      const data = await api.org('GET', `/contacts/${contactId}/export`);
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      const link = h('a', { href: url, download: `dados-${contact.name || 'cliente'}-${contactId.slice(0, 8)}.json` });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      toast(messageOf(error), 'bad');
    }
  }

  async function eraseData() {
    const sure = await confirmDialog({
      title: 'Apagar os dados deste cliente?',
      text: 'Telefone, nome, mensagens e nomes dos pets serão apagados para sempre. Os agendamentos continuam nos números da loja, sem identificar ninguém.',
      confirm: 'Apagar dados',
      danger: true,
    });
    if (!sure) return;
    try {
      await api.org('DELETE', `/contacts/${contactId}`);
      lookup.forgetContact(contactId);
      toast('Dados do cliente apagados.', 'ok');
      await load();
      onErased?.();
    } catch (error) {
      toast(messageOf(error), 'bad');
    }
  }

  load();
  return panel;
}
