// Every query of the UI, by key: the one place that knows what a key holds, which endpoint fills it and what a
// change makes stale. Keys are hierarchical, so invalidating `keys.entries.all` reaches every entry list and
// range, and nothing else:
//
//   useQuery(queries.projects())                     // ['projects']
//   useInfiniteQuery(queries.entryPages(filters))    // ['entries', 'pages', filters]
//   queryClient.invalidateQueries({ queryKey: keys.entries.all })
//
// What each kind of change touches (mutations and live events both use these, see api/live-sync.ts):
//   entries created/changed/deleted/restored → entries.all + reports.all (their sums) + timesheet.all (its cells)
//                                             + projects (budget use, only when a project has a budget)
//   timesheet cell saved                    → the same (it creates, changes and deletes entries)
//   timer started/paused/edited             → timer + timesheet.all (a running timer counts in its cell)
//   projects/clients/tasks changed           → that list + reports.all (group labels, rates)
import { infiniteQueryOptions, queryOptions, type QueryClient } from '@tanstack/react-query';
import { api, ApiError, fetchAll, type ApiQuery } from './client.js';
import { shouldRetry } from './query-client.js';
import type { Project } from './types.js';

export type EntryFilters = Omit<ApiQuery<'get', '/time-entries'>, 'cursor' | 'limit'>;
export type SummaryQuery = ApiQuery<'get', '/reports/summary'>;
export type InvoiceFilters = Omit<ApiQuery<'get', '/invoices'>, 'cursor' | 'limit'>;

/** Invoices per page of the invoices list. */
export const INVOICE_PAGE_SIZE = 50;

/** Entries per page of the entries list ("Load more" fetches the next one by the API's cursor). */
export const ENTRY_PAGE_SIZE = 200;

export const keys = {
  timer: ['timer'] as const,
  projects: ['projects'] as const,
  clients: ['clients'] as const,
  tasks: ['tasks'] as const,
  entries: {
    all: ['entries'] as const,
    pages: (filters: EntryFilters) => ['entries', 'pages', filters] as const,
    range: (from: string, to: string) => ['entries', 'range', from, to] as const,
    recent: ['entries', 'recent'] as const,
    /** The caller's tags (under entries: whatever changes entries may add or drop one). */
    tags: ['entries', 'tags'] as const,
  },
  reports: {
    all: ['reports'] as const,
    /** The caller's tags that entries carry, for the tag filter's suggestions. */
    tags: () =>
      queryOptions({
        queryKey: keys.entries.tags,
        queryFn: ({ signal }) =>
          api.get('/tags', { params: { query: { limit: 500 } }, signal }).then((page) => page.items.map((tag) => tag.name)),
      }),
    summary: (query: SummaryQuery) => ['reports', 'summary', query] as const,
  },
  admin: {
    users: ['admin', 'users'] as const,
    telemetry: ['admin', 'telemetry'] as const,
  },
  tokens: ['tokens'] as const,
  invoices: {
    all: ['invoices'] as const,
    pages: (filters: InvoiceFilters) => ['invoices', 'pages', filters] as const,
    one: (id: number) => ['invoices', 'one', id] as const,
  },
  invoicingSettings: ['invoicing-settings'] as const,
  timesheet: {
    all: ['timesheet'] as const,
    week: (week: string) => ['timesheet', week] as const,
  },
  /** Every list of the entries page, whatever its filters: optimistic changes reach all of them. */
  entryLists: ['entries', 'pages'] as const,
};

export const queries = {
  timer: () => queryOptions({ queryKey: keys.timer, queryFn: ({ signal }) => api.get('/timer', { signal }) }),
  projects: () => queryOptions({ queryKey: keys.projects, queryFn: () => fetchAll('/projects') }),
  clients: () => queryOptions({ queryKey: keys.clients, queryFn: () => fetchAll('/clients') }),
  tasks: () => queryOptions({ queryKey: keys.tasks, queryFn: () => fetchAll('/tasks') }),
  /** The entries list, a page at a time, newest first. */
  entryPages: (filters: EntryFilters) =>
    infiniteQueryOptions({
      queryKey: keys.entries.pages(filters),
      queryFn: ({ pageParam, signal }) =>
        api.get('/time-entries', {
          params: { query: { ...filters, limit: ENTRY_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
          signal,
        }),
      initialPageParam: null as string | null,
      getNextPageParam: (page) => page.next_cursor,
    }),
  /** Every entry in a short time range (the dashboard's two weeks): bounded by time, not by a page cap. */
  entriesInRange: (from: string, to: string) =>
    queryOptions({ queryKey: keys.entries.range(from, to), queryFn: () => fetchAll('/time-entries', { from, to }) }),
  recentEntries: () =>
    queryOptions({
      queryKey: keys.entries.recent,
      queryFn: ({ signal }) => api.get('/time-entries', { params: { query: { limit: 8 } }, signal }).then((p) => p.items),
    }),
  /** The caller's tags that entries carry, for the tag filter's suggestions. */
  tags: () =>
    queryOptions({
      queryKey: keys.entries.tags,
      queryFn: ({ signal }) =>
        api.get('/tags', { params: { query: { limit: 500 } }, signal }).then((page) => page.items.map((tag) => tag.name)),
    }),
  summary: (query: SummaryQuery) =>
    queryOptions({
      queryKey: keys.reports.summary(query),
      queryFn: ({ signal }) => api.get('/reports/summary', { params: { query }, signal }),
    }),
  users: () => queryOptions({ queryKey: keys.admin.users, queryFn: () => fetchAll('/users') }),
  /** One user's tokens, or (administrators, `'all'`) every user's, each naming its owner by user_id. */
  tokens: (owner: number | 'all') =>
    queryOptions({
      queryKey: [...keys.tokens, owner],
      queryFn: () => fetchAll('/tokens', owner === 'all' ? {} : { user_id: owner }),
    }),
  /** The invoices list, newest first, a page at a time (administrators). */
  invoicePages: (filters: InvoiceFilters) =>
    infiniteQueryOptions({
      queryKey: keys.invoices.pages(filters),
      queryFn: ({ pageParam, signal }) =>
        api.get('/invoices', {
          params: { query: { ...filters, limit: INVOICE_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
          signal,
        }),
      initialPageParam: null as string | null,
      getNextPageParam: (page) => page.next_cursor,
    }),
  invoice: (id: number) =>
    queryOptions({
      queryKey: keys.invoices.one(id),
      queryFn: ({ signal }) => api.get('/invoices/{id}', { params: { path: { id } }, signal }),
    }),
  invoicingSettings: () =>
    queryOptions({ queryKey: keys.invoicingSettings, queryFn: ({ signal }) => api.get('/settings/invoicing', { signal }) }),
  telemetry: () => queryOptions({ queryKey: keys.admin.telemetry, queryFn: () => api.get('/admin/telemetry') }),
  /** One week of the caller's timesheet (`2026-W49`, read with the user's first day of the week). */
  timesheet: (week: string) =>
    queryOptions({
      queryKey: keys.timesheet.week(week),
      queryFn: ({ signal }) => api.get('/timesheet', { params: { query: { week } }, signal }),
    }),
  /**
   * The entries list's count and total (one group: the caller). Not by day: an entry crossing midnight counts in
   * both of its days there. Long ranges are heavy work, which the server may refuse for a moment (429): retried.
   */
  entryTotals: (filters: EntryFilters) =>
    queryOptions({ ...queries.summary({ ...filters, group_by: 'user' }), retry: retryWhenBusy }),
  /** The list's seconds per day in the user's time zone: its day totals, also for days only partly loaded. */
  entryDayTotals: (filters: EntryFilters, timezone: string) =>
    queryOptions({ ...queries.summary({ ...filters, group_by: 'day', timezone }), retry: retryWhenBusy }),
};

function retryWhenBusy(failureCount: number, error: unknown): boolean {
  return shouldRetry(failureCount, error) || (error instanceof ApiError && error.status === 429 && failureCount < 5);
}

/**
 * Entries were created, changed, deleted or restored: every list of them and every sum over them (reports, the
 * timesheet's cells) is stale, and so are the projects when any has a budget (each carries what its budget has used; without budgets nothing on them
 * changes, and the list is not fetched again for nothing).
 */
export function entriesChanged(client: QueryClient): Promise<void> {
  const projects = client.getQueryData<Project[]>(keys.projects);
  const budgets = projects?.some((p) => p.budget_hours !== null || p.budget_amount !== null) ?? false;
  return Promise.all([
    client.invalidateQueries({ queryKey: keys.entries.all }),
    client.invalidateQueries({ queryKey: keys.reports.all }),
    client.invalidateQueries({ queryKey: keys.timesheet.all }),
    ...(budgets ? [client.invalidateQueries({ queryKey: keys.projects })] : []),
  ]).then(() => undefined);
}

/**
 * A project, client or task changed: its list, and the reports that label groups by its name or price by its rate.
 * Entry lists hold only ids and look names up in the lists, so they stay.
 */
export type CatalogList = 'projects' | 'clients' | 'tasks';
export function catalogChanged(client: QueryClient, list: CatalogList): Promise<void> {
  return Promise.all([
    client.invalidateQueries({ queryKey: keys[list] }),
    client.invalidateQueries({ queryKey: keys.reports.all }),
  ]).then(() => undefined);
}

/**
 * An invoice was created, changed, issued, paid or voided: every invoice list and the invoice itself. Issuing locks
 * its entries and voiding (or deleting a draft) frees them, so `entries` also marks every entry list stale.
 */
export function invoicesChanged(client: QueryClient, { entries = false } = {}): Promise<void> {
  return Promise.all([
    client.invalidateQueries({ queryKey: keys.invoices.all }),
    ...(entries ? [entriesChanged(client)] : []),
  ]).then(() => undefined);
}
