import { sql, type Kysely } from 'kysely';
import type { Database, PetSize, PriceBySize } from '../storage/database.js';
import { ORG_TOKEN_PREFIX, generateToken, hashToken } from '../storage/api-tokens.js';
import { repositories } from '../storage/repositories.js';

/**
 * The demo shop a fresh `npm start` shows: four services priced per size,
 * Mon–Fri 08–18 and Sat 08–12 in São Paulo, one simulator number.
 */
export const DEMO_ORG_NAME = 'Pet Shop Demo';
export const DEMO_OWNER_NUMBER = '+5511999990000';

type Prices = Record<PetSize, PriceBySize>;
const price = (p: [number, number], m: [number, number], g: [number, number], gg: [number, number]): Prices => ({
  P: { durationMin: p[0], priceCents: p[1] },
  M: { durationMin: m[0], priceCents: m[1] },
  G: { durationMin: g[0], priceCents: g[1] },
  GG: { durationMin: gg[0], priceCents: gg[1] },
});

export const DEMO_SERVICES = [
  { name: 'Banho', category: 'banho', species: ['cão', 'gato'], bySize: price([60, 5000], [60, 6500], [90, 8000], [120, 10000]) },
  { name: 'Tosa', category: 'tosa', species: ['cão'], bySize: price([60, 5500], [90, 7000], [90, 9000], [120, 12000]) },
  { name: 'Banho e Tosa', category: 'tosa', species: ['cão'], bySize: price([90, 9000], [120, 11500], [150, 14500], [180, 18000]) },
  { name: 'Consulta veterinária', category: 'veterinaria', species: ['cão', 'gato'], bySize: price([30, 15000], [30, 15000], [30, 15000], [30, 15000]) },
] as const;

const WEEKDAY_HOURS = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes: '18:00' }));
const SATURDAY_HOURS = { weekday: 6, opens: '08:00', closes: '12:00' };

export const DEMO_SETTINGS = {
  address: 'Rua das Palmeiras, 123 – Vila Mariana, São Paulo – SP',
  paymentMethods: ['Pix', 'cartão de crédito', 'cartão de débito', 'dinheiro'],
  scheduling: { capacity: { banho: 2, tosa: 1, veterinaria: 1 } },
};

export interface DemoSeed {
  orgId: string;
  instanceId: string;
  /** The demo org's API token, shown once. */
  token: string;
}

/** Seeds the demo shop if the database has no organization yet; returns undefined otherwise. */
export async function seedDemoOnce(db: Kysely<Database>, timezone: string, now: Date): Promise<DemoSeed | undefined> {
  return db.transaction().execute(async (trx) => {
    // Nodes starting together on one database must not both seed: serialize on an advisory lock.
    await sql`select pg_advisory_xact_lock(hashtext('patinha:seed-demo'))`.execute(trx);
    const repos = repositories(trx);
    const existing = await trx.selectFrom('organizations').select('id').limit(1).executeTakeFirst();
    if (existing) return undefined;
    const org = await repos.organizations.create({
      name: DEMO_ORG_NAME,
      timezone,
      ownerNumbers: [DEMO_OWNER_NUMBER],
      settings: DEMO_SETTINGS,
    }, now);
    const token = generateToken(ORG_TOKEN_PREFIX);
    await repos.organizations.setTokenHash(org.id, hashToken(token), now);
    for (const service of DEMO_SERVICES) {
      await repos.services.create(org.id, { ...service, species: [...service.species] }, now);
    }
    await repos.businessHours.replace(org.id, { weekly: [...WEEKDAY_HOURS, SATURDAY_HOURS], closures: [] }, now);
    const instance = await repos.instances.create({ orgId: org.id, name: 'WhatsApp da loja (simulador)', phone: '+5511988887777', transport: 'simulator', createdAt: now });
    return { orgId: org.id, instanceId: instance.id, token };
  });
}
