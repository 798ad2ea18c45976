/**
 * How long a shop keeps personal data (LGPD art. 15–16: kept only while needed). Two limits,
 * both in months and set per shop: the text of messages, and customers who stopped coming.
 * Past either, the data is anonymised, not deleted: counts stay true.
 */
export const DEFAULT_MESSAGE_RETENTION_MONTHS = 24;
/** Three years without a message or a booking: long enough for a yearly vaccine customer to count as active. */
export const DEFAULT_INACTIVE_CUSTOMER_MONTHS = 36;
export const MAX_RETENTION_MONTHS = 120;

export interface RetentionPolicy {
  messagesMonths: number;
  inactiveCustomerMonths: number;
}

export function retentionPolicyOf(settings: { retentionMessagesMonths?: number | null; retentionInactiveCustomerMonths?: number | null }): RetentionPolicy {
  return {
    messagesMonths: settings.retentionMessagesMonths ?? DEFAULT_MESSAGE_RETENTION_MONTHS,
    inactiveCustomerMonths: settings.retentionInactiveCustomerMonths ?? DEFAULT_INACTIVE_CUSTOMER_MONTHS,
  };
}

/**
 * The same instant `months` calendar months earlier (UTC), the day clamped to the shorter month:
 * 31 March minus one month is 28 (or 29) February, never 3 March.
 */
export function monthsBefore(now: Date, months: number): Date {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() - months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(now.getUTCDate(), lastDay);
  return new Date(Date.UTC(year, month, day, now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds(), now.getUTCMilliseconds()));
}

/** What is past the limits at `now`: messages created before `messagesBefore`, customers last seen before `customersBefore`. */
export function retentionCutoffs(now: Date, policy: RetentionPolicy): { messagesBefore: Date; customersBefore: Date } {
  return { messagesBefore: monthsBefore(now, policy.messagesMonths), customersBefore: monthsBefore(now, policy.inactiveCustomerMonths) };
}
