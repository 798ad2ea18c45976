import { foldText } from './text-normalization.js';

/**
 * Pet size ("porte"), the axis that drives a service's duration and price in
 * Brazilian pet shops: P (pequeno), M (médio), G (grande), GG (gigante).
 */
export type PetSize = 'P' | 'M' | 'G' | 'GG';

export const PET_SIZES: readonly PetSize[] = Object.freeze(['P', 'M', 'G', 'GG']);

/** pt-BR label used in customer-facing text. */
export const PET_SIZE_LABELS: Readonly<Record<PetSize, string>> = Object.freeze({
  P: 'pequeno',
  M: 'médio',
  G: 'grande',
  GG: 'gigante',
});

const SIZE_SYNONYMS: ReadonlyMap<string, PetSize> = new Map([
  ['p', 'P'], ['pequeno', 'P'], ['pequena', 'P'], ['pequenininho', 'P'], ['mini', 'P'], ['toy', 'P'], ['small', 'P'],
  ['m', 'M'], ['medio', 'M'], ['media', 'M'], ['medium', 'M'],
  ['g', 'G'], ['grande', 'G'], ['large', 'G'],
  ['gg', 'GG'], ['gigante', 'GG'], ['extra grande', 'GG'], ['muito grande', 'GG'], ['xg', 'GG'], ['xl', 'GG'],
]);

export function isPetSize(value: unknown): value is PetSize {
  return typeof value === 'string' && (PET_SIZES as readonly string[]).includes(value);
}

/**
 * Reads a size the way staff and customers write it ('p', 'Médio', 'porte grande',
 * 'GG'); null when nothing recognisable is there.
 */
export function normalizePetSize(text: string): PetSize | null {
  const folded = foldText(text).replace(/\bporte\b/g, ' ').replace(/\s+/g, ' ').trim();
  return SIZE_SYNONYMS.get(folded) ?? null;
}
