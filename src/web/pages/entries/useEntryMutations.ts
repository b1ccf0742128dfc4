// Changes to entries from the entries page, shown at once in every loaded list (optimistic) and rolled back when
// the server says no; afterwards every list and sum of entries is refetched. Deletes and bulk changes offer Undo,
// which brings back the same entries (ids, sources, durations) through the API's restore and bulk undo.
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { entriesChanged, keys } from '../../api/queries.js';
import type { NewTimeEntry, TimeEntry } from '../../api/types.js';
import { dismissToast, toast, toastError } from '../../components/toasts.js';
import { toEpoch } from '../../lib/time.js';
import { useProjects, useTasks } from '../../state/data.js';
import { useFmt } from '../../state/session.js';
import {
  bulkChange,
  changedCount,
  editedEntry,
  mapEntries,
  type BulkChange,
  type BulkUndo,
  type EntryChange,
  type EntryPages,
} from './entry-cache.js';

type Snapshot = { before: [readonly unknown[], EntryPages | undefined][] };

async function applyOptimistic(client: QueryClient, change: EntryChange): Promise<Snapshot> {
  // A refetch in flight would overwrite the change with the state before it.
  await client.cancelQueries({ queryKey: keys.entryLists });
  const before = client.getQueriesData<EntryPages>({ queryKey: keys.entryLists });
  client.setQueriesData<EntryPages>({ queryKey: keys.entryLists }, (data) => mapEntries(data, change));
  return { before };
}

// Only the latest change is undoable from a toast: an older Undo would revert changes out of order.
let undoToast: number | null = null;
function toastWithUndo(message: string, label: string, run: () => void): void {
  if (undoToast !== null) dismissToast(undoToast);
  undoToast = toast(message, { action: { label, run } });
}

function rollback(client: QueryClient, snapshot: Snapshot | undefined): void {
  for (const [key, data] of snapshot?.before ?? []) client.setQueryData(key, data);
}

export function useEntryMutations() {
  const client = useQueryClient();
  const { t } = useTranslation();
  const { byId: projects } = useProjects();
  const { byId: tasks } = useTasks();
  const settled = () => entriesChanged(client);
  const fmt = useFmt();
  const dayOf = (e: TimeEntry) => fmt.dayKey(toEpoch(e.start_time));

  const update = useMutation({
    mutationFn: ({ id, body }: { id: number; body: NewTimeEntry }) =>
      api.patch('/time-entries/{id}', { params: { path: { id } }, body }),
    onMutate: ({ id, body }) =>
      applyOptimistic(client, (e) => {
        if (e.id !== id) return e;
        const edited = editedEntry(e, body);
        // A row moving to another day would leave its (hidden) form behind, and with it the server's errors:
        // such a move shows when the server has it.
        return dayOf(edited) === dayOf(e) ? edited : e;
      }),
    // The form shows the error beside its fields.
    onError: (_error, _vars, snapshot) => rollback(client, snapshot),
    onSuccess: (saved: TimeEntry) => {
      client.setQueriesData<EntryPages>({ queryKey: keys.entryLists }, (data) =>
        mapEntries(data, (e) => (e.id === saved.id ? saved : e)),
      );
      toast(t('entries.saved'), { kind: 'success' });
    },
    onSettled: settled,
  });

  const restore = useMutation({
    mutationFn: (ids: number[]) => api.post('/time-entries/restore', { body: { ids } }),
    onSuccess: () => toast(t('entries.restored'), { kind: 'success' }),
    onError: toastError,
    onSettled: settled,
  });

  const remove = useMutation({
    mutationFn: (id: number) => api.delete('/time-entries/{id}', { params: { path: { id } } }),
    onMutate: (id) => applyOptimistic(client, (e) => (e.id === id ? null : e)),
    onError: (error, _id, snapshot) => {
      rollback(client, snapshot);
      toastError(error);
    },
    onSuccess: (_answer, id) =>
      // The same entry comes back (id, source, rounding), not a copy.
      toastWithUndo(t('entries.deleted'), t('common.undo'), () => restore.mutate([id])),
    onSettled: settled,
  });

  const undoBulk = useMutation({
    mutationFn: (undo: BulkUndo) => api.post('/time-entries/bulk/undo', { body: undo }),
    onSuccess: (answer, undo) => {
      if (undo.action === 'delete') toast(t('bulk.restored', { count: answer.reverted }), { kind: 'success' });
      else {
        const kept = answer.skipped_ids.length;
        const message = t('bulk.reverted', { count: answer.reverted }) + (kept ? ` ${t('bulk.keptNewer', { count: kept })}` : '');
        toast(message, { kind: 'success' });
      }
    },
    onError: toastError,
    onSettled: settled,
  });

  const bulk = useMutation({
    mutationFn: (change: BulkChange) => api.post('/time-entries/bulk', { body: change }),
    onMutate: (change) =>
      applyOptimistic(
        client,
        bulkChange(change, {
          taskProject: (id) => tasks.get(id)?.project_id,
          projectClient: (id) => projects.get(id)?.client_id ?? null,
        }),
      ),
    onError: (error, _change, snapshot) => {
      rollback(client, snapshot);
      toastError(error);
    },
    onSuccess: ({ undo }, change) => {
      const count = changedCount(undo);
      const message = count === 0 ? t('bulk.unchanged') : bulkMessage(change, count);
      if (undo) toastWithUndo(message, t('common.undo'), () => undoBulk.mutate(undo));
      else toast(message, { kind: 'success' });
    },
    onSettled: settled,
  });

  /** What a bulk action changed, in words: the action and how many entries it changed. */
  function bulkMessage(change: BulkChange, count: number): string {
    switch (change.action) {
      case 'delete':
        return t('bulk.deleted', { count });
      case 'set_billable':
        return change.value ? t('bulk.markedBillable', { count }) : t('bulk.markedNotBillable', { count });
      case 'set_project':
        return t('bulk.moved', { count, project: projects.get(change.value)?.name ?? '' });
      case 'add_tags':
        return t('bulk.tagsAdded', { count });
      case 'remove_tags':
        return t('bulk.tagsRemoved', { count });
    }
  }

  return { update, remove, bulk };
}
