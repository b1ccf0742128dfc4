// One week of the timesheet and the saving of its cells: a typed total shows at once (the week's cache holds it,
// with its row, day and week totals summed again), PUT /timesheet/cell sends it, the server's row replaces it, and
// a refusal puts back just that cell (other cells saved meanwhile stay). A saved cell created, changed or deleted
// entries, so the entries lists and the reports are stale afterwards as well.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { entriesChanged, keys, queries } from '../../api/queries.js';
import { rowKey, withCellSeconds, withRow, type RowKey, type Timesheet } from './timesheet-grid.js';

export interface CellChange {
  row: RowKey;
  /** Index of the day in the week (0–6). */
  day: number;
  date: string;
  seconds: number;
}

export function useTimesheet(week: string) {
  const client = useQueryClient();
  const key = keys.timesheet.week(week);
  const sheet = useQuery(queries.timesheet(week));

  const save = useMutation({
    mutationFn: (change: CellChange) =>
      api.put('/timesheet/cell', {
        body: {
          date: change.date,
          project_id: change.row.project_id,
          task_id: change.row.task_id,
          seconds: change.seconds,
        },
      }),
    onMutate: async (change) => {
      // A refetch in flight would overwrite the typed total with the week as it was.
      await client.cancelQueries({ queryKey: key });
      const before = client.getQueryData<Timesheet>(key);
      const previous = before?.rows.find((r) => rowKey(r) === rowKey(change.row))?.cells[change.day]?.seconds ?? 0;
      if (before) client.setQueryData<Timesheet>(key, withCellSeconds(before, change.row, change.day, change.seconds));
      return { previous };
    },
    onError: (_error, change, context) => {
      const now = client.getQueryData<Timesheet>(key);
      if (now && context) client.setQueryData<Timesheet>(key, withCellSeconds(now, change.row, change.day, context.previous));
    },
    onSuccess: (row) => {
      const now = client.getQueryData<Timesheet>(key);
      if (now) client.setQueryData<Timesheet>(key, withRow(now, row));
    },
    // The week itself too: another row's timesheet time of that day may have moved to make room.
    onSettled: () => entriesChanged(client),
  });

  return { sheet, save: (change: CellChange) => save.mutateAsync(change) };
}
