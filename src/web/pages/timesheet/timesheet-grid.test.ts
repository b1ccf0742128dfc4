// The timesheet page's pure rules: rows shown, totals after a typed change, what typing into a cell does, arrow
// keys, and week stepping with every first day of the week.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseWeek, weekDays, type FirstDay } from '../../../shared/timesheet-week.js';
import { formatDuration, parseDuration } from '../../lib/time.js';
import {
  arrowMove,
  cellIntent,
  emptyRow,
  entriesHref,
  neighbour,
  rowTotal,
  shiftWeek,
  shownRows,
  weekContaining,
  weekFromQuery,
  withCellSeconds,
  withRow,
  type Timesheet,
  type TimesheetCell,
} from './timesheet-grid.js';

const DAYS = ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06'];
const cell = (seconds: number, extra: Partial<TimesheetCell> = {}): TimesheetCell => ({
  seconds,
  entry_ids: seconds ? [1] : [],
  editable: true,
  locked_seconds: 0,
  ...extra,
});
const sheet = (rows: Timesheet['rows']): Timesheet => {
  const dayTotals = DAYS.map((_, i) => rows.reduce((s, r) => s + r.cells[i]!.seconds, 0));
  return { week: '2026-W49', days: DAYS, rows, day_totals: dayTotals, total_seconds: dayTotals.reduce((a, b) => a + b, 0) };
};
const row = (project_id: number, task_id: number | null, seconds: number[]) => ({
  project_id,
  task_id,
  cells: seconds.map((s) => cell(s)),
});
const names: Record<number, string> = { 1: 'Website', 2: 'Admin', 3: 'Support' };
const label = (r: { project_id: number; task_id: number | null }) => `${names[r.project_id]} ${r.task_id ?? ''}`;
const intent = (c: TimesheetCell, text: string) => cellIntent(c, text, parseDuration, formatDuration);

describe('shownRows', () => {
  it('adds picked rows once, empty, and sorts every row by its label', () => {
    const s = sheet([row(1, null, [3600, 0, 0, 0, 0, 0, 0])]);
    const rows = shownRows(
      s,
      [
        { project_id: 3, task_id: null },
        { project_id: 1, task_id: null },
        { project_id: 2, task_id: 7 },
      ],
      label,
    );
    expect(rows.map((r) => [r.project_id, r.task_id])).toEqual([
      [2, 7],
      [3, null],
      [1, null],
    ]);
    // The week's own row wins over an added one of the same project and task.
    expect(rowTotal(rows[2]!)).toBe(3600);
    expect(rowTotal(rows[1]!)).toBe(0);
  });

  it('keeps a row in its place when the server’s answer replaces the added row', () => {
    const added = [{ project_id: 3, task_id: null }];
    const before = shownRows(sheet([row(1, null, [0, 0, 0, 0, 0, 0, 60]), row(2, null, [60, 0, 0, 0, 0, 0, 0])]), added, label);
    const saved = withRow(
      sheet([row(1, null, [0, 0, 0, 0, 0, 0, 60]), row(2, null, [60, 0, 0, 0, 0, 0, 0])]),
      row(3, null, [0, 7200, 0, 0, 0, 0, 0]),
    );
    const after = shownRows(saved, added, label);
    expect(after.map((r) => r.project_id)).toEqual(before.map((r) => r.project_id));
  });
});

describe('withCellSeconds / withRow', () => {
  it('sets one cell and sums the day totals and the week again', () => {
    const s = sheet([row(1, null, [3600, 0, 0, 0, 0, 0, 0]), row(2, null, [1800, 900, 0, 0, 0, 0, 0])]);
    const next = withCellSeconds(s, { project_id: 2, task_id: null }, 1, 7200);
    expect(next.day_totals).toEqual([5400, 7200, 0, 0, 0, 0, 0]);
    expect(next.total_seconds).toBe(12600);
    // A cell of a row the week does not have yet adds the row.
    const added = withCellSeconds(s, { project_id: 3, task_id: 4 }, 6, 60);
    expect(added.rows).toHaveLength(3);
    expect(added.day_totals[6]).toBe(60);
  });

  it('keeps totals equal to the sum of the cells whatever is typed where', () => {
    const change = fc.record({
      project: fc.integer({ min: 1, max: 3 }),
      task: fc.option(fc.integer({ min: 1, max: 2 })),
      day: fc.integer({ min: 0, max: 6 }),
      seconds: fc.integer({ min: 0, max: 86_400 }),
    });
    fc.assert(
      fc.property(fc.array(change, { maxLength: 30 }), (changes) => {
        let s = sheet([]);
        for (const c of changes) s = withCellSeconds(s, { project_id: c.project, task_id: c.task }, c.day, c.seconds);
        const sums = DAYS.map((_, i) => s.rows.reduce((sum, r) => sum + r.cells[i]!.seconds, 0));
        expect(s.day_totals).toEqual(sums);
        expect(s.total_seconds).toBe(s.rows.reduce((sum, r) => sum + rowTotal(r), 0));
        expect(new Set(s.rows.map((r) => `${r.project_id}:${r.task_id}`)).size).toBe(s.rows.length);
      }),
    );
  });
});

describe('cellIntent', () => {
  it('saves what people type in an editable cell; empty means 0', () => {
    expect(intent(cell(0), '1:30')).toEqual({ kind: 'save', seconds: 5400 });
    expect(intent(cell(0), '1,5')).toEqual({ kind: 'save', seconds: 5400 });
    expect(intent(cell(0), '90m')).toEqual({ kind: 'save', seconds: 5400 });
    expect(intent(cell(3600), '')).toEqual({ kind: 'save', seconds: 0 });
    expect(intent(cell(3600), '  ')).toEqual({ kind: 'save', seconds: 0 });
  });

  it('sends nothing when the total stays, also for a cell of seconds shown as whole minutes', () => {
    expect(intent(cell(3600), '1:00')).toEqual({ kind: 'unchanged' });
    expect(intent(cell(3600), '1h')).toEqual({ kind: 'unchanged' });
    expect(intent(cell(0), '')).toEqual({ kind: 'unchanged' });
    expect(intent(cell(0), '0:00')).toEqual({ kind: 'unchanged' });
    expect(intent(cell(7230, { editable: false, locked_seconds: 7230 }), '2:00')).toEqual({ kind: 'unchanged' });
  });

  it('refuses text that is no duration, and more than a day', () => {
    expect(intent(cell(0), 'lots')).toEqual({ kind: 'invalid', reason: 'format' });
    expect(intent(cell(0), '-1')).toEqual({ kind: 'invalid', reason: 'format' });
    expect(intent(cell(0), '24:01')).toEqual({ kind: 'invalid', reason: 'too_long' });
    expect(intent(cell(0), '24:00')).toEqual({ kind: 'save', seconds: 86_400 });
  });

  it('never rewrites a cell with timer, manual or imported time: below it explains, above it asks', () => {
    const locked = cell(7200, { editable: false, locked_seconds: 7200 });
    expect(intent(locked, '1:00')).toEqual({ kind: 'below_locked', seconds: 3600, locked: 7200 });
    expect(intent(locked, '')).toEqual({ kind: 'below_locked', seconds: 0, locked: 7200 });
    expect(intent(locked, '3:00')).toEqual({ kind: 'beside_locked', seconds: 10_800, locked: 7200, own: 3600 });
    // A cell with both: the grid's own part shrinks down to the locked time, never below.
    const mixed = cell(10_800, { editable: false, locked_seconds: 7200 });
    expect(intent(mixed, '2:00')).toEqual({ kind: 'beside_locked', seconds: 7200, locked: 7200, own: 0 });
  });
});

describe('arrow keys', () => {
  const at = (value: string, start: number, end = start) => ({ value, selectionStart: start, selectionEnd: end });
  it('up and down always leave the cell; left and right only from the edge or a whole selection', () => {
    expect(arrowMove('ArrowUp', at('1:30', 2))).toBe('up');
    expect(arrowMove('ArrowDown', at('1:30', 2))).toBe('down');
    expect(arrowMove('ArrowLeft', at('1:30', 0, 4))).toBe('left');
    expect(arrowMove('ArrowRight', at('1:30', 0, 4))).toBe('right');
    expect(arrowMove('ArrowLeft', at('1:30', 2))).toBeNull();
    expect(arrowMove('ArrowRight', at('1:30', 2))).toBeNull();
    expect(arrowMove('ArrowLeft', at('1:30', 0))).toBe('left');
    expect(arrowMove('ArrowRight', at('1:30', 4))).toBe('right');
    expect(arrowMove('ArrowRight', at('1:30', 1, 3))).toBeNull();
    expect(arrowMove('ArrowLeft', at('', 0))).toBe('left');
    expect(arrowMove('Enter', at('', 0))).toBeNull();
  });

  it('stops at the grid’s edges', () => {
    const size = { rows: 2, columns: 7 };
    expect(neighbour({ row: 0, column: 0 }, 'up', size)).toBeNull();
    expect(neighbour({ row: 0, column: 0 }, 'left', size)).toBeNull();
    expect(neighbour({ row: 1, column: 6 }, 'down', size)).toBeNull();
    expect(neighbour({ row: 1, column: 6 }, 'right', size)).toBeNull();
    expect(neighbour({ row: 0, column: 3 }, 'down', size)).toEqual({ row: 1, column: 3 });
    expect(neighbour({ row: 1, column: 3 }, 'right', size)).toEqual({ row: 1, column: 4 });
  });
});

describe('weeks', () => {
  it('names the week of a day and steps across year ends with each first day', () => {
    expect(weekContaining({ year: 2026, month: 12, day: 5 }, 1)).toBe('2026-W49');
    expect(weekContaining({ year: 2026, month: 12, day: 6 }, 0)).toBe('2026-W50');
    expect(shiftWeek('2026-W49', -1, 1)).toBe('2026-W48');
    expect(shiftWeek('2026-W53', 1, 1)).toBe('2027-W01');
    expect(shiftWeek('2027-W01', -1, 0)).toBe('2026-W53');
    expect(shiftWeek('1970-W01', -1, 1)).toBeNull();
    expect(shiftWeek('2099-W52', 2, 1)).toBeNull();
  });

  it('steps one week back and forth to consecutive weeks', () => {
    const label = fc
      .record({ year: fc.integer({ min: 1971, max: 2098 }), week: fc.integer({ min: 1, max: 52 }) })
      .map(({ year, week }) => `${year}-W${String(week).padStart(2, '0')}`);
    fc.assert(
      fc.property(label, fc.integer({ min: 0, max: 6 }), (week, first) => {
        const firstDay = first as FirstDay;
        const next = shiftWeek(week, 1, firstDay)!;
        expect(shiftWeek(next, -1, firstDay)).toBe(week);
        const end = weekDays(parseWeek(week)!, firstDay)[6]!;
        const start = weekDays(parseWeek(next)!, firstDay)[0]!;
        expect(Date.UTC(start.year, start.month - 1, start.day) - Date.UTC(end.year, end.month - 1, end.day)).toBe(86_400_000);
      }),
    );
  });

  it('reads only valid labels from the address bar', () => {
    expect(weekFromQuery('2026-W49')).toBe('2026-W49');
    expect(weekFromQuery('2026-W54')).toBeNull();
    expect(weekFromQuery('2026-w49')).toBeNull();
    expect(weekFromQuery(null)).toBeNull();
  });

  it('links a cell to its entries', () => {
    expect(entriesHref('2026-12-02', 5)).toBe('/entries?range=custom&from=2026-12-02&to=2026-12-02&project_id=5');
    expect(emptyRow({ project_id: 1, task_id: null }).cells).toHaveLength(7);
  });
});
