import { randomBytes } from 'node:crypto';

/** WhatsApp-style message ids: 3EB0 + 16 hex digits, as WhatsApp Web's own. */
export function newWhatsAppMessageId(): string {
  return `3EB0${randomBytes(8).toString('hex').toUpperCase()}`;
}
