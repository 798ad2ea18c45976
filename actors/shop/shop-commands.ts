import type { Kysely } from 'kysely';
import type { SchedulingSettings } from '../../domain/scheduling-settings.js';
import { ValidationError } from '../../runtime/errors.js';
import type { BusinessHours } from '../../storage/business-hours.repository.js';
import type { Database } from '../../storage/database.js';
import type { Organization, OrganizationPatch } from '../../storage/organizations.repository.js';
import { repositories } from '../../storage/repositories.js';
import { SchedulingRepository } from '../../storage/scheduling.repository.js';
import type { NewService, Service } from '../../storage/services.repository.js';
import { refusing } from '../refusal.js';

/**
 * Writes to what the shop actor holds (its `ShopSnapshot`). They are messages to that actor,
 * which writes PostgreSQL and then loads its snapshot again: every turn after the reply sees
 * the change, none before it sees half of it. `actor` is who did it, for the audit log.
 */
export type ShopCommand =
  /** Name, time zone, owner numbers; `settings` keys are merged into the current settings. */
  | { type: 'shop.update-org'; patch: OrganizationPatch; actor: string }
  /** Opening hours and closures replaced as a whole, with the scheduling rules (capacity, notice…). */
  | { type: 'shop.replace-hours'; hours: BusinessHours; timezone: string; scheduling: Record<string, unknown>; actor: string }
  | { type: 'shop.create-service'; service: NewService }
  | { type: 'shop.update-service'; serviceId: string; patch: Partial<NewService> }
  /** A service with bookings is deactivated instead, so its history keeps its prices. */
  | { type: 'shop.remove-service'; serviceId: string };

/** What each command replies (a refusal is a `ValidationError`: NOT_FOUND, ALREADY_EXISTS). */
export interface ShopCommandReplies {
  'shop.update-org': Organization;
  'shop.replace-hours': SchedulingSettings;
  'shop.create-service': Service;
  'shop.update-service': Service;
  'shop.remove-service': 'deleted' | 'deactivated';
}

export type ShopCommandReply<C extends ShopCommand> = ShopCommandReplies[C['type']];

/** The name a service command writes: a taken one is refused as ALREADY_EXISTS rather than failing on the constraint. */
function serviceName(command: ShopCommand): string | undefined {
  if (command.type === 'shop.create-service') return command.service.name;
  if (command.type === 'shop.update-service') return command.patch.name;
  return undefined;
}

/**
 * Executes one command against storage. `org` is the organization as the caller holds it
 * (the shop actor's snapshot): settings are merged onto it, so a patch never drops a key.
 */
export async function applyShopCommand<C extends ShopCommand>(db: Kysely<Database>, org: Organization, command: C, at: Date): Promise<ShopCommandReply<C>> {
  const name = serviceName(command);
  const reply = await refusing(() => apply(db, org, command, at), name === undefined ? {} : { alreadyExists: `A service named "${name}" already exists` });
  return reply as ShopCommandReply<C>;
}

async function apply(db: Kysely<Database>, org: Organization, command: ShopCommand, at: Date): Promise<ShopCommandReplies[keyof ShopCommandReplies]> {
  const repos = repositories(db);
  switch (command.type) {
    case 'shop.update-org': {
      const { patch } = command;
      const updated = await db.transaction().execute(async (trx) => {
        const txRepos = repositories(trx);
        const row = await txRepos.organizations.update(org.id, {
          ...patch,
          ...(patch.ownerNumbers && { ownerNumbers: [...new Set(patch.ownerNumbers)] }),
          ...(patch.settings && { settings: { ...org.settings, ...patch.settings } }),
        }, at);
        if (row) await txRepos.auditLog.record({ at, orgId: org.id, actor: command.actor, action: 'org.updated', entity: 'organization', entityId: org.id, details: { fields: Object.keys(patch) } });
        return row;
      });
      if (!updated) throw notFound('Organization');
      return updated;
    }
    case 'shop.replace-hours': {
      await db.transaction().execute(async (trx) => {
        const txRepos = repositories(trx);
        await txRepos.businessHours.replace(org.id, command.hours, at);
        await txRepos.organizations.update(org.id, { timezone: command.timezone, settings: { ...org.settings, scheduling: command.scheduling } }, at);
        await txRepos.auditLog.record({ at, orgId: org.id, actor: command.actor, action: 'business_hours.replaced', entity: 'organization', entityId: org.id });
      });
      const settings = await new SchedulingRepository(db).load(org.id);
      if (!settings) throw notFound('Organization');
      return settings;
    }
    case 'shop.create-service':
      return repos.services.create(org.id, command.service, at);
    case 'shop.update-service': {
      const updated = await repos.services.update(org.id, command.serviceId, command.patch, at);
      if (!updated) throw notFound('Service');
      return updated;
    }
    case 'shop.remove-service': {
      const result = await repos.services.remove(org.id, command.serviceId, at);
      if (result === 'not_found') throw notFound('Service');
      return result;
    }
  }
}

const notFound = (what: string) => new ValidationError(`${what} not found`, { code: 'NOT_FOUND' });
