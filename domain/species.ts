import { foldText } from './text-normalization.js';

/**
 * Canonical species, in pt-BR because they are stored and shown as is.
 *
 * Dogs and cats are almost all of a pet shop's work; vet clinics also see birds,
 * rodents, rabbits and reptiles, which get their own value because services
 * (and vets) are often restricted to them. Anything else is 'outro'.
 */
export type Species = 'cão' | 'gato' | 'ave' | 'roedor' | 'coelho' | 'réptil' | 'outro';

export const SPECIES: readonly Species[] = Object.freeze(['cão', 'gato', 'ave', 'roedor', 'coelho', 'réptil', 'outro']);

// Keys are folded (lower case, no accents). Plurals and diminutives are listed
// because "meus cachorros" and "minha gatinha" are how people actually write.
const SYNONYMS: ReadonlyMap<string, Species> = new Map<string, Species>([
  ...words('cão', 'cao caes cachorro cachorra cachorros cachorras cachorrinho cachorrinha cadela cadelas dog dogs canino canina cachorrao'),
  ...words('gato', 'gato gata gatos gatas gatinho gatinha gatinhos cat cats felino felina'),
  ...words('ave', 'ave aves passaro passaros passarinho calopsita papagaio periquito canario bird'),
  ...words('roedor', 'roedor roedores hamster hamsters chinchila porquinho rato ratinho camundongo gerbil'),
  ...words('coelho', 'coelho coelha coelhos coelhinho rabbit'),
  ...words('réptil', 'reptil repteis tartaruga jabuti cagado iguana cobra serpente lagarto'),
  ...words('outro', 'outro outra outros outras furao other'),
]);

function words(species: Species, list: string): [string, Species][] {
  return list.split(' ').map((w) => [w, species]);
}

export function isSpecies(value: unknown): value is Species {
  return typeof value === 'string' && (SPECIES as readonly string[]).includes(value);
}

/**
 * The canonical species named in `text` ("Cachorro", "cao", "dog", "minha gata"),
 * or null when none is recognised. Unknown animals are not silently turned into
 * 'outro': the caller decides whether to ask again or file it as 'outro'.
 */
export function normalizeSpecies(text: string): Species | null {
  for (const token of foldText(text).split(/[^a-z]+/)) {
    const species = SYNONYMS.get(token);
    if (species) return species;
  }
  return null;
}
