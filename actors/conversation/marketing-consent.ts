import { ConsentRepository } from '../../storage/consent.repository.js';
import { ValidationError } from '../../runtime/errors.js';
import { ContactsRepository, type Contact } from '../../storage/contacts.repository.js';
import type { Executor } from '../../storage/executor.js';

/**
 * Marketing consent (LGPD art. 7, I and 8): asked once, in plain words, right after the
 * customer's first booking — never bundled with it, so the booking never depends on it. The
 * answer is a keyword (QUERO RECEBER / PARAR, opt-out.ts), recorded with the message that said it.
 */
export function consentQuestion(shopName: string): string {
  return `Posso te mandar novidades e promoções da ${shopName} por aqui? Se quiser, responda QUERO RECEBER. Você pode parar quando quiser, mandando PARAR.`;
}

export const CONSENT_GRANTED_REPLY = 'Combinado! Você vai receber nossas novidades e promoções por aqui. Para parar, é só mandar PARAR. 🐾';

/** Whether this customer is still to be asked: never asked, never answered. */
export function shouldAskConsent(contact: Pick<Contact, 'marketingConsentAt' | 'marketingConsentAskedAt' | 'marketingOptOut'>): boolean {
  return contact.marketingConsentAt === null && contact.marketingConsentAskedAt === null && !contact.marketingOptOut;
}

/** The reply to a first booking, with the consent question when it is due (and remembered as asked). */
export async function withConsentQuestion(db: Executor, contact: Contact, shopName: string, reply: string, now: Date): Promise<string> {
  if (!shouldAskConsent(contact)) return reply;
  await new ConsentRepository(db).markAsked(contact.orgId, contact.id, now);
  return `${reply}\n\n${consentQuestion(shopName)}`;
}

/**
 * Staff records a customer's answer (given at the counter or on the phone), with who recorded it
 * as the evidence, in one transaction. Refuses ANONYMIZED (nobody to ask) and NOT_FOUND.
 */
export async function recordStaffConsent(db: Executor, change: { orgId: string; contactId: string; marketing: boolean; actor: string; now: Date }): Promise<Contact> {
  return db.transaction().execute(async (trx) => {
    const contacts = new ContactsRepository(trx);
    const contact = await contacts.findById(change.orgId, change.contactId);
    if (!contact) throw new ValidationError('Contact not found', { code: 'NOT_FOUND' });
    if (contact.anonymizedAt) throw new ValidationError('This customer was anonymised', { code: 'ANONYMIZED' });
    await new ConsentRepository(trx).record({
      orgId: change.orgId, contactId: change.contactId, decision: change.marketing ? 'granted' : 'revoked', source: 'staff', evidence: change.actor, now: change.now,
    });
    return (await contacts.findById(change.orgId, change.contactId))!;
  });
}
