// Text fields of clients, projects and tasks. PostgreSQL refuses strings containing NUL (it would surface as a
// 500), so every text input is checked here; names also refuse the other control characters (line breaks, …).
import { z } from 'zod';

const hasNul = (s: string) => s.includes('\u0000');

export const nameText = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(200)
  .refine((s) => !/\p{Cc}/u.test(s), 'must not contain control characters');

export const longText = z
  .string()
  .max(10_000)
  .refine((s) => !hasNul(s), 'must not contain NUL characters');

export const searchText = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((s) => !hasNul(s), 'must not contain NUL characters')
  .describe('case-insensitive search in the name');

/** For values read back from a cursor. */
export const storedText = z
  .string()
  .max(400)
  .refine((s) => !hasNul(s));
