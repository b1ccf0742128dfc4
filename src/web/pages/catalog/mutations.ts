// Writes of the catalog pages through TanStack Query: each invalidates what it changes with catalogChanged();
// a status change (archive, unarchive, a task's progress) shows at once and rolls back if the server refuses.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { catalogChanged, keys, type CatalogList } from '../../api/queries.js';
import { ApiError } from '../../api/client.js';
import { toast, toastError } from '../../components/toasts.js';
import { i18n } from '../../i18n/index.js';
import type { CatalogItem } from './spec.js';

type WithStatus = CatalogItem & { status: string };

/**
 * Sets an item's status in the cached list before the server answers; on an error the list goes back to what it
 * was and the error is shown. Either way the list is refetched afterwards.
 */
export function useStatusChange<T extends WithStatus>(
  list: CatalogList,
  send: ((item: T, status: string) => Promise<unknown>) | undefined,
  said: (item: T, status: string) => string,
) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ item, status }: { item: T; status: string }) => (send ? send(item, status) : Promise.resolve()),
    onMutate: async ({ item, status }) => {
      await client.cancelQueries({ queryKey: keys[list] });
      const previous = client.getQueryData<T[]>(keys[list]);
      client.setQueryData<T[]>(keys[list], (old) => old?.map((x) => (x.id === item.id ? { ...x, status } : x)));
      return { previous };
    },
    onError: (error, _vars, context) => {
      if (context?.previous) client.setQueryData(keys[list], context.previous);
      toastError(error);
    },
    onSuccess: (_data, { item, status }) => toast(said(item, status), { kind: 'success' }),
    onSettled: () => catalogChanged(client, list),
  });
}

/** Archive/unarchive of a client or project, with the toasts the list pages say. */
export function useArchive<T extends WithStatus>(list: CatalogList, send?: (item: T, status: string) => Promise<unknown>) {
  return useStatusChange<T>(list, send, (item, status) =>
    status === 'archived' ? i18n.t('list.archivedToast', { name: item.name }) : i18n.t('list.activeAgain', { name: item.name }),
  );
}

/**
 * Delete after the user confirmed; a 409 `in_use` (time recorded meanwhile) goes to `onInUse`, which says what to do
 * instead. Not optimistic: it may fail.
 */
export function useDelete<T extends CatalogItem>(
  lists: CatalogList[],
  send: (item: T) => Promise<unknown>,
  onInUse: (item: T) => void,
) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (_data, item) => {
      for (const list of lists) void catalogChanged(client, list);
      toast(i18n.t('list.deletedToast', { name: item.name }), { kind: 'success' });
    },
    onError: (error, item) => {
      if (error instanceof ApiError && error.code === 'in_use') onInUse(item);
      else toastError(error);
    },
  });
}
