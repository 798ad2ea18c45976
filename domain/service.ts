import { type PetSize, PET_SIZES } from './pet-size.js';
import { normalizeSpecies } from './species.js';
import { foldText } from './text-normalization.js';

/** Duration and price of a service for one pet size. */
export interface SizeOffering {
  readonly durationMin: number;
  readonly priceCents: number;
}

/**
 * A bookable service. Duration and price depend on the pet's size because a
 * bath for a Yorkshire and for a Golden are different jobs; a size missing from
 * `bySize` means the shop does not offer the service for that size.
 */
export interface Service {
  readonly id: string;
  readonly name: string;
  /** Groups services that share staff or equipment, e.g. 'banho', 'tosa', 'consulta'. */
  readonly category: string;
  /** Species served (canonical or synonyms). Empty means every species. */
  readonly species: readonly string[];
  readonly active: boolean;
  readonly bySize: Readonly<Partial<Record<PetSize, SizeOffering>>>;
}

export function offeringFor(service: Service, size: PetSize): SizeOffering | undefined {
  return service.bySize[size];
}

export function sizesOffered(service: Service): PetSize[] {
  return PET_SIZES.filter((size) => service.bySize[size] !== undefined);
}

/**
 * Whether the service takes this species. Both sides are normalised, so a
 * service configured with ['cachorro'] serves a pet stored as 'cão'.
 */
export function servesSpecies(service: Service, species: string): boolean {
  if (service.species.length === 0) return true;
  const wanted = normalizeSpecies(species);
  if (wanted === null) return false;
  return service.species.some((s) => normalizeSpecies(s) === wanted);
}

/** Cheapest and dearest price over the offered sizes ("a partir de R$ 50"), or null if none. */
export function priceRangeCents(service: Service): { min: number; max: number } | null {
  const prices = sizesOffered(service).map((size) => service.bySize[size]!.priceCents);
  if (prices.length === 0) return null;
  return { min: Math.min(...prices), max: Math.max(...prices) };
}

/**
 * Categories are typed by staff ('Banho', 'banho ', 'Consulta'); capacity and
 * overlap checks compare this folded key so spelling variants share a pool.
 */
export function categoryKey(category: string): string {
  return foldText(category).trim().replace(/\s+/g, ' ');
}
