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

export function groupByDay(
  entries: readonly TimeEntry[],
  dayOf: (entry: TimeEntry) => string,
  startOf: (entry: TimeEntry) => number,
): DayGroup[] {
  const groups = new Map<string, DayGroup>();
  for (const entry of entries) {
    const key = dayOf(entry);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { key, start: startOf(entry), entries: [] }));
    group.entries.push(entry);
  }
  return [...groups.values()].sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0));
}
