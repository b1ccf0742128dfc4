// POST /time-entries/bulk: one action on many entries, all or nothing. Its answer carries `undo`, the body for
// POST /time-entries/bulk/undo (bulk-undo.service.ts) that puts back exactly what this call changed.
import type { Kysely } from 'kysely';
import type { AppContext } from '../../app-context.js';
import type { DB } from '../../db/schema.js';
import { assertNotInvoiced } from '../invoices/invoice-locks.js';
import { AppError } from '../../http/errors.js';
import { nowSeconds } from '../../lib/clock.js';
import { track } from '../analytics/track.js';
import { isAdmin, type Principal } from '../auth/principal.js';
import { entriesChanged, entriesDeleted, publishLive, timerChanged } from '../live/publish.js';
import type { BulkUndo } from './bulk-undo.schema.js';
import { markDeleted } from './deleted-entries.queries.js';
import { ensureTags, normalizeTagNames, tagsForEntries } from './tags.queries.js';
import { findRunningEntry, lockEntries } from './time-entries.queries.js';
import { projectForWrite } from './time-entries.service.js';

export type BulkInput = { ids: number[] } & (
  | { action: 'delete' }
  | { action: 'set_billable'; value: boolean }
  | { action: 'set_project'; value: number }
  | { action: 'add_tags' | 'remove_tags'; value: string[] }
);

export interface BulkResult {
  updated: number;
  /** What POST /time-entries/bulk/undo needs to revert this call; null when nothing changed. */
  undo: BulkUndo | null;
}

type LockedRow = Awaited<ReturnType<typeof lockEntries>>[number];

/** The caller's (or, for an admin, anyone's) kept entries with these ids, locked; any other id is a 404. */
export async function lockEntriesForCaller(trx: Kysely<DB>, principal: Principal, ids: number[]): Promise<LockedRow[]> {
  const rows = (await lockEntries(trx, ids)).filter((r) => r.user_id === principal.user.id || isAdmin(principal.user));
  if (rows.length !== ids.length) {
    const found = new Set(rows.map((r) => r.id));
    const missing = ids.filter((i) => !found.has(i));
    throw new AppError(404, 'not_found', 'One or more of the time entries do not exist.', { ids: missing });
  }
  await assertNotInvoiced(trx, ids);
  return rows;
}

/** Tells each owner's other tabs what changed; the timer too when a running entry was among them. */
export async function publishBulk(
  ctx: AppContext,
  rows: readonly Pick<LockedRow, 'id' | 'user_id' | 'end_time'>[],
  deleted: boolean,
): Promise<void> {
  for (const ownerId of new Set(rows.map((r) => r.user_id))) {
    const own = rows.filter((r) => r.user_id === ownerId);
    const ownIds = own.map((r) => r.id);
    const events = deleted ? entriesDeleted(ownIds) : entriesChanged(ownIds);
    const timer = own.some((r) => r.end_time === null) ? [timerChanged(await findRunningEntry(ctx.db, ownerId))] : [];
    await publishLive(ctx, ownerId, events, timer);
  }
}

async function setProject(trx: Kysely<DB>, rows: LockedRow[], projectId: number, now: number): Promise<BulkUndo | null> {
  const project = await projectForWrite(trx, projectId, 'value');
  // A task belongs to one project: entries moving away from their task's project lose the task.
  const targetTasks = new Set(
    (await trx.selectFrom('tasks').select('id').where('project_id', '=', project.id).execute()).map((t) => t.id),
  );
  const entries = rows
    .map((r) => ({
      id: r.id,
      from: { project_id: r.project_id, task_id: r.task_id },
      to: { project_id: project.id, task_id: r.task_id !== null && targetTasks.has(r.task_id) ? r.task_id : null },
    }))
    .filter((e) => e.from.project_id !== e.to.project_id || e.from.task_id !== e.to.task_id);
  const ids = rows.map((r) => r.id);
  const losing = entries.filter((e) => e.from.task_id !== null && e.to.task_id === null).map((e) => e.id);
  if (losing.length > 0) await trx.updateTable('time_entries').set({ task_id: null }).where('id', 'in', losing).execute();
  await trx.updateTable('time_entries').set({ project_id: project.id, updated_at: now }).where('id', 'in', ids).execute();
  return entries.length === 0 ? null : { action: 'set_project', entries };
}

async function addTags(trx: Kysely<DB>, rows: LockedRow[], names: string[]): Promise<BulkUndo | null> {
  const wanted = normalizeTagNames(names);
  const before = await tagsForEntries(
    trx,
    rows.map((r) => r.id),
  );
  for (const ownerId of new Set(rows.map((r) => r.user_id))) {
    const tagIds = [...(await ensureTags(trx, ownerId, names)).values()];
    if (tagIds.length === 0) continue;
    const ownIds = rows.filter((r) => r.user_id === ownerId).map((r) => r.id);
    await trx
      .insertInto('time_entry_tags')
      .columns(['time_entry_id', 'tag_id'])
      .expression((eb) =>
        eb
          .selectFrom(['time_entries', 'tags'])
          .select(['time_entries.id as time_entry_id', 'tags.id as tag_id'])
          .where('time_entries.id', 'in', ownIds)
          .where('time_entries.deleted_at', 'is', null)
          .where('tags.id', 'in', tagIds),
      )
      .onConflict((oc) => oc.columns(['time_entry_id', 'tag_id']).doNothing())
      .execute();
  }
  const entries = rows
    .map((r) => {
      const had = new Set((before.get(r.id) ?? []).map((t) => t.toLowerCase()));
      return { id: r.id, tags: wanted.filter((t) => !had.has(t.lower)).map((t) => t.name) };
    })
    .filter((e) => e.tags.length > 0);
  return entries.length === 0 ? null : { action: 'add_tags', entries };
}

async function removeTags(trx: Kysely<DB>, rows: LockedRow[], names: string[]): Promise<BulkUndo | null> {
  const ids = rows.map((r) => r.id);
  const lowers = new Set(normalizeTagNames(names).map((t) => t.lower));
  if (lowers.size === 0) return null;
  const before = await tagsForEntries(trx, ids);
  await trx
    .deleteFrom('time_entry_tags')
    .where('time_entry_id', 'in', ids)
    .where('tag_id', 'in', (eb) =>
      eb
        .selectFrom('tags')
        .select('id')
        .where('name_lower', 'in', [...lowers]),
    )
    .execute();
  const entries = rows
    .map((r) => ({ id: r.id, tags: (before.get(r.id) ?? []).filter((t) => lowers.has(t.toLowerCase())) }))
    .filter((e) => e.tags.length > 0);
  return entries.length === 0 ? null : { action: 'remove_tags', entries };
}

/** Applies one action to all entries or to none: any id that is missing, deleted or not the caller's is a 404. */
export async function bulkTimeEntries(ctx: AppContext, principal: Principal, input: BulkInput): Promise<BulkResult> {
  const ids = [...new Set(input.ids)];
  const { rows, undo } = await ctx.db.transaction().execute(async (trx) => {
    const rows = await lockEntriesForCaller(trx, principal, ids);
    const now = nowSeconds();
    const touch = () => trx.updateTable('time_entries').set({ updated_at: now }).where('id', 'in', ids).execute();
    let undo: BulkUndo | null = null;
    switch (input.action) {
      case 'delete':
        // Kept restorable (POST /time-entries/restore) until the purge job removes it.
        await markDeleted(trx, ids, now);
        undo = { action: 'delete', ids };
        break;
      case 'set_billable': {
        const value = input.value ? 1 : 0;
        const changed = rows.filter((r) => r.billable !== value);
        await trx.updateTable('time_entries').set({ billable: value, updated_at: now }).where('id', 'in', ids).execute();
        undo =
          changed.length === 0
            ? null
            : { action: 'set_billable', entries: changed.map((r) => ({ id: r.id, billable: r.billable === 1 })) };
        break;
      }
      case 'set_project':
        undo = await setProject(trx, rows, input.value, now);
        break;
      case 'add_tags':
        undo = await addTags(trx, rows, input.value);
        await touch();
        break;
      case 'remove_tags':
        undo = await removeTags(trx, rows, input.value);
        await touch();
        break;
    }
    return { rows, undo };
  });
  track('time_entries.bulk_action', { action: input.action, count: ids.length });
  await publishBulk(ctx, rows, input.action === 'delete');
  return { updated: ids.length, undo };
}
