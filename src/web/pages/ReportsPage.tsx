// Reports: the summary grouped by project/client/task/tag/day/week/month (and user for admins), bar and doughnut
// charts (chart.js, loaded lazily), billable totals and amounts, and exports with the same filters.
import { lazy, Suspense, useMemo } from 'react';
import { api, queryString } from '../api/client.js';
import type { GroupBy, Summary, SummaryGroup } from '../api/types.js';
import type { ChartSpec } from '../components/Chart.js';
import { EmptyState, ErrorPanel, PageHeader, Skeleton } from '../components/ui.js';
import { useResource } from '../lib/resource.js';
import { setQuery, useLocation } from '../lib/router.js';
import { formatDuration, parseLocalDate, type RangePreset, type TimeFormat } from '../lib/time.js';
import { usePageTitle } from '../lib/title.js';
import { PROJECT_COLORS, projectColor, useProjects } from '../state/data.js';
import { useFmt, useSession } from '../state/session.js';
import { apiFilters, FilterBar, filtersFromQuery } from './EntriesPage.js';

const ChartView = lazy(() => import('../components/Chart.js').then((m) => ({ default: m.ChartView })));

const PRESETS: RangePreset[] = [
  'today',
  'this_week',
  'last_week',
  'last_7_days',
  'this_month',
  'last_month',
  'this_year',
  'custom',
];
const GROUPS: [GroupBy, string][] = [
  ['project', 'Project'],
  ['client', 'Client'],
  ['task', 'Task'],
  ['tag', 'Tag'],
  ['day', 'Day'],
  ['week', 'Week'],
  ['month', 'Month'],
  ['user', 'User'],
];
const TIME_GROUPS = new Set<GroupBy>(['day', 'week', 'month']);

/** Bucket keys in the user's date format; names for everything else ("(none)" when the server has none). */
export function labelOf(g: SummaryGroup, groupBy: GroupBy, fmt: TimeFormat): string {
  const key = g.key === null ? null : String(g.key);
  if (key && (groupBy === 'day' || groupBy === 'week')) {
    const d = parseLocalDate(key);
    if (d) return groupBy === 'week' ? `Week of ${fmt.formatLocal(d)}` : fmt.formatLocal(d);
  }
  if (key && groupBy === 'month') {
    const m = /^(\d{4})-(\d{2})$/.exec(key);
    if (m) return fmt.monthName(Number(m[1]), Number(m[2]));
  }
  return g.label ?? '(none)';
}

export function ReportsPage() {
  usePageTitle('Reports');
  const fmt = useFmt();
  const { isAdmin } = useSession();
  const { query } = useLocation();
  const { byId: projects } = useProjects();
  const filters = filtersFromQuery(query, 'this_month');
  const requested = query.get('group_by') as GroupBy | null;
  const groupBy: GroupBy =
    requested && GROUPS.some(([g]) => g === requested) && (requested !== 'user' || isAdmin) ? requested : 'project';
  const entryQuery = apiFilters(filters, fmt);
  const summaryQs = queryString({ ...entryQuery, group_by: groupBy, timezone: fmt.tz });
  const exportQs = queryString(entryQuery);
  const summary = useResource(`report:${summaryQs}`, () => api.get<Summary>(`/reports/summary${summaryQs}`));
  const data = summary.data;

  const groups = useMemo(() => {
    if (!data) return [];
    const list = [...data.groups];
    if (TIME_GROUPS.has(groupBy)) list.sort((a, b) => String(a.key).localeCompare(String(b.key)));
    return list;
  }, [data, groupBy]);

  const colors = useMemo(
    () =>
      groups.map((g, i) =>
        groupBy === 'project' && g.key !== null
          ? projectColor(projects.get(Number(g.key)))
          : (PROJECT_COLORS[i % PROJECT_COLORS.length] as string),
      ),
    [groups, groupBy, projects],
  );

  const bar = useMemo<ChartSpec>(
    () => ({
      type: 'bar',
      labels: groups.map((g) => labelOf(g, groupBy, fmt)),
      datasets: [
        {
          label: 'Billable',
          data: groups.map((g) => g.billable_seconds),
          backgroundColor: TIME_GROUPS.has(groupBy) ? '#2563eb' : colors,
        },
        {
          label: 'Not billable',
          data: groups.map((g) => Math.max(0, g.seconds - g.billable_seconds)),
          backgroundColor: '#94a3b8',
        },
      ],
      stacked: true,
      horizontal: !TIME_GROUPS.has(groupBy),
      format: formatDuration,
    }),
    [groups, groupBy, colors, fmt],
  );
  const doughnut = useMemo<ChartSpec>(
    () => ({
      type: 'doughnut',
      labels: groups.map((g) => labelOf(g, groupBy, fmt)),
      datasets: [{ label: 'Time', data: groups.map((g) => g.seconds), backgroundColor: colors }],
      format: formatDuration,
    }),
    [groups, colors, groupBy, fmt],
  );

  const currency = data?.currency ?? 'EUR';
  return (
    <>
      <PageHeader title="Reports">
        <div className="export-links" role="group" aria-label="Export">
          <a className="btn btn-small" href={`/api/v1/exports/time-entries.csv${exportQs}`} download>
            CSV
          </a>
          <a className="btn btn-small" href={`/api/v1/exports/time-entries.xlsx${exportQs}`} download>
            Excel
          </a>
          <a className="btn btn-small" href={`/api/v1/exports/summary.pdf${summaryQs}`} download>
            PDF
          </a>
        </div>
      </PageHeader>
      <FilterBar filters={filters} presets={PRESETS} />
      <fieldset className="segmented group-by">
        <legend>Group by</legend>
        {GROUPS.filter(([g]) => g !== 'user' || isAdmin).map(([g, label]) => (
          <label key={g} className={g === groupBy ? 'checked' : ''}>
            <input
              type="radio"
              name="group_by"
              value={g}
              checked={g === groupBy}
              onChange={() => setQuery({ group_by: g === 'project' ? null : g })}
            />
            {label}
          </label>
        ))}
      </fieldset>

      {summary.error ? (
        <ErrorPanel error={summary.error} retry={summary.reload} />
      ) : !data ? (
        <>
          <div className="stats">
            {[0, 1, 2].map((i) => (
              <section key={i} className="card stat">
                <Skeleton lines={2} />
              </section>
            ))}
          </div>
          <section className="card">
            <Skeleton lines={1} height={240} />
          </section>
        </>
      ) : (
        <>
          <div className="stats" aria-live="polite">
            <section className="card stat" aria-labelledby="r-total">
              <h2 id="r-total">Total</h2>
              <p className="stat-value mono" data-testid="report-total">
                {formatDuration(data.total_seconds)}
              </p>
              <p className="muted small">{fmt.hours(data.total_seconds)} hours</p>
            </section>
            <section className="card stat" aria-labelledby="r-billable">
              <h2 id="r-billable">Billable</h2>
              <p className="stat-value mono" data-testid="report-billable">
                {formatDuration(data.billable_seconds)}
              </p>
              <p className="muted small">
                {data.total_seconds ? Math.round((data.billable_seconds / data.total_seconds) * 100) : 0}% of the total
              </p>
            </section>
            <section className="card stat" aria-labelledby="r-amount">
              <h2 id="r-amount">Amount</h2>
              <p className="stat-value" data-testid="report-amount">
                {fmt.money(data.billable_amount, currency)}
              </p>
              <p className="muted small">
                {data.entries_without_rate
                  ? `${data.entries_without_rate} billable ${data.entries_without_rate === 1 ? 'entry has' : 'entries have'} no hourly rate`
                  : 'billable time × hourly rates'}
              </p>
            </section>
          </div>
          {groups.length === 0 ? (
            <EmptyState title="No time in this period">Pick another period or clear the filters.</EmptyState>
          ) : (
            <>
              <div className="grid-2 charts">
                <section className="card" aria-labelledby="r-bar">
                  <h2 id="r-bar">Time by {groupBy}</h2>
                  <Suspense fallback={<Skeleton lines={1} height={260} />}>
                    <ChartView
                      spec={bar}
                      label={`Bar chart of time by ${groupBy}`}
                      height={bar.horizontal ? Math.max(200, groups.length * 34 + 70) : 260}
                    />
                  </Suspense>
                </section>
                <section className="card" aria-labelledby="r-share">
                  <h2 id="r-share">Share</h2>
                  <Suspense fallback={<Skeleton lines={1} height={260} />}>
                    <ChartView spec={doughnut} label={`Doughnut chart of the share of time by ${groupBy}`} height={260} />
                  </Suspense>
                </section>
              </div>
              <section className="card table-card">
                <table className="table report-table">
                  <caption className="sr-only">Summary by {groupBy}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{GROUPS.find(([g]) => g === groupBy)?.[1]}</th>
                      <th scope="col" className="num">
                        Time
                      </th>
                      <th scope="col" className="num">
                        Billable
                      </th>
                      <th scope="col" className="num">
                        Amount
                      </th>
                      <th scope="col" className="num">
                        Entries
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {groups.map((g, i) => (
                      <tr key={`${String(g.key)}-${i}`}>
                        <td data-label={GROUPS.find(([x]) => x === groupBy)?.[1]}>
                          <span className="dot" style={{ background: colors[i] }} aria-hidden="true" /> {labelOf(g, groupBy, fmt)}
                        </td>
                        <td className="num mono" data-label="Time">
                          {formatDuration(g.seconds)}
                        </td>
                        <td className="num mono" data-label="Billable">
                          {formatDuration(g.billable_seconds)}
                        </td>
                        <td className="num" data-label="Amount">
                          {fmt.money(g.billable_amount, currency)}
                        </td>
                        <td className="num" data-label="Entries">
                          {g.entry_count}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row">Total</th>
                      <td className="num mono" data-label="Time">
                        {formatDuration(data.total_seconds)}
                      </td>
                      <td className="num mono" data-label="Billable">
                        {formatDuration(data.billable_seconds)}
                      </td>
                      <td className="num" data-label="Amount">
                        {fmt.money(data.billable_amount, currency)}
                      </td>
                      <td className="num" data-label="Entries">
                        {groups.reduce((s, g) => s + g.entry_count, 0)}
                      </td>
                    </tr>
                  </tfoot>
                </table>
              </section>
            </>
          )}
        </>
      )}
    </>
  );
}
