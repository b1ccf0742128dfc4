// Wire formats shared by every feature's route schemas: instants, ids, money, pagination.
import { z } from 'zod';
import { id } from '../../shared/schemas/fields.js';
import { isoSeconds } from '../lib/iso-seconds.js';
import { validationFailed } from './errors.js';

// Ids, instants and money are shared with the web's forms (src/shared/schemas/fields.ts).
export { id, instant, money } from '../../shared/schemas/fields.js';

/** Epoch seconds → `2026-11-27T09:30:00Z`. */
export function toApiTime(epochSeconds: number): string;
export function toApiTime(epochSeconds: number | null): string | null;
export function toApiTime(epochSeconds: number | null): string | null {
  return epochSeconds === null ? null : isoSeconds(epochSeconds);
}

export const apiTime = z.string().describe('ISO 8601 UTC instant, second precision');

export const idParams = z.object({ id });

export function toMoney(cents: number | null): string | null {
  if (cents === null) return null;
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.round(cents));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export const booleanQuery = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});

/** Opaque keyset cursor: base64url JSON of the sort key of the last item on the page. */
export function encodeCursor(key: (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<T extends (string | number)[]>(cursor: string | undefined, shape: z.ZodType<T>): T | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed = shape.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through to the validation error
  }
  throw validationFailed({ cursor: 'is not a cursor returned by this list' });
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), next_cursor: z.string().nullable() });

export const errorResponse = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
});
z.globalRegistry.add(errorResponse, { id: 'ErrorResponse' });
