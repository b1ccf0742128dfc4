// What the calendar changes, through TanStack Query: moving and resizing show at once in every cached range and
// roll back when the server refuses (the overlap rule), creating and deleting come back through Undo. Every change
// ends by marking entry lists and report sums stale (entriesChanged).
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { entriesChanged } from '../../api/queries.js';
import type { NewTimeEntry, TimeEntry } from '../../api/types.js';
import { toast, toastError } from '../../components/toasts.js';
import { toEpoch, toIso } from '../../lib/time.js';

/** Every cached range of entries (the calendar's, the dashboard's): all show a change at once. */
const RANGES = ['entries', 'range'] as const;

type Snapshot = [readonly unknown[], TimeEntry[] | undefined][];

// Synchronous on purpose: a second arrow key pressed at once must already see the first change. A fetch in flight
// is cancelled first, so its older answer cannot overwrite the change.
function changeCachedRanges(client: QueryClient, change: (list: TimeEntry[]) => TimeEntry[]): Snapshot {
  void client.cancelQueries({ queryKey: RANGES });
  const before = client.getQueriesData<TimeEntry[]>({ queryKey: RANGES });
  client.setQueriesData<TimeEntry[]>({ queryKey: RANGES }, (list) => (list ? change(list) : list));
  return before;
}

function restore(client: QueryClient, snapshot: Snapshot | undefined): void {
  for (const [key, data] of snapshot ?? []) client.setQueryData(key, data);
}

export interface Reschedule {
  entry: TimeEntry;
  start: number;
  end: number;
  /** What the toast says: moved, resized, or an undo that puts the entry back. */
  kind: 'moved' | 'resized' | 'undone';
}

export function useCalendarChanges() {
  const client = useQueryClient();
  const { t } = useTranslation();
  const settle = () => void entriesChanged(client);

  const reschedule = useMutation({
    mutationFn: ({ entry, start, end }: Reschedule) =>
      api.patch('/time-entries/{id}', {
        params: { path: { id: entry.id } },
        body: { start_time: toIso(start), end_time: toIso(end) },
      }),
    onMutate: ({ entry, start, end }) =>
      changeCachedRanges(client, (list) =>
        list.map((e) =>
          e.id === entry.id
            ? {
                ...e,
                start_time: toIso(start),
                end_time: toIso(end),
                duration_seconds: Math.max(0, end - start - e.break_seconds),
              }
            : e,
        ),
      ),
    onError: (error, _vars, snapshot) => {
      restore(client, snapshot);
      toastError(error);
    },
    onSuccess: (saved, { entry, kind }) => {
      if (kind === 'undone') {
        toast(t('calendar.undone'), { kind: 'success' });
        return;
      }
      const start = toEpoch(entry.start_time);
      const end = entry.end_time ? toEpoch(entry.end_time) : start;
      toast(kind === 'moved' ? t('calendar.moved') : t('calendar.resized'), {
        kind: 'success',
        action: { label: t('common.undo'), run: () => reschedule.mutate({ entry: saved, start, end, kind: 'undone' }) },
      });
    },
    onSettled: settle,
  });

  const remove = useMutation({
    mutationFn: (entry: TimeEntry) => api.delete('/time-entries/{id}', { params: { path: { id: entry.id } } }),
    onMutate: (entry) => changeCachedRanges(client, (list) => list.filter((e) => e.id !== entry.id)),
    onError: (error, _entry, snapshot) => {
      restore(client, snapshot);
      toastError(error);
    },
    onSuccess: (_answer, entry) =>
      toast(t('calendar.deleted'), { action: { label: t('common.undo'), run: () => restoreEntry(entry) } }),
    onSettled: settle,
  });

  // The same entry comes back (id, source, rounding), not a copy; 409 when its time was taken meanwhile.
  const restoreEntry = (entry: TimeEntry) =>
    api.post('/time-entries/restore', { body: { ids: [entry.id] } }).then(() => {
      toast(t('calendar.restored'), { kind: 'success' });
      settle();
    }, toastError);

  /** Saves a new entry (the dialog shows the server's refusal by its fields, so errors are thrown, not toasted). */
  const create = async (body: NewTimeEntry): Promise<TimeEntry> => {
    const entry = await api.post('/time-entries', { body });
    settle();
    toast(t('calendar.created'), { kind: 'success', action: { label: t('common.undo'), run: () => remove.mutate(entry) } });
    return entry;
  };

  /** Saves changes made in the edit dialog. */
  const update = async (entry: TimeEntry, body: NewTimeEntry): Promise<void> => {
    await api.patch('/time-entries/{id}', { params: { path: { id: entry.id } }, body });
    settle();
    toast(t('calendar.saved'), { kind: 'success' });
  };

  return { reschedule: reschedule.mutate, remove: remove.mutate, create, update };
}
