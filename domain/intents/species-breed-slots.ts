import type { Species } from '../species.js';

/**
 * Species and breed named in canonical text.
 *
 * Breeds are stored lower-case in their usual Brazilian spelling ('shih tzu',
 * 'vira-lata', 'são bernardo'), whatever the customer typed ("shitzu", "vira
 * lata", "sao bernardo", "siamesa"). A breed also tells the species ("uma
 * poodle" is a dog), except 'vira-lata', which is said of cats too.
 *
 * Size is deliberately NOT inferred from breed: a poodle may be toy or
 * standard, and asking "qual o porte?" costs less than a wrong price.
 */
interface Breed {
  readonly name: string;
  readonly pattern: RegExp;
  readonly species?: Species;
}

/** Every word of every breed spelling ("golden", "retriever", "lhasa"…), so none is read as a pet's name. */
const BREED_WORDS = new Set<string>();
const NOT_BREED_WORDS = new Set(['da', 'de', 'sem', 'raca', 'definida', 'tipo']);

function breed(name: string, alternatives: string, species?: Species): Breed {
  const pattern = new RegExp(`\\b(${alternatives})\\b`);
  for (const word of alternatives.replace(/s\?/g, '').split(/[| ]/)) if (!NOT_BREED_WORDS.has(word)) BREED_WORDS.add(word);
  return species === undefined ? { name, pattern } : { name, pattern, species };
}

const DOG: Species = 'cão';
const CAT: Species = 'gato';

// Longer names before the shorter ones they contain ("bulldog francês" before "bulldog").
const BREEDS: readonly Breed[] = [
  breed('vira-lata', 'vira latas?|viralatas?|vira latinha|srd|sem raca definida|sem raca'),
  breed('shih tzu', 'shih tzu|shihtzu|shitzu|shitsu|shi tzu|shih tsu|chitzu|xitzu', DOG),
  breed('golden retriever', 'golden retriever|golden', DOG),
  breed('labrador', 'labrador retriever|labrador|labradora', DOG),
  breed('são bernardo', 'sao bernardo', DOG),
  breed('pastor alemão', 'pastor alemao|pastora alema|pastor alema', DOG),
  breed('pastor belga', 'pastor belga', DOG),
  breed('bulldog francês', 'bulldog frances|buldogue frances|bulldogue frances|buldog frances|frenchie|bulldog francesa|buldogue francesa', DOG),
  breed('bulldog inglês', 'bulldog ingles|buldogue ingles|bulldog inglesa|buldogue inglesa', DOG),
  breed('spitz alemão', 'spitz alemao|spitz|lulu da pomerania|lulu', DOG),
  breed('yorkshire', 'yorkshire terrier|yorkshire|yorkie|york', DOG),
  breed('lhasa apso', 'lhasa apso|lhasa|lasa apso|lhasa apsa', DOG),
  breed('maltês', 'maltes|maltesa', DOG),
  breed('pinscher', 'pinscher|pincher|pinsher', DOG),
  breed('poodle', 'poodle|poodles|pudle|pudol', DOG),
  breed('pug', 'pug|pugs', DOG),
  breed('beagle', 'beagle|beagles|bigle', DOG),
  breed('dachshund', 'dachshund|salsicha|salsichinha|teckel|daschund', DOG),
  breed('border collie', 'border collie|border', DOG),
  breed('rottweiler', 'rottweiler|rotweiler|rottweiller|rotweiller|rott', DOG),
  breed('pit bull', 'pit bull|pitbull|pit', DOG),
  breed('husky siberiano', 'husky siberiano|husky|huski', DOG),
  breed('chihuahua', 'chihuahua|chiuaua|chihuaua', DOG),
  breed('schnauzer', 'schnauzer|schnauser|chnauzer', DOG),
  breed('cocker spaniel', 'cocker spaniel|cocker', DOG),
  breed('boxer', 'boxer', DOG),
  breed('dálmata', 'dalmata', DOG),
  breed('doberman', 'doberman|dobermann', DOG),
  breed('akita', 'akita', DOG),
  breed('chow chow', 'chow chow|chow', DOG),
  breed('bichon frisé', 'bichon frise|bichon', DOG),
  breed('samoieda', 'samoieda|samoyed', DOG),
  breed('fila brasileiro', 'fila brasileiro', DOG),
  breed('dogue alemão', 'dogue alemao|dogue alema', DOG),
  breed('bernese', 'bernese|boiadeiro bernes', DOG),
  breed('basset hound', 'basset hound|basset', DOG),
  breed('pequinês', 'pequines|pekines|pequinesa', DOG),
  breed('cavalier king charles', 'cavalier king charles|cavalier', DOG),
  breed('jack russell', 'jack russell|jack russel', DOG),
  breed('west highland terrier', 'west highland|westie', DOG),
  breed('weimaraner', 'weimaraner', DOG),
  breed('corgi', 'corgi', DOG),
  breed('siamês', 'siames|siamesa|siameses', CAT),
  breed('persa', 'persa|persas', CAT),
  breed('angorá', 'angora', CAT),
  breed('maine coon', 'maine coon|main coon', CAT),
  breed('sphynx', 'sphynx|sphinx', CAT),
  breed('ragdoll', 'ragdoll', CAT),
  breed('bengal', 'bengal', CAT),
  breed('british shorthair', 'british shorthair|british', CAT),
];

// Words, not breeds. "rato" and "cobra" are left out: "veneno de rato" and
// "picada de cobra" are about emergencies, not the customer's pet.
const SPECIES_WORDS: readonly (readonly [Species, string])[] = [
  ['cão', 'cao|caes|cachorr[oa]s?|cachorrinh[oa]s?|cachorrao|cachorrona|cadelas?|cadelinhas?|dogs?|doguinh[oa]s?|canin[oa]'],
  ['gato', 'gat[oa]s?|gatinh[oa]s?|felin[oa]s?|bichan[oa]s?|cat'],
  ['ave', 'aves?|passaros?|passarinh[oa]s?|calopsitas?|papagaios?|periquitos?|canarios?'],
  ['roedor', 'roedor(es)?|hamsters?|chinchilas?|porquinhos? da india|gerbil'],
  ['coelho', 'coelh[oa]s?|coelhinh[oa]s?'],
  ['réptil', 'reptil|repteis|tartarugas?|jabutis?|iguanas?|lagartos?'],
];

const SPECIES_PATTERNS = SPECIES_WORDS.map(([species, words]) => [species, new RegExp(`\\b(${words})\\b`, 'g')] as const);
const SPECIES_WORD_EXACT = new RegExp(`^(${SPECIES_WORDS.map(([, w]) => w).join('|')})$`);

/** Whether a single folded word names a breed or species; such a word is never a pet's name. */
export function isPetKindWord(word: string): boolean {
  return SPECIES_WORD_EXACT.test(word) || BREED_WORDS.has(word) || BREED_WORDS.has(word.replace(/s$/, ''));
}

export function extractBreed(text: string): { name: string; species?: Species } | undefined {
  let best: { breed: Breed; index: number } | undefined;
  for (const b of BREEDS) {
    const m = b.pattern.exec(text);
    if (m && (best === undefined || m.index < best.index)) best = { breed: b, index: m.index };
  }
  if (!best) return undefined;
  return best.breed.species === undefined ? { name: best.breed.name } : { name: best.breed.name, species: best.breed.species };
}

/** The species named by a word ("cachorro", "gata", "dog"), earliest first. */
export function extractSpeciesWord(text: string): Species | undefined {
  let best: { species: Species; index: number } | undefined;
  for (const [species, pattern] of SPECIES_PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      if (best === undefined || m.index < best.index) best = { species, index: m.index };
    }
  }
  return best?.species;
}
