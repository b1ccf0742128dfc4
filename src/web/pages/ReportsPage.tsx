// Reports: the summary grouped by project/client/task/tag/day/week/month (and user for admins), bar and doughnut
// charts (chart.js, loaded lazily), billable totals and amounts, and exports with the same filters.
import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api, queryString } from '../api/client.js';
import type { GroupBy, SummaryGroup } from '../api/types.js';
import type { ChartSpec } from '../components/Chart.js';
import { EmptyState, ErrorPanel, PageHeader, Skeleton } from '../components/ui.js';
import { i18n } from '../i18n/index.js';
import { useResource } from '../lib/resource.js';
import { setQuery, useLocation } from '../lib/router.js';
import { formatDuration, parseLocalDate, type RangePreset, type TimeFormat } from '../lib/time.js';
import { usePageTitle } from '../lib/title.js';
import { PROJECT_COLORS, projectColor, useProjects } from '../state/data.js';
import { useFmt, useSession } from '../state/session.js';
import { FilterBar } from './entries/FilterBar.js';
import { apiFilters, filtersFromQuery } from './entries/entry-filters.js';

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
const GROUPS: GroupBy[] = ['project', 'client', 'task', 'tag', 'day', 'week', 'month', 'user'];
/** A grouping's name as a column header / option, and as it reads inside a sentence ("Time by project"). */
const GROUP_LABEL = {
  project: 'reports.groups.project',
  client: 'reports.groups.client',
  task: 'reports.groups.task',
  tag: 'reports.groups.tag',
  day: 'reports.groups.day',
  week: 'reports.groups.week',
  month: 'reports.groups.month',
  user: 'reports.groups.user',
} as const satisfies Record<GroupBy, string>;
const GROUP_INLINE = {
  project: 'reports.groupsInline.project',
  client: 'reports.groupsInline.client',
  task: 'reports.groupsInline.task',
  tag: 'reports.groupsInline.tag',
  day: 'reports.groupsInline.day',
  week: 'reports.groupsInline.week',
  month: 'reports.groupsInline.month',
  user: 'reports.groupsInline.user',
} as const satisfies Record<GroupBy, string>;
const TIME_GROUPS = new Set<GroupBy>(['day', 'week', 'month']);

/** Bucket keys in the user's date format; names for everything else ("(none)" when the server has none). */
export function labelOf(g: SummaryGroup, groupBy: GroupBy, fmt: TimeFormat): string {
  const key = g.key === null ? null : String(g.key);
  if (key && (groupBy === 'day' || groupBy === 'week')) {
    const d = parseLocalDate(key);
    if (d) return groupBy === 'week' ? i18n.t('reports.weekOf', { date: fmt.formatLocal(d) }) : fmt.formatLocal(d);
  }
  if (key && groupBy === 'month') {
    const m = /^(\d{4})-(\d{2})$/.exec(key);
    if (m) return fmt.monthName(Number(m[1]), Number(m[2]));
  }
  return g.label ?? i18n.t('reports.noneLabel');
}

export function ReportsPage() {
  const { t } = useTranslation();
  usePageTitle(t('nav.reports'));
  const fmt = useFmt();
  const { isAdmin } = useSession();
  const { query } = useLocation();
  const { byId: projects } = useProjects();
  const filters = filtersFromQuery(query, 'this_month');
  const requested = query.get('group_by') as GroupBy | null;
  const groupBy: GroupBy = requested && GROUPS.includes(requested) && (requested !== 'user' || isAdmin) ? requested : 'project';
  const group = t(GROUP_INLINE[groupBy]);
  const groupLabel = t(GROUP_LABEL[groupBy]);
  const entryQuery = apiFilters(filters, fmt);
  const summaryQuery = { ...entryQuery, group_by: groupBy, timezone: fmt.tz };
  const summaryQs = queryString(summaryQuery);
  const exportQs = queryString(entryQuery);
  const summary = useResource(`report:${summaryQs}`, () => api.get('/reports/summary', { params: { query: summaryQuery } }));
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
          label: t('common.billable'),
          data: groups.map((g) => g.billable_seconds),
          backgroundColor: TIME_GROUPS.has(groupBy) ? '#2563eb' : colors,
        },
        {
          label: t('common.notBillable'),
          data: groups.map((g) => Math.max(0, g.seconds - g.billable_seconds)),
          backgroundColor: '#94a3b8',
        },
      ],
      stacked: true,
      horizontal: !TIME_GROUPS.has(groupBy),
      format: formatDuration,
    }),
    [groups, groupBy, colors, fmt, t],
  );
  const doughnut = useMemo<ChartSpec>(
    () => ({
      type: 'doughnut',
      labels: groups.map((g) => labelOf(g, groupBy, fmt)),
      datasets: [{ label: t('reports.time'), data: groups.map((g) => g.seconds), backgroundColor: colors }],
      format: formatDuration,
    }),
    [groups, colors, groupBy, fmt, t],
  );

  const currency = data?.currency ?? 'EUR';
  return (
    <>
      <PageHeader title={t('nav.reports')}>
        <div className="export-links" role="group" aria-label={t('reports.export')}>
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
        <legend>{t('reports.groupBy')}</legend>
        {GROUPS.filter((g) => g !== 'user' || isAdmin).map((g) => (
          <label key={g} className={g === groupBy ? 'checked' : ''}>
            <input
              type="radio"
              name="group_by"
              value={g}
              checked={g === groupBy}
              onChange={() => setQuery({ group_by: g === 'project' ? null : g })}
            />
            {t(GROUP_LABEL[g])}
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
              <h2 id="r-total">{t('reports.total')}</h2>
              <p className="stat-value mono" data-testid="report-total">
                {formatDuration(data.total_seconds)}
              </p>
              <p className="muted small">{t('reports.hoursTotal', { hours: fmt.hours(data.total_seconds) })}</p>
            </section>
            <section className="card stat" aria-labelledby="r-billable">
              <h2 id="r-billable">{t('common.billable')}</h2>
              <p className="stat-value mono" data-testid="report-billable">
                {formatDuration(data.billable_seconds)}
              </p>
              <p className="muted small">
                {t('reports.ofTotal', {
                  percent: fmt.percent(data.total_seconds ? Math.round((data.billable_seconds / data.total_seconds) * 100) : 0),
                })}
              </p>
            </section>
            <section className="card stat" aria-labelledby="r-amount">
              <h2 id="r-amount">{t('reports.amount')}</h2>
              <p className="stat-value" data-testid="report-amount">
                {fmt.money(data.billable_amount, currency)}
              </p>
              <p className="muted small">
                {data.entries_without_rate
                  ? t('reports.withoutRate', { count: data.entries_without_rate })
                  : t('reports.amountHint')}
              </p>
            </section>
          </div>
          {groups.length === 0 ? (
            <EmptyState title={t('reports.emptyTitle')}>{t('reports.emptyBody')}</EmptyState>
          ) : (
            <>
              <div className="grid-2 charts">
                <section className="card" aria-labelledby="r-bar">
                  <h2 id="r-bar">{t('reports.timeBy', { group })}</h2>
                  <Suspense fallback={<Skeleton lines={1} height={260} />}>
                    <ChartView
                      spec={bar}
                      label={t('reports.barLabel', { group })}
                      height={bar.horizontal ? Math.max(200, groups.length * 34 + 70) : 260}
                    />
                  </Suspense>
                </section>
                <section className="card" aria-labelledby="r-share">
                  <h2 id="r-share">{t('reports.share')}</h2>
                  <Suspense fallback={<Skeleton lines={1} height={260} />}>
                    <ChartView spec={doughnut} label={t('reports.doughnutLabel', { group })} height={260} />
                  </Suspense>
                </section>
              </div>
              <section className="card table-card">
                <table className="table report-table">
                  <caption className="sr-only">{t('reports.summaryBy', { group })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{groupLabel}</th>
                      <th scope="col" className="num">
                        {t('reports.time')}
                      </th>
                      <th scope="col" className="num">
                        {t('common.billable')}
                      </th>
                      <th scope="col" className="num">
                        {t('reports.amount')}
                      </th>
                      <th scope="col" className="num">
                        {t('reports.entries')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {groups.map((g, i) => (
                      <tr key={`${String(g.key)}-${i}`}>
                        <td data-label={groupLabel}>
                          <span className="dot" style={{ background: colors[i] }} aria-hidden="true" /> {labelOf(g, groupBy, fmt)}
                        </td>
                        <td className="num mono" data-label={t('reports.time')}>
                          {formatDuration(g.seconds)}
                        </td>
                        <td className="num mono" data-label={t('common.billable')}>
                          {formatDuration(g.billable_seconds)}
                        </td>
                        <td className="num" data-label={t('reports.amount')}>
                          {fmt.money(g.billable_amount, currency)}
                        </td>
                        <td className="num" data-label={t('reports.entries')}>
                          {fmt.decimal(g.entry_count)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row">{t('reports.total')}</th>
                      <td className="num mono" data-label={t('reports.time')}>
                        {formatDuration(data.total_seconds)}
                      </td>
                      <td className="num mono" data-label={t('common.billable')}>
                        {formatDuration(data.billable_seconds)}
                      </td>
                      <td className="num" data-label={t('reports.amount')}>
                        {fmt.money(data.billable_amount, currency)}
                      </td>
                      <td className="num" data-label={t('reports.entries')}>
                        {fmt.decimal(groups.reduce((s, g) => s + g.entry_count, 0))}
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
