import { type BookingStatus, isActiveBookingStatus } from './booking-status.js';
import { type Instant, toEpochMs } from './instant.js';
import { formatHourPtBr, formatRelativeDayPtBr } from './pt-br-calendar.js';
import { foldText } from './text-normalization.js';
import { addDays, localDateOf, localTimeOf } from './zoned-time.js';

/**
 * Day-before reminders, the main lever against no-shows (peers.md §1.3–1.4).
 * The scheduler asks "which reminders are due now?" and sends through the
 * outbox; this file decides which and what they say, nothing more.
 */

export interface RemindableBooking {
  readonly startsAt: Instant;
  readonly status: BookingStatus;
  /** When the reminder went out; null/undefined if it has not. */
  readonly reminderSentAt?: Instant | null;
}

/**
 * Bookings that start tomorrow on the shop's calendar (`timezone`), are still
 * active and have not been reminded, earliest first. Running it several times a
 * day is safe: once a reminder is recorded the booking drops out.
 */
export function remindersDue<T extends RemindableBooking>(bookings: readonly T[], now: Instant, timezone: string): T[] {
  const tomorrow = addDays(localDateOf(now, timezone), 1);
  return bookings
    .filter(
      (b) =>
        isActiveBookingStatus(b.status) &&
        (b.reminderSentAt === undefined || b.reminderSentAt === null) &&
        localDateOf(b.startsAt, timezone) === tomorrow,
    )
    .sort((a, b) => toEpochMs(a.startsAt) - toEpochMs(b.startsAt));
}

export interface ReminderTextInput {
  readonly serviceName: string;
  readonly startsAt: Instant;
  readonly now: Instant;
  readonly timezone: string;
  readonly petName?: string;
  readonly shopName?: string;
}

/**
 * "Olá! 🐾 Pet Feliz passando para lembrar: amanhã, sexta-feira, 11/12, às 14h,
 * tem Banho para Rex.\nResponda 1 para confirmar, 2 para cancelar."
 * The day is worded relative to `now`, so a late send still says the right thing.
 */
export function buildReminderText(input: ReminderTextInput): string {
  const day = formatRelativeDayPtBr(localDateOf(input.startsAt, input.timezone), localDateOf(input.now, input.timezone));
  const hour = formatHourPtBr(localTimeOf(input.startsAt, input.timezone));
  // No articles before names ("para Rex", "Pet Feliz passando…"): the gender of
  // a pet's or shop's name is unknown, and "para o Mel" reads wrong.
  const pet = input.petName ? ` para ${input.petName}` : '';
  const who = input.shopName ? `${input.shopName} passando` : 'Passando';
  return (
    `Olá! 🐾 ${who} para lembrar: ${day}, às ${hour}, tem ${input.serviceName}${pet}.\n` +
    'Responda 1 para confirmar, 2 para cancelar.'
  );
}

export type ReminderReply = 'confirm' | 'cancel';

const CONFIRM_WORDS = new Set(['1', 'sim', 's', 'confirmo', 'confirmado', 'confirmada', 'confirmar', 'confirma', 'ok', 'certo', 'combinado', 'beleza', 'blz']);
const CANCEL_WORDS = new Set(['2', 'cancelar', 'cancela', 'cancele', 'cancelo', 'cancelado', 'desmarcar', 'desmarca', 'desmarque']);

/**
 * Reads an answer to the reminder: "1", "sim, confirmo!", "1️⃣" → confirm;
 * "2", "pode cancelar" → cancel. A bare "não" is deliberately not a cancel
 * ("não vou faltar" exists); anything unclear or mixed is null and goes to the
 * normal conversation flow.
 */
export function parseReminderReply(text: string): ReminderReply | null {
  const tokens = foldText(text)
    .replace(/\u20e3|\ufe0f/g, '') // keycap emoji 1️⃣ = '1' + U+FE0F + U+20E3
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (tokens.length === 0 || tokens.length > 6) return null;
  const confirm = tokens.some((t) => CONFIRM_WORDS.has(t));
  const cancel = tokens.some((t) => CANCEL_WORDS.has(t));
  if (confirm === cancel) return null;
  // A digit only counts as the whole answer, so "2 cachorros" is not a cancel.
  if (tokens.some((t) => /^\d+$/.test(t)) && tokens.length > 1 && !tokens.every((t) => CONFIRM_WORDS.has(t) || CANCEL_WORDS.has(t))) {
    return null;
  }
  return confirm ? 'confirm' : 'cancel';
}
