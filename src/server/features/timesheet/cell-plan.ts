// Where the timesheet puts its own entries when a cell's total is typed (PUT /timesheet/cell). Pure: the service
// reads the day, asks this module, then writes what it answers (docs/timesheet.md explains the rules).
//
// A cell is the user's kept entries of one project and task that START on one local day. Only entries of source
// `timesheet` that are not invoiced are the grid's to change; every other entry of the cell is "locked": its
// seconds stay, so the cell can be set to any total at or above them. The grid's entries are laid into the free
// time of the day (the day's own instants in the user's time zone, so 23 or 25 hours across DST), never over any
// other entry of the user (the overlap rule every entry obeys; a running timer occupies everything from its
// start on):
//   1. unchanged total: nothing moves;
//   2. total of the grid's part 0: its entries are deleted (softly, so undo can restore them);
//   3. otherwise one entry, preferably where the first of the grid's entries starts now (so an entry moved in
//      the calendar stays put), else at the start of the earliest free stretch long enough, else split over
//      the free stretches from the start of the day; more than the day's free time: refused (day_full).
// Existing grid entries are reused in order (same ids, times changed), extra pieces are created, surplus ones
// deleted.

/** A half-open span of epoch seconds; `end` is Infinity for a running timer. */
export interface Span {
  start: number;
  end: number;
}

/** One of the cell's entries as the grid sees it. */
export interface CellEntry extends Span {
  id: number;
  /** Worked seconds (duration_seconds; a running timer's elapsed time). */
  seconds: number;
  breakSeconds: number;
  /** Not the grid's to change: not of source `timesheet`, invoiced, or running. */
  locked: boolean;
}

export interface CellSummary {
  seconds: number;
  /** Seconds in locked entries: the lowest total the cell can be set to. */
  lockedSeconds: number;
  editable: boolean;
}

/** What GET /timesheet shows for a cell: editable when empty or every entry is the grid's own. */
export function summarizeCell(entries: readonly CellEntry[]): CellSummary {
  let seconds = 0;
  let lockedSeconds = 0;
  for (const e of entries) {
    seconds += e.seconds;
    if (e.locked) lockedSeconds += e.seconds;
  }
  return { seconds, lockedSeconds, editable: entries.every((e) => !e.locked) };
}

export interface CellChanges {
  /** Grid entries kept with new times (break cleared). */
  update: { id: number; start: number; end: number }[];
  create: Span[];
  /** Grid entries to delete (softly). */
  remove: number[];
}

export type CellPlan =
  | { kind: 'changes'; changes: CellChanges }
  /** The total is below the seconds of entries the grid may not change. */
  | { kind: 'locked'; lockedSeconds: number; lockedIds: number[] }
  /** The day has not enough free time for the grid's part. */
  | { kind: 'day_full'; freeSeconds: number; occupiedIds: number[] };

export interface CellInput {
  /** The local day [start, end). */
  day: Span;
  /** The cell's entries, by start. */
  cell: readonly CellEntry[];
  /** Every other entry of the user that overlaps the day (other cells, other days' entries reaching into it). */
  others: readonly (Span & { id: number })[];
  /** The total the cell should show. */
  target: number;
}

/** Free stretches of `day` outside `taken`, in order. */
export function freeSpans(day: Span, taken: readonly Span[]): Span[] {
  const sorted = taken.filter((s) => s.end > day.start && s.start < day.end).sort((a, b) => a.start - b.start);
  const free: Span[] = [];
  let cursor = day.start;
  for (const s of sorted) {
    if (s.start > cursor) free.push({ start: cursor, end: Math.min(s.start, day.end) });
    cursor = Math.max(cursor, s.end);
    if (cursor >= day.end) break;
  }
  if (cursor < day.end) free.push({ start: cursor, end: day.end });
  return free.filter((s) => s.end > s.start);
}

/** Pieces of free time adding up to `seconds` (see the rules above), or null when the free time is too short. */
function place(free: Span[], seconds: number, preferredStart: number | undefined): Span[] | null {
  if (preferredStart !== undefined) {
    const fits = free.find((s) => s.start <= preferredStart && preferredStart + seconds <= s.end);
    if (fits) return [{ start: preferredStart, end: preferredStart + seconds }];
  }
  const whole = free.find((s) => s.end - s.start >= seconds);
  if (whole) return [{ start: whole.start, end: whole.start + seconds }];
  const pieces: Span[] = [];
  let left = seconds;
  for (const s of free) {
    if (left === 0) break;
    const take = Math.min(left, s.end - s.start);
    pieces.push({ start: s.start, end: s.start + take });
    left -= take;
  }
  return left === 0 ? pieces : null;
}

export function planCell({ day, cell, others, target }: CellInput): CellPlan {
  const locked = cell.filter((e) => e.locked);
  const own = cell.filter((e) => !e.locked);
  const { seconds, lockedSeconds } = summarizeCell(cell);
  const none: CellChanges = { update: [], create: [], remove: [] };
  if (target === seconds) return { kind: 'changes', changes: none };
  if (target < lockedSeconds) return { kind: 'locked', lockedSeconds, lockedIds: locked.map((e) => e.id) };
  const ownTarget = target - lockedSeconds;
  if (ownTarget === 0) return { kind: 'changes', changes: { ...none, remove: own.map((e) => e.id) } };

  const taken = [...others, ...locked];
  const free = freeSpans(day, taken);
  const pieces = place(free, ownTarget, own[0]?.start);
  if (!pieces) {
    const freeSeconds = free.reduce((sum, s) => sum + (s.end - s.start), 0);
    return {
      kind: 'day_full',
      freeSeconds,
      occupiedIds: taken.filter((s) => s.end > day.start && s.start < day.end).map((s) => s.id),
    };
  }
  const changes: CellChanges = { update: [], create: [], remove: [] };
  pieces.forEach((piece, i) => {
    const existing = own[i];
    if (!existing) changes.create.push(piece);
    else if (existing.start !== piece.start || existing.end !== piece.end || existing.breakSeconds !== 0)
      changes.update.push({ id: existing.id, ...piece });
  });
  changes.remove = own.slice(pieces.length).map((e) => e.id);
  return { kind: 'changes', changes };
}
