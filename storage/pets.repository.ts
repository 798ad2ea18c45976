import { sql } from 'kysely';
import type { Executor } from './executor.js';
import type { PetRow, PetSex, PetSize } from './database.js';

export type { PetSex };

export function isPetSex(value: unknown): value is PetSex {
  return value === 'macho' || value === 'fêmea';
}

export interface Pet {
  id: string;
  contactId: string;
  name: string;
  species: string;
  breed: string | null;
  size: PetSize;
  birthDate: string | null;
  notes: string | null;
  sex: PetSex | null;
}

export interface NewPet {
  name: string;
  species: string;
  size: PetSize;
  breed?: string | null;
  birthDate?: string | null;
  notes?: string | null;
  sex?: PetSex | null;
}

export function petRowToPet(row: PetRow): Pet {
  return {
    id: row.id,
    contactId: row.contact_id,
    name: row.name,
    species: row.species,
    breed: row.breed,
    size: row.size,
    birthDate: row.birth_date,
    notes: row.notes,
    sex: row.sex,
  };
}

export class PetsRepository {
  constructor(readonly db: Executor) {}

  /**
   * Registers a pet. The contact must belong to the org — the composite
   * foreign key (org_id, contact_id) refuses anything else. A second "Rex" for
   * the same customer updates the first instead of duplicating it.
   */
  async upsert(orgId: string, contactId: string, pet: NewPet, now: Date): Promise<Pet> {
    const row = await this.db
      .insertInto('pets')
      .values({
        org_id: orgId,
        contact_id: contactId,
        name: pet.name,
        species: pet.species,
        size: pet.size,
        breed: pet.breed ?? null,
        birth_date: pet.birthDate ?? null,
        notes: pet.notes ?? null,
        sex: pet.sex ?? null,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.expression(sql`contact_id, lower(name)`).doUpdateSet({
          species: sql`excluded.species`,
          size: sql`excluded.size`,
          breed: sql`coalesce(excluded.breed, pets.breed)`,
          birth_date: sql`coalesce(excluded.birth_date, pets.birth_date)`,
          sex: sql`coalesce(excluded.sex, pets.sex)`,
          updated_at: now,
        }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    return petRowToPet(row);
  }

  async listByContact(orgId: string, contactId: string): Promise<Pet[]> {
    const rows = await this.db
      .selectFrom('pets')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('contact_id', '=', contactId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(petRowToPet);
  }

  async findById(orgId: string, id: string): Promise<Pet | undefined> {
    const row = await this.db.selectFrom('pets').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
    return row && petRowToPet(row);
  }

  /** Case- and accent-insensitive lookup of one customer's pet by name. */
  async findByName(orgId: string, contactId: string, name: string): Promise<Pet | undefined> {
    const row = await this.db
      .selectFrom('pets')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('contact_id', '=', contactId)
      .where(sql<boolean>`lower(name) = lower(${name})`)
      .executeTakeFirst();
    return row && petRowToPet(row);
  }
}
