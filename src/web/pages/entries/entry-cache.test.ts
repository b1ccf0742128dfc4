// Optimistic changes to the loaded pages and the grouping by day: what the list shows before the server answers.
import { describe, expect, it } from 'vitest';
import type { TimeEntry } from '../../api/types.js';
import { groupByDay } from './day-groups.js';
import { bulkChange, changedCount, editedEntry, losingTask, mapEntries, type EntryPages } from './entry-cache.js';

function entry(id: number, over: Partial<TimeEntry> = {}): TimeEntry {
  return {
    id,
    user_id: 1,
    project_id: 1,
    client_id: null,
    task_id: null,
    start_time: `2026-11-0${id}T09:00:00Z`,
    end_time: `2026-11-0${id}T10:00:00Z`,
    duration_seconds: 3600,
    break_seconds: 0,
    notes: null,
    tags: [],
    billable: true,
    source: 'manual',
    created_at: '2026-11-01T00:00:00Z',
    updated_at: '2026-11-01T00:00:00Z',
    ...over,
  } as TimeEntry;
}

const pages = (...lists: TimeEntry[][]): EntryPages => ({
  pages: lists.map((items, i) => ({ items, next_cursor: i < lists.length - 1 ? `c${i}` : null })),
  pageParams: lists.map((_, i) => (i === 0 ? null : `c${i - 1}`)),
});
const catalog = { taskProject: (id: number) => (id === 7 ? 2 : 1), projectClient: (id: number) => (id === 2 ? 5 : null) };

describe('mapEntries', () => {
  it('keeps untouched pages (and the whole data when nothing changed) as the same objects', () => {
    const data = pages([entry(1), entry(2)], [entry(3)]);
    expect(mapEntries(data, (e) => e)).toBe(data);
    const next = mapEntries(data, (e) => (e.id === 3 ? null : e)) as EntryPages;
    expect(next.pages[0]).toBe(data.pages[0]);
    expect(next.pages[1]?.items).toEqual([]);
  });
});

describe('bulkChange', () => {
  const data = pages([entry(1, { tags: ['Design'], task_id: 7 }), entry(2, { task_id: 3 })], [entry(3)]);
  const apply = (change: Parameters<typeof bulkChange>[0]) =>
    (mapEntries(data, bulkChange(change, catalog)) as EntryPages).pages.flatMap((p) => p.items);

  it('removes deleted entries and only those', () => {
    expect(apply({ ids: [1, 3], action: 'delete' }).map((e) => e.id)).toEqual([2]);
  });
  it('moves to a project: a task of that project stays, another is dropped, the client follows', () => {
    const moved = apply({ ids: [1, 2], action: 'set_project', value: 2 });
    expect(moved.map((e) => [e.project_id, e.task_id, e.client_id])).toEqual([
      [2, 7, 5],
      [2, null, 5],
      [1, null, null],
    ]);
  });
  it('adds tags case-insensitively, sorted, and removes them', () => {
    expect(apply({ ids: [1, 2], action: 'add_tags', value: ['design', 'api'] }).map((e) => e.tags)).toEqual([
      ['api', 'Design'],
      ['api', 'design'],
      [],
    ]);
    expect(apply({ ids: [1], action: 'remove_tags', value: ['DESIGN'] })[0]?.tags).toEqual([]);
  });
  it('counts what a bulk answer changed', () => {
    expect(changedCount(null)).toBe(0);
    expect(changedCount({ action: 'delete', ids: [1, 2] })).toBe(2);
    expect(changedCount({ action: 'set_billable', entries: [{ id: 1, billable: true }] })).toBe(1);
  });
});

describe('editedEntry', () => {
  it('takes the new times and works out the duration after the break', () => {
    const e = editedEntry(entry(1), {
      project_id: 2,
      start_time: '2026-11-01T09:00:00Z',
      end_time: '2026-11-01T11:30:00Z',
      break_seconds: 1800,
      notes: 'x',
      tags: ['b', 'A'],
      billable: false,
    });
    expect(e).toMatchObject({ project_id: 2, end_time: '2026-11-01T11:30:00Z', duration_seconds: 7200, tags: ['A', 'b'] });
  });
});

describe('groupByDay', () => {
  const dayOf = (e: TimeEntry) => e.start_time.slice(0, 10);
  const startOf = (e: TimeEntry) => Date.parse(e.start_time) / 1000;
  it('groups newest day first and keeps a day object whose entries did not change', () => {
    const a = entry(2);
    const b = entry(1);
    const first = groupByDay([a, b], dayOf, startOf);
    expect(first.map((g) => g.key)).toEqual(['2026-11-02', '2026-11-01']);
    const c = entry(1, { id: 9, start_time: '2026-11-01T08:00:00Z' });
    const second = groupByDay([a, b, c], dayOf, startOf, new Map(first.map((g) => [g.key, g])));
    expect(second[0]).toBe(first[0]);
    expect(second[1]).not.toBe(first[1]);
    expect(second[1]?.entries).toEqual([b, c]);
  });
});

describe('losingTask', () => {
  // Tasks 10 and 11 belong to project 1, task 20 to project 2.
  const taskProject = (id: number) => (id < 20 ? 1 : 2);

  it('names the entries whose task the target project does not have, and agrees with the optimistic move', () => {
    const list = [entry(1, { task_id: 10 }), entry(2, { task_id: 20, project_id: 2 }), entry(3), entry(4, { task_id: 11 })];
    expect(losingTask(list, 2, { taskProject }).map((e) => e.id)).toEqual([1, 4]);
    expect(losingTask(list, 1, { taskProject }).map((e) => e.id)).toEqual([2]);
    const moved = list.map(
      bulkChange({ ids: [1, 2, 3, 4], action: 'set_project', value: 2 }, { taskProject, projectClient: () => null }),
    );
    expect(
      moved.filter((e) => e?.task_id === null && list.find((x) => x.id === e.id)?.task_id !== null).map((e) => e?.id),
    ).toEqual([1, 4]);
  });
});
