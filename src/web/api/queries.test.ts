// What an entry change makes stale: entry lists and reports always, the projects only when one has a budget (their
// budget figures follow the entries; without budgets the list would be fetched again for nothing).
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { aProject } from '../testing/render.js';
import { entriesChanged, keys } from './queries.js';

function cacheWith(projects: ReturnType<typeof aProject>[]) {
  const client = new QueryClient();
  client.setQueryData(keys.projects, projects);
  client.setQueryData(keys.entries.recent, []);
  client.setQueryData(keys.reports.summary({ group_by: 'project' }), {});
  return client;
}
const stale = (client: QueryClient, key: readonly unknown[]) => client.getQueryState(key)?.isInvalidated;

describe('entriesChanged', () => {
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
