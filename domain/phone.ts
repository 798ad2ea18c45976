import { DomainError } from './domain-error.js';

/**
 * Phone numbers in E.164 ('+5511987654321'), the one form contacts are keyed on.
 *
 * Brazilian numbers arrive in every shape: typed by staff ('(11) 98765-4321'),
 * from a WhatsApp JID with a device suffix ('5511987654321:3@s.whatsapp.net'),
 * and — the trap — in the pre-2016 8-digit mobile form that WhatsApp still keeps
 * for many old accounts ('551187654321@s.whatsapp.net'). One person must be one
 * contact, so mobiles always get their 9th digit here.
 */
export type E164 = string;

/** Area codes (DDD) in use, per ANATEL. Anything else is a typo, not a phone. */
const BRAZILIAN_DDDS: ReadonlySet<string> = new Set(
  (
    '11 12 13 14 15 16 17 18 19 21 22 24 27 28 31 32 33 34 35 37 38 41 42 43 44 45 46 47 48 49 ' +
    '51 53 54 55 61 62 63 64 65 66 67 68 69 71 73 74 75 77 79 81 82 83 84 85 86 87 88 89 ' +
    '91 92 93 94 95 96 97 98 99'
  ).split(' '),
);

const WHATSAPP_USER_SERVERS = new Set(['s.whatsapp.net', 'c.us']);

export class InvalidPhoneError extends DomainError<'INVALID_PHONE'> {
  constructor(input: string) {
    super('INVALID_PHONE', 'Not a valid phone number', { input });
  }
}

/**
 * DDD + subscriber (10 or 11 digits) → E.164, or null. A 9-digit subscriber is a
 * mobile and must start with 9; an 8-digit one starting 6–9 is a legacy mobile
 * and gets the 9 (the 2012–2016 migration); 2–5 is a landline and stays 8 digits.
 */
function brazilianNational(national: string): E164 | null {
  if (!/^\d{10,11}$/.test(national)) return null;
  const ddd = national.slice(0, 2);
  const subscriber = national.slice(2);
  if (!BRAZILIAN_DDDS.has(ddd)) return null;
  if (subscriber.length === 9) return subscriber.startsWith('9') ? `+55${ddd}${subscriber}` : null;
  if (/^[6-9]/.test(subscriber)) return `+55${ddd}9${subscriber}`;
  if (/^[2-5]/.test(subscriber)) return `+55${ddd}${subscriber}`;
  return null;
}

/** Any other country: digits kept as they are, within E.164's length and without a leading 0. */
function foreign(digits: string): E164 | null {
  return /^[1-9]\d{7,14}$/.test(digits) ? `+${digits}` : null;
}

/** The user part of a phone JID ('5511…:3@s.whatsapp.net' → '5511…'); null for LIDs, groups, etc. */
function jidUser(jid: string): string | null {
  const at = jid.indexOf('@');
  const server = jid.slice(at + 1).toLowerCase();
  if (!WHATSAPP_USER_SERVERS.has(server)) return null;
  // Baileys' jidDecode: 'user_agent:device@server'.
  const user = jid.slice(0, at).split(':')[0]!.split('_')[0]!;
  return /^\d+$/.test(user) ? user : null;
}

/**
 * E.164 for a phone number or WhatsApp JID, or null when it cannot be one.
 *
 * Without '+', 10–11 digits are read as Brazilian (DDD + number), with an
 * optional trunk '0' or '0' + carrier code in front ('011…', '0 21 11 …');
 * 12–13 digits starting with 55 as Brazilian with the country code; other
 * strings of 12+ digits as international (a JID user part has no '+'). With
 * '+' or '00', a number is Brazilian if it starts with 55 and passes through
 * digits-only otherwise. LIDs ('…@lid') are not phone numbers and give null.
 */
export function normalizePhone(input: string): E164 | null {
  const text = input.trim();
  if (text.includes('@')) {
    const user = jidUser(text);
    return user === null ? null : international(user);
  }
  if (!/^\+?[\d\s().\-/]+$/.test(text)) return null;
  const digits = text.replace(/\D/g, '');
  if (text.startsWith('+')) return international(digits);
  if (digits.startsWith('00')) return international(digits.slice(2));
  if (digits.startsWith('0')) {
    const rest = digits.slice(1);
    if (rest.length === 10 || rest.length === 11) return brazilianNational(rest);
    if (rest.length === 12 || rest.length === 13) return brazilianNational(rest.slice(2)); // carrier code
    return null;
  }
  if (digits.length === 10 || digits.length === 11) return brazilianNational(digits);
  if ((digits.length === 12 || digits.length === 13) && digits.startsWith('55')) return brazilianNational(digits.slice(2));
  if (digits.length >= 12) return foreign(digits);
  return null;
}

function international(digits: string): E164 | null {
  if (digits.startsWith('55')) return brazilianNational(digits.slice(2));
  return foreign(digits);
}

export function normalizePhoneOrThrow(input: string): E164 {
  const phone = normalizePhone(input);
  if (phone === null) throw new InvalidPhoneError(input);
  return phone;
}

/** The WhatsApp JID for a phone: '+5511987654321' → '5511987654321@s.whatsapp.net'. */
export function phoneToJid(phone: string): string {
  return `${normalizePhoneOrThrow(phone).slice(1)}@s.whatsapp.net`;
}

/** Whether two inputs (numbers or JIDs, any format) are the same phone; false if either is invalid. */
export function samePhone(a: string, b: string): boolean {
  const x = normalizePhone(a);
  return x !== null && x === normalizePhone(b);
}

export function isBrazilianMobile(phone: E164): boolean {
  return /^\+55\d{2}9\d{8}$/.test(phone);
}

/**
 * Every form a phone may take on WhatsApp: for a Brazilian mobile both the
 * 9-digit number and the legacy 8-digit one (which old accounts still use as
 * their JID), so lookups and `onWhatsApp` checks can try both.
 */
export function phoneVariants(phone: string): E164[] {
  const e164 = normalizePhoneOrThrow(phone);
  if (!isBrazilianMobile(e164)) return [e164];
  return [e164, `${e164.slice(0, 5)}${e164.slice(6)}`];
}

/** '+5511987654321' → '(11) 98765-4321' for Brazilian numbers; others as E.164. */
export function formatPhoneBr(phone: E164): string {
  const m = /^\+55(\d{2})(\d{4,5})(\d{4})$/.exec(phone);
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : phone;
}
