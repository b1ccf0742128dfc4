// Rules for time entries: who may touch which entry, ranges, overlaps, projects and tasks, tags, analytics.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import type { DB } from '../../db/schema.js';
import { conflict, forbidden, notFound, validationFailed } from '../../http/errors.js';
import { assertNotInvoiced } from '../invoices/invoice-locks.js';
import { decodeCursor, encodeCursor, id as idSchema, type Page } from '../../http/wire.js';
import { nowSeconds } from '../../lib/clock.js';
import { durationSeconds, overlaps } from '../../../shared/time-math.js';
import { entryProblems, hasProblems, runningStartProblems, type EntryProblems } from '../../../shared/entry-bounds.js';
import { onboardingStep } from '../analytics/funnel.js';
import { track } from '../analytics/track.js';
import { isAdmin, type Principal } from '../auth/principal.js';
import { entriesChanged, entriesDeleted, publishLive, timerChanged } from '../live/publish.js';
import { markDeleted } from './deleted-entries.queries.js';
import { entryDto, toEntryDtos, type EntryDto } from './entry-dto.js';
import { assertRange, resolveUserScope, type EntryFilters } from './entry-filters.js';
import { ensureTags, normalizeTagNames, setEntryTags, tagsForEntries } from './tags.queries.js';
import {
  findEntry,
  findProject,
  findTask,
  findUserExists,
  listEntries,
  lockEntries,
  lockUserEntries,
  overlapCandidates,
  updateEntryRow,
  type EntryRow,
} from './time-entries.queries.js';

/* ------------------------------------------------------------------------------------------
 * Rules shared with the timer
 * ---------------------------------------------------------------------------------------- */

/** The project new time goes to: 400 when unknown (on `field`), 409 project_archived when archived. */
export async function projectForWrite(db: Kysely<DB>, projectId: number, field = 'project_id') {
  const project = await findProject(db, projectId);
  if (!project) throw validationFailed({ [field]: 'no project with this id' });
  if (project.status === 'archived') {
    throw conflict('project_archived', 'The project is archived; unarchive it before tracking time on it.', {
      project_id: projectId,
    });
  }
  return project;
}

export async function assertTaskInProject(db: Kysely<DB>, taskId: number | null, projectId: number): Promise<void> {
  if (taskId === null) return;
  const task = await findTask(db, taskId);
  if (!task || task.project_id !== projectId) throw validationFailed({ task_id: 'is not a task of the entry’s project' });
}

/**
 * 409 overlap unless [start, end) (end null = open-ended) is free in the user's entries. No `now`: a running
 * timer occupies everything from its start on, so no entry can be created after its start.
 */
export async function assertNoOverlap(
  db: Kysely<DB>,
  userId: number,
  start: number,
  end: number | null,
  excludeId?: number,
): Promise<void> {
  assertNoneOverlap(await overlapCandidates(db, userId, start, end, excludeId), start, end);
}

/** 409 overlap naming the candidates (from overlapCandidates) that overlap [start, end). */
export function assertNoneOverlap(
  candidates: readonly { id: number; start_time: number; end_time: number | null }[],
  start: number,
  end: number | null,
): void {
  const conflicting = candidates
    .filter((c) => overlaps({ start, end }, { start: c.start_time, end: c.end_time }))
    .map((c) => c.id);
  if (conflicting.length > 0) {
    throw conflict('overlap', 'The time overlaps other time entries of this user.', { conflicting_ids: conflicting });
  }
}

/** Reads tag names into the owner's tag ids and links them to the entry. */
async function applyTags(db: Kysely<DB>, ownerId: number, entryId: number, names: string[]): Promise<void> {
  const ids = await ensureTags(db, ownerId, names);
  await setEntryTags(db, entryId, [...ids.values()]);
}

export async function insertEntryWithTags(
  db: Kysely<DB>,
  values: {
    user_id: number;
    project_id: number;
    task_id: number | null;
    start_time: number;
    end_time: number | null;
    duration_seconds: number | null;
    break_seconds: number;
    notes: string | null;
    billable: boolean;
    source: 'timer' | 'manual' | 'import' | 'timesheet';
  },
  tags: string[],
): Promise<EntryRow> {
  const now = nowSeconds();
  const inserted = await db
    .insertInto('time_entries')
    .values({ ...values, billable: values.billable ? 1 : 0, paused_at: null, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (tags.length > 0) await applyTags(db, values.user_id, inserted.id, tags);
  return (await findEntry(db, inserted.id)) as EntryRow;
}

export function hasText(value: string | null | undefined): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

/** The entry if the caller may see it; others' entries answer 404 like missing ones (existence is not revealed). */
async function entryForCaller(db: Kysely<DB>, principal: Principal, id: number): Promise<EntryRow> {
  const row = await findEntry(db, id);
  if (!row || (row.user_id !== principal.user.id && !isAdmin(principal.user))) throw notFound('time entry');
  return row;
}

/** 400 naming every field with a problem (see shared/entry-bounds.ts); `endField` is what the caller sent. */
function assertValid(problems: EntryProblems, endField: 'end_time' | 'duration_seconds' = 'end_time'): void {
  if (!hasProblems(problems)) return;
  const { end_time: end, ...rest } = problems;
  throw validationFailed({ ...rest, ...(end === undefined ? {} : { [endField]: end }) });
}

/**
 * End of a finished entry from end_time or duration_seconds (worked time, so breaks are added on top), checked
 * with the entry rules every path shares.
 */
function resolveEnd(start: number, end: number | undefined, duration: number | undefined, breakSeconds: number): number {
  if (end !== undefined && duration !== undefined) {
    throw validationFailed({ duration_seconds: 'send either end_time or duration_seconds, not both' });
  }
  if (end === undefined && duration === undefined) throw validationFailed({ end_time: 'send end_time or duration_seconds' });
  const finish = end ?? start + (duration as number) + breakSeconds;
  assertValid(
    entryProblems({ start, end: finish, breakSeconds }, nowSeconds()),
    end === undefined ? 'duration_seconds' : 'end_time',
  );
  return finish;
}

/* ------------------------------------------------------------------------------------------
 * Endpoints
 * ---------------------------------------------------------------------------------------- */

// Bounded like the columns they are compared with (bigint start, integer id), so a forged cursor is a 400.
const cursorShape = z.tuple([z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER), idSchema]);

export async function listTimeEntries(
  ctx: AppContext,
  principal: Principal,
  query: EntryFilters & { limit: number; cursor?: string },
): Promise<Page<EntryDto>> {
  assertRange(query);
  const scope = resolveUserScope(principal, query.user_id);
  const after = decodeCursor(query.cursor, cursorShape);
  const rows = await listEntries(ctx.db, query, scope, query.limit + 1, after);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: await toEntryDtos(ctx.db, page),
    next_cursor: rows.length > query.limit && last ? encodeCursor([last.start_time, last.id]) : null,
  };
}

export async function getTimeEntry(ctx: AppContext, principal: Principal, id: number): Promise<EntryDto> {
  return entryDto(ctx.db, await entryForCaller(ctx.db, principal, id));
}

export interface NewEntryInput {
  user_id?: number;
  project_id: number;
  task_id?: number | null;
  start_time: number;
  end_time?: number;
  duration_seconds?: number;
  break_seconds?: number;
  notes?: string | null;
  tags?: string[];
  billable?: boolean;
}

export async function createTimeEntry(ctx: AppContext, principal: Principal, input: NewEntryInput): Promise<EntryDto> {
  let userId = principal.user.id;
  if (input.user_id !== undefined && input.user_id !== userId) {
    if (!isAdmin(principal.user)) throw forbidden('Only administrators can add time entries for other users.');
    if (!(await findUserExists(ctx.db, input.user_id))) throw validationFailed({ user_id: 'no user with this id' });
    userId = input.user_id;
  }
  const breakSeconds = input.break_seconds ?? 0;
  const end = resolveEnd(input.start_time, input.end_time, input.duration_seconds, breakSeconds);
  const row = await ctx.db.transaction().execute(async (trx) => {
    const project = await projectForWrite(trx, input.project_id);
    await assertTaskInProject(trx, input.task_id ?? null, project.id);
    await lockUserEntries(trx, userId);
    await assertNoOverlap(trx, userId, input.start_time, end);
    return insertEntryWithTags(
      trx,
      {
        user_id: userId,
        project_id: project.id,
        task_id: input.task_id ?? null,
        start_time: input.start_time,
        end_time: end,
        // Manual entries are stored exactly; rounding belongs to the timer.
        duration_seconds: durationSeconds(input.start_time, end, breakSeconds),
        break_seconds: breakSeconds,
        notes: input.notes ?? null,
        billable: input.billable ?? project.billable === 1,
        source: 'manual',
      },
      input.tags ?? [],
    );
  });
  track('time_entry.created', {
    time_entry_id: row.id,
    project_id: row.project_id,
    source: 'manual',
    duration_seconds: row.duration_seconds,
    has_notes: hasText(row.notes),
  });
  if (row.user_id === principal.user.id) await onboardingStep(ctx, 'first_time_logged', principal.user);
  await publishLive(ctx, row.user_id, entriesChanged([row.id]));
  return entryDto(ctx.db, row);
}

export type EntryPatch = Omit<Partial<NewEntryInput>, 'user_id'>;

const COMPARED_COLUMNS = [
  'project_id',
  'task_id',
  'start_time',
  'end_time',
  'duration_seconds',
  'break_seconds',
  'notes',
  'billable',
] as const;

export async function updateTimeEntry(ctx: AppContext, principal: Principal, id: number, patch: EntryPatch): Promise<EntryDto> {
  return entryDto(ctx.db, await updateTimeEntryRow(ctx, principal, id, patch));
}

/**
 * The rules of PATCH /time-entries/{id}, answering the row as committed. `runningOnly` (PATCH /timer): 409
 * no_running_timer unless the entry is still the running timer once locked (a concurrent stop won).
 */
export async function updateTimeEntryRow(
  ctx: AppContext,
  principal: Principal,
  id: number,
  patch: EntryPatch,
  options: { runningOnly?: boolean } = {},
): Promise<EntryRow> {
  const result = await ctx.db.transaction().execute(async (trx) => {
    const owner = (await entryForCaller(trx, principal, id)).user_id;
    await lockUserEntries(trx, owner);
    const current = await entryForCaller(trx, principal, id); // re-read under the lock
    // Checked under the entry's row lock, so an invoice being issued at this moment is either seen or waits for us.
    await lockEntries(trx, [id]);
    await assertNotInvoiced(trx, [id]);
    const running = current.end_time === null;
    if (options.runningOnly && !running) throw conflict('no_running_timer', 'No timer is running.');
    if (running && (patch.end_time !== undefined || patch.duration_seconds !== undefined)) {
      throw conflict('timer_running', 'This entry is the running timer; stop it with POST /timer/stop.');
    }

    const projectId = patch.project_id ?? current.project_id;
    if (projectId !== current.project_id) await projectForWrite(trx, projectId);
    const taskId = patch.task_id !== undefined ? patch.task_id : current.task_id;
    if (taskId !== current.task_id || projectId !== current.project_id) await assertTaskInProject(trx, taskId, projectId);

    const start = patch.start_time ?? current.start_time;
    const breakSeconds = patch.break_seconds ?? current.break_seconds;
    let end = current.end_time;
    let duration = current.duration_seconds;
    const timesTouched = [patch.start_time, patch.end_time, patch.duration_seconds, patch.break_seconds].some(
      (v) => v !== undefined,
    );
    if (timesTouched && running) {
      assertValid(runningStartProblems(start, nowSeconds(), { pausedAt: current.paused_at, breakSeconds }));
      await assertNoOverlap(trx, owner, start, null, id);
    } else if (timesTouched) {
      // Without a new end or duration the end stays where it was and the worked time follows.
      const endInput = patch.end_time ?? (patch.duration_seconds === undefined ? (current.end_time as number) : undefined);
      end = resolveEnd(start, endInput, patch.duration_seconds, breakSeconds);
      duration = durationSeconds(start, end, breakSeconds);
      await assertNoOverlap(trx, owner, start, end, id);
    }

    const next = {
      project_id: projectId,
      task_id: taskId,
      start_time: start,
      end_time: end,
      duration_seconds: duration,
      break_seconds: breakSeconds,
      notes: patch.notes !== undefined ? patch.notes : current.notes,
      billable: patch.billable !== undefined ? ((patch.billable ? 1 : 0) as 0 | 1) : current.billable,
    };
    const changed: ((typeof COMPARED_COLUMNS)[number] | 'tags')[] = COMPARED_COLUMNS.filter(
      (column) => next[column] !== current[column],
    );

    if (patch.tags !== undefined) {
      const before = ((await tagsForEntries(trx, [id])).get(id) ?? []).map((t) => t.toLowerCase()).sort();
      const after = normalizeTagNames(patch.tags)
        .map((t) => t.lower)
        .sort();
      if (JSON.stringify(before) !== JSON.stringify(after)) {
        await applyTags(trx, owner, id, patch.tags);
        changed.push('tags');
      }
    }
    if (changed.length > 0) await updateEntryRow(trx, id, { ...next, updated_at: nowSeconds() });
    return { row: (await findEntry(trx, id)) as EntryRow, changed };
  });
  const { row, changed } = result;
  if (changed.length > 0) {
    track('time_entry.updated', { time_entry_id: id, fields_changed: changed.sort() });
    await publishLive(ctx, row.user_id, entriesChanged([id]), row.end_time === null ? [timerChanged(row)] : []);
  }
  return row;
}

/** Marks the entry deleted: it disappears everywhere but stays restorable (restore.service.ts) until purged. */
export async function deleteTimeEntry(ctx: AppContext, principal: Principal, id: number): Promise<void> {
  const row = await ctx.db.transaction().execute(async (trx) => {
    const entry = await entryForCaller(trx, principal, id);
    await lockEntries(trx, [id]);
    await assertNotInvoiced(trx, [id]);
    // A concurrent delete marked it first: the same 404 as for a second delete.
    if ((await markDeleted(trx, [entry.id], nowSeconds())) !== 1) throw notFound('time entry');
    return entry;
  });
  track('time_entry.deleted', { time_entry_id: id });
  await publishLive(ctx, row.user_id, entriesDeleted([id]), row.end_time === null ? [timerChanged(null)] : []);
}
