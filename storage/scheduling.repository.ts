import { resolveStoredSchedulingSettings, type SchedulingSettings, type SettingsProblem } from '../domain/scheduling-settings.js';
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
    return (await this.loadChecked(orgId))?.settings;
  }

  /**
   * The settings, never throwing on what is stored: a field that breaks today's rules (an older
   * version wrote it, or someone edited the row) falls back to its default and is listed in
   * `problems` — a shop with one bad value keeps taking bookings.
   */
  async loadChecked(orgId: string): Promise<{ settings: SchedulingSettings; problems: SettingsProblem[] } | undefined> {
    const org = await this.db.selectFrom('organizations').select(['timezone', 'settings']).where('id', '=', orgId).executeTakeFirst();
    if (!org) return undefined;
    const hours = await new BusinessHoursRepository(this.db).get(orgId);
    const scheduling = org.settings.scheduling;
    const stored = typeof scheduling === 'object' && scheduling !== null && !Array.isArray(scheduling) ? (scheduling as Record<string, unknown>) : {};
    return resolveStoredSchedulingSettings({
      ...stored,
      timezone: org.timezone,
      weekly: hours.weekly,
      closures: hours.closures.map((c) => ({ from: c.from, to: c.to, ...(c.reason && { reason: c.reason }) })),
    });
  }
}
