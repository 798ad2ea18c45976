import type { Kysely } from 'kysely';
import { normalizePhone } from '../../domain/phone.js';
import type { SchedulingSettings } from '../../domain/scheduling-settings.js';
import type { Database } from '../../storage/database.js';
import type { Organization } from '../../storage/organizations.repository.js';
import { repositories } from '../../storage/repositories.js';
import { SchedulingRepository } from '../../storage/scheduling.repository.js';
import type { Service } from '../../storage/services.repository.js';

/**
 * What a shop's conversations read on every turn, loaded once by the shop's actor and
 * replaced (never mutated) when it changes: a turn holds one version from start to end.
 */
export interface ShopSnapshot {
  /** Increases with every reload within one incarnation of the shop actor. */
  readonly version: number;
  readonly org: Organization;
  readonly settings: SchedulingSettings;
  readonly services: readonly Service[];
  /** The owner's authorized numbers, normalized: their messages go to Aurora. */
  readonly ownerNumbers: readonly string[];
}

export async function loadShopSnapshot(db: Kysely<Database>, orgId: string, version: number): Promise<ShopSnapshot | undefined> {
  const repos = repositories(db);
  const org = await repos.organizations.findById(orgId);
  if (!org) return undefined;
  const settings = await new SchedulingRepository(db).load(orgId);
  if (!settings) return undefined;
  const services = await repos.services.list(orgId);
  const ownerNumbers = org.ownerNumbers.map((n) => normalizePhone(n)).filter((n): n is string => !!n);
  // Frozen at the top: a new version replaces it; the parts are shared read-only with turns.
  return Object.freeze({ version, org, settings, services: Object.freeze(services), ownerNumbers: Object.freeze(ownerNumbers) });
}
