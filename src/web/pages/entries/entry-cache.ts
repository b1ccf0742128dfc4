// What a change does to the loaded pages of the entries list, before the server has answered (optimistic updates):
// pure functions over TanStack Query's infinite data. Pages that a change does not touch keep their identity, so
// the rows of a long list that did not change do not re-render.
import type { InfiniteData } from '@tanstack/react-query';
import type { ApiBody, ApiData } from '../../api/client.js';
import type { NewTimeEntry, TimeEntry } from '../../api/types.js';

export type EntryPage = ApiData<'get', '/time-entries'>;
export type EntryPages = InfiniteData<EntryPage, string | null>;
export type BulkChange = ApiBody<'post', '/time-entries/bulk'>;
export type BulkUndo = NonNullable<ApiData<'post', '/time-entries/bulk'>['undo']>;

/** An entry → the entry after the change (the same object when unchanged), or null when it is gone. */
export type EntryChange = (entry: TimeEntry) => TimeEntry | null;

export function mapEntries(data: EntryPages | undefined, change: EntryChange): EntryPages | undefined {
  if (!data) return data;
  let touched = false;
  const pages = data.pages.map((page) => {
    let changed = false;
    const items: TimeEntry[] = [];
    for (const entry of page.items) {
      const next = change(entry);
      if (next !== entry) changed = true;
      if (next) items.push(next);
    }
    if (!changed) return page;
    touched = true;
    return { ...page, items };
  });
  return touched ? { ...data, pages } : data;
}

const byName = (a: string, b: string) => a.toLowerCase().localeCompare(b.toLowerCase());

/** The entry as a PATCH with this body will leave it (the server's answer replaces it; it may round). */
export function editedEntry(entry: TimeEntry, body: NewTimeEntry): TimeEntry {
  const start = Date.parse(body.start_time);
  const breakSeconds = body.break_seconds ?? entry.break_seconds;
  const end = body.end_time ? Date.parse(body.end_time) : start + ((body.duration_seconds ?? 0) + breakSeconds) * 1000;
  return {
    ...entry,
    project_id: body.project_id,
    task_id: body.task_id ?? null,
    start_time: body.start_time,
    end_time: new Date(end).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    duration_seconds: Math.max(0, Math.round((end - start) / 1000) - breakSeconds),
    break_seconds: breakSeconds,
    notes: body.notes ?? null,
    tags: [...(body.tags ?? entry.tags)].sort(byName),
    billable: body.billable ?? entry.billable,
  };
}

export interface Catalog {
  /** The project a task belongs to. */
  taskProject(taskId: number): number | undefined;
  /** The client of a project (entries carry it). */
  projectClient(projectId: number): number | null;
}

/** What a bulk action does to each of its entries; entries not in it stay as they are. */
export function bulkChange(change: BulkChange, catalog: Catalog): EntryChange {
  const ids = new Set(change.ids);
  const apply = (e: TimeEntry): TimeEntry | null => {
    switch (change.action) {
      case 'delete':
        return null;
      case 'set_billable':
        return e.billable === change.value ? e : { ...e, billable: change.value };
      case 'set_project': {
        // A task belongs to one project: entries moved away from their task's project lose it (as the server does).
        const keepTask = e.task_id !== null && catalog.taskProject(e.task_id) === change.value;
        return {
          ...e,
          project_id: change.value,
          task_id: keepTask ? e.task_id : null,
          client_id: catalog.projectClient(change.value),
        };
      }
      case 'add_tags': {
        const had = new Set(e.tags.map((t) => t.toLowerCase()));
        const added = change.value.filter((t) => !had.has(t.toLowerCase()));
        return added.length === 0 ? e : { ...e, tags: [...e.tags, ...added].sort(byName) };
      }
      case 'remove_tags': {
        const removed = new Set(change.value.map((t) => t.toLowerCase()));
        const tags = e.tags.filter((t) => !removed.has(t.toLowerCase()));
        return tags.length === e.tags.length ? e : { ...e, tags };
      }
    }
  };
  return (e) => (ids.has(e.id) ? apply(e) : e);
}

/** How many entries a bulk action changed, from its `undo` (null: none). */
export function changedCount(undo: BulkUndo | null): number {
  if (!undo) return 0;
  return undo.action === 'delete' ? undo.ids.length : undo.entries.length;
}

/** The entries that moving to `projectId` takes their task from (a task belongs to one project), as bulkChange does. */
export function losingTask(entries: readonly TimeEntry[], projectId: number, catalog: Pick<Catalog, 'taskProject'>): TimeEntry[] {
  return entries.filter((e) => e.task_id !== null && catalog.taskProject(e.task_id) !== projectId);
}
