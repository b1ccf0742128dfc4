// Field rules the server validates request bodies with and the web validates its forms with: one definition, so
// a form refuses exactly what the API would refuse, with the same words. The messages are named in FIELD_MESSAGES
// so the web can say each of them in the UI's language (web/i18n/errors.ts fieldMessage).
import { z } from 'zod';
import { BOUND_MESSAGES, isValidInstant } from '../entry-bounds.js';

import { FIELD_MESSAGES } from './field-messages.js';

export { FIELD_MESSAGES, type FieldMessageName } from './field-messages.js';

// PostgreSQL refuses strings containing NUL (it would surface as a 500), so every text input is checked.
export const hasNul = (s: string) => s.includes('\u0000');

/** A row id in a path, query or body. */
export const id = z.coerce.number().int().positive().max(2_147_483_647);

/** Names of clients, projects and tasks: trimmed, not empty, no control characters (line breaks, …). */
export const nameText = z
  .string()
  .trim()
  .min(1, FIELD_MESSAGES.empty)
  .max(200)
  .refine((s) => !/\p{Cc}/u.test(s), FIELD_MESSAGES.controlCharacters);

/** Notes and descriptions. */
export const longText = z
  .string()
  .max(10_000)
  .refine((s) => !hasNul(s), FIELD_MESSAGES.nul);

export const emailSchema = z.email({ error: FIELD_MESSAGES.email }).max(320).nullable();

/** Decimal money string "85.00" (or a number) → integer cents. */
export const money = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const text = typeof v === 'number' ? String(v) : v.trim();
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(text)) {
    ctx.addIssue({ code: 'custom', message: FIELD_MESSAGES.amount });
    return z.NEVER;
  }
  const [whole, frac = ''] = text.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
});

/** Hours of a budget or an estimate. */
export const hours = z.number().min(0, FIELD_MESSAGES.negative).max(1_000_000);

/**
 * Any ISO 8601 instant with `Z` or an offset (a local time without offset is rejected) → epoch seconds. Every
 * instant the API reads lies in the years 1970–2099 (shared/entry-bounds.ts); anything else is a 400 on its field.
 */
export const instant = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 instant with Z or an offset, e.g. 2026-11-27T09:30:00Z' })
  .describe('ISO 8601 instant with Z or an offset, from 1970-01-01T00:00:00Z to 2100-01-01T00:00:00Z')
  .transform((v, ctx) => {
    const seconds = Math.floor(Date.parse(v) / 1000);
    if (!isValidInstant(seconds)) {
      ctx.addIssue({ code: 'custom', message: BOUND_MESSAGES.instant });
      return z.NEVER;
    }
    return seconds;
  });
