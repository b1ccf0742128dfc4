// The report's charts (chart.js, loaded lazily): time per group split into billable and not — along the time axis
// for days, weeks and months — and, for a few named groups only, each group's share of the total (a 30-slice donut
// of days says nothing).
import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { GroupBy, SummaryGroup } from '../../api/types.js';
import type { ChartSpec } from '../../components/Chart.js';
import { Skeleton } from '../../components/ui.js';
import { formatDuration } from '../../lib/time.js';
import { useFmt } from '../../state/session.js';
import { GROUP_INLINE, labelOf, MAX_SHARE_SLICES, TIME_GROUPS } from './report-groups.js';

const ChartView = lazy(() => import('../../components/Chart.js').then((m) => ({ default: m.ChartView })));

export function ReportCharts({ groups, groupBy, colors }: { groups: SummaryGroup[]; groupBy: GroupBy; colors: string[] }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const group = t(GROUP_INLINE[groupBy]);
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
  const showShare = !TIME_GROUPS.has(groupBy) && groups.length <= MAX_SHARE_SLICES;
  return (
    <div className={showShare ? 'grid-2 charts' : 'charts'}>
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
      {showShare && (
        <section className="card" aria-labelledby="r-share">
          <h2 id="r-share">{t('reports.share')}</h2>
          <Suspense fallback={<Skeleton lines={1} height={260} />}>
            <ChartView spec={doughnut} label={t('reports.doughnutLabel', { group })} height={260} />
          </Suspense>
        </section>
      )}
    </div>
  );
}
