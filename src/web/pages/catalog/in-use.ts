// Whether deleting a catalog item would be refused (409 `in_use`), asked before the user is asked to confirm. Only
// administrators delete, and they see every user's entries (user_id=all); deleted entries are not counted, as the
// server does not count them either.
import { api } from '../../api/client.js';
import type { EntryFilters } from '../../api/queries.js';

async function anyEntry(filter: Pick<EntryFilters, 'project_id' | 'client_id' | 'task_id'>): Promise<boolean> {
  const page = await api.get('/time-entries', { params: { query: { ...filter, user_id: 'all', limit: 1 } } });
  return page.items.length > 0;
}

export const projectInUse = (id: number) => anyEntry({ project_id: id });
export const taskInUse = (id: number) => anyEntry({ task_id: id });
/** A client with projects (even without time) cannot be deleted either. */
export async function clientInUse(id: number): Promise<boolean> {
  const projects = await api.get('/projects', { params: { query: { client_id: id, limit: 1 } } });
  return projects.items.length > 0 || (await anyEntry({ client_id: id }));
}
