import type { Executor } from '../../storage/executor.js';
import { repositories } from '../../storage/repositories.js';
import { FIXTURE_TIME } from './fake-clock.js';

/** A tenant with one simulator number, one customer and one pet: the smallest world most tests need. */
export async function seedTenant(db: Executor, name = 'Pet Shop Teste', now = FIXTURE_TIME) {
  const repos = repositories(db);
  const org = await repos.organizations.create({ name, ownerNumbers: ['+5511900000001'] }, now);
  const instance = await repos.instances.create({ orgId: org.id, name: 'Principal', transport: 'simulator', createdAt: now });
  const contact = await repos.contacts.findOrCreateByPhone(org.id, { phone: '+5511987654321', name: 'Ana' }, now);
  const pet = await repos.pets.upsert(org.id, contact.id, { name: 'Rex', species: 'cão', size: 'M' }, now);
  const service = await repos.services.create(org.id, {
    name: 'Banho',
    category: 'banho',
    species: ['cão', 'gato'],
    bySize: { P: { durationMin: 60, priceCents: 5000 }, M: { durationMin: 60, priceCents: 6000 } },
  }, now);
  return { repos, org, instance, contact, pet, service };
}
