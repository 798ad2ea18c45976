import type { CustomerContext, ShopContext, WindowMessage } from '../../agents/customer-agent.js';
import { formatHourPtBr, WEEKDAY_NAMES_PT_BR } from '../../domain/pt-br-calendar.js';
import type { SchedulingSettings } from '../../domain/scheduling-settings.js';
import { toZonedIso } from '../../domain/zoned-time.js';
import type { Weekday } from '../../domain/zoned-time.js';
import type { Message } from '../../storage/messages.repository.js';
import type { PendingAction } from '../../storage/pending-actions.repository.js';
import type { TurnScope } from './turn-scope.js';
import type { ConversationMemory } from './conversation-memory.js';

/** "seg a sex: 8h às 18h" style lines from the weekly grid, grouping equal consecutive days. */
export function hoursText(settings: SchedulingSettings): string[] {
  const byDay = new Map<number, string>();
  for (const h of settings.weekly) {
    const text = `${formatHourPtBr(h.opens)} às ${formatHourPtBr(h.closes)}`;
    byDay.set(h.weekday, byDay.has(h.weekday) ? `${byDay.get(h.weekday)} e ${text}` : text);
  }
  const lines: string[] = [];
  const order = [1, 2, 3, 4, 5, 6, 0] as Weekday[];
  let i = 0;
  while (i < order.length) {
    const day = order[i]!;
    const text = byDay.get(day) ?? 'fechado';
    let j = i;
    while (j + 1 < order.length && (byDay.get(order[j + 1]!) ?? 'fechado') === text) j++;
    const name = (d: Weekday) => WEEKDAY_NAMES_PT_BR[d].replace('-feira', '');
    lines.push(`${i === j ? name(day) : `${name(day)} a ${name(order[j]!)}`}: ${text}`);
    i = j + 1;
  }
  return lines;
}

export function shopContext(scope: TurnScope): ShopContext {
  const { org, settings } = scope;
  const s = org.settings as { address?: unknown; paymentMethods?: unknown };
  return {
    name: org.name,
    timezone: settings.timezone,
    address: typeof s.address === 'string' ? s.address : null,
    paymentMethods: Array.isArray(s.paymentMethods) ? s.paymentMethods.map(String) : [],
    hoursText: hoursText(settings),
    services: scope.services.filter((x) => x.active).map(({ id, name, category, species, bySize }) => ({ id, name, category, species, bySize })),
  };
}

/** What the agent is told about this customer, from the actor's memory (no query). */
export function customerContext(memory: ConversationMemory, scope: TurnScope, pending: PendingAction | undefined): CustomerContext {
  const tz = scope.settings.timezone;
  const { contact, bookings } = memory;
  return {
    now: toZonedIso(scope.now, tz),
    shop: shopContext(scope),
    contact: { name: contact.name, phone: contact.phone ?? '' },
    pets: scope.pets.map(({ id, name, species, breed, size, sex }) => ({ id, name, species, breed, size, sex })),
    bookings: bookings.map((b) => ({
      id: b.id,
      serviceName: scope.services.find((s) => s.id === b.serviceId)?.name ?? 'serviço',
      petName: scope.pets.find((p) => p.id === b.petId)?.name ?? 'pet',
      startsAt: toZonedIso(b.startsAt, tz),
      status: b.status,
    })),
    pendingAction: pending ? { kind: pending.kind, summary: pending.summary } : null,
  };
}

export function toWindow(messages: ReadonlyArray<Pick<Message, 'author' | 'text' | 'createdAt'>>): WindowMessage[] {
  return messages.map((m) => ({
    role: m.author === 'customer' ? 'customer' : m.author === 'staff' ? 'staff' : 'assistant',
    text: m.text,
    at: m.createdAt,
  }));
}
