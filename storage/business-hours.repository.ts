import type { Executor } from './executor.js';

export interface WeeklyHours {
  weekday: number;
  opens: string;
  closes: string;
}

export interface Closure {
  id?: string;
  from: string;
  to: string;
  reason: string | null;
}

export interface BusinessHours {
  weekly: WeeklyHours[];
  closures: Closure[];
}

const hhmm = (time: string) => time.slice(0, 5);

export class BusinessHoursRepository {
  constructor(readonly db: Executor) {}

  async get(orgId: string): Promise<BusinessHours> {
    const [weekly, closures] = await Promise.all([
      this.db.selectFrom('business_hours').selectAll().where('org_id', '=', orgId).orderBy('weekday').orderBy('opens').execute(),
      this.db.selectFrom('closures').selectAll().where('org_id', '=', orgId).orderBy('starts_at').execute(),
    ]);
    return {
      weekly: weekly.map((w) => ({ weekday: w.weekday, opens: hhmm(w.opens), closes: hhmm(w.closes) })),
      closures: closures.map((c) => ({ id: c.id, from: c.starts_at.toISOString(), to: c.ends_at.toISOString(), reason: c.reason })),
    };
  }

  /** Replaces the weekly grid and the closures. Run inside a transaction so readers never see half of it. */
  async replace(orgId: string, hours: BusinessHours, now: Date): Promise<void> {
    await this.db.deleteFrom('business_hours').where('org_id', '=', orgId).execute();
    await this.db.deleteFrom('closures').where('org_id', '=', orgId).execute();
    if (hours.weekly.length) {
      await this.db
        .insertInto('business_hours')
        .values(hours.weekly.map((w) => ({ org_id: orgId, weekday: w.weekday, opens: w.opens, closes: w.closes })))
        .execute();
    }
    if (hours.closures.length) {
      await this.db
        .insertInto('closures')
        .values(hours.closures.map((c) => ({ org_id: orgId, starts_at: c.from, ends_at: c.to, reason: c.reason, created_at: now })))
        .execute();
    }
  }
}
