import { DomainError } from './domain-error.js';

/**
 * A wall-clock time written 'HH:mm' (24 h). '24:00' is accepted because a shop
 * that closes at midnight has no other way to say so; it is 1440 minutes.
 */
export type TimeOfDay = string;

const TIME_OF_DAY = /^([01]\d|2[0-4]):([0-5]\d)$/;

export class InvalidTimeOfDayError extends DomainError<'INVALID_TIME_OF_DAY'> {
  constructor(input: string) {
    super('INVALID_TIME_OF_DAY', `Not a valid time of day (HH:mm): ${input}`, { input });
  }
}

/** Minutes since local midnight, or null when `text` is not 'HH:mm' (00:00–24:00). */
export function tryParseTimeOfDay(text: string): number | null {
  const m = TIME_OF_DAY.exec(text.trim());
  if (!m) return null;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return minutes > 24 * 60 ? null : minutes;
}

export function parseTimeOfDay(text: string): number {
  const minutes = tryParseTimeOfDay(text);
  if (minutes === null) throw new InvalidTimeOfDayError(text);
  return minutes;
}

/** 'HH:mm' for minutes since midnight (0–1440). */
export function formatTimeOfDay(minutes: number): TimeOfDay {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}
