// Rules of the weekly timesheet: whose week, which entries make a cell, and how typing a cell's total becomes
// created, changed or (softly) deleted entries of source `timesheet` (cell-plan.ts decides where they go).
import type { Kysely } from 'kysely';
import type { AppContext } from '../../app-context.js';
import type { DB, UserRow } from '../../db/schema.js';
import { AppError, conflict, forbidden, notFound, validationFailed } from '../../http/errors.js';
import { nowSeconds } from '../../lib/clock.js';
import { BOUND_MESSAGES, entryProblems, hasProblems, isValidInstant } from '../../../shared/entry-bounds.js';
import { durationSeconds, localDate, type LocalDate } from '../../../shared/time-math.js';
import {
  dateOfDayNumber,
  dayNumber,
  dayStartInstant,
  formatDate,
  formatWeek,
  weekBounds,
  weekDays,
  weekOf,
  type FirstDay,
  type IsoWeek,
} from '../../../shared/timesheet-week.js';
import { isAdmin, type Principal } from '../auth/principal.js';
import { entriesChanged, entriesDeleted, publishLive } from '../live/publish.js';
import { markDeleted } from '../time-entries/deleted-entries.queries.js';
import { findProject, lockUserEntries, updateEntryRow } from '../time-entries/time-entries.queries.js';
// eslint-disable-next-line no-restricted-imports -- the timesheet's entries are time entries: one set of write rules for all.
import { assertTaskInProject, insertEntryWithTags, projectForWrite } from '../time-entries/time-entries.service.js';
import { findUserById } from '../users/users.queries.js';
import { planCell, summarizeCell, type CellEntry } from './cell-plan.js';
import { entryInvoiced } from '../invoices/invoice-locks.js';
import { entriesOverlapping, invoicedEntryIds, weekEntries, type SheetEntryRow } from './timesheet.queries.js';

export interface CellDto {
  seconds: number;
  entry_ids: number[];
  editable: boolean;
  locked_seconds: number;
}
export interface RowDto {
  project_id: number;
  task_id: number | null;
  cells: CellDto[];
}
export interface TimesheetDto {
  week: string;
  days: string[];
  rows: RowDto[];
  day_totals: number[];
  total_seconds: number;
}

/** The user whose timesheet this is: the caller, or (admins only) `userId`. */
async function sheetOwner(db: Kysely<DB>, principal: Principal, userId: number | undefined): Promise<UserRow> {
  if (userId === undefined || userId === principal.user.id) return principal.user;
  if (!isAdmin(principal.user)) throw forbidden("Only administrators can see or change other users' timesheets.");
  const user = await findUserById(db, userId);
  if (!user) throw notFound('user');
  return user;
}

const firstDayOf = (user: UserRow) => user.week_start as FirstDay;

/** How the grid sees an entry: its worked seconds (a running timer's so far) and whether it may change it. */
function toCellEntry(row: SheetEntryRow, invoiced: ReadonlyMap<number, string>, now: number): CellEntry {
  const running = row.end_time === null;
  const until = running ? Math.max(row.paused_at ?? now, row.start_time) : (row.end_time as number);
  return {
    id: row.id,
    start: row.start_time,
    end: running ? Number.POSITIVE_INFINITY : until,
    seconds: running ? durationSeconds(row.start_time, until, row.break_seconds) : (row.duration_seconds ?? 0),
    breakSeconds: row.break_seconds,
    locked: running || row.source !== 'timesheet' || invoiced.has(row.id),
  };
}

const rowKey = (projectId: number, taskId: number | null) => `${projectId}:${taskId ?? ''}`;

/** Groups a week's entries into rows of seven cells; rows by project id, then task id (none first). */
async function buildRows(db: Kysely<DB>, rows: SheetEntryRow[], bounds: number[]) {
  const invoiced = await invoicedEntryIds(
    db,
    rows.map((r) => r.id),
  );
  const now = nowSeconds();
  const grouped = new Map<string, { project_id: number; task_id: number | null; cells: CellEntry[][] }>();
  for (const row of rows) {
    const day = bounds.findIndex((b, i) => i < 7 && row.start_time >= b && row.start_time < (bounds[i + 1] as number));
    if (day < 0) continue;
    const key = rowKey(row.project_id, row.task_id);
    let group = grouped.get(key);
    if (!group) {
      group = { project_id: row.project_id, task_id: row.task_id, cells: Array.from({ length: 7 }, () => []) };
      grouped.set(key, group);
    }
    (group.cells[day] as CellEntry[]).push(toCellEntry(row, invoiced, now));
  }
  return [...grouped.values()]
    .sort((a, b) => a.project_id - b.project_id || (a.task_id ?? 0) - (b.task_id ?? 0))
    .map((g): RowDto => ({
      project_id: g.project_id,
      task_id: g.task_id,
      cells: g.cells.map((entries) => {
        const summary = summarizeCell(entries);
        return {
          seconds: summary.seconds,
          entry_ids: entries.map((e) => e.id),
          editable: summary.editable,
          locked_seconds: summary.lockedSeconds,
        };
      }),
    }));
}

async function readWeek(db: Kysely<DB>, user: UserRow, week: IsoWeek) {
  const days = weekDays(week, firstDayOf(user));
  const bounds = weekBounds(days, user.timezone);
  const entries = await weekEntries(db, user.id, bounds[0] as number, bounds[7] as number);
  return { days, rows: await buildRows(db, entries, bounds) };
}

/** GET /timesheet: the week (default: the current one) in the owner's time zone and first day of the week. */
export async function getTimesheet(
  ctx: AppContext,
  principal: Principal,
  query: { week?: IsoWeek; user_id?: number },
): Promise<TimesheetDto> {
  const user = await sheetOwner(ctx.db, principal, query.user_id);
  const week = query.week ?? weekOf(localDate(nowSeconds(), user.timezone), firstDayOf(user));
  const { days, rows } = await readWeek(ctx.db, user, week);
  const dayTotals = days.map((_, i) => rows.reduce((sum, r) => sum + (r.cells[i] as CellDto).seconds, 0));
  return {
    week: formatWeek(week),
    days: days.map(formatDate),
    rows,
    day_totals: dayTotals,
    total_seconds: dayTotals.reduce((a, b) => a + b, 0),
  };
}

export interface CellInput {
  date: LocalDate;
  project_id: number;
  task_id?: number | null;
  seconds: number;
  user_id?: number;
}

/** 400 on `date` unless every new or moved piece is a valid entry (shared/entry-bounds.ts) at `now`. */
function assertPiecesValid(pieces: { start: number; end: number }[], now: number): void {
  for (const piece of pieces) {
    const problems = entryProblems({ start: piece.start, end: piece.end, breakSeconds: 0 }, now);
    if (hasProblems(problems)) {
      const why = problems.end_time ?? problems.start_time ?? Object.values(problems)[0];
      throw validationFailed({ date: `the time of this day ${why}` }, `The time of this day ${why}.`);
    }
  }
}

/**
 * PUT /timesheet/cell: the cell's total becomes `seconds` by changing only the grid's own entries. Serialised per
 * user (lockUserEntries), so concurrent typing in one cell ends in the last total, never in duplicates.
 */
export async function putTimesheetCell(ctx: AppContext, principal: Principal, input: CellInput): Promise<RowDto> {
  const user = await sheetOwner(ctx.db, principal, input.user_id);
  const taskId = input.task_id ?? null;
  const dayStart = dayStartInstant(input.date, user.timezone);
  const dayEnd = dayStartInstant(dateOfDayNumber(dayNumber(input.date) + 1), user.timezone);
  if (!isValidInstant(dayStart) || !isValidInstant(dayEnd)) {
    throw validationFailed({
      date: `must be a day that lies, in your time zone, ${BOUND_MESSAGES.instant.replace(/^must lie /, '')}`,
    });
  }
  const now = nowSeconds();
  const result = await ctx.db.transaction().execute(async (trx) => {
    const project = await findProject(trx, input.project_id);
    if (!project) throw validationFailed({ project_id: 'no project with this id' });
    await assertTaskInProject(trx, taskId, project.id);
    await lockUserEntries(trx, user.id);
    const around = await entriesOverlapping(trx, user.id, dayStart, dayEnd);
    const invoiced = await invoicedEntryIds(
      trx,
      around.map((r) => r.id),
    );
    const inCell = (r: SheetEntryRow) =>
      r.start_time >= dayStart && r.start_time < dayEnd && r.project_id === project.id && r.task_id === taskId;
    const plan = planCell({
      day: { start: dayStart, end: dayEnd },
      cell: around.filter(inCell).map((r) => toCellEntry(r, invoiced, now)),
      others: around.filter((r) => !inCell(r)).map((r) => toCellEntry(r, invoiced, now)),
      target: input.seconds,
    });
    if (plan.kind === 'locked') {
      const billed = plan.lockedIds.find((id) => invoiced.has(id));
      if (billed !== undefined) throw entryInvoiced(billed, invoiced.get(billed)!);
      throw conflict(
        'cell_not_editable',
        'The cell holds timer, manual, imported or invoiced entries the timesheet does not change; its total cannot go below their time.',
        { locked_seconds: plan.lockedSeconds, entry_ids: plan.lockedIds },
      );
    }
    if (plan.kind === 'day_full') {
      throw new AppError(409, 'overlap', 'The day has not enough time free of other entries for this total.', {
        conflicting_ids: plan.occupiedIds,
        free_seconds: plan.freeSeconds,
      });
    }
    const { update, create, remove } = plan.changes;
    assertPiecesValid([...update, ...create], now);
    if (create.length > 0) await projectForWrite(trx, project.id); // new time cannot go to an archived project
    for (const piece of update) {
      await updateEntryRow(trx, piece.id, {
        start_time: piece.start,
        end_time: piece.end,
        break_seconds: 0,
        duration_seconds: piece.end - piece.start,
        updated_at: now,
      });
    }
    const created: number[] = [];
    for (const piece of create) {
      const row = await insertEntryWithTags(
        trx,
        {
          user_id: user.id,
          project_id: project.id,
          task_id: taskId,
          start_time: piece.start,
          end_time: piece.end,
          duration_seconds: piece.end - piece.start,
          break_seconds: 0,
          notes: null,
          billable: project.billable === 1,
          source: 'timesheet',
        },
        [],
      );
      created.push(row.id);
    }
    await markDeleted(trx, remove, now);
    return { changed: [...update.map((u) => u.id), ...created], removed: remove };
  });
  await publishLive(
    ctx,
    user.id,
    ...(result.changed.length > 0 ? [entriesChanged(result.changed)] : []),
    ...(result.removed.length > 0 ? [entriesDeleted(result.removed)] : []),
  );

  const { rows } = await readWeek(ctx.db, user, weekOf(input.date, firstDayOf(user)));
  const row = rows.find((r) => r.project_id === input.project_id && r.task_id === taskId);
  const empty = (): CellDto => ({ seconds: 0, entry_ids: [], editable: true, locked_seconds: 0 });
  return row ?? { project_id: input.project_id, task_id: taskId, cells: Array.from({ length: 7 }, empty) };
}
