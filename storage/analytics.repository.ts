import { sql } from 'kysely';
import { changePercent, periodBounds, type AnalyticsPeriod } from '../domain/analytics-period.js';
import type { BookingStatus } from './database.js';
import type { Executor } from './executor.js';

export interface StatusCounts {
  scheduled: number;
  confirmed: number;
  completed: number;
  cancelled: number;
  no_show: number;
  total: number;
  /** Sum of the prices of completed bookings (estimated revenue). */
  revenueCents: number;
}

export interface TopService {
  serviceId: string;
  name: string;
  bookings: number;
}

export interface PeriodReport {
  period: AnalyticsPeriod;
  from: Date;
  to: Date;
  current: StatusCounts;
  /** The period of the same length just before. */
  previous: StatusCounts;
  newCustomers: number;
  /** Bookings made (created) during the period, whatever their date. */
  madeInPeriod: number;
  topServices: TopService[];
  change: { totalPercent: number | null; revenuePercent: number | null };
}

export interface AgendaRow {
  startsAt: Date;
  endsAt: Date;
  status: BookingStatus;
  priceCents: number;
  category: string;
  service: string;
  pet: string;
  customer: string;
}

/** The figures Aurora and the analytics route are made of, all scoped to one org. */
export class AnalyticsRepository {
  constructor(readonly db: Executor) {}

  /** Everything the owner asks about a period, compared with the one before (owner numbers are not "new customers"). */
  async periodReport(org: { id: string; timezone: string; ownerNumbers: readonly string[] }, period: AnalyticsPeriod, now: Date): Promise<PeriodReport> {
    const bounds = periodBounds(period, now, org.timezone);
    const [current, previous, newCustomers, topServices, madeInPeriod] = await Promise.all([
      this.statusCounts(org.id, bounds.from, bounds.to),
      this.statusCounts(org.id, bounds.previousFrom, bounds.previousTo),
      this.newCustomers(org.id, bounds.from, bounds.to, org.ownerNumbers),
      this.topServices(org.id, bounds.from, bounds.to),
      this.bookingsCreated(org.id, bounds.from, bounds.to),
    ]);
    return {
      period, from: bounds.from, to: bounds.to, current, previous, newCustomers, madeInPeriod, topServices,
      change: { totalPercent: changePercent(previous.total, current.total), revenuePercent: changePercent(previous.revenueCents, current.revenueCents) },
    };
  }

  async statusCounts(orgId: string, from: Date, to: Date): Promise<StatusCounts> {
    const rows = await this.db
      .selectFrom('bookings')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('price_cents').as('cents')])
      .where('org_id', '=', orgId)
      .where('starts_at', '>=', from)
      .where('starts_at', '<', to)
      .groupBy('status')
      .execute();
    const counts: StatusCounts = { scheduled: 0, confirmed: 0, completed: 0, cancelled: 0, no_show: 0, total: 0, revenueCents: 0 };
    for (const row of rows) {
      counts[row.status as BookingStatus] = Number(row.n);
      counts.total += Number(row.n);
      if (row.status === 'completed') counts.revenueCents = Number(row.cents ?? 0);
    }
    return counts;
  }

  async newCustomers(orgId: string, from: Date, to: Date, excludePhones: readonly string[] = []): Promise<number> {
    let query = this.db
      .selectFrom('contacts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', '=', orgId)
      .where('created_at', '>=', from)
      .where('created_at', '<', to);
    // An anonymised customer (no phone) is still a customer the shop gained: it keeps counting.
    if (excludePhones.length) query = query.where((eb) => eb.or([eb('phone', 'is', null), eb('phone', 'not in', [...excludePhones])]));
    return Number((await query.executeTakeFirstOrThrow()).n);
  }

  /** Services by bookings (not cancelled) in the period, most booked first. */
  async topServices(orgId: string, from: Date, to: Date, limit = 3): Promise<TopService[]> {
    const rows = await this.db
      .selectFrom('bookings')
      .innerJoin('services', (join) => join.onRef('services.id', '=', 'bookings.service_id').onRef('services.org_id', '=', 'bookings.org_id'))
      .select(['services.id as serviceId', 'services.name as name', (eb) => eb.fn.countAll<number>().as('n')])
      .where('bookings.org_id', '=', orgId)
      .where('bookings.starts_at', '>=', from)
      .where('bookings.starts_at', '<', to)
      .where('bookings.status', '!=', 'cancelled')
      .groupBy(['services.id', 'services.name'])
      .orderBy(sql`count(*)`, 'desc')
      .orderBy('services.name')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ serviceId: r.serviceId, name: r.name, bookings: Number(r.n) }));
  }

  /** The agenda of [from, to) as the owner reads it: every booking with its service, pet and customer, by start. */
  async agenda(orgId: string, from: Date, to: Date): Promise<AgendaRow[]> {
    const rows = await this.db
      .selectFrom('bookings')
      .innerJoin('services', (join) => join.onRef('services.id', '=', 'bookings.service_id').onRef('services.org_id', '=', 'bookings.org_id'))
      .innerJoin('pets', (join) => join.onRef('pets.id', '=', 'bookings.pet_id').onRef('pets.org_id', '=', 'bookings.org_id'))
      .innerJoin('contacts', (join) => join.onRef('contacts.id', '=', 'bookings.contact_id').onRef('contacts.org_id', '=', 'bookings.org_id'))
      .select([
        'bookings.starts_at as startsAt', 'bookings.ends_at as endsAt', 'bookings.status as status', 'bookings.price_cents as priceCents',
        'bookings.category as category', 'services.name as service', 'pets.name as pet', 'contacts.name as customerName', 'contacts.phone as customerPhone',
      ])
      .where('bookings.org_id', '=', orgId)
      .where('bookings.starts_at', '>=', from)
      .where('bookings.starts_at', '<', to)
      .orderBy('bookings.starts_at')
      .orderBy('bookings.id')
      .execute();
    // An anonymised customer (LGPD deletion) has neither name nor phone; the booking still counts.
    return rows.map(({ customerName, customerPhone, ...r }) => ({ ...r, customer: customerName ?? customerPhone ?? 'cliente anônimo' }));
  }

  /** Bookings created in the period (demand), whatever their status now: the week-over-week trend. */
  async bookingsCreated(orgId: string, from: Date, to: Date): Promise<number> {
    const row = await this.db
      .selectFrom('bookings')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', '=', orgId)
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
