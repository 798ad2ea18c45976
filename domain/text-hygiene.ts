/**
 * Text from outside (a customer's WhatsApp message, a push name, an API body) that cannot be
 * stored or shown safely: U+0000 (PostgreSQL `text` refuses it; one such character once crashed
 * the session that stored the message and, repeated, kept the number offline) and lone UTF-16
 * surrogates (not Unicode scalar values: they break JSON consumers, UTF-8 encoders and
 * WhatsApp). The HTTP edge rejects such text; the WhatsApp edge strips it.
 */
const UNSAFE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSAFE_GLOBAL = new RegExp(UNSAFE.source, 'g');

/** True when `text` holds a NUL or a lone surrogate. */
export function hasUnsafeText(text: string): boolean {
  return UNSAFE.test(text);
}

/** Removes NUL characters and replaces each lone surrogate with U+FFFD; well-formed pairs survive. */
export function stripUnsafeText(text: string): string {
  return text.replace(UNSAFE_GLOBAL, (match) => (match === '\u0000' ? '' : '\uFFFD'));
}
