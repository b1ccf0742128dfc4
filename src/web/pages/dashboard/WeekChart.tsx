// The last seven days as stacked bars per project. Reads the entries of those days (a range bounded by time,
// so never capped) and puts each finished entry on the day it started.
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { queries } from '../../api/queries.js';
import type { TimeEntry } from '../../api/types.js';
import type { ChartSpec } from '../../components/Chart.js';
import { EmptyState, ErrorPanel, Skeleton } from '../../components/ui.js';
import { formatDuration, toEpoch, toIso, type TimeFormat } from '../../lib/time.js';
import { projectColor, useProjects } from '../../state/data.js';
import { useFmt } from '../../state/session.js';
import { dashboardDays } from './dashboard-days.js';

const ChartView = lazy(() => import('../../components/Chart.js').then((m) => ({ default: m.ChartView })));

/** Seconds per project per day (index into `days`, the starts of consecutive local days before `end`). */
export function secondsPerProjectAndDay(
  entries: readonly TimeEntry[],
  days: readonly number[],
  end: number,
): Map<number, number[]> {
  const perProject = new Map<number, number[]>();
  for (const e of entries) {
    if (e.end_time === null) continue;
    const start = toEpoch(e.start_time);
    const idx = days.findIndex((d, i) => start >= d && start < (days[i + 1] ?? end));
    if (idx < 0) continue;
    const row = perProject.get(e.project_id) ?? days.map(() => 0);
    row[idx] = (row[idx] ?? 0) + (e.duration_seconds ?? 0);
    perProject.set(e.project_id, row);
  }
  return perProject;
}

function useWeekChart(entries: TimeEntry[] | undefined, fmt: TimeFormat, first: number, end: number): ChartSpec | null {
  const { byId: projects } = useProjects();
  const { t } = useTranslation();
  return useMemo(() => {
    if (!entries) return null;
    const days = fmt.days(first, end);
    const perProject = secondsPerProjectAndDay(entries, days, end);
    if (perProject.size === 0) return null;
    return {
      type: 'bar',
      stacked: true,
      labels: days.map((d) => [fmt.weekday(d, true), fmt.shortDate(d)]),
      datasets: [...perProject.entries()].map(([id, data]) => ({
        label: projects.get(id)?.name ?? t('common.projectNumber', { id: String(id) }),
        data,
        backgroundColor: projectColor(projects.get(id)),
      })),
      format: (v) => formatDuration(v),
    };
  }, [entries, fmt, first, end, projects, t]);
}

export function WeekChart() {
  const fmt = useFmt();
  const { t } = useTranslation();
  const { sevenStart, tomorrow } = dashboardDays(fmt);
  const entries = useQuery(queries.entriesInRange(toIso(sevenStart), toIso(tomorrow)));
  const chart = useWeekChart(entries.data, fmt, sevenStart, tomorrow);
  return (
    <section className="card" aria-labelledby="chart-title">
      <h2 id="chart-title">{t('dashboard.last7')}</h2>
      {entries.error ? (
        <ErrorPanel error={entries.error} retry={() => void entries.refetch()} />
      ) : !entries.data ? (
        <Skeleton lines={1} height={220} />
      ) : chart ? (
        <Suspense fallback={<Skeleton lines={1} height={220} />}>
          <ChartView spec={chart} label={t('dashboard.last7Chart')} height={240} />
        </Suspense>
      ) : (
        <EmptyState title={t('dashboard.last7Empty')}>{t('dashboard.last7EmptyBody')}</EmptyState>
      )}
    </section>
  );
}
