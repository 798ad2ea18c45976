import type { Kysely } from 'kysely';
import type { Database } from '../../storage/database.js';
import { repositories } from '../../storage/repositories.js';

export interface ShopLayout {
  shops: number;
  numbersPerShop: number;
}

/**
 * The shops every Patinha benchmark runs on: `shops` organizations, open all
 * week and selling one bath, each with `numbersPerShop` simulator numbers.
 * Returns the numbers' instance ids, by shop.
 */
export async function seedShops(db: Kysely<Database>, layout: ShopLayout, now: Date): Promise<string[][]> {
  const repos = repositories(db);
  const instanceIds: string[][] = [];
  for (let s = 0; s < layout.shops; s++) {
    const org = await repos.organizations.create({
      name: `Pet Shop ${s + 1}`,
      ownerNumbers: [`+55119000${String(10_000 + s)}`],
      settings: { address: 'Rua A, 1', scheduling: { capacity: { banho: 1 } } },
    }, now);
    await repos.businessHours.replace(org.id, { weekly: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: '00:00', closes: '23:59' })), closures: [] }, now);
    await repos.services.create(org.id, { name: 'Banho', category: 'banho', species: ['cão', 'gato'], bySize: { M: { durationMin: 60, priceCents: 6500 } } }, now);
    const ids: string[] = [];
    for (let n = 0; n < layout.numbersPerShop; n++) {
      const instance = await repos.instances.create({ orgId: org.id, name: `Número ${n + 1}`, transport: 'simulator', phone: `+551198${String(100_000 + s * 100 + n)}`, createdAt: now });
      ids.push(instance.id);
    }
    instanceIds.push(ids);
  }
  return instanceIds;
}

/** The number customer c writes to: shop c mod shops, then the shop's numbers in turn. */
export function numberOf(instanceIds: string[][], customer: number): string {
  const shop = instanceIds[customer % instanceIds.length]!;
  return shop[Math.floor(customer / instanceIds.length) % shop.length]!;
}
