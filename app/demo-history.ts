import { openingIntervals } from '../domain/availability.js';
import type { PetSize } from '../domain/pet-size.js';
import type { SchedulingSettings } from '../domain/scheduling-settings.js';
import { capacityFor } from '../domain/scheduling-settings.js';
import { addDays, localDateOf, startOfLocalDay } from '../domain/zoned-time.js';
import type { Random } from '../runtime/random.js';

/**
 * About six weeks of plausible history for the demo shop, so every Aurora feature and every
 * dashboard screen has something to show on a first `npm start`: regular customers and their
 * pets, completed, cancelled and no-show bookings behind, a fuller agenda ahead, and a few
 * customers who stopped coming (the reactivation campaign's audience).
 *
 * Pure and deterministic: the same `now` and the same seeded `random` give the same plan;
 * every date is relative to `now`, in the shop's zone, and every booking fits the shop's
 * hours and capacity (one unit per place), never two at once for one pet.
 */

export interface DemoServiceRef {
  readonly key: string;
  readonly category: string;
  readonly species: readonly string[];
  readonly bySize: Readonly<Record<PetSize, { durationMin: number; priceCents: number }>>;
}

export interface PlannedPet { name: string; species: 'cão' | 'gato'; breed: string; size: PetSize }
export interface PlannedCustomer { phone: string; name: string; pets: PlannedPet[]; createdAt: Date; lastInteractionAt: Date }
export interface PlannedBooking {
  customer: number;
  pet: number;
  service: string;
  category: string;
  unit: number;
  size: PetSize;
  startsAt: Date;
  endsAt: Date;
  status: 'scheduled' | 'confirmed' | 'completed' | 'cancelled' | 'no_show';
  priceCents: number;
  source: 'whatsapp' | 'staff';
  createdAt: Date;
}
export interface DemoHistory { customers: PlannedCustomer[]; bookings: PlannedBooking[] }

export const HISTORY_DAYS = 42;
export const AHEAD_DAYS = 10;
/** Customers whose last visit is 31–42 days back: the inactive ones Aurora finds. */
export const INACTIVE_CUSTOMERS = 4;

const NAMES = [
  'Ana Souza', 'Bruno Lima', 'Carla Mendes', 'Diego Rocha', 'Eduarda Alves', 'Felipe Costa', 'Gabriela Ramos', 'Henrique Dias',
  'Isabela Martins', 'João Pereira', 'Karina Nunes', 'Lucas Ferreira', 'Mariana Oliveira', 'Nicolas Barbosa', 'Patrícia Gomes',
  'Rafael Teixeira', 'Sabrina Cardoso', 'Thiago Ribeiro', 'Vanessa Araújo', 'William Santos', 'Yasmin Carvalho', 'Roberta Freitas',
];
const DOGS: ReadonlyArray<[string, string, PetSize]> = [
  ['Thor', 'vira-lata', 'M'], ['Luna', 'shih tzu', 'P'], ['Mel', 'golden retriever', 'G'], ['Bob', 'poodle', 'P'], ['Nina', 'lhasa apso', 'P'],
  ['Max', 'labrador', 'G'], ['Pipoca', 'yorkshire', 'P'], ['Fred', 'border collie', 'M'], ['Amora', 'spitz alemão', 'P'], ['Zeus', 'pastor alemão', 'GG'],
  ['Bidu', 'beagle', 'M'], ['Belinha', 'maltês', 'P'], ['Toby', 'bulldog francês', 'M'], ['Lola', 'dachshund', 'P'], ['Rex', 'rottweiler', 'GG'],
];
const CATS: ReadonlyArray<[string, string, PetSize]> = [['Mia', 'siamês', 'P'], ['Frajola', 'sem raça definida', 'P'], ['Simba', 'persa', 'M'], ['Nala', 'maine coon', 'M']];

const DAY_MS = 86_400_000;
const SLOT_MIN = 30;

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function between(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** Which service a pet gets: dogs mostly baths and grooming, cats baths and the vet. */
function serviceFor(random: Random, pet: PlannedPet, services: readonly DemoServiceRef[]): DemoServiceRef {
  const offered = services.filter((s) => s.species.includes(pet.species));
  const weights: Record<string, number> = { banho: 45, tosa: 15, 'banho-e-tosa': 25, consulta: 15 };
  const total = offered.reduce((sum, s) => sum + (weights[s.key] ?? 10), 0);
  let roll = random() * total;
  for (const s of offered) {
    roll -= weights[s.key] ?? 10;
    if (roll < 0) return s;
  }
  return offered[0]!;
}

function planCustomers(random: Random, now: Date): PlannedCustomer[] {
  const dogs = [...DOGS];
  const cats = [...CATS];
  return NAMES.map((name, i) => {
    const pets: PlannedPet[] = [];
    const count = random() < 0.25 ? 2 : 1;
    for (let p = 0; p < count; p++) {
      const cat = cats.length > 0 && random() < 0.2;
      const pool = cat ? cats : dogs.length > 0 ? dogs : cats;
      if (pool.length === 0) break;
      const [petName, breed, size] = pool.splice(Math.floor(random() * pool.length), 1)[0]!;
      pets.push({ name: petName, species: pool === cats ? 'gato' : 'cão', breed, size });
    }
    if (pets.length === 0) pets.push({ name: `Pet ${i + 1}`, species: 'cão', breed: 'vira-lata', size: 'M' });
    const createdAt = new Date(now.getTime() - between(random, HISTORY_DAYS + 5, 120) * DAY_MS);
    return { phone: `+55119${String(81_000_000 + i * 137).padStart(8, '0')}`, name, pets, createdAt, lastInteractionAt: createdAt };
  });
}

export function planDemoHistory(now: Date, settings: SchedulingSettings, services: readonly DemoServiceRef[], random: Random): DemoHistory {
  const tz = settings.timezone;
  const customers = planCustomers(random, now);
  const inactive = new Set(customers.slice(-INACTIVE_CUSTOMERS).map((_, i) => customers.length - INACTIVE_CUSTOMERS + i));
  const bookings: PlannedBooking[] = [];
  const today = localDateOf(now, tz);
  const nowMs = now.getTime();

  for (let offset = -HISTORY_DAYS; offset <= AHEAD_DAYS; offset++) {
    const day = addDays(today, offset);
    const dayStart = startOfLocalDay(day, tz);
    const open = openingIntervals(settings, dayStart, startOfLocalDay(addDays(day, 1), tz));
    if (open.length === 0) continue;
    const openMin = open.reduce((sum, o) => sum + (o.end - o.start) / 60_000, 0);
    // A busy weekday has 6–9 visits, a short Saturday 3–5; further ahead the agenda is still filling.
    const wanted = openMin >= 480 ? between(random, 6, 9) : between(random, 3, 5);
    const target = offset > 2 ? Math.max(1, Math.round(wanted * (offset > 6 ? 0.3 : 0.6))) : wanted;
    // Customers who stopped coming visit only in the first week of the history.
    const eligible = customers.map((_, i) => i).filter((i) => !inactive.has(i) || offset <= -HISTORY_DAYS + 10);
    const petsToday = new Set<string>();
    const todays: PlannedBooking[] = [];
    for (let tries = 0; tries < target * 6 && todays.length < target; tries++) {
      const customer = pick(random, eligible);
      const petIndex = Math.floor(random() * customers[customer]!.pets.length);
      const pet = customers[customer]!.pets[petIndex]!;
      if (petsToday.has(`${customer}/${petIndex}`)) continue;
      const service = serviceFor(random, pet, services);
      const { durationMin, priceCents } = service.bySize[pet.size];
      const interval = pick(random, open);
      const slots = Math.floor((interval.end - interval.start) / (SLOT_MIN * 60_000));
      const start = interval.start + Math.floor(random() * slots) * SLOT_MIN * 60_000;
      const end = start + durationMin * 60_000;
      if (end > interval.end) continue;
      // The first unit of the category free at that start (capacity N = units 1..N).
      let unit = 0;
      for (let u = 1; u <= capacityFor(settings, service.category); u++) {
        const busy = todays.some((b) => b.category === service.category && b.unit === u && b.status !== 'cancelled' && b.startsAt.getTime() < end && start < b.endsAt.getTime());
        if (!busy) {
          unit = u;
          break;
        }
      }
      if (unit === 0) continue;
      petsToday.add(`${customer}/${petIndex}`);
      const past = end <= nowMs;
      const roll = random();
      const status: PlannedBooking['status'] = past
        ? roll < 0.82 ? 'completed' : roll < 0.93 ? 'cancelled' : 'no_show'
        : start <= nowMs ? 'confirmed' : roll < 0.08 ? 'cancelled' : roll < 0.4 ? 'confirmed' : 'scheduled';
      // Booked one to ten days before the visit, never after now; some of the visits ahead were booked this morning.
      const createdAt = offset > 0 && random() < 0.3
        ? new Date(nowMs - between(random, 5, 90) * 60_000)
        : new Date(Math.min(nowMs, start - between(random, 1, 10) * DAY_MS));
      todays.push({
        customer, pet: petIndex, service: service.key, category: service.category, unit, size: pet.size,
        startsAt: new Date(start), endsAt: new Date(end), status, priceCents, source: random() < 0.7 ? 'whatsapp' : 'staff', createdAt,
      });
    }
    bookings.push(...todays);
  }

  bookings.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  for (const b of bookings) {
    const c = customers[b.customer]!;
    const at = b.startsAt.getTime() <= nowMs ? b.startsAt : b.createdAt;
    if (at > c.lastInteractionAt) c.lastInteractionAt = at;
    if (b.createdAt < c.createdAt) c.createdAt = b.createdAt;
  }
  return { customers, bookings };
}
