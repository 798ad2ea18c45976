/**
 * Money is integer cents of BRL everywhere (API and storage); this formats it
 * for customers. Hand-rolled rather than Intl because Intl puts a no-break
 * space after "R$", which some WhatsApp clients render oddly and which makes
 * exact-text tests brittle across ICU versions.
 */
export function formatBrl(cents: number): string {
  if (!Number.isInteger(cents)) throw new RangeError(`Cents must be an integer: ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const reais = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const centavos = String(abs % 100).padStart(2, '0');
  return `${sign}R$ ${reais},${centavos}`;
}

/** Parses '80', '80,00', 'R$ 1.234,50', '79.90' into cents; null when it is not a price. */
export function parseBrl(text: string): number | null {
  const t = text.replace(/r\$/i, '').replace(/\s+/g, '');
  let m = /^(\d{1,3}(?:\.\d{3})+|\d+),(\d{1,2})$/.exec(t);
  if (m) return Number(m[1]!.replace(/\./g, '')) * 100 + Number(m[2]!.padEnd(2, '0'));
  m = /^(\d+)\.(\d{1,2})$/.exec(t);
  if (m) return Number(m[1]) * 100 + Number(m[2]!.padEnd(2, '0'));
  m = /^(\d{1,3}(?:\.\d{3})+|\d+)$/.exec(t);
  if (m) return Number(m[1]!.replace(/\./g, '')) * 100;
  return null;
}
