import { resolveSchedulingSettings, type SchedulingSettings } from '../domain/scheduling-settings.js';
import type { Executor } from './executor.js';
import { BusinessHoursRepository } from './business-hours.repository.js';

/**
 * Assembles an org's `SchedulingSettings` from where they are stored: the
 * time zone on the organization, hours and closures in their tables, and the
 * booking parameters (capacity, buffer, notice…) under `settings.scheduling`.
 */
export class SchedulingRepository {
  constructor(readonly db: Executor) {}

  async load(orgId: string): Promise<SchedulingSettings | undefined> {
    const org = await this.db.selectFrom('organizations').select(['timezone', 'settings']).where('id', '=', orgId).executeTakeFirst();
    if (!org) return undefined;
    const hours = await new BusinessHoursRepository(this.db).get(orgId);
    const stored = (org.settings.scheduling ?? {}) as Record<string, unknown>;
    return resolveSchedulingSettings({
      ...stored,
      timezone: org.timezone,
      weekly: hours.weekly,
      closures: hours.closures.map((c) => ({ from: c.from, to: c.to, ...(c.reason && { reason: c.reason }) })),
    });
  }
}
