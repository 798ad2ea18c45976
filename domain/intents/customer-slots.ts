import { extractAge } from './age-slot.js';
import type { CustomerSlots } from './customer-intent.js';
import { extractPetName } from './pet-name-slot.js';
import { extractService } from './service-slot.js';
import { extractSize } from './size-slot.js';
import { extractBreed, extractSpeciesWord } from './species-breed-slots.js';
import type { NormalizedText } from './text-normalize.js';
import { extractWhen } from './when-slots.js';

/**
 * Every fact a customer message states, independent of its intent: "quanto
 * custa banho pra porte grande" and "quero marcar banho, ele é grande" both
 * carry service and size. The classifier adds the signals (urgent, hostile,
 * reminder_answer) that depend on the decision.
 */
export function extractCustomerSlots(n: NormalizedText): CustomerSlots {
  const slots: CustomerSlots = {};
  const service = extractService(n.text);
  if (service) slots.service = service;
  const size = extractSize(n.text);
  if (size) slots.size = size;
  const petName = extractPetName(n.original);
  if (petName) slots.pet_name = petName;

  const breed = extractBreed(n.text);
  // A species word beats the breed's species: "gata vira-lata", "cachorro tipo husky".
  const species = extractSpeciesWord(n.text) ?? breed?.species;
  if (species) slots.species = species;
  if (breed) slots.breed = breed.name;

  const age = extractAge(n.text);
  if (age.years !== undefined) slots.age_years = age.years;
  if (age.months !== undefined) slots.age_months = age.months;

  return Object.assign(slots, extractWhen(n.text));
}
