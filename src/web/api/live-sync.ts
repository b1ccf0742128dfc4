// Live events (api/../lib/live.ts) → the query cache: each event invalidates exactly the keys whose data it
// changes (see the table in api/queries.ts); `resync` (a missed stretch or an import) refetches all the user's data.
import { useQueryClient } from '@tanstack/react-query';
import { useLiveEvent } from '../lib/live.js';
import { entriesChanged, keys } from './queries.js';

export function useLiveSync(): void {
  const client = useQueryClient();
  // The event's timer lacks notes and tags, so GET /timer fetches the whole of it. A running timer also counts in
  // its timesheet cell, so the week shown there is fetched again.
  useLiveEvent('timer.changed', () => {
    void client.invalidateQueries({ queryKey: keys.timer });
    void client.invalidateQueries({ queryKey: keys.timesheet.all });
  });
  useLiveEvent('time_entry.changed', () => void entriesChanged(client));
  useLiveEvent('time_entry.deleted', () => void entriesChanged(client));
  useLiveEvent('resync', () => void client.invalidateQueries());
}
