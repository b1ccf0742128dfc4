// The loaded entries grouped by their start day in the user's time zone, newest day first. A day's rows may
// continue on a page not loaded yet, so its total never comes from these rows (see useEntryPages).
import type { TimeEntry } from '../../api/types.js';

export interface DayGroup {
  /** YYYY-MM-DD in the user's time zone, as the summary's day buckets are keyed. */
  key: string;
  /** The first entry's start (epoch seconds), for the heading. */
  start: number;
  entries: TimeEntry[];
}

/**
 * `previous`: the groups of the last call; a day whose entries are the same objects keeps its group object, so
 * a memoised day does not re-render when another page arrives.
 */
export function groupByDay(
  entries: readonly TimeEntry[],
  dayOf: (entry: TimeEntry) => string,
  startOf: (entry: TimeEntry) => number,
  previous?: ReadonlyMap<string, DayGroup>,
): DayGroup[] {
  const groups = new Map<string, DayGroup>();
  for (const entry of entries) {
    const key = dayOf(entry);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { key, start: startOf(entry), entries: [] }));
    group.entries.push(entry);
  }
  const same = (a: DayGroup, b: DayGroup) =>
    a.entries.length === b.entries.length && a.entries.every((e, i) => e === b.entries[i]);
  const kept = [...groups.values()].map((g) => {
    const before = previous?.get(g.key);
    return before && same(before, g) ? before : g;
  });
  return kept.sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0));
}
