// Today, this week and the weekly goal. The tracked time comes from the summary report (one call, by day, in
// the user's time zone: exact whatever the number of entries); the running timer is added on top by small
// components of their own, so only they re-render each second.
import { useQuery } from '@tanstack/react-query';
import { Trans, useTranslation } from 'react-i18next';
import { queries, type SummaryQuery } from '../../api/queries.js';
import type { Summary } from '../../api/types.js';
import { ErrorPanel, Skeleton } from '../../components/ui.js';
import { Link } from '../../lib/router.js';
import { formatDuration, toEpoch, toIso } from '../../lib/time.js';
import { useFmt, useSession } from '../../state/session.js';
import { useElapsed, useTimer } from '../../state/timer.js';
import { dashboardDays } from './dashboard-days.js';

/** Seconds of finished entries on the local days [first, last] (`YYYY-MM-DD`, compared as text). */
export function secondsOnDays(summary: Summary, first: string, last: string): number {
  return summary.groups.filter((g) => g.key !== null && g.key >= first && g.key <= last).reduce((sum, g) => sum + g.seconds, 0);
}

/** What the running timer adds to a total that starts at `from` (nothing when it started before). */
function useRunningSince(from: number): number {
  const { timer } = useTimer();
  const elapsed = useElapsed();
  return timer && toEpoch(timer.start_time) >= from ? elapsed : 0;
}

function LiveTotal({ done, from, testId }: { done: number; from: number; testId: string }) {
  const seconds = done + useRunningSince(from);
  return (
    <p className="stat-value mono" data-testid={testId}>
      {formatDuration(seconds)}
    </p>
  );
}

export function Stats() {
  const { prefs } = useSession();
  const fmt = useFmt();
  const { t } = useTranslation();
  const days = dashboardDays(fmt);
  // The week holds today: one summary by day answers both.
  const query: SummaryQuery = { from: toIso(days.weekStart), to: toIso(days.weekEnd), group_by: 'day', timezone: fmt.tz };
  const summary = useQuery(queries.summary(query));
  const data = summary.data;
  const today = fmt.dayKey(days.today);
  const doneToday = data ? secondsOnDays(data, today, today) : 0;
  const doneThisWeek = data?.total_seconds ?? 0;
  // A failed load is said once, in the first card; the other shows a dash.
  const value = (done: number, from: number, testId: string) =>
    summary.error ? (
      testId === 'total-today' ? (
        <ErrorPanel error={summary.error} retry={() => void summary.refetch()} />
      ) : (
        <p className="stat-value muted">–</p>
      )
    ) : data ? (
      <LiveTotal done={done} from={from} testId={testId} />
    ) : (
      <Skeleton lines={1} height={36} />
    );
  return (
    <div className="stats">
      <section className="card stat" aria-labelledby="stat-today">
        <h2 id="stat-today">{t('dashboard.today')}</h2>
        {value(doneToday, days.today, 'total-today')}
        <p className="muted">{t('dashboard.ofStandardDay', { hours: fmt.decimal(prefs.standard_hours_per_day) })}</p>
      </section>
      <section className="card stat" aria-labelledby="stat-week">
        <h2 id="stat-week">{t('dashboard.thisWeek')}</h2>
        {value(doneThisWeek, days.weekStart, 'total-week')}
        <p className="muted">{t('dashboard.since', { weekday: fmt.weekday(days.weekStart) })}</p>
      </section>
      <section className="card stat" aria-labelledby="stat-goal">
        <h2 id="stat-goal">{t('dashboard.weeklyGoal')}</h2>
        {prefs.weekly_goal_hours ? (
          <GoalProgress goal={prefs.weekly_goal_hours} done={doneThisWeek} weekStart={days.weekStart} />
        ) : (
          <p className="muted">
            <Trans i18nKey="dashboard.noGoal" components={{ a: <Link to="/settings#preferences" /> }} />
          </p>
        )}
      </section>
    </div>
  );
}

function GoalProgress({ goal, done, weekStart }: { goal: number; done: number; weekStart: number }) {
  const fmt = useFmt();
  const { t } = useTranslation();
  const weekSeconds = done + useRunningSince(weekStart);
  const goalPct = Math.min(100, Math.round((weekSeconds / (goal * 3600)) * 100));
  return (
    <>
      <p className="stat-value">
        <span className="mono">{fmt.percent(goalPct)}</span>{' '}
        <span className="muted small">{t('dashboard.ofGoal', { hours: fmt.decimal(goal) })}</span>
      </p>
      <div
        className="progress"
        role="progressbar"
        aria-label={t('dashboard.goalProgress')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={goalPct}
      >
        <div className="progress-bar" style={{ width: `${goalPct}%` }} />
      </div>
      <p className="muted small">
        {weekSeconds >= goal * 3600
          ? t('dashboard.goalReached')
          : t('dashboard.toGo', { duration: formatDuration(goal * 3600 - weekSeconds) })}
      </p>
    </>
  );
}
