import type { Executor } from './executor.js';
import type { OrganizationRow } from './database.js';

export interface Organization {
  id: string;
  name: string;
  timezone: string;
  ownerNumbers: string[];
  settings: Record<string, unknown>;
  createdAt: string;
}

export interface NewOrganization {
  name: string;
  timezone?: string;
  ownerNumbers?: string[];
  settings?: Record<string, unknown>;
}

export type OrganizationPatch = Partial<Pick<Organization, 'name' | 'timezone' | 'ownerNumbers' | 'settings'>>;

export function organizationRowToOrganization(row: OrganizationRow): Organization {
  return {
    id: row.id,
    name: row.name,
    timezone: row.timezone,
    ownerNumbers: row.owner_numbers,
    settings: row.settings,
    createdAt: row.created_at.toISOString(),
  };
}

export class OrganizationsRepository {
  constructor(readonly db: Executor) {}

  async create(input: NewOrganization, now: Date): Promise<Organization> {
    const row = await this.db
      .insertInto('organizations')
      .values({
        name: input.name,
        timezone: input.timezone,
        owner_numbers: input.ownerNumbers ?? [],
        settings: JSON.stringify(input.settings ?? {}),
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return organizationRowToOrganization(row);
  }

  async findById(id: string): Promise<Organization | undefined> {
    const row = await this.db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
    return row && organizationRowToOrganization(row);
  }

  async findByName(name: string): Promise<Organization | undefined> {
    const row = await this.db.selectFrom('organizations').selectAll().where('name', '=', name).orderBy('created_at').executeTakeFirst();
    return row && organizationRowToOrganization(row);
  }

  async list(): Promise<Organization[]> {
    const rows = await this.db.selectFrom('organizations').selectAll().orderBy('created_at').orderBy('id').execute();
    return rows.map(organizationRowToOrganization);
  }

  async update(id: string, patch: OrganizationPatch, now: Date): Promise<Organization | undefined> {
    const row = await this.db
      .updateTable('organizations')
      .set({
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.timezone !== undefined && { timezone: patch.timezone }),
        ...(patch.ownerNumbers !== undefined && { owner_numbers: patch.ownerNumbers }),
        ...(patch.settings !== undefined && { settings: JSON.stringify(patch.settings) }),
        updated_at: now,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row && organizationRowToOrganization(row);
  }

  /** Stores the hash of a new API token, invalidating the previous one. */
  async setTokenHash(id: string, tokenHash: string, now: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('organizations')
      .set({ api_token_hash: tokenHash, updated_at: now })
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async findIdByTokenHash(tokenHash: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('organizations').select('id').where('api_token_hash', '=', tokenHash).executeTakeFirst();
    return row?.id;
  }
}
