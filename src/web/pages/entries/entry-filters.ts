// The entries page's filters as the address bar holds them (so they survive reloads and links), and the API query
// they stand for. The reports page shares them.
import type { EntryFilters as ApiEntryFilters } from '../../api/queries.js';
import { nowEpoch, RANGE_PRESETS, toIso, type RangePreset, type TimeFormat } from '../../lib/time.js';

export interface UrlFilters {
  range: RangePreset;
  from: string | null;
  to: string | null;
  project_id: string | null;
  client_id: string | null;
  tag: string | null;
  billable: string | null;
  /** 'false': only entries on no issued invoice yet; 'true': only invoiced ones. */
  invoiced: string | null;
  q: string | null;
}

export function filtersFromQuery(query: URLSearchParams, fallback: RangePreset = 'this_week'): UrlFilters {
  const range = query.get('range') as RangePreset | null;
  return {
    range: range && RANGE_PRESETS.includes(range) ? range : fallback,
    from: query.get('from'),
    to: query.get('to'),
    project_id: query.get('project_id'),
    client_id: query.get('client_id'),
    tag: query.get('tag'),
    billable: query.get('billable'),
    invoiced: query.get('invoiced'),
    q: query.get('q'),
  };
}

/** The API query (instants in UTC) for the filters, computed in the user's time zone. */
export function apiFilters(f: UrlFilters, fmt: TimeFormat): ApiEntryFilters {
  const range = fmt.range(f.range, nowEpoch(), { from: f.from, to: f.to });
  return {
    from: toIso(range.from),
    to: toIso(range.to),
    project_id: f.project_id ? Number(f.project_id) : undefined,
    client_id: f.client_id ? Number(f.client_id) : undefined,
    tag: f.tag ?? undefined,
    // As the address bar has it: the server checks it (and answers 400 for anything else).
    billable: (f.billable ?? undefined) as ApiEntryFilters['billable'],
    invoiced: (f.invoiced ?? undefined) as ApiEntryFilters['invoiced'],
    q: f.q ?? undefined,
  };
}
