// The entries list a page at a time (the API's cursor), its day groups, and the totals the server sums: the
// header's count and total and each day's total come from GET /reports/summary with the list's filters, never
// from the loaded rows (a day may continue on a page not loaded yet, and most pages may never be loaded).
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { queries, type EntryFilters } from '../../api/queries.js';
import type { TimeEntry } from '../../api/types.js';
import { toEpoch } from '../../lib/time.js';
import { useFmt } from '../../state/session.js';
import { groupByDay, type DayGroup } from './day-groups.js';

/**
 * `value`, but held at what is shown while `hold` is true: changed rows wait while the sums refetch, so a row never
 * shows beside a day total from before its change. Only what is already shown is held: a first answer (or one for
 * other filters) shows at once.
 */
function useHeldWhile<T>(value: T | undefined, hold: boolean): T | undefined {
  const [held, setHeld] = useState(value);
  const holding = hold && held !== undefined && value !== undefined;
  if (!holding && held !== value) setHeld(value);
  return holding ? held : value;
}

export function useEntryPages(filters: EntryFilters) {
  const fmt = useFmt();
  const list = useInfiniteQuery(queries.entryPages(filters));
  const totals = useQuery(queries.entryTotals(filters));
  const days = useQuery(queries.entryDayTotals(filters, fmt.tz));
  const data = useHeldWhile(list.data, totals.isFetching || days.isFetching);

  const items = useMemo(() => (data?.pages ?? []).flatMap((p) => p.items), [data]);
  // The running timer is listed by the API (when the filters include it) but is no entry yet: it heads the list.
  const entries = useMemo(() => items.filter((e) => e.end_time !== null), [items]);
  const runningId = items.find((e) => e.end_time === null)?.id ?? null;
  // Day keys cost an Intl call each: computed once per entry object (the cache keeps unchanged ones).
  // The last groups, so days that did not change keep their objects (and their rows do not re-render).
  const cache = useMemo(() => ({ dayKeys: new WeakMap<TimeEntry, string>(), groups: new Map<string, DayGroup>() }), [fmt]);
  const groups = useMemo(() => {
    const dayOf = (e: TimeEntry) => {
      let key = cache.dayKeys.get(e);
      if (key === undefined) cache.dayKeys.set(e, (key = fmt.dayKey(toEpoch(e.start_time))));
      return key;
    };
    const next = groupByDay(entries, dayOf, (e) => toEpoch(e.start_time), cache.groups);
    cache.groups = new Map(next.map((g) => [g.key, g]));
    return next;
  }, [entries, cache, fmt]);
  const dayTotals = useMemo(
    () => (days.data ? new Map(days.data.groups.map((g) => [g.key ?? '', g.seconds])) : null),
    [days.data],
  );
  const summary = totals.data
    ? { count: totals.data.groups.reduce((n, g) => n + g.entry_count, 0), seconds: totals.data.total_seconds }
    : null;

  return {
    entries,
    /** The id of the running timer when the list's filters include it. */
    runningId,
    groups,
    dayTotals,
    summary,
    loaded: data !== undefined,
    error: list.error ?? totals.error ?? days.error,
    retry: () => {
      void list.refetch();
      void totals.refetch();
      void days.refetch();
    },
    hasNextPage: list.hasNextPage,
    loadingMore: list.isFetchingNextPage,
    loadMore: list.fetchNextPage,
    pageCount: data?.pages.length ?? 0,
  };
}
