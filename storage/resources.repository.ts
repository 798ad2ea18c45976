import { ACTIVE_BOOKING_STATUSES } from '../domain/booking-status.js';
import type { Resource, ResourceKind } from '../domain/resources.js';
import type { ResourceRow } from './database.js';
import type { Executor } from './executor.js';
import { ConflictError, isForeignKeyViolation, isUniqueViolation } from './storage-errors.js';

export type { Resource, ResourceKind };

export interface NewResource {
  name: string;
  kind: ResourceKind;
  capacity: number;
  categories?: string[];
  active?: boolean;
}

const NAME_KEY = 'resources_org_name_key';

function toResource(row: ResourceRow): Resource {
  return { id: row.id, name: row.name, kind: row.kind, capacity: row.capacity, categories: row.categories, active: row.active };
}

const nameTaken = () => new ConflictError('ALREADY_EXISTS', 'Another professional or room already has this name');

/**
 * A shop's professionals and rooms (domain/resources.ts). One that holds future active bookings
 * cannot be switched off or removed (RESOURCE_IN_USE): move or cancel them first. One with only
 * past bookings is deactivated instead of deleted, so history keeps its name.
 */
export class ResourcesRepository {
  constructor(readonly db: Executor) {}

  /** Every resource of the org, active or not, in the shop's order (by name): the first free one is assigned. */
  async list(orgId: string): Promise<Resource[]> {
    const rows = await this.db.selectFrom('resources').selectAll().where('org_id', '=', orgId).orderBy('name').orderBy('id').execute();
    return rows.map(toResource);
  }

  async findById(orgId: string, id: string): Promise<Resource | undefined> {
    const row = await this.db.selectFrom('resources').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
    return row && toResource(row);
  }

  async create(orgId: string, input: NewResource, now: Date): Promise<Resource> {
    try {
      const row = await this.db.insertInto('resources')
        .values({
          org_id: orgId, name: input.name, kind: input.kind, capacity: input.capacity, categories: input.categories ?? [],
          active: input.active ?? true, created_at: now, updated_at: now,
        })
        .returningAll().executeTakeFirstOrThrow();
      return toResource(row);
    } catch (error) {
      if (isUniqueViolation(error, NAME_KEY)) throw nameTaken();
      throw error;
    }
  }

  async update(orgId: string, id: string, patch: Partial<NewResource>, now: Date): Promise<Resource | undefined> {
    if (patch.active === false) await this.#refuseIfInUse(orgId, id, now);
    try {
      const row = await this.db.updateTable('resources')
        .set({
          ...(patch.name !== undefined && { name: patch.name }),
          ...(patch.kind !== undefined && { kind: patch.kind }),
          ...(patch.capacity !== undefined && { capacity: patch.capacity }),
          ...(patch.categories !== undefined && { categories: patch.categories }),
          ...(patch.active !== undefined && { active: patch.active }),
          updated_at: now,
        })
        .where('org_id', '=', orgId).where('id', '=', id)
        .returningAll().executeTakeFirst();
      return row && toResource(row);
    } catch (error) {
      if (isUniqueViolation(error, NAME_KEY)) throw nameTaken();
      throw error;
    }
  }

  async remove(orgId: string, id: string, now: Date): Promise<'deleted' | 'deactivated' | 'not_found'> {
    if (!(await this.findById(orgId, id))) return 'not_found';
    await this.#refuseIfInUse(orgId, id, now);
    try {
      const result = await this.db.deleteFrom('resources').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n ? 'deleted' : 'not_found';
    } catch (error) {
      if (!isForeignKeyViolation(error)) throw error;
      return (await this.update(orgId, id, { active: false }, now)) ? 'deactivated' : 'not_found';
    }
  }

  async #refuseIfInUse(orgId: string, id: string, now: Date): Promise<void> {
    const row = await this.db.selectFrom('bookings')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', '=', orgId).where('resource_id', '=', id)
      .where('status', 'in', [...ACTIVE_BOOKING_STATUSES]).where('blocked_until', '>', now)
      .executeTakeFirstOrThrow();
    const count = Number(row.n);
    if (count > 0) throw new ConflictError('RESOURCE_IN_USE', `It holds ${count} booking(s) still to come; move or cancel them first`, { bookings: count });
  }
}
