// Search and cursor texts of the catalog lists (the bodies' text fields are in shared/schemas/fields.ts).
// PostgreSQL refuses strings containing NUL (it would surface as a 500), so every text input is checked here.
import { z } from 'zod';
import { FIELD_MESSAGES, hasNul } from '../../../shared/schemas/fields.js';

export const searchText = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((s) => !hasNul(s), FIELD_MESSAGES.nul)
  .describe('case-insensitive search in the name');

/** For values read back from a cursor. */
export const storedText = z
  .string()
  .max(400)
  .refine((s) => !hasNul(s));
