/**
 * Text from outside (a customer's WhatsApp message, a push name, an API body) that PostgreSQL
 * or JSON cannot carry: U+0000 (PostgreSQL rejects 0x00 in `text`) and lone UTF-16 surrogates
 * (not valid Unicode: they cannot be encoded as UTF-8). One such character once crashed the
 * session that stored the message — and, repeated, kept the number offline. Pure functions.
 */

const NUL = /\u0000/g;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** True when `text` holds a NUL or a lone surrogate. */
export function hasUnsafeText(text: string): boolean {
  return text.includes('\u0000') || new RegExp(LONE_SURROGATE.source).test(text);
}

/** `text` without NULs, each lone surrogate replaced by U+FFFD (what a UTF-8 decoder shows). */
export function stripUnsafeText(text: string): string {
  if (!hasUnsafeText(text)) return text;
  return text.replace(NUL, '').replace(LONE_SURROGATE, '\uFFFD');
}
