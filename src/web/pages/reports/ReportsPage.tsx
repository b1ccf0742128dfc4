// Reports: the summary grouped by project/client/task/tag/day/week/month (and user for admins) for the filters
// in the URL, as numbers, charts and a table, with downloads of the same selection, and the budgets of the
// projects in the report.
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { queries, type SummaryQuery } from '../../api/queries.js';
import { BudgetsCard } from '../../components/BudgetsCard.js';
import { EmptyState, ErrorPanel, PageHeader, Skeleton } from '../../components/ui.js';
import { useLocation } from '../../lib/router.js';
import { nowEpoch, type RangePreset } from '../../lib/time.js';
import { usePageTitle } from '../../lib/title.js';
import { PROJECT_COLORS, projectColor, useProjects } from '../../state/data.js';
import { useFmt, useSession } from '../../state/session.js';
import { FilterBar } from '../entries/FilterBar.js';
import { apiFilters, filtersFromQuery } from '../entries/entry-filters.js';
import { CreateInvoiceDialog, type InvoiceRequest } from '../invoices/CreateInvoiceDialog.js';
import { ExportLinks } from './ExportLinks.js';
import { GroupByPicker } from './GroupByPicker.js';
import { groupByOf, TIME_GROUPS } from './report-groups.js';
import { ReportCharts } from './ReportCharts.js';
import { ReportRounding, ReportStats, ReportStatsSkeleton } from './ReportStats.js';
import { ReportTable } from './ReportTable.js';

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

export function ReportsPage() {
  const { t } = useTranslation();
  usePageTitle(t('nav.reports'));
  const fmt = useFmt();
  const { isAdmin } = useSession();
  const { query } = useLocation();
  const { byId: projects } = useProjects();
  const filters = filtersFromQuery(query, 'this_month');
  const groupBy = groupByOf(query.get('group_by'), isAdmin);
  const entryQuery = apiFilters(filters, fmt);
  const summaryQuery: SummaryQuery = { ...entryQuery, group_by: groupBy, timezone: fmt.tz };
  const summary = useQuery(queries.summary(summaryQuery));
  const data = summary.data;
  // Invoicing (administrators): the report's range as days in the user's time zone, its project filter, and the
  // client it is filtered to (or, grouped by client, the row's).
  const [invoicing, setInvoicing] = useState<InvoiceRequest | null>(null);
  const invoiceFor = (clientId: number) => {
    const range = fmt.range(filters.range, nowEpoch(), { from: filters.from, to: filters.to });
    const projectIds = entryQuery.project_id === undefined ? undefined : [entryQuery.project_id];
    setInvoicing({ clientId, from: fmt.dayKey(range.from), to: fmt.dayKey(range.to - 1), projectIds });
  };
  const reportClient = isAdmin ? entryQuery.client_id : undefined;

  const groups = useMemo(() => {
    if (!data) return [];
    const list = [...data.groups];
    if (TIME_GROUPS.has(groupBy)) list.sort((a, b) => String(a.key).localeCompare(String(b.key)));
    return list;
  }, [data, groupBy]);

  // The projects the report is about: its groups when grouped by project, else the project filter (if any).
  const inReport = useMemo(() => {
    if (groupBy === 'project') {
      const ids = new Set(groups.map((g) => Number(g.key)));
      return (p: { id: number }) => ids.has(p.id);
    }
    const only = entryQuery.project_id;
    return only === undefined ? null : (p: { id: number }) => p.id === only;
  }, [groups, groupBy, entryQuery.project_id]);

  const colors = useMemo(
    () =>
      groups.map((g, i) =>
        groupBy === 'project' && g.key !== null
          ? projectColor(projects.get(Number(g.key)))
          : (PROJECT_COLORS[i % PROJECT_COLORS.length] as string),
      ),
    [groups, groupBy, projects],
  );

  return (
    <>
      <PageHeader title={t('nav.reports')}>
        <ExportLinks entryQuery={entryQuery} summaryQuery={summaryQuery} />
        {reportClient !== undefined && (
          <button type="button" className="btn btn-primary" onClick={() => invoiceFor(reportClient)}>
            {t('invoices.create')}
          </button>
        )}
      </PageHeader>
      <FilterBar filters={filters} presets={PRESETS} />
      <GroupByPicker groupBy={groupBy} isAdmin={isAdmin} />
      {summary.error ? (
        <ErrorPanel error={summary.error} retry={() => void summary.refetch()} />
      ) : !data ? (
        <>
          <ReportStatsSkeleton />
          <section className="card">
            <Skeleton lines={1} height={240} />
          </section>
        </>
      ) : (
        <>
          <ReportStats data={data} />
          <ReportRounding rounding={data.rounding} />
          {groups.length === 0 ? (
            <EmptyState title={t('reports.emptyTitle')}>{t('reports.emptyBody')}</EmptyState>
          ) : (
            <>
              <ReportCharts groups={groups} groupBy={groupBy} colors={colors} />
              <ReportTable
                data={data}
                groups={groups}
                groupBy={groupBy}
                colors={colors}
                onInvoice={isAdmin ? invoiceFor : undefined}
              />
              {inReport && (
                <BudgetsCard
                  id="report-budgets"
                  title={t('budgets.reportTitle')}
                  include={inReport}
                  note={t('budgets.reportNote')}
                  limit={20}
                />
              )}
            </>
          )}
        </>
      )}
      <CreateInvoiceDialog request={invoicing} onClose={() => setInvoicing(null)} />
    </>
  );
}
