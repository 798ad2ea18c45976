import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { CustomerAgent } from '../../agents/customer-agent.js';
import { BookingsRepository } from '../../storage/bookings.repository.js';
import type { Database } from '../../storage/database.js';
import { repositories } from '../../storage/repositories.js';
import type { NewService } from '../../storage/services.repository.js';
import type { PipelineHarness } from './pipeline-harness.js';

/**
 * The customer-conversation corpus (test/data/customer-conversations.jsonl):
 * messy pt-BR conversations, each with what a good assistant leaves behind —
 * the pets registered with their facts, the booking at the hour asked, a
 * hand-off, the kind of the last reply. This module runs one conversation
 * through the whole pipeline (simulator → actors → agent → database) and
 * scores its outcomes; the tests decide what score passes.
 */

export interface ExpectedPet {
  name: string;
  species?: string;
  size?: string;
  breed?: string;
  sex?: string;
}

export interface CorpusConversation {
  id: string;
  /** Pets on file before the conversation: [name, species, size, sex]. */
  pets?: Array<[string, string, string, string?]>;
  /** Bookings before it: [pet, service, 'YYYY-MM-DD HH:mm' local, 'other' when another customer's]. */
  bookings?: Array<[string, string, string, string?]>;
  say: string[];
  expect: {
    /** Every pet of the customer at the end (default: the ones on file, unchanged). */
    pets?: ExpectedPet[];
    /** The booking the conversation made (default: none). */
    booking?: { at: string; pet: string };
    /** How many bookings it made, when more than one. */
    bookings?: number;
    cancelled?: number;
    /** The booking on file, moved to this local time. */
    rescheduled?: string;
    /** Whether the conversation ends with the team (default: false). */
    handoff?: boolean;
    /** A pattern the last reply matches (its kind). */
    last?: string;
  };
}

export const CORPUS_SERVICES: NewService[] = [
  {
    name: 'Banho', category: 'banho', species: ['cão', 'gato'],
    bySize: { P: { durationMin: 60, priceCents: 5000 }, M: { durationMin: 60, priceCents: 6500 }, G: { durationMin: 90, priceCents: 8000 }, GG: { durationMin: 120, priceCents: 10000 } },
  },
  {
    name: 'Tosa', category: 'tosa', species: ['cão'],
    bySize: { P: { durationMin: 90, priceCents: 7000 }, M: { durationMin: 90, priceCents: 9000 }, G: { durationMin: 120, priceCents: 12000 }, GG: { durationMin: 150, priceCents: 15000 } },
  },
];

export function loadCorpus(): CorpusConversation[] {
  const file = fileURLToPath(new URL('../data/customer-conversations.jsonl', import.meta.url));
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as CorpusConversation);
}

/** 'YYYY-MM-DD HH:mm' in São Paulo (the test shop's zone, no daylight saving) → ISO instant. */
export function localToIso(local: string): string {
  return new Date(`${local.replace(' ', 'T')}:00-03:00`).toISOString();
}

export interface Outcome {
  name: string;
  ok: boolean;
  detail?: string;
}

export interface ConversationResult {
  id: string;
  replies: string[];
  outcomes: Outcome[];
  /** Questions asked three times or more. */
  repeatedQuestions: string[];
}

/** The question a reply asks (its last sentence with "?"), leaving out the yes/no of a proposal. */
export function questionOf(reply: string): string | undefined {
  const sentences = reply.split(/(?<=[?!.])\s+|\n/).map((s) => s.trim()).filter((s) => s.includes('?') && !/^Confirma\?/.test(s) && !/Confirma\? \(sim\/não\)$/.test(s));
  return sentences.at(-1);
}

export function questionsAskedThrice(replies: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const r of replies) {
    const q = questionOf(r);
    if (q !== undefined) counts.set(q, (counts.get(q) ?? 0) + 1);
  }
  return [...counts].filter(([, n]) => n >= 3).map(([q]) => q);
}

async function setUp(h: PipelineHarness<CustomerAgent>, c: CorpusConversation, phone: string): Promise<{ contactId: string; before: Set<string> }> {
  const repos = repositories(h.storage.db);
  const now = new Date(h.clock.now());
  const contact = await repos.contacts.findOrCreateByPhone(h.orgId, { phone }, now);
  const services = await repos.services.list(h.orgId);
  const petIds = new Map<string, string>();
  for (const [name, species, size, sex] of c.pets ?? []) {
    const pet = await repos.pets.upsert(h.orgId, contact.id, { name, species, size: size as 'P', sex: (sex as 'macho' | undefined) ?? null }, now);
    petIds.set(name, pet.id);
  }
  const bookings = new BookingsRepository(h.storage.db);
  for (const [petName, serviceName, at, whose] of c.bookings ?? []) {
    let contactId = contact.id;
    let petId = petIds.get(petName)!;
    if (whose === 'other') {
      const other = await repos.contacts.findOrCreateByPhone(h.orgId, { phone: phone.replace('+5511970', '+5511971') }, now);
      petId = (await repos.pets.upsert(h.orgId, other.id, { name: 'Outro', species: 'cão', size: 'M' }, now)).id;
      contactId = other.id;
    }
    const serviceId = services.find((s) => s.name === serviceName)!.id;
    await bookings.book(h.orgId, { contactId, petId, serviceId, startsAt: localToIso(at), source: 'staff' }, now);
  }
  const existing = await h.storage.db.selectFrom('bookings').select('id').where('contact_id', '=', contact.id).execute();
  return { contactId: contact.id, before: new Set(existing.map((b) => b.id)) };
}

/** Sends each message as a customer would, one turn at a time, and reads back what is left in the database. */
export async function runConversation(
  h: PipelineHarness<CustomerAgent>,
  c: CorpusConversation,
  phone: string,
  send: (text: string, index: number) => Promise<void>,
): Promise<ConversationResult> {
  const { contactId, before } = await setUp(h, c, phone);
  for (const [i, text] of c.say.entries()) await send(text, i);
  const replies = h.simulator.sentTo(h.instanceId, phone).map((m) => m.text);
  return { id: c.id, replies, outcomes: await judge(h.storage.db, c, contactId, before, replies), repeatedQuestions: questionsAskedThrice(replies) };
}

export async function judgeConversation(
  h: PipelineHarness<CustomerAgent>,
  c: CorpusConversation,
  phone: string,
  before: { contactId: string; bookingIds: Set<string> },
): Promise<Outcome[]> {
  const replies = h.simulator.sentTo(h.instanceId, phone).map((m) => m.text);
  return judge(h.storage.db, c, before.contactId, before.bookingIds, replies);
}

/** Puts the conversation's pets and bookings on file for its customer; what existed before is kept apart when judging. */
export async function prepareConversation(h: PipelineHarness<CustomerAgent>, c: CorpusConversation, phone: string): Promise<{ contactId: string; bookingIds: Set<string> }> {
  const { contactId, before } = await setUp(h, c, phone);
  return { contactId, bookingIds: before };
}

async function judge(db: Kysely<Database>, c: CorpusConversation, contactId: string, before: Set<string>, replies: string[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const e = c.expect;
  const pets = await db.selectFrom('pets').select(['id', 'name', 'species', 'size', 'breed', 'sex']).where('contact_id', '=', contactId).execute();
  const expectedPets: ExpectedPet[] = e.pets ?? (c.pets ?? []).map(([name, species, size]) => ({ name, species, size }));
  const petProblems: string[] = [];
  if (pets.length !== expectedPets.length) petProblems.push(`${pets.length} pets (${pets.map((p) => p.name).join(', ')}), expected ${expectedPets.length}`);
  for (const want of expectedPets) {
    const got = pets.find((p) => p.name.toLowerCase() === want.name.toLowerCase());
    if (!got) {
      petProblems.push(`no pet ${want.name}`);
      continue;
    }
    for (const key of ['species', 'size', 'breed', 'sex'] as const) {
      if (want[key] !== undefined && got[key] !== want[key]) petProblems.push(`${want.name}.${key} = ${String(got[key])}, expected ${want[key]}`);
    }
  }
  outcomes.push({ name: 'pets', ok: petProblems.length === 0, detail: petProblems.join('; ') });

  const all = await db.selectFrom('bookings').select(['id', 'pet_id', 'starts_at', 'status']).where('contact_id', '=', contactId).execute();
  const created = all.filter((b) => !before.has(b.id));
  const petName = (id: string) => pets.find((p) => p.id === id)?.name;
  const createdText = created.map((b) => `${petName(b.pet_id)} ${b.starts_at.toISOString()}`).join(', ');
  if (e.booking) {
    const want = localToIso(e.booking.at);
    const ok = created.some((b) => b.starts_at.toISOString() === want && petName(b.pet_id) === e.booking!.pet) && created.length === (e.bookings ?? 1);
    outcomes.push({ name: 'booking', ok, detail: ok ? undefined : `booked [${createdText}], expected ${e.booking.pet} ${want}` });
  } else {
    outcomes.push({ name: 'booking', ok: created.length === 0, detail: created.length === 0 ? undefined : `unexpected bookings [${createdText}]` });
  }
  if (e.cancelled !== undefined) {
    const n = all.filter((b) => b.status === 'cancelled').length;
    outcomes.push({ name: 'cancelled', ok: n === e.cancelled, detail: `${n} cancelled, expected ${e.cancelled}` });
  }
  if (e.rescheduled !== undefined) {
    const want = localToIso(e.rescheduled);
    const moved = all.filter((b) => before.has(b.id) && b.starts_at.toISOString() === want);
    outcomes.push({ name: 'rescheduled', ok: moved.length === 1, detail: `bookings at ${all.map((b) => b.starts_at.toISOString()).join(', ')}, expected ${want}` });
  }
  const conversation = await db.selectFrom('conversations').select('mode').where('contact_id', '=', contactId).executeTakeFirst();
  const handoff = conversation?.mode === 'human';
  outcomes.push({ name: 'handoff', ok: handoff === (e.handoff ?? false), detail: `mode ${conversation?.mode}` });
  if (e.last !== undefined) {
    const last = replies.at(-1) ?? '';
    outcomes.push({ name: 'reply', ok: new RegExp(e.last, 'su').test(last), detail: `last reply ${JSON.stringify(last)} !~ /${e.last}/` });
  }
  return outcomes;
}
