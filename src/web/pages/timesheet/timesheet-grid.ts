// The timesheet page's rules, free of React and I/O: which rows the grid shows, its totals after a typed change,
// what typing into a cell would do (save, or explain why not), how arrow keys move between cells, and the weeks
// before and after the one shown. Week labels follow src/shared/timesheet-week.ts (the server's own rules).
import type { ApiData } from '../../api/client.js';
import { type LocalDate } from '../../../shared/time-math.js';
import {
  dateOfDayNumber,
  dayNumber,
  formatWeek,
  parseWeek,
  weekDays,
  weekOf,
  type FirstDay,
} from '../../../shared/timesheet-week.js';

export type Timesheet = ApiData<'get', '/timesheet'>;
export type TimesheetRow = Timesheet['rows'][number];
export type TimesheetCell = TimesheetRow['cells'][number];

/** A row is one project, or one task of a project. */
export interface RowKey {
  project_id: number;
  task_id: number | null;
}

/** The most a cell can hold (the API's limit: one day). */
export const CELL_MAX_SECONDS = 86_400;

export const rowKey = (r: RowKey): string => `${r.project_id}:${r.task_id ?? ''}`;

const EMPTY_CELL: TimesheetCell = { seconds: 0, entry_ids: [], editable: true, locked_seconds: 0 };

export function emptyRow(key: RowKey): TimesheetRow {
  return { project_id: key.project_id, task_id: key.task_id, cells: Array.from({ length: 7 }, () => ({ ...EMPTY_CELL })) };
}

/**
 * The rows the grid shows: the week's rows and the rows added on the page (a picked project, last week's rows),
 * once each, sorted by their label. Sorting by label, not by when a row was added or saved, keeps a row where it is
 * when its first cell is saved and the server's answer replaces the added row.
 */
export function shownRows(sheet: Timesheet, added: readonly RowKey[], label: (row: RowKey) => string): TimesheetRow[] {
  const rows = new Map<string, TimesheetRow>();
  for (const row of sheet.rows) rows.set(rowKey(row), row);
  for (const key of added) if (!rows.has(rowKey(key))) rows.set(rowKey(key), emptyRow(key));
  const labelled = [...rows.values()].map((row) => ({ row, label: label(row) }));
  labelled.sort((a, b) => a.label.localeCompare(b.label) || rowKey(a.row).localeCompare(rowKey(b.row)));
  return labelled.map((l) => l.row);
}

export const rowTotal = (row: TimesheetRow): number => row.cells.reduce((sum, c) => sum + c.seconds, 0);

/** The sheet with its day totals and week total summed again from its rows. */
function withTotals(sheet: Timesheet, rows: TimesheetRow[]): Timesheet {
  const dayTotals = sheet.days.map((_, i) => rows.reduce((sum, row) => sum + (row.cells[i]?.seconds ?? 0), 0));
  return { ...sheet, rows, day_totals: dayTotals, total_seconds: dayTotals.reduce((a, b) => a + b, 0) };
}

/** The sheet with one row as the server answered it (added when the week had no such row yet). */
export function withRow(sheet: Timesheet, row: TimesheetRow): Timesheet {
  const key = rowKey(row);
  const found = sheet.rows.some((r) => rowKey(r) === key);
  const rows = found ? sheet.rows.map((r) => (rowKey(r) === key ? row : r)) : [...sheet.rows, row];
  return withTotals(sheet, rows);
}

/** The sheet as it will be once a cell holds `seconds`: shown at once, before the server has answered. */
export function withCellSeconds(sheet: Timesheet, key: RowKey, day: number, seconds: number): Timesheet {
  const row = sheet.rows.find((r) => rowKey(r) === rowKey(key)) ?? emptyRow(key);
  const cells = row.cells.map((c, i) => (i === day ? { ...c, seconds } : c));
  return withRow(sheet, { ...row, cells });
}

/** What typing `text` into a cell and leaving it does. */
export type CellIntent =
  /** The cell already shows this: nothing is sent (tabbing through a cell never rewrites it). */
  | { kind: 'unchanged' }
  /** Not a duration, or more than a day. */
  | { kind: 'invalid'; reason: 'format' | 'too_long' }
  | { kind: 'save'; seconds: number }
  /** The cell holds timer, manual or imported time, more than typed: the grid cannot go below it. */
  | { kind: 'below_locked'; seconds: number; locked: number }
  /** The locked time stays and the grid's own part becomes `own`: said first, saved only when confirmed. */
  | { kind: 'beside_locked'; seconds: number; locked: number; own: number };

export function cellIntent(
  cell: TimesheetCell,
  text: string,
  parse: (text: string) => number | null,
  format: (seconds: number) => string,
): CellIntent {
  const trimmed = text.trim();
  // The cell shows whole minutes: its own text typed back (a timer's 2:00:30 shown as 2:00) changes nothing.
  if (trimmed === format(cell.seconds)) return { kind: 'unchanged' };
  const seconds = trimmed === '' ? 0 : parse(trimmed);
  if (seconds === null) return { kind: 'invalid', reason: 'format' };
  if (seconds > CELL_MAX_SECONDS) return { kind: 'invalid', reason: 'too_long' };
  if (seconds === cell.seconds) return { kind: 'unchanged' };
  if (cell.editable || cell.locked_seconds === 0) return { kind: 'save', seconds };
  if (seconds < cell.locked_seconds) return { kind: 'below_locked', seconds, locked: cell.locked_seconds };
  return { kind: 'beside_locked', seconds, locked: cell.locked_seconds, own: seconds - cell.locked_seconds };
}

export type Direction = 'up' | 'down' | 'left' | 'right';

const ARROWS: Record<string, Direction> = { ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right' };

/**
 * Whether an arrow key leaves the cell, as in a spreadsheet: up and down always (a cell is one line); left and
 * right when the caret stands at that edge of the text or the whole text is selected (as it is on arriving in a
 * cell), so inside a typed "1:30" the caret still moves. Returns the direction, or null for a key that stays.
 */
export function arrowMove(
  key: string,
  input: { value: string; selectionStart: number | null; selectionEnd: number | null },
): Direction | null {
  const direction = ARROWS[key];
  if (!direction) return null;
  if (direction === 'up' || direction === 'down') return direction;
  const { value, selectionStart: start, selectionEnd: end } = input;
  if (start === null || end === null) return direction;
  const allSelected = start === 0 && end === value.length;
  if (allSelected) return direction;
  if (start !== end) return null;
  if (direction === 'left') return start === 0 ? direction : null;
  return end === value.length ? direction : null;
}

/** The cell an arrow leads to in a grid of `rows` × `columns`; null at the grid's edge (the focus stays). */
export function neighbour(
  at: { row: number; column: number },
  direction: Direction,
  size: { rows: number; columns: number },
): { row: number; column: number } | null {
  const step = { up: [-1, 0], down: [1, 0], left: [0, -1], right: [0, 1] }[direction];
  const row = at.row + (step[0] as number);
  const column = at.column + (step[1] as number);
  if (row < 0 || column < 0 || row >= size.rows || column >= size.columns) return null;
  return { row, column };
}

/** The label of the week containing `today` for the user's first day of the week. */
export function weekContaining(today: LocalDate, firstDay: FirstDay): string {
  return formatWeek(weekOf(today, firstDay));
}

/** The label `n` weeks after (before, when negative) `label`; null past the years the timesheet accepts. */
export function shiftWeek(label: string, n: number, firstDay: FirstDay): string | null {
  const week = parseWeek(label);
  if (!week) return null;
  const first = weekDays(week, firstDay)[0] as LocalDate;
  const shifted = formatWeek(weekOf(dateOfDayNumber(dayNumber(first) + 7 * n), firstDay));
  return parseWeek(shifted) ? shifted : null;
}

/** A valid week label from the address bar, or null. */
export function weekFromQuery(value: string | null): string | null {
  return value && parseWeek(value) ? value : null;
}

/** The entries list filtered to one day and project: where the entries a cell holds can be opened and changed. */
export function entriesHref(date: string, projectId: number): string {
  return `/entries?${new URLSearchParams({ range: 'custom', from: date, to: date, project_id: String(projectId) })}`;
}
