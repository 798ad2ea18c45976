import type { PetSize } from '../pet-size.js';

/**
 * The pet's size ("porte") as customers say it: "porte médio", "é pequeno",
 * "grandão", "gigante", "toy". Over canonical text. "muito grande" is GG,
 * so a match inside a longer one ("grande" in "muito grande") is ignored.
 */
const SIZE_PATTERNS: readonly (readonly [PetSize, RegExp])[] = [
  ['GG', /\b(muito grande|gigantes?|enormes?|extra grande|porte gg|tamanho gg|gg|xg)\b/g],
  ['G', /\b(grandes?|grandao|grandona|grandinh[oa]|porte g|tamanho g)\b/g],
  ['M', /\b(medi[oa]s?|medinh[oa]|porte m|tamanho m)\b/g],
  ['P', /\b(pequen[oa]s?|pequenin\w*|mini|toy|miniatura|porte p|tamanho p)\b/g],
];

/** Phrases that contain a size word without being about size. */
const NOT_SIZE = /\b(em media|na media|grande dia|muito grato)\b/g;

const SIZE_WORD = '(muito grande|gigantes?|enormes?|extra grande|gg|grandes?|grandao|grandona|medi[oa]s?|pequen[oa]s?|pequenin\\w*|mini|toy|[pmg])';

/** "porte médio", "é pequeno", "gigante, é um são bernardo": the message leads with the size. */
const LEADS_WITH_SIZE = new RegExp(`^((e|porte|tamanho|de porte|e de porte|e porte|ela e de porte|ele e de porte) )?${SIZE_WORD}\\b`);

export function extractSize(text: string): PetSize | undefined {
  const clean = text.replace(NOT_SIZE, ' ');
  let best: { size: PetSize; start: number; end: number } | undefined;
  for (const [size, pattern] of SIZE_PATTERNS) {
    for (const m of clean.matchAll(pattern)) {
      const hit = { size, start: m.index, end: m.index + m[0].length };
      const insideBest = best !== undefined && best.start <= hit.start && best.end >= hit.end;
      if (!insideBest && (best === undefined || hit.start < best.start)) best = hit;
    }
  }
  return best?.size;
}

/** Whether the message is first of all a statement of size, which makes it an answer to "qual o porte?". */
export function leadsWithSize(text: string): boolean {
  return LEADS_WITH_SIZE.test(text);
}
