import { performance } from 'node:perf_hooks';
import { DateTime, IANAZone } from 'luxon';
import type { CustomerContext } from '../agents/customer-agent.js';
import { buildCustomerContextBlock } from '../agents/prompts.js';
import { formatSlotLabelPtBr } from '../agents/pt-br-format.js';
import { nextFreeSlots } from '../domain/free-slots.js';
import { resolveSchedulingSettings } from '../domain/scheduling-settings.js';
import type { Service } from '../domain/service.js';
import { localToEpochMs, toZonedIso } from '../domain/zoned-time.js';
import { report, round } from './bench-output.js';

/**
 * The wall-clock work of one customer turn, pure CPU: zone conversions, slot labels, free slots
 * and the prompt's CONTEXTO block (calendar included). `npm run bench zoned-time`.
 * Figures are ops/s of each, best of 3 rounds of CALLS, after a warm-up round.
 */

const CALLS = 10_000;
const TZ = 'America/Sao_Paulo';
const NOW = '2026-12-09T10:00:00-03:00';
const BANHO: Service = { id: 's1', name: 'Banho', category: 'banho', species: [], active: true, bySize: { P: { durationMin: 60, priceCents: 5000 } } };
const SETTINGS = resolveSchedulingSettings({ timezone: TZ });

const CONTEXT: CustomerContext = {
  now: NOW,
  shop: {
    name: 'Pet Shop Patinha',
    timezone: TZ,
    address: 'Rua das Flores, 123',
    paymentMethods: ['Pix', 'cartão', 'dinheiro'],
    hoursText: ['seg a sex: 8h às 18h', 'sáb: 8h às 12h'],
    services: [{ id: 's1', name: 'Banho', category: 'banho', species: [], bySize: { P: { durationMin: 60, priceCents: 5000 } } }],
  },
  contact: { name: 'Ana', phone: '+5511999990000' },
  pets: [{ id: 'p1', name: 'Rex', species: 'cachorro', breed: null, size: 'P' }],
  bookings: [{ id: 'b1', serviceName: 'Banho', petName: 'Rex', startsAt: '2026-12-11T17:00:00.000Z', status: 'confirmed' }],
  pendingAction: null,
} as CustomerContext;

function opsPerSecond(calls: number, fn: (i: number) => unknown): number {
  let best = 0;
  for (let round = 0; round < 4; round++) {
    const started = performance.now();
    for (let i = 0; i < calls; i++) fn(i);
    const elapsed = performance.now() - started;
    if (round > 0) best = Math.max(best, calls / (elapsed / 1000)); // round 0 warms up
  }
  return best;
}

/** How toZonedIso worked before zones were cached (validated through Intl on every call), for a same-run comparison. */
function uncachedToZonedIso(ms: number, timezone: string): string {
  if (!IANAZone.isValidZone(timezone)) throw new Error(timezone);
  return DateTime.fromMillis(ms, { zone: timezone }).toISO({ suppressMilliseconds: true, includeOffset: true })!;
}

export async function run(): Promise<void> {
  const base = Date.parse(NOW);
  report('zoned-time', {
    calls: CALLS,
    uncachedToZonedIsoOps: round(opsPerSecond(CALLS, (i) => uncachedToZonedIso(base + i * 60_000, TZ)), 0),
    toZonedIsoOps: round(opsPerSecond(CALLS, (i) => toZonedIso(base + i * 60_000, TZ)), 0),
    localToEpochMsOps: round(opsPerSecond(CALLS, (i) => localToEpochMs('2026-12-11', i % 1440, TZ)), 0),
    slotLabelOps: round(opsPerSecond(CALLS, (i) => formatSlotLabelPtBr(base + i * 60_000, TZ)), 0),
    nextFreeSlotsOps: round(opsPerSecond(CALLS / 10, () => nextFreeSlots({ service: BANHO, size: 'P', now: NOW, settings: SETTINGS, existingBookings: [] })), 0),
    contextBlockOps: round(opsPerSecond(CALLS / 10, () => buildCustomerContextBlock(CONTEXT)), 0),
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
