import type { Executor } from './executor.js';
import type { PetSize, PriceBySize, ServiceRow } from './database.js';
import { isForeignKeyViolation } from './storage-errors.js';

export interface Service {
  id: string;
  name: string;
  category: string;
  species: string[];
  active: boolean;
  bySize: Partial<Record<PetSize, PriceBySize>>;
}

export interface NewService {
  name: string;
  category: string;
  species?: string[];
  active?: boolean;
  bySize: Partial<Record<PetSize, PriceBySize>>;
}

export function serviceRowToService(row: ServiceRow): Service {
  return { id: row.id, name: row.name, category: row.category, species: row.species, active: row.active, bySize: row.by_size };
}

export class ServicesRepository {
  constructor(readonly db: Executor) {}

  async create(orgId: string, input: NewService, now: Date): Promise<Service> {
    const row = await this.db
      .insertInto('services')
      .values({
        org_id: orgId,
        name: input.name,
        category: input.category,
        species: input.species ?? [],
        active: input.active ?? true,
        by_size: JSON.stringify(input.bySize),
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return serviceRowToService(row);
  }

  async list(orgId: string, options: { activeOnly?: boolean } = {}): Promise<Service[]> {
    let query = this.db.selectFrom('services').selectAll().where('org_id', '=', orgId);
    if (options.activeOnly) query = query.where('active', '=', true);
    const rows = await query.orderBy('name').orderBy('id').execute();
    return rows.map(serviceRowToService);
  }

  async findById(orgId: string, id: string): Promise<Service | undefined> {
    const row = await this.db.selectFrom('services').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
    return row && serviceRowToService(row);
  }

  async update(orgId: string, id: string, patch: Partial<NewService>, now: Date): Promise<Service | undefined> {
    const row = await this.db
      .updateTable('services')
      .set({
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.category !== undefined && { category: patch.category }),
        ...(patch.species !== undefined && { species: patch.species }),
        ...(patch.active !== undefined && { active: patch.active }),
        ...(patch.bySize !== undefined && { by_size: JSON.stringify(patch.bySize) }),
        updated_at: now,
      })
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row && serviceRowToService(row);
  }

  /**
   * Deletes a service nobody booked; a service with bookings is deactivated
   * instead so history keeps its prices. Returns what happened.
   */
  async remove(orgId: string, id: string, now: Date): Promise<'deleted' | 'deactivated' | 'not_found'> {
    try {
      const result = await this.db.deleteFrom('services').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n ? 'deleted' : 'not_found';
    } catch (error) {
      if (!isForeignKeyViolation(error)) throw error;
      const updated = await this.update(orgId, id, { active: false }, now);
      return updated ? 'deactivated' : 'not_found';
    }
  }
}
