// POST /time-entries/bulk/undo: reverts a bulk action from the `undo` its answer gave. Only what is still as the
// bulk action left it is reverted (compare-and-set per entry and field); an entry changed since (moved again,
// re-tagged, made billable again, deleted) keeps the newer change and is reported in `skipped_ids`. Values
// come from the client, so they pass the same rules as a PATCH: own entries only (404 otherwise, nothing
// changes), an existing, active project, a task of that project.
import type { Kysely } from 'kysely';
import type { AppContext } from '../../app-context.js';
import type { DB } from '../../db/schema.js';
import { AppError, validationFailed } from '../../http/errors.js';
import { nowSeconds } from '../../lib/clock.js';
import { isAdmin, type Principal } from '../auth/principal.js';
import type { BulkUndo } from './bulk-undo.schema.js';
import { publishBulk } from './bulk.service.js';
import { entriesAnyState } from './deleted-entries.queries.js';
import { notDeleted } from './kept-entries.js';
import { restoreTimeEntries } from './restore.service.js';
import { ensureTags, normalizeTagNames } from './tags.queries.js';
import { assertTaskInProject, projectForWrite } from './time-entries.service.js';
import { lockEntries } from './time-entries.queries.js';
import { assertNotInvoiced } from '../invoices/invoice-locks.js';

export interface UndoResult {
  reverted: number;
  /** Entries left alone because they were changed or deleted after the bulk action. */
  skipped_ids: number[];
}

type Changes = Exclude<BulkUndo, { action: 'delete' }>;

/** Reverts each entry where it still is as the bulk action left it; answers the ids reverted. */
async function revert(trx: Kysely<DB>, undo: Changes, owners: Map<number, number>, now: number): Promise<number[]> {
  const done: number[] = [];
  switch (undo.action) {
    case 'set_billable':
      for (const previous of [true, false]) {
        const ids = undo.entries.filter((e) => e.billable === previous).map((e) => e.id);
        if (ids.length === 0) continue;
        const rows = await trx
          .updateTable('time_entries')
          .set({ billable: previous ? 1 : 0, updated_at: now })
          .where('id', 'in', ids)
          .where('billable', '=', previous ? 0 : 1)
          .where(notDeleted)
          .returning('id')
          .execute();
        done.push(...rows.map((r) => r.id));
      }
      break;
    case 'set_project':
      for (const e of undo.entries) {
        const row = await trx
          .updateTable('time_entries')
          .set({ project_id: e.from.project_id, task_id: e.from.task_id, updated_at: now })
          .where('id', '=', e.id)
          .where('project_id', '=', e.to.project_id)
          .where((eb) => (e.to.task_id === null ? eb('task_id', 'is', null) : eb('task_id', '=', e.to.task_id)))
          .where(notDeleted)
          .returning('id')
          .executeTakeFirst();
        if (row) done.push(row.id);
      }
      break;
    case 'add_tags':
      for (const e of undo.entries) {
        const lowers = normalizeTagNames(e.tags).map((t) => t.lower);
        const removed = await trx
          .deleteFrom('time_entry_tags')
          .where('time_entry_id', '=', e.id)
          .where('tag_id', 'in', (eb) =>
            eb
              .selectFrom('tags')
              .select('id')
              .where('user_id', '=', owners.get(e.id) as number)
              .where('name_lower', 'in', lowers),
          )
          .where('time_entry_id', 'in', (eb) => eb.selectFrom('time_entries').select('id').where(notDeleted))
          .returning('time_entry_id')
          .execute();
        if (removed.length > 0) done.push(e.id);
      }
      break;
    case 'remove_tags':
      for (const e of undo.entries) {
        const tagIds = [...(await ensureTags(trx, owners.get(e.id) as number, e.tags)).values()];
        const added = await trx
          .insertInto('time_entry_tags')
          .columns(['time_entry_id', 'tag_id'])
          .expression((eb) =>
            eb
              .selectFrom(['time_entries', 'tags'])
              .select(['time_entries.id as time_entry_id', 'tags.id as tag_id'])
              .where('time_entries.id', '=', e.id)
              .where('time_entries.deleted_at', 'is', null)
              .where('tags.id', 'in', tagIds),
          )
          .onConflict((oc) => oc.columns(['time_entry_id', 'tag_id']).doNothing())
          .returning('time_entry_id')
          .execute();
        if (added.length > 0) done.push(e.id);
      }
      break;
  }
  const unique = [...new Set(done)];
  if (undo.action.endsWith('_tags') && unique.length > 0) {
    await trx.updateTable('time_entries').set({ updated_at: now }).where('id', 'in', unique).execute();
  }
  return unique;
}

export async function undoBulk(ctx: AppContext, principal: Principal, undo: BulkUndo): Promise<UndoResult> {
  if (undo.action === 'delete') return { reverted: await restoreTimeEntries(ctx, principal, undo.ids), skipped_ids: [] };
  const ids = [...new Set(undo.entries.map((e) => e.id))];
  if (ids.length !== undo.entries.length) throw validationFailed({ entries: 'an entry id appears more than once' });
  const { rows, reverted } = await ctx.db.transaction().execute(async (trx) => {
    // Kept and deleted entries alike: a deleted one of yours is skipped, anything not yours is a 404.
    const rows = (await entriesAnyState(trx, ids)).filter((r) => r.user_id === principal.user.id || isAdmin(principal.user));
    if (rows.length !== ids.length) {
      const found = new Set(rows.map((r) => r.id));
      throw new AppError(404, 'not_found', 'One or more of the time entries do not exist.', {
        ids: ids.filter((i) => !found.has(i)),
      });
    }
    await lockEntries(trx, ids);
    await assertNotInvoiced(trx, ids);
    if (undo.action === 'set_project') {
      const targets = new Map(undo.entries.map((e) => [`${e.from.project_id}:${e.from.task_id}`, e.from]));
      for (const from of targets.values()) {
        await projectForWrite(trx, from.project_id, 'entries');
        await assertTaskInProject(trx, from.task_id, from.project_id);
      }
    }
    const owners = new Map(rows.map((r) => [r.id, r.user_id]));
    const reverted = await revert(trx, undo, owners, nowSeconds());
    return { rows: rows.filter((r) => reverted.includes(r.id)), reverted };
  });
  await publishBulk(ctx, rows, false);
  const done = new Set(reverted);
  return { reverted: reverted.length, skipped_ids: ids.filter((i) => !done.has(i)) };
}
