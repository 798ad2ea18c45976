import type { PetSize } from './pet-size.js';

/**
 * The size ("porte") a breed usually has in a Brazilian pet shop's price
 * table (P up to ~10 kg, M ~10–25 kg, G ~25–45 kg, GG above), keyed by the
 * canonical breed names of domain/intents/species-breed-slots.ts.
 *
 * Breeds whose size varies too much to guess are left out on purpose —
 * poodle (toy to standard), schnauzer (miniature to giant), vira-lata, chow
 * chow, samoieda — so the assistant asks "qual o porte?" for them: a question
 * costs less than a wrong price.
 */
export const USUAL_BREED_SIZE: Readonly<Record<string, PetSize>> = Object.freeze({
  // Small dogs.
  'shih tzu': 'P',
  yorkshire: 'P',
  'lhasa apso': 'P',
  maltês: 'P',
  pinscher: 'P',
  pug: 'P',
  chihuahua: 'P',
  'spitz alemão': 'P',
  dachshund: 'P',
  'bichon frisé': 'P',
  pequinês: 'P',
  'cavalier king charles': 'P',
  'jack russell': 'P',
  'west highland terrier': 'P',
  // Medium dogs.
  beagle: 'M',
  'bulldog francês': 'M',
  'bulldog inglês': 'M',
  'cocker spaniel': 'M',
  corgi: 'M',
  'border collie': 'M',
  'basset hound': 'M',
  'pit bull': 'M',
  // Large dogs.
  'golden retriever': 'G',
  labrador: 'G',
  'pastor alemão': 'G',
  'pastor belga': 'G',
  boxer: 'G',
  dálmata: 'G',
  doberman: 'G',
  'husky siberiano': 'G',
  akita: 'G',
  rottweiler: 'G',
  weimaraner: 'G',
  // Giant dogs.
  'são bernardo': 'GG',
  'fila brasileiro': 'GG',
  'dogue alemão': 'GG',
  bernese: 'GG',
  // Cats: most are small for grooming prices; the big breeds are not.
  siamês: 'P',
  persa: 'P',
  angorá: 'P',
  sphynx: 'P',
  bengal: 'M',
  ragdoll: 'M',
  'british shorthair': 'M',
  'maine coon': 'G',
});

/** The usual size of a breed, or undefined when the breed varies (or is unknown) and the size must be asked. */
export function usualSizeOfBreed(breed: string | undefined): PetSize | undefined {
  return breed === undefined ? undefined : USUAL_BREED_SIZE[breed.toLocaleLowerCase('pt-BR')];
}
