import { z } from 'zod';
import { isSupportedEpochMs } from '../domain/instant.js';
import { normalizePhone } from '../domain/phone.js';
import { isValidLocalDate } from '../domain/zoned-time.js';

/** Reusable request/response schema pieces. Inputs are strict: an unknown key is a 400. */
export const uuid = z.uuid({ error: 'a UUID' });

export const phoneInput = z
  .string()
  .trim()
  .min(8)
  .max(40)
  .transform((value, ctx) => {
    const phone = normalizePhone(value);
    if (!phone) {
      ctx.addIssue({ code: 'custom', message: 'a phone number, e.g. +5511987654321' });
      return z.NEVER;
    }
    return phone;
  });

export const timezone = z
  .string()
  .trim()
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'an IANA time zone such as America/Sao_Paulo');

export const petSize = z.enum(['P', 'M', 'G', 'GG']);

/** Both refuse years outside 1900–9999 (year 0000 used to reach PostgreSQL and come back as a 500). */
export const isoDateTime = z.iso
  .datetime({ offset: true, error: 'an ISO 8601 date-time with offset' })
  .refine((value) => isSupportedEpochMs(Date.parse(value)), 'a date-time between the years 1900 and 9999');
export const isoDate = z.iso.date({ error: 'a date YYYY-MM-DD' }).refine(isValidLocalDate, 'a date between the years 1900 and 9999');

export const cursorQuery = {
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
};

export const text = (max: number) => z.string().trim().min(1).max(max);

export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const errorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
});

export const orgParams = z.object({ orgId: z.string() });
export const idParams = z.object({ orgId: z.string(), id: uuid });
