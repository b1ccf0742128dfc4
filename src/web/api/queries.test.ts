// What a change makes stale: entries created, changed or deleted (by any page, or a live event) also stale the
// timesheet's weeks, whose cells are sums of entries; a catalog change does not.
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { catalogChanged, entriesChanged, keys } from './queries.js';

function cacheWithWeeks(): QueryClient {
  const client = new QueryClient();
  client.setQueryData(keys.timesheet.week('2026-W48'), { week: '2026-W48' });
  client.setQueryData(keys.timesheet.week('2026-W49'), { week: '2026-W49' });
  client.setQueryData(keys.projects, []);
  return client;
}
const stale = (client: QueryClient, key: readonly unknown[]) => client.getQueryState(key)?.isInvalidated;

describe('entriesChanged', () => {
  it('makes every cached timesheet week stale, not the catalog', async () => {
    const client = cacheWithWeeks();
    await entriesChanged(client);
    expect(stale(client, keys.timesheet.week('2026-W48'))).toBe(true);
    expect(stale(client, keys.timesheet.week('2026-W49'))).toBe(true);
    expect(stale(client, keys.projects)).toBe(false);
  });

  it('leaves the timesheet alone when only a project changed', async () => {
    const client = cacheWithWeeks();
    await catalogChanged(client, 'projects');
    expect(stale(client, keys.timesheet.week('2026-W49'))).toBe(false);
    expect(stale(client, keys.projects)).toBe(true);
  });
});
