import { foldText } from '../../domain/text-normalization.js';
import type { Pet } from '../../storage/pets.repository.js';
import type { Service } from '../../storage/services.repository.js';

/**
 * Finds what a customer (or a model) named: "banho e tosa", "consulta",
 * "o Rex". Exact name first, then the service whose name is contained in the
 * words, the longest such name winning ("banho e tosa" over "banho").
 */
export function findService(services: readonly Service[], name: string): Service | undefined {
  const wanted = foldText(name).trim();
  const active = services.filter((s) => s.active);
  const exact = active.find((s) => foldText(s.name) === wanted);
  if (exact) return exact;
  const contained = active
    .filter((s) => wanted.includes(foldText(s.name)) || foldText(s.name).includes(wanted))
    .sort((a, b) => b.name.length - a.name.length);
  if (contained.length) return contained[0];
  const byCategory = active.filter((s) => foldText(s.category) === wanted || wanted.includes(foldText(s.category)));
  return byCategory.length === 1 ? byCategory[0] : undefined;
}

export function findPet(pets: readonly Pet[], name: string | undefined): Pet | undefined {
  if (!name) return pets.length === 1 ? pets[0] : undefined;
  const wanted = foldText(name).replace(/^(o|a|do|da|pro|pra|para o|para a)\s+/, '').trim();
  return pets.find((p) => foldText(p.name) === wanted) ?? pets.find((p) => wanted.includes(foldText(p.name)));
}
