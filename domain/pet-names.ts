import { foldText } from './text-normalization.js';

/**
 * Common Brazilian pet names and the sex they usually go with, folded (no
 * accents, lower case). Used twice: a word in this list is read as a name even
 * in lower case ("minha shih tzu luna"), and its sex chooses the pt-BR
 * agreement ("Luna está cadastrada") when the customer gave no cue.
 *
 * Names used for both sexes (Pipoca, Cacau, Paçoca, Bolinha…) are in
 * UNISEX_PET_NAMES: still names, but their sex is asked.
 */
export type PetSex = 'macho' | 'fêmea';

const FEMALE =
  'luna lua mel nina lola amora belinha bela bella pandora mia maya jade princesa frida kiara estrela meg babi cindy ' +
  'duquesa filo jujuba kika laila lili lady madona malu mimi nala perola pituca safira sofia suzy tina dora lulu ' +
  'fiona gaia hana isis julieta lilica lupita maggie manu mafalda menina molly nicole olivia pantera penelope ' +
  'pretinha raja sasha serena shakira sol teca valentina vitoria zara zoe zoey bolota chiquinha fofinha pepita ' +
  'amendoa canela ameixa cereja pimenta pipa jolie luma layla kate kiki minnie athena atena aurora flor florzinha ' +
  'bibi cookie dalila diana elza fifi gigi lara lia lis lisa maria nega pequena pitty polly ruby sansa tata';

const MALE =
  'thor rex bob max fred toby tobby billy bidu simba zeus apolo spike marley theo teo bento pingo rufus chico scooby ' +
  'tobias luke ozzy bruce duke brutus pluto tom nick bóris boris buddy charlie dudu faisca floquinho frajola ' +
  'garfield hulk jack joca juca kiko leao lion lobo logan mike milo nino ollie oliver otto pepe petit pretinho ' +
  'pudim rambo ringo rocky romeu sansao scott sultao tico tigrao toddy tony totó toto trovao ulisses vicente yoda ' +
  'zeca ziggy bolt bingo banze beethoven biscoito bruno caramelo chiclete dengo dino enzo falcao farofa fubá fuba ' +
  'gordo jimmy kadu leo lucky lupi malhado marrom negao nego ozzie paco pirata platao raul sheik snoopy tadeu ' +
  'tarzan tito tufao xodo fofao bartolomeu';

const UNISEX = 'pipoca cacau pacoca bolinha nescau paçoca pingo brisa kuki amendoim sushi pudim oreo chocolate';

function folded(list: string): ReadonlySet<string> {
  return new Set(list.split(/\s+/).filter((w) => w !== '').map((w) => foldText(w)));
}

const FEMALE_NAMES = folded(FEMALE);
const MALE_NAMES = folded(MALE);
export const UNISEX_PET_NAMES = folded(UNISEX);

/** Whether a folded word is a common pet name (of any sex). */
export function isCommonPetName(word: string): boolean {
  const w = foldText(word);
  return FEMALE_NAMES.has(w) || MALE_NAMES.has(w) || UNISEX_PET_NAMES.has(w);
}

/** The usual sex of a pet's name; undefined for unisex and unknown names (then it is asked). */
export function sexOfName(name: string): PetSex | undefined {
  const w = foldText(name.trim().split(/\s+/)[0] ?? '');
  if (UNISEX_PET_NAMES.has(w)) return undefined;
  if (FEMALE_NAMES.has(w)) return 'fêmea';
  if (MALE_NAMES.has(w)) return 'macho';
  return undefined;
}
