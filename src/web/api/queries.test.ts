// What a change makes stale: entries created, changed or deleted (by any page, or a live event) stale the entry
// lists, the reports and the timesheet's weeks (whose cells are sums of entries), and the projects only when one has
// a budget (their budget figures follow the entries; without budgets the list would be fetched again for nothing).
// A catalog change does not touch the timesheet.
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { aProject } from '../testing/render.js';
import { catalogChanged, entriesChanged, keys } from './queries.js';

function cacheWith(projects: ReturnType<typeof aProject>[]) {
  const client = new QueryClient();
  client.setQueryData(keys.projects, projects);
  client.setQueryData(keys.entries.recent, []);
  client.setQueryData(keys.reports.summary({ group_by: 'project' }), {});
  client.setQueryData(keys.timesheet.week('2026-W48'), { week: '2026-W48' });
  client.setQueryData(keys.timesheet.week('2026-W49'), { week: '2026-W49' });
  return client;
}
const stale = (client: QueryClient, key: readonly unknown[]) => client.getQueryState(key)?.isInvalidated;

describe('entriesChanged', () => {
  it('makes every cached timesheet week stale', async () => {
    const client = cacheWith([]);
    await entriesChanged(client);
    expect(stale(client, keys.timesheet.week('2026-W48'))).toBe(true);
    expect(stale(client, keys.timesheet.week('2026-W49'))).toBe(true);
  });

  it('makes the projects stale when one has a budget', async () => {
    const client = cacheWith([aProject(1, 'Plain'), aProject(2, 'Budgeted', { budget_amount: '500.00' })]);
    await entriesChanged(client);
    expect(stale(client, keys.projects)).toBe(true);
    expect(stale(client, keys.entries.recent)).toBe(true);
    expect(stale(client, keys.reports.summary({ group_by: 'project' }))).toBe(true);
  });

  it('leaves the projects alone when none has a budget', async () => {
    const client = cacheWith([aProject(1, 'Plain')]);
    await entriesChanged(client);
    expect(stale(client, keys.projects)).toBe(false);
    expect(stale(client, keys.entries.recent)).toBe(true);
  });
});

describe('catalogChanged', () => {
  it('leaves the timesheet alone when only a project changed', async () => {
    const client = cacheWith([aProject(1, 'Plain')]);
    await catalogChanged(client, 'projects');
    expect(stale(client, keys.timesheet.week('2026-W49'))).toBe(false);
    expect(stale(client, keys.projects)).toBe(true);
  });
});
