// A page of an export as read from the database, in columns, and the page query with its keyset to fill in.
// No Kysely and no database driver here: the export reader threads (page-reader.worker.ts) import this and
// the bulk reader only, so that a thread starts in tens of milliseconds instead of loading the query builder.
import type { CompiledQuery } from 'kysely';

/** A page as read: one row per tag link of an entry, or one with a null tag id for an untagged entry. */
export type PageRow = [
  id: number,
  userId: number,
  projectId: number,
  taskId: number | null,
  startTime: number,
  endTime: number | null,
  durationSeconds: number | null,
  breakSeconds: number,
  notes: string | null,
  billable: 0 | 1,
  tagId: number | null,
];

/** The numeric columns of an ExportPage, in this order. */
export const enum Col {
  Id,
  User,
  Project,
  Task,
  Start,
  End,
  Duration,
  Break,
  Billable,
  Tag,
  Count,
}

/**
 * A page of rows as columns: the numbers of row i at `numbers[i * Col.Count + column]` (NaN for null) and its
 * notes at `notes[i]`. Pages travel from the reader thread to the server's thread (page-reader.ts): a
 * Float64Array's memory is handed over without a copy, and a list of strings clones far faster than a
 * million small arrays.
 */
export interface ExportPage {
  rows: number;
  numbers: Float64Array;
  notes: (string | null)[];
}

export function toColumns(rows: readonly PageRow[]): ExportPage {
  const numbers = new Float64Array(rows.length * Col.Count);
  const notes = new Array<string | null>(rows.length);
  const orNaN = (v: number | null) => (v === null ? NaN : v);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const at = i * Col.Count;
    numbers[at + Col.Id] = r[0];
    numbers[at + Col.User] = r[1];
    numbers[at + Col.Project] = r[2];
    numbers[at + Col.Task] = orNaN(r[3]);
    numbers[at + Col.Start] = r[4];
    numbers[at + Col.End] = orNaN(r[5]);
    numbers[at + Col.Duration] = orNaN(r[6]);
    numbers[at + Col.Break] = r[7];
    numbers[at + Col.Billable] = r[9];
    numbers[at + Col.Tag] = orNaN(r[10]);
    notes[i] = r[8];
  }
  return { rows: rows.length, numbers, notes };
}

/** Where a page ends: the keyset of its last entry, and whether it was full (more may follow). */
export function pageEnd(page: ExportPage, size: number): { last?: [number, number]; full: boolean } {
  const { rows, numbers } = page;
  let entries = 0;
  for (let i = 0; i < rows; i++) if (i === 0 || numbers[i * Col.Count] !== numbers[(i - 1) * Col.Count]) entries++;
  if (rows === 0) return { full: false };
  const at = (rows - 1) * Col.Count;
  return { last: [numbers[at + Col.Start]!, numbers[at + Col.Id]!], full: entries === size };
}

/** Start times of a page's first and last row (pages run from the latest start to the earliest). */
export function pageSpan(page: ExportPage): { first: number; last: number } {
  return { first: page.numbers[Col.Start]!, last: page.numbers[(page.rows - 1) * Col.Count + Col.Start]! };
}

/**
 * The query of the pages after a keyset, compiled once per export: `keyset` holds the positions in
 * `parameters` of the previous page's last [start_time, id], filled in per page by pageQueryAfter.
 */
export interface PageQuery {
  sql: string;
  parameters: readonly unknown[];
  keyset: [number, number];
}

export function pageQueryAfter(query: PageQuery, after: [number, number]): Pick<CompiledQuery, 'sql' | 'parameters'> {
  const parameters = [...query.parameters];
  parameters[query.keyset[0]] = after[0];
  parameters[query.keyset[1]] = after[1];
  return { sql: query.sql, parameters };
}
