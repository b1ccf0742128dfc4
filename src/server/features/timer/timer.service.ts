// The running timer: the user's one entry with end_time null (source "timer"). The database's partial unique
// index allows one per user; every state change is a conditional update, so concurrent requests cannot race.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import type { DB } from '../../db/schema.js';
import { isUniqueViolation } from '../../db/db-errors.js';
import { conflict, validationFailed } from '../../http/errors.js';
import { apiTime, toApiTime } from '../../http/wire.js';
import { nowSeconds } from '../../lib/clock.js';
import { durationSeconds, timerStopSeconds, type RoundingMinutes } from '../../../shared/time-math.js';
import { onboardingStep } from '../analytics/funnel.js';
import { track } from '../analytics/track.js';
import type { Principal } from '../auth/principal.js';
import { entriesChanged, publishLive, timerChanged } from '../live/publish.js';
import { toEntryDto, type EntryDto } from '../time-entries/entry-dto.js';
import { notDeleted } from '../time-entries/kept-entries.js';
import { ensureTags, setEntryTags, tagsForEntries } from '../time-entries/tags.queries.js';
import {
  findEntry,
  findRunningEntry,
  findRunningTimer,
  lockUserEntries,
  overlapCandidates,
  type EntryRow,
} from '../time-entries/time-entries.queries.js';
// eslint-disable-next-line no-restricted-imports -- the timer's entry is a time entry: one set of write rules for both.
import {
  assertNoneOverlap,
  assertNoOverlap,
  assertTaskInProject,
  hasText,
  projectForWrite,
} from '../time-entries/time-entries.service.js';
import { entryProblems, hasProblems } from '../../../shared/entry-bounds.js';
import { finishRunningEntry, insertRunningEntry } from './timer.queries.js';

export const timerSchema = z.object({
  id: z.number().int().describe('the time entry id'),
  project_id: z.number().int(),
  task_id: z.number().int().nullable(),
  notes: z.string().nullable(),
  tags: z.array(z.string()),
  billable: z.boolean(),
  start_time: apiTime,
  paused: z.boolean(),
  paused_at: apiTime.nullable(),
  break_seconds: z.number().int().describe('breaks of finished pauses'),
  elapsed_seconds: z.number().int().describe('now − start − breaks − the open pause'),
});
z.globalRegistry.add(timerSchema, { id: 'Timer' });
export type TimerDto = z.infer<typeof timerSchema>;

export const noRunningTimer = () => conflict('no_running_timer', 'No timer is running.');
const alreadyRunning = () => conflict('timer_already_running', 'A timer is already running; stop it first.');

export async function toTimerDto(db: Kysely<DB>, row: EntryRow, now = nowSeconds()): Promise<TimerDto> {
  return timerDto(row, (await tagsForEntries(db, [row.id])).get(row.id) ?? [], now);
}

/** The timer as the API shows it, from its row and tag names. */
function timerDto(row: EntryRow, tags: string[], now: number): TimerDto {
  const until = Math.max(now, row.start_time);
  const openPause = row.paused_at === null ? 0 : Math.max(0, until - row.paused_at);
  return {
    id: row.id,
    project_id: row.project_id,
    task_id: row.task_id,
    notes: row.notes,
    tags,
    billable: row.billable === 1,
    start_time: toApiTime(row.start_time),
    paused: row.paused_at !== null,
    paused_at: toApiTime(row.paused_at),
    break_seconds: row.break_seconds,
    elapsed_seconds: durationSeconds(row.start_time, until, row.break_seconds + openPause),
  };
}

export async function getTimer(ctx: AppContext, principal: Principal): Promise<TimerDto | null> {
  const row = await findRunningTimer(ctx.db, principal.user.id);
  if (!row) return null;
  const tags = Number(row.tagged) === 1 ? ((await tagsForEntries(ctx.db, [row.id])).get(row.id) ?? []) : [];
  return timerDto(row, tags, nowSeconds());
}

export interface StartTimerInput {
  project_id: number;
  task_id?: number | null;
  notes?: string | null;
  tags?: string[];
  billable?: boolean;
}

export async function startTimer(ctx: AppContext, principal: Principal, input: StartTimerInput): Promise<TimerDto> {
  const userId = principal.user.id;
  const tagNames = input.tags ?? [];
  let row: EntryRow;
  try {
    row = await ctx.db.transaction().execute(async (trx) => {
      const project = await projectForWrite(trx, input.project_id);
      await assertTaskInProject(trx, input.task_id ?? null, project.id);
      // Serialised with the user's other entry writes (PostgreSQL), so an entry created meanwhile is seen.
      await lockUserEntries(trx, userId);
      const now = nowSeconds();
      // One read answers both refusals: a running timer (end_time null) and a finished entry that now lies inside
      // (one may end up to a day ahead), as for manual entries. A running timer is refused first.
      const candidates = await overlapCandidates(trx, userId, now, now + 1);
      if (candidates.some((c) => c.end_time === null)) throw alreadyRunning();
      assertNoneOverlap(candidates, now, now + 1);
      const inserted = await insertRunningEntry(trx, {
        user_id: userId,
        project_id: project.id,
        task_id: input.task_id ?? null,
        notes: input.notes ?? null,
        billable: (input.billable ?? project.billable === 1) ? 1 : 0,
        now,
      });
      if (tagNames.length > 0) await setEntryTags(trx, inserted.id, [...(await ensureTags(trx, userId, tagNames)).values()]);
      return { ...inserted, client_id: project.client_id };
    });
  } catch (error) {
    // The partial unique index on (user_id) where end_time is null decides, not a check before the insert.
    if (isUniqueViolation(error)) throw alreadyRunning();
    throw error;
  }
  // A timer started without tags has none; with tags, their stored spellings are read (the first one a user typed).
  const timer = timerDto(row, tagNames.length > 0 ? await entryTags(ctx.db, row.id) : [], nowSeconds());
  track('timer.started', {
    project_id: row.project_id,
    task_id: row.task_id,
    has_notes: hasText(row.notes),
    has_tags: timer.tags.length > 0,
    billable: timer.billable,
  });
  await onboardingStep(ctx, 'first_timer_started', principal.user);
  await publishLive(ctx, userId, timerChanged(row), entriesChanged([row.id]));
  return timer;
}

async function entryTags(db: Kysely<DB>, entryId: number): Promise<string[]> {
  return (await tagsForEntries(db, [entryId])).get(entryId) ?? [];
}

/**
 * Finishes the running timer at `endTime` (default now): worked time = end − start − breaks, where a pause
 * still open counts as break until the end; then the user's rounding gives duration_seconds (not below the user's
 * min_timer_seconds: such a short timer is kept exactly, and the web UI offers to discard it with DELETE).
 */
export async function stopTimer(ctx: AppContext, principal: Principal, endTime?: number): Promise<EntryDto> {
  const { user } = principal;
  const { row, tagged } = await ctx.db.transaction().execute(async (trx) => {
    await lockUserEntries(trx, user.id);
    const running = await findRunningTimer(trx, user.id);
    if (!running) throw noRunningTimer();
    const now = nowSeconds();
    const end = endTime ?? Math.max(now, running.start_time);
    if (end < running.start_time) throw validationFailed({ end_time: 'must not be before the timer started' });
    if (running.paused_at !== null && end < running.paused_at) {
      throw validationFailed({ end_time: 'must not be before the timer was paused' });
    }
    const breakSeconds = running.break_seconds + (running.paused_at === null ? 0 : end - running.paused_at);
    // The entry rules of every path; a timer may end with no worked time (stopped at once, paused throughout).
    // A timer left running for more than 31 days is stopped with an end_time at most 31 days after its start.
    const problems = entryProblems({ start: running.start_time, end, breakSeconds }, now, { allowEmpty: true });
    if (hasProblems(problems)) throw validationFailed(problems);
    await assertNoOverlap(trx, user.id, running.start_time, end, running.id);
    const worked = durationSeconds(running.start_time, end, breakSeconds);
    // Rounded by the user's timer rule, unless shorter than their minimum to keep (then stored as worked).
    const rule = { minutes: user.rounding_minutes as RoundingMinutes, method: user.rounding_method };
    const duration = timerStopSeconds(worked, rule, user.min_timer_seconds);
    const values = { end, duration, breakSeconds, now };
    if (!(await finishRunningEntry(trx, running.id, values))) throw noRunningTimer(); // a concurrent stop or delete won
    const { tagged: hasTags, ...entry } = running;
    const stopped: EntryRow = { ...entry, end_time: end, duration_seconds: duration, break_seconds: breakSeconds };
    return { row: { ...stopped, paused_at: null, updated_at: now }, tagged: Number(hasTags) === 1 };
  });
  track('timer.stopped', { time_entry_id: row.id, project_id: row.project_id, duration_seconds: row.duration_seconds });
  await onboardingStep(ctx, 'first_time_logged', user);
  await publishLive(ctx, user.id, timerChanged(null), entriesChanged([row.id]));
  // Only finished entries can be invoiced (invoices.queries.ts), so the entry that was running has no invoice number.
  return toEntryDto(row, tagged ? await entryTags(ctx.db, row.id) : [], null);
}

export async function pauseTimer(ctx: AppContext, principal: Principal): Promise<TimerDto> {
  const userId = principal.user.id;
  const now = nowSeconds();
  const paused = await ctx.db
    .updateTable('time_entries')
    .set({ paused_at: now, updated_at: now })
    .where('user_id', '=', userId)
    .where('end_time', 'is', null)
    .where(notDeleted)
    .where('paused_at', 'is', null)
    .executeTakeFirst();
  const row = await findRunningEntry(ctx.db, userId);
  if (!row) throw noRunningTimer();
  if (Number(paused.numUpdatedRows) !== 1) throw conflict('already_paused', 'The timer is already paused.');
  track('timer.paused', { time_entry_id: row.id });
  await publishLive(ctx, userId, timerChanged(row));
  return toTimerDto(ctx.db, row, now);
}

export async function resumeTimer(ctx: AppContext, principal: Principal): Promise<TimerDto> {
  const userId = principal.user.id;
  const now = nowSeconds();
  const running = await findRunningEntry(ctx.db, userId);
  if (!running) throw noRunningTimer();
  if (running.paused_at === null) throw conflict('not_paused', 'The timer is not paused.');
  // Conditional on the pause we read: a concurrent resume or stop makes this update match nothing.
  const resumed = await ctx.db
    .updateTable('time_entries')
    .set({ break_seconds: running.break_seconds + Math.max(0, now - running.paused_at), paused_at: null, updated_at: now })
    .where('id', '=', running.id)
    .where('end_time', 'is', null)
    .where(notDeleted)
    .where('paused_at', '=', running.paused_at)
    .where('break_seconds', '=', running.break_seconds)
    .executeTakeFirst();
  if (Number(resumed.numUpdatedRows) !== 1) {
    const fresh = await findRunningEntry(ctx.db, userId);
    if (!fresh) throw noRunningTimer();
    throw conflict('not_paused', 'The timer is not paused.');
  }
  track('timer.resumed', { time_entry_id: running.id });
  const fresh = (await findEntry(ctx.db, running.id)) as EntryRow;
  await publishLive(ctx, userId, timerChanged(fresh));
  return toTimerDto(ctx.db, fresh, now);
}
