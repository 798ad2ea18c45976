import { type PetSex, sexOfName } from './pet-names.js';
import { foldText } from './text-normalization.js';

/**
 * The pet's sex as a pt-BR sentence gives it away: the animal word
 * ("cachorra", "gata", "cadela"), "macho"/"fêmea", the article before the name
 * ("a Luna", "do Thor") or a possessive before a breed ("minha shih tzu").
 * Used for agreement ("Luna está cadastrada", "banho da Mel"); when the text
 * says nothing, the name's usual sex decides, and failing that it is asked.
 */

const FEMALE_WORDS = new Set([
  'cachorra', 'cachorrinha', 'cadela', 'cadelinha', 'gata', 'gatinha', 'coelha', 'coelhinha', 'filhota', 'bichinha',
  'femea', 'femeazinha', 'castrada', 'chamada', 'chamadinha', 'ela', 'dela', 'menina', 'calopsita',
]);
// The masculine animal words ("cachorro", "gato") are left out: they are also the generic words,
// said of females too ("é cachorro ou gato?" — "gato"), so only their feminine forms tell.
const MALE_WORDS = new Set(['macho', 'machinho', 'castrado', 'chamado', 'chamadinho', 'ele', 'dele', 'menino']);
/** Articles and contractions before a name: "a Luna", "da Mel", "pro Thor". */
const FEMALE_BEFORE_NAME = new Set(['a', 'da', 'na', 'pela', 'pra', 'para', 'minha', 'uma']);
const MALE_BEFORE_NAME = new Set(['o', 'do', 'no', 'pelo', 'pro', 'meu', 'um']);
const FEMALE_POSSESSIVE = new Set(['minha', 'uma', 'a', 'da']);
const MALE_POSSESSIVE = new Set(['meu', 'um', 'o', 'do']);

function tokens(text: string): string[] {
  return foldText(text).split(/[^a-z]+/).filter((t) => t !== '');
}

/**
 * The sex the words of one pet's mention show, strongest cue first; undefined when they show none.
 * `name` is the pet's name when known, to read the article right before it; `isBreedWord` tells
 * a breed ("shih tzu" agrees with its possessive) from other nouns ("meu pet Luna" does not).
 */
export function sexCueOf(text: string, name: string | undefined, isBreedWord: (word: string) => boolean): PetSex | undefined {
  const ts = tokens(text);
  for (const t of ts) {
    if (FEMALE_WORDS.has(t)) return 'fêmea';
    if (MALE_WORDS.has(t)) return 'macho';
  }
  if (name !== undefined) {
    const first = foldText(name).split(/\s+/)[0];
    const at = ts.indexOf(first ?? '');
    const before = at > 0 ? ts[at - 1]! : undefined;
    // "pra"/"para" alone say nothing: "pra Luna" could be either; only "pra a" is folded away by people.
    if (before !== undefined && before !== 'pra' && before !== 'para') {
      if (FEMALE_BEFORE_NAME.has(before)) return 'fêmea';
      if (MALE_BEFORE_NAME.has(before)) return 'macho';
    }
  }
  for (let i = 1; i < ts.length; i++) {
    if (!isBreedWord(ts[i]!)) continue;
    if (FEMALE_POSSESSIVE.has(ts[i - 1]!)) return 'fêmea';
    if (MALE_POSSESSIVE.has(ts[i - 1]!)) return 'macho';
  }
  return undefined;
}

/** The sex to write the pet with: what the customer said, else the name's usual sex. */
export function sexOfPet(said: PetSex | undefined, name: string | undefined): PetSex | undefined {
  return said ?? (name === undefined ? undefined : sexOfName(name));
}

/** pt-BR agreement: `agree('fêmea', 'cadastrado', 'cadastrada')`; masculine when the sex is unknown. */
export function agree(sex: PetSex | null | undefined, masculine: string, feminine: string): string {
  return sex === 'fêmea' ? feminine : masculine;
}

/** "do Thor", "da Mel"; "de Pipoca" when the sex is unknown (still correct pt-BR). */
export function ofPet(name: string, sex: PetSex | null | undefined): string {
  return `${sex === 'fêmea' ? 'da' : sex === 'macho' ? 'do' : 'de'} ${name}`;
}
