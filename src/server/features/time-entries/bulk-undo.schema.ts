// The `undo` of a bulk answer, which is also the body of POST /time-entries/bulk/undo: per entry, the values the
// bulk action replaced (and for a project move, the values it set, so a later change is recognised).
import { z } from 'zod';
import { MAX_BULK_IDS } from '../../../shared/bulk-limits.js';
import { id } from '../../http/wire.js';
import { tagList } from '../../../shared/schemas/entries.js';

export { MAX_BULK_IDS };

export const bulkIds = z.array(id).min(1).max(MAX_BULK_IDS);
const entries = <T extends z.ZodType>(entry: T) => z.array(entry).min(1).max(MAX_BULK_IDS);
const projectAndTask = z.strictObject({ project_id: id, task_id: id.nullable() });

export const bulkUndoSchema = z
  .discriminatedUnion('action', [
    z.strictObject({ action: z.literal('delete'), ids: bulkIds.describe('restored as by POST /time-entries/restore') }),
    z.strictObject({
      action: z.literal('set_billable'),
      entries: entries(z.strictObject({ id, billable: z.boolean().describe('the value before the bulk action') })),
    }),
    z.strictObject({
      action: z.literal('set_project'),
      entries: entries(
        z.strictObject({
          id,
          from: projectAndTask.describe('project and task before the bulk action'),
          to: projectAndTask.describe('project and task the bulk action set'),
        }),
      ),
    }),
    z.strictObject({
      action: z.enum(['add_tags', 'remove_tags']),
      entries: entries(z.strictObject({ id, tags: tagList.min(1).describe('tags the bulk action added / removed') })),
    }),
  ])
  .describe('The bulk action to revert (its `action`) and, per entry, what it changed.');

export type BulkUndo = z.infer<typeof bulkUndoSchema>;
