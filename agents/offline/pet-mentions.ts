import { usualSizeOfBreed } from '../../domain/breed-sizes.js';
import { extractPetName } from '../../domain/intents/pet-name-slot.js';
import { extractSize } from '../../domain/intents/size-slot.js';
import { extractBreed, extractSpeciesWord, isPetKindWord } from '../../domain/intents/species-breed-slots.js';
import { normalizeText } from '../../domain/intents/text-normalize.js';
import { isCommonPetName, type PetSex } from '../../domain/pet-names.js';
import type { PetSize } from '../../domain/pet-size.js';
import { sexCueOf, sexOfPet } from '../../domain/pet-sex.js';
import type { Species } from '../../domain/species.js';

/**
 * The pets one message talks about, each with its own facts: "tenho um
 * golden, o Thor, e uma gata siamesa, a Mel" is two pets, and Mel is never a
 * golden. The message is cut into clauses (at punctuation, and at "e" when a
 * new pet starts: "e a Mel", "e um gato", "thor e mel"); each clause's facts go
 * to the pet it names, or to the pet before it when it names none and says
 * nothing that contradicts it ("Thor, é um vira-lata de porte médio").
 */
export interface PetMention {
  nome?: string;
  especie?: Species;
  raca?: string;
  porte?: PetSize;
  sexo?: PetSex;
  /** Said of every pet at once ("os dois porte médio", "pequenos"): fills each pet's gap. */
  all?: true;
}

const NEW_PET_AFTER_AND = new Set(['o', 'a', 'um', 'uma', 'meu', 'minha', 'outro', 'outra', 'tambem', 'seu', 'sua', 'para', 'do', 'da']);
const COUNT = /\b(dois|duas|tres|2|3)\b/;
/** Facts said of all the pets: "os dois são médios", "ambos pequenos", "pequenos". */
const OF_ALL = /\b(os dois|as duas|os 2|as 2|ambos|ambas|todos|todas|os tres|pequenos|pequenas|medios|medias|grandes|gigantes)\b/;

interface Clause {
  text: string;
  /** The clause began at "e" + a new pet ("e a Mel", "e um gato"): it is another pet, never more of the last one. */
  afterAnd: boolean;
}

function clauses(original: string): Clause[] {
  const out: Clause[] = [];
  for (const part of original.split(/[,;:.!?\n()]+/u)) {
    const words = part.split(/\s+/).filter((w) => w !== '');
    let current: string[] = [];
    let afterAnd = false;
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      const next = words[i + 1];
      const foldedNext = next === undefined ? '' : normalizeText(next).text;
      const startsPet = next !== undefined && (NEW_PET_AFTER_AND.has(foldedNext) || isCommonPetName(foldedNext) || (/^\p{Lu}/u.test(next) && i > 0));
      if (/^(e|&)$/i.test(w) && current.length > 0 && startsPet) {
        out.push({ text: current.join(' '), afterAnd });
        current = [];
        afterAnd = true;
        continue;
      }
      current.push(w);
    }
    if (current.length > 0) out.push({ text: current.join(' '), afterAnd });
    afterAnd = false;
  }
  return out;
}

function factsOf(text: string): PetMention & { plural: boolean } {
  const n = normalizeText(text);
  const facts: PetMention & { plural: boolean } = { plural: COUNT.test(n.text) };
  const nome = extractPetName(text);
  const breed = extractBreed(n.text);
  // "vira-lata" alone is a dog: that is how Brazilians use the word (a cat is "gato vira-lata").
  const especie = extractSpeciesWord(n.text) ?? breed?.species ?? (breed?.name === 'vira-lata' ? 'cão' : undefined);
  const porte = extractSize(n.text);
  const sexo = sexCueOf(text, nome, isPetKindWord);
  if (nome !== undefined) facts.nome = nome;
  if (especie !== undefined) facts.especie = especie;
  if (breed !== undefined) facts.raca = breed.name;
  if (porte !== undefined) facts.porte = porte;
  if (sexo !== undefined) facts.sexo = sexo;
  if (nome === undefined && OF_ALL.test(n.text)) facts.all = true;
  return facts;
}

/** Fills each pet's missing facts with those said of all of them. */
function fillAll(pets: PetMention[], all: PetMention): void {
  for (const p of pets) {
    for (const key of ['especie', 'raca', 'porte'] as const) if (p[key] === undefined && all[key] !== undefined) (p as Record<string, unknown>)[key] = all[key];
  }
}

function conflicts(a: PetMention, b: PetMention): boolean {
  const differ = <K extends keyof PetMention>(k: K) => a[k] !== undefined && b[k] !== undefined && a[k] !== b[k];
  return differ('nome') || differ('especie') || differ('raca') || differ('porte');
}

function isPetFact(f: PetMention): boolean {
  return f.nome !== undefined || f.especie !== undefined || f.raca !== undefined || f.porte !== undefined;
}

/** Every pet the message talks about, in order, each with only its own facts. */
export function petMentionsOf(original: string): PetMention[] {
  const mentions: PetMention[] = [];
  /** "tenho dois cachorros: thor e mel": the species the names that follow share. */
  let shared: PetMention | undefined;
  for (const clause of clauses(original)) {
    const { plural, ...facts } = factsOf(clause.text);
    if (!isPetFact(facts)) continue;
    // "os dois porte médio": for every pet named so far; alone in a message ("pequenos"), for every pet being gathered.
    if (facts.all && mentions.length > 0) {
      fillAll(mentions, facts);
      continue;
    }
    if (plural && facts.nome === undefined && facts.especie !== undefined) {
      shared = { especie: facts.especie, ...(facts.raca !== undefined ? { raca: facts.raca } : {}) };
      continue;
    }
    const last = mentions[mentions.length - 1];
    const startsNew = last === undefined || (clause.afterAnd && (facts.nome !== undefined || facts.especie !== undefined || facts.raca !== undefined)) || conflicts(last, facts);
    if (startsNew) mentions.push({ ...(facts.nome !== undefined && shared ? shared : {}), ...facts });
    else Object.assign(last, { ...facts, ...(last.sexo !== undefined && facts.sexo !== undefined ? { sexo: last.sexo } : {}) });
  }
  return mentions;
}

/**
 * Fills what the facts imply: the breed's usual size ("golden" → G) and the
 * name's usual sex ("Luna" → fêmea). Only gaps are filled; what the customer
 * said wins.
 */
export function completeMention(m: PetMention): PetMention {
  const out: PetMention = { ...m };
  if (out.porte === undefined) {
    const size = usualSizeOfBreed(out.raca);
    if (size !== undefined) out.porte = size;
  }
  const sexo = sexOfPet(out.sexo, out.nome);
  if (sexo !== undefined) out.sexo = sexo;
  return out;
}

export function sameName(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.localeCompare(b, 'pt-BR', { sensitivity: 'base' }) === 0;
}

/**
 * Folds a message's mentions into the pets being gathered, by name: a named
 * mention goes to the pet of that name (or fills the unnamed pet in focus, or
 * becomes a new pet); an unnamed one goes to the pet in focus (index 0). No
 * pet ever takes another's facts.
 */
export function mergeMentions(pets: readonly PetMention[], mentions: readonly PetMention[]): PetMention[] {
  const out = pets.map((p) => ({ ...p }));
  for (const m of mentions) {
    if (m.all && out.length > 0) {
      fillAll(out, m);
      continue;
    }
    const byName = m.nome === undefined ? -1 : out.findIndex((p) => sameName(p.nome, m.nome));
    if (byName >= 0) {
      Object.assign(out[byName]!, m);
      continue;
    }
    const focus = out[0];
    // An unnamed fact ("é grande", even "não, ele é grande") is about the pet in focus; so is a name for a pet not yet named.
    if (focus !== undefined && (m.nome === undefined || focus.nome === undefined)) Object.assign(focus, m);
    else out.push({ ...m });
  }
  return out;
}
