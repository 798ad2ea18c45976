import { sql, type Kysely } from 'kysely';
import type { Database, PetSize, PriceBySize } from '../storage/database.js';
import { ORG_TOKEN_PREFIX, generateToken, hashToken } from '../storage/api-tokens.js';
import { generatePassword, hashPassword } from '../storage/passwords.js';
import { ConsentRepository } from '../storage/consent.repository.js';
import { repositories } from '../storage/repositories.js';
import { resolveSchedulingSettings } from '../domain/scheduling-settings.js';
import { phoneToJid } from '../domain/phone.js';
import { mulberry32, type Random } from '../runtime/random.js';
import { planDemoHistory, type DemoHistory } from './demo-history.js';

/**
 * The demo shop a fresh `npm start` shows: four services priced per size,
 * Mon–Fri 08–18 and Sat 08–12 in São Paulo, one simulator number, and about six
 * weeks of customers, pets and bookings (demo-history.ts) so Aurora and the
 * dashboard have something to show at once.
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
  { key: 'banho', name: 'Banho', category: 'banho', species: ['cão', 'gato'], bySize: price([60, 5000], [60, 6500], [90, 8000], [120, 10000]) },
  { key: 'tosa', name: 'Tosa', category: 'tosa', species: ['cão'], bySize: price([60, 5500], [90, 7000], [90, 9000], [120, 12000]) },
  { key: 'banho-e-tosa', name: 'Banho e Tosa', category: 'tosa', species: ['cão'], bySize: price([90, 9000], [120, 11500], [150, 14500], [180, 18000]) },
  { key: 'consulta', name: 'Consulta veterinária', category: 'veterinaria', species: ['cão', 'gato'], bySize: price([30, 15000], [30, 15000], [30, 15000], [30, 15000]) },
] as const;

/** How long ago the demo shop "opened": its catalog predates the history. */
const SHOP_AGE_DAYS = 180;

/** The planned history in a few statements: contacts, pets, then every booking at once. */
async function insertDemoHistory(db: Kysely<Database>, orgId: string, history: DemoHistory, serviceIds: ReadonlyMap<string, string>): Promise<string[]> {
  const petIds: string[][] = [];
  const contactIds: string[] = [];
  for (const customer of history.customers) {
    const contact = await db.insertInto('contacts')
      .values({ org_id: orgId, phone: customer.phone, name: customer.name, created_at: customer.createdAt, updated_at: customer.lastInteractionAt, last_interaction_at: customer.lastInteractionAt })
      .returning('id').executeTakeFirstOrThrow();
    contactIds.push(contact.id);
    // The demo's customers said yes to promotions when they first booked, so campaigns have an audience (LGPD: only a recorded yes counts).
    await new ConsentRepository(db).record({ orgId, contactId: contact.id, decision: 'granted', source: 'whatsapp', evidence: 'demo: respondeu QUERO RECEBER', now: customer.createdAt });
    const pets = await db.insertInto('pets')
      .values(customer.pets.map((p) => ({ org_id: orgId, contact_id: contact.id, name: p.name, species: p.species, breed: p.breed, size: p.size, created_at: customer.createdAt, updated_at: customer.createdAt })))
      .returning('id').execute();
    petIds.push(pets.map((p) => p.id));
  }
  if (history.bookings.length === 0) return contactIds;
  await db.insertInto('bookings').values(history.bookings.map((b) => ({
    org_id: orgId, contact_id: contactIds[b.customer]!, pet_id: petIds[b.customer]![b.pet]!, service_id: serviceIds.get(b.service)!, category: b.category, unit: b.unit,
    pet_size: b.size, starts_at: b.startsAt, ends_at: b.endsAt, blocked_until: b.endsAt, status: b.status, price_cents: b.priceCents, source: b.source,
    confirmed_at: b.status === 'confirmed' || b.status === 'completed' ? b.createdAt : null,
    completed_at: b.status === 'completed' ? b.endsAt : null,
    cancelled_at: b.status === 'cancelled' ? new Date(Math.min(b.startsAt.getTime() - 3_600_000, Math.max(b.createdAt.getTime(), b.startsAt.getTime() - 86_400_000))) : null,
    cancel_reason: b.status === 'cancelled' ? 'cliente desmarcou' : null,
    created_at: b.createdAt, updated_at: b.createdAt,
  }))).execute();
  return contactIds;
}

/**
 * Two chats for Conversas: one the bot handled yesterday, one handed to the team an hour ago
 * (with its reason), so the human inbox is not empty on a first start.
 */
async function insertDemoConversations(db: Kysely<Database>, orgId: string, instanceId: string, history: DemoHistory, contactIds: readonly string[], now: Date): Promise<void> {
  const minutes = (n: number) => new Date(now.getTime() - n * 60_000);
  const chats: Array<{ customer: number; handOff?: { at: Date; reason: string }; lines: Array<[number, 'customer' | 'bot', string]> }> = [
    {
      customer: 0,
      lines: [
        [26 * 60, 'customer', 'oi, quanto fica o banho?'],
        [26 * 60 - 1, 'bot', 'Olá! 🐾 O banho vai de R$ 50,00 (porte P) a R$ 100,00 (porte GG). Quer agendar?'],
        [26 * 60 - 3, 'customer', 'obrigada, depois eu marco'],
        [26 * 60 - 4, 'bot', 'Por nada! Quando quiser, é só chamar. 🐾'],
      ],
    },
    {
      customer: 1,
      handOff: { at: minutes(59), reason: 'cliente pediu atendente' },
      lines: [
        [60, 'customer', 'boa tarde, quero falar com um atendente sobre a tosa de ontem'],
        [59, 'bot', 'Claro! Já chamei alguém da equipe para falar com você. Aguarde só um instante, por favor. 🐾'],
      ],
    },
  ];
  for (const [c, chat] of chats.entries()) {
    const customer = history.customers[chat.customer];
    if (!customer) continue;
    const jid = phoneToJid(customer.phone);
    const last = minutes(Math.min(...chat.lines.map(([ago]) => ago)));
    const conversation = await db.insertInto('conversations').values({
      org_id: orgId, contact_id: contactIds[chat.customer]!, instance_id: instanceId, created_at: minutes(chat.lines[0]![0]), updated_at: last, last_message_at: last,
      ...(chat.handOff && { mode: 'human', escalated_at: chat.handOff.at, escalation_reason: chat.handOff.reason }),
    }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('messages').values(chat.lines.map(([ago, author, text], i) => ({
      org_id: orgId, conversation_id: conversation.id, instance_id: instanceId, remote_jid: jid, wa_message_id: `DEMO-${c}-${i}`,
      from_me: author !== 'customer', direction: author === 'customer' ? 'in' as const : 'out' as const, author, text, created_at: minutes(ago),
    }))).execute();
  }
}

/** Ready answers for Conversas, with the variables staff see filled from the open chat (domain/canned-replies.ts). */
export const DEMO_CANNED_REPLIES = [
  { title: 'Boas-vindas', text: 'Oi, {cliente}! Aqui é da equipe da {loja}. Em que posso ajudar? 🐾' },
  { title: 'Pet pronto para buscar', text: 'Oi, {cliente}! {pet} já terminou e está prontinho esperando por você aqui na {loja}. 🛁🐾' },
  { title: 'Confirmar horário', text: 'Oi, {cliente}! Passando para confirmar: {servico} de {pet} em {data}, às {hora}. Podemos contar com vocês? 🐾' },
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
  /** The demo owner's dashboard sign-in; the password is shown once. */
  owner: { email: string; password: string };
}

/** The demo shop's owner account (a reserved-looking address: `.demo` is not a public domain). */
export const DEMO_OWNER_EMAIL = 'dono@petshop.demo';

/** The demo history's seed: every fresh database gets the same customers and agenda (relative to its first start). */
export const DEMO_HISTORY_SEED = 20261204;

/** Seeds the demo shop if the database has no organization yet; returns undefined otherwise. */
export async function seedDemoOnce(db: Kysely<Database>, timezone: string, now: Date, random: Random = mulberry32(DEMO_HISTORY_SEED)): Promise<DemoSeed | undefined> {
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
    const seededAt = new Date(now.getTime() - SHOP_AGE_DAYS * 86_400_000);
    const serviceIds = new Map<string, string>();
    for (const service of DEMO_SERVICES) {
      const created = await repos.services.create(org.id, { ...service, species: [...service.species] }, seededAt);
      serviceIds.set(service.key, created.id);
    }
    const weekly = [...WEEKDAY_HOURS, SATURDAY_HOURS];
    await repos.businessHours.replace(org.id, { weekly, closures: [] }, now);
    const instance = await repos.instances.create({ orgId: org.id, name: 'WhatsApp da loja (simulador)', phone: '+5511988887777', transport: 'simulator', createdAt: now });
    const settings = resolveSchedulingSettings({ timezone, weekly, capacity: DEMO_SETTINGS.scheduling.capacity });
    const history = planDemoHistory(now, settings, DEMO_SERVICES, random);
    const contactIds = await insertDemoHistory(trx, org.id, history, serviceIds);
    await insertDemoConversations(trx, org.id, instance.id, history, contactIds, now);
    await trx.insertInto('canned_replies').values(DEMO_CANNED_REPLIES.map((r) => ({ org_id: org.id, title: r.title, text: r.text, created_at: now, updated_at: now }))).execute();
    const owner = await repos.users.create({ orgId: org.id, email: DEMO_OWNER_EMAIL, name: 'Dona Marta', role: 'owner' }, now);
    const password = generatePassword();
    await repos.users.setPassword(org.id, owner.id, await hashPassword(password));
    return { orgId: org.id, instanceId: instance.id, token, owner: { email: DEMO_OWNER_EMAIL, password } };
  });
}
