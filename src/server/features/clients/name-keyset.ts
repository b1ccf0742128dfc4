// Lists of clients, projects and tasks share one order and one cursor: lowercased name, then id. The sort key
// comes back from the database with each row, so the cursor compares exactly what the database sorted by.
import { z } from 'zod';
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import { decodeCursor, encodeCursor } from '../../http/wire.js';
import { storedText } from './catalog-text.js';

export type NameCursor = [string, number];

const cursorShape: z.ZodType<NameCursor> = z.tuple([storedText, z.number().int().positive().max(2_147_483_647)]);

/** The decoded cursor, or undefined for the first page; a foreign or damaged cursor is a 400 on `cursor`. */
export const decodeNameCursor = (cursor: string | undefined): NameCursor | undefined => decodeCursor(cursor, cursorShape);

/** Rows strictly after the cursor in (sort key, id) order. */
export function afterNameCursor(sortKey: Expression<string>, id: Expression<number>, cursor: NameCursor): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${sortKey}, ${id}) > (${cursor[0]}, ${cursor[1]})`;
}

/** Case-insensitive substring match of `q` against an already lowercased expression (LIKE wildcards escaped). */
export function nameContains(lowered: Expression<string>, q: string): RawBuilder<SqlBool> {
  const pattern = `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`${lowered} like ${pattern} escape '\\'`;
}

/** Cuts the `limit + 1` rows a list query fetched into a page and the cursor of its last item. */
export function toNamePage<R extends { id: number; sort_key: string }>(
  rows: R[],
  limit: number,
): { rows: R[]; nextCursor: string | null } {
  if (rows.length <= limit) return { rows, nextCursor: null };
  const page = rows.slice(0, limit);
  const last = page[page.length - 1]!;
  return { rows: page, nextCursor: encodeCursor([last.sort_key, last.id]) };
}
