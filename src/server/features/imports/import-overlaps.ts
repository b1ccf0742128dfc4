// Which rows of an import overlap the user's entries or each other: the overlap rule of the API (half-open
// intervals; a running timer occupies everything from its start on), applied to a whole file at once. Pure, and
// O(n log n) however the rows overlap, so a hostile file of 100,000 rows costs no more than a sort.
import { toApiTime } from '../../http/wire.js';
import type { RowError } from './import-formats.js';

export interface FileSpan {
  row: number;
  start: number;
  end: number;
}

export interface StoredSpan {
  id: number;
  start_time: number;
  /** null: the running timer */
  end_time: number | null;
}

/** Entries named in one row's message; the rest are counted. */
const NAMED = 3;

/** Number of items in `sorted` (ascending) that are below `value`. */
function countBelow(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function describeStored(e: StoredSpan): string {
  return e.end_time === null
    ? `your running timer (started ${toApiTime(e.start_time)})`
    : `your entry ${e.id} (${toApiTime(e.start_time)} to ${toApiTime(e.end_time)})`;
}

/** Messages for rows overlapping stored entries: the stored entry ending last among those starting before the row's end always, a few more by name. */
function againstStored(rows: readonly FileSpan[], stored: readonly StoredSpan[]): Map<number, string> {
  const sorted = [...stored].sort((a, b) => a.start_time - b.start_time || a.id - b.id);
  const starts = sorted.map((e) => e.start_time);
  const ends = sorted.map((e) => e.end_time ?? Number.POSITIVE_INFINITY);
  // For each prefix, the index of the entry with the latest end: the prefix overlaps [s, e) iff that end > s.
  const latest: number[] = [];
  ends.forEach((end, i) =>
    latest.push(i > 0 && (ends[latest[i - 1] as number] as number) >= end ? (latest[i - 1] as number) : i),
  );

  const out = new Map<number, string>();
  for (const row of rows) {
    const k = countBelow(starts, row.end);
    if (k === 0) continue;
    const holder = latest[k - 1] as number;
    if ((ends[holder] as number) <= row.start) continue;
    // Valid entries do not overlap each other, so those overlapping the row are the last ones before k.
    const hits = new Set<number>([holder]);
    for (let i = k - 1; i >= 0 && (ends[i] as number) > row.start && hits.size < NAMED + 1; i--) hits.add(i);
    const named = [...hits].sort((a, b) => a - b).slice(0, NAMED);
    const more = hits.size > NAMED ? ' and more' : '';
    out.set(row.row, `overlaps ${named.map((i) => describeStored(sorted[i] as StoredSpan)).join(', ')}${more}`);
  }
  return out;
}

/** Messages for rows overlapping another row of the file: every such row gets one, naming one other row. */
function withinFile(rows: readonly FileSpan[]): Map<number, string> {
  const sorted = [...rows].sort((a, b) => a.start - b.start || a.end - b.end || a.row - b.row);
  const out = new Map<number, string>();
  let latest: FileSpan | undefined; // among the rows before i, the one ending last
  sorted.forEach((row, i) => {
    const next = sorted[i + 1];
    const other =
      latest !== undefined && latest.end > row.start ? latest : next !== undefined && next.start < row.end ? next : undefined;
    if (other !== undefined) out.set(row.row, `overlaps row ${other.row} of this file`);
    if (latest === undefined || row.end > latest.end) latest = row;
  });
  return out;
}

/**
 * One error per row that overlaps a stored entry of the user or another row of the file (exact duplicates are
 * expected to be removed before: they are skipped, not refused). Touching intervals do not overlap.
 */
export function overlapErrors(rows: readonly FileSpan[], stored: readonly StoredSpan[]): RowError[] {
  const a = againstStored(rows, stored);
  const b = withinFile(rows);
  const errors: RowError[] = [];
  for (const row of rows) {
    const messages = [a.get(row.row), b.get(row.row)].filter((m): m is string => m !== undefined);
    if (messages.length > 0) errors.push({ row: row.row, message: messages.join('; ') });
  }
  return errors;
}
