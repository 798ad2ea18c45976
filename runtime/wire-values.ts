/**
 * Actor messages and replies carry `Date`s (a booking's start, a row's timestamps); JSON turns
 * them into strings. Before a value crosses to another node or a host process each Date becomes `{ $date: iso }`
 * and is revived on arrival — the only revival there is: anything else stays plain data.
 */
const DATE_TAG = '$date';

export function toWireValue(value: unknown): unknown {
  if (value instanceof Date) return { [DATE_TAG]: value.toISOString() };
  if (Array.isArray(value)) return value.map(toWireValue);
  if (value instanceof Map || value instanceof Set) throw new TypeError('a Map or Set cannot cross to another node');
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = toWireValue(v);
    return out;
  }
  return value;
}

export function fromWireValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromWireValue);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0]![0] === DATE_TAG && typeof entries[0]![1] === 'string') {
      const date = new Date(entries[0]![1]);
      if (!Number.isNaN(date.getTime())) return date;
    }
    const out: Record<string, unknown> = {};
    for (const [key, v] of entries) out[key] = fromWireValue(v);
    return out;
  }
  return value;
}
