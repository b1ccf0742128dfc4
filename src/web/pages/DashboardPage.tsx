// Dashboard: the timer, today's and this week's totals, weekly goal, the last 7 days by project, recent work.
import { lazy, Suspense, useMemo, useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { api, fetchAll } from '../api/client.js';
import type { ChartSpec } from '../components/Chart.js';
import { parseTags, ProjectPicker } from '../components/ProjectPicker.js';
import { Badge, ColorDot, EmptyState, ErrorPanel, Field, PageHeader, Skeleton } from '../components/ui.js';
import { useResource } from '../lib/resource.js';
import { Link } from '../lib/router.js';
import { formatClock, formatDuration, nowEpoch, toEpoch, toIso } from '../lib/time.js';
import { usePageTitle } from '../lib/title.js';
import { projectColor, useClients, useProjects, useTasks } from '../state/data.js';
import { useFmt, useSession } from '../state/session.js';
import { draftFromEntry, useElapsed, useTimer } from '../state/timer.js';

const ChartView = lazy(() => import('../components/Chart.js').then((m) => ({ default: m.ChartView })));

export function DashboardPage() {
  const { t } = useTranslation();
  usePageTitle(t('nav.dashboard'));
  return (
    <>
      <PageHeader title={t('nav.dashboard')}>
        <Link to="/entries?new=1" className="btn">
          {t('common.newEntry')} <kbd aria-hidden="true">n</kbd>
        </Link>
      </PageHeader>
      <TimerCard />
      <Overview />
    </>
  );
}

function TimerCard() {
  const t = useTimer();
  const { byId: projects } = useProjects();
  const { byId: tasks } = useTasks();
  const { byId: clients } = useClients();
  const fmt = useFmt();
  const { t: tr } = useTranslation();

  if (!t.loaded) {
    return (
      <section className="card timer-card" aria-label={tr('dashboard.timer')}>
        <Skeleton lines={2} height={40} />
      </section>
    );
  }

  if (t.timer) {
    const project = projects.get(t.timer.project_id);
    const task = t.timer.task_id ? tasks.get(t.timer.task_id) : undefined;
    const client = project?.client_id ? clients.get(project.client_id) : undefined;
    return (
      <section className="card timer-card running" aria-label={tr('dashboard.timer')}>
        <div className="timer-info">
          <div className="timer-project">
            <ColorDot color={projectColor(project)} />
            <strong>{project?.name ?? tr('common.projectNumber', { id: String(t.timer.project_id) })}</strong>
            {task && <span className="muted">› {task.name}</span>}
            {client && <span className="muted">· {client.name}</span>}
          </div>
          {t.timer.notes && <p className="timer-notes">{t.timer.notes}</p>}
          <div className="timer-meta muted">
            {tr('dashboard.started', { time: fmt.time(toEpoch(t.timer.start_time)) })}
            {t.timer.break_seconds > 0 && <> · {tr('dashboard.breaks', { duration: formatDuration(t.timer.break_seconds) })}</>}
            {t.timer.billable && <Badge tone="good">{tr('common.billableBadge')}</Badge>}
            {t.timer.tags.map((tag) => (
              <Badge key={tag}>{tag}</Badge>
            ))}
          </div>
        </div>
        <div
          className="timer-clock mono"
          role="timer"
          aria-live="off"
          aria-label={tr('dashboard.elapsed')}
          data-testid="timer-elapsed"
        >
          <ElapsedClock />
          {t.timer.paused && <span className="paused-label">{tr('dashboard.paused')}</span>}
        </div>
        <div className="timer-actions">
          {t.timer.paused ? (
            <button type="button" className="btn" onClick={() => void t.resume()} disabled={t.busy}>
              {tr('dashboard.resume')}
            </button>
          ) : (
            <button type="button" className="btn" onClick={() => void t.pause()} disabled={t.busy}>
              {tr('dashboard.pause')}
            </button>
          )}
          <button type="button" className="btn btn-danger" onClick={() => void t.stop()} disabled={t.busy} aria-keyshortcuts="s">
            {tr('dashboard.stop')} <kbd aria-hidden="true">s</kbd>
          </button>
        </div>
      </section>
    );
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void t.start(t.draft);
  };
  return (
    <section className="card timer-card" aria-label={tr('dashboard.timer')}>
      <form className="timer-form" onSubmit={submit}>
        <div className="field timer-field-project">
          <label htmlFor="timer-project" id="timer-project-label">
            {tr('dashboard.projectOrTask')}
          </label>
          <ProjectPicker
            id="timer-project"
            value={{ project_id: t.draft.project_id, task_id: t.draft.task_id }}
            onChange={(v) => {
              const project = v.project_id ? projects.get(v.project_id) : undefined;
              t.setDraft((d) => ({ ...d, ...v, billable: project ? project.billable : d.billable }));
            }}
          />
        </div>
        <Field label={tr('dashboard.working')} className="timer-field-notes">
          {(p) => (
            <input
              {...p}
              value={t.draft.notes}
              onChange={(e) => t.setDraft((d) => ({ ...d, notes: e.target.value }))}
              placeholder={tr('dashboard.notesPlaceholder')}
            />
          )}
        </Field>
        <TagsField tags={t.draft.tags} onChange={(tags) => t.setDraft((d) => ({ ...d, tags }))} />
        <div className="check timer-field-billable">
          <input
            id="timer-billable"
            type="checkbox"
            checked={t.draft.billable}
            onChange={(e) => t.setDraft((d) => ({ ...d, billable: e.target.checked }))}
          />
          <label htmlFor="timer-billable">{tr('common.billable')}</label>
        </div>
        <button type="submit" className="btn btn-primary timer-start" disabled={t.busy} aria-keyshortcuts="s">
          {tr('dashboard.start')} <kbd aria-hidden="true">s</kbd>
        </button>
      </form>
    </section>
  );
}

/** The ticking clock on its own, so the rest of the card does not re-render every second. */
function ElapsedClock() {
  return <>{formatClock(useElapsed())}</>;
}

/** Comma-separated tags; the draft follows every keystroke, so Enter starts the timer with what was typed. */
function TagsField({ tags, onChange }: { tags: string[]; onChange: (tags: string[]) => void }) {
  const [text, setText] = useState(tags.join(', '));
  const { t } = useTranslation();
  return (
    <Field label={t('common.tags')} className="timer-field-tags" hint={t('dashboard.tagsHint')}>
      {(p) => (
        <input
          {...p}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            onChange(parseTags(e.target.value));
          }}
          placeholder={t('dashboard.tagsPlaceholder')}
        />
      )}
    </Field>
  );
}

function Overview() {
  const { isAdmin } = useSession();
  const fmt = useFmt();
  const t = useTimer();
  const { t: tr } = useTranslation();
  const { byId: projects, projects: allProjects } = useProjects();
  const now = nowEpoch();
  const today = fmt.startOfDay(now);
  const tomorrow = fmt.addDays(today, 1);
  const weekStart = fmt.startOfWeek(now);
  const weekEnd = fmt.addDays(weekStart, 7);
  const sevenStart = fmt.addDays(today, -6);
  const from = Math.min(weekStart, sevenStart);
  const to = Math.max(weekEnd, tomorrow);
  const key = `dash:entries:${from}:${to}`;
  const entries = useResource(key, () => fetchAll('/time-entries', { from: toIso(from), to: toIso(to) }));
  const recent = useResource('dash:recent', () =>
    api.get('/time-entries', { params: { query: { limit: 8 } } }).then((page) => page.items),
  );

  const done = useMemo(() => (entries.data ?? []).filter((e) => e.end_time !== null), [entries.data]);
  const sumIn = (a: number, b: number) =>
    done
      .filter((e) => toEpoch(e.start_time) >= a && toEpoch(e.start_time) < b)
      .reduce((s, e) => s + (e.duration_seconds ?? 0), 0);

  const chart = useMemo<ChartSpec | null>(() => {
    if (!entries.data) return null;
    const days = fmt.days(sevenStart, tomorrow);
    const perProject = new Map<number, number[]>();
    for (const e of done) {
      const start = toEpoch(e.start_time);
      const idx = days.findIndex((d, i) => start >= d && start < (days[i + 1] ?? tomorrow));
      if (idx < 0) continue;
      const row = perProject.get(e.project_id) ?? days.map(() => 0);
      row[idx] = (row[idx] ?? 0) + (e.duration_seconds ?? 0);
      perProject.set(e.project_id, row);
    }
    if (perProject.size === 0) return null;
    return {
      type: 'bar',
      stacked: true,
      labels: days.map((d) => [fmt.weekday(d, true), fmt.shortDate(d)]),
      datasets: [...perProject.entries()].map(([id, data]) => ({
        label: projects.get(id)?.name ?? tr('common.projectNumber', { id: String(id) }),
        data,
        backgroundColor: projectColor(projects.get(id)),
      })),
      format: (v) => formatDuration(v),
    };
  }, [entries.data, done, fmt, sevenStart, tomorrow, projects, tr]);

  const last = recent.data?.find((e) => e.end_time !== null);
  const lastProject = last ? projects.get(last.project_id) : undefined;

  return (
    <>
      <Stats
        loaded={!!entries.data}
        today={today}
        weekStart={weekStart}
        doneToday={sumIn(today, tomorrow)}
        doneThisWeek={sumIn(weekStart, weekEnd)}
      />

      <div className="grid-2">
        <section className="card" aria-labelledby="chart-title">
          <h2 id="chart-title">{tr('dashboard.last7')}</h2>
          {entries.error ? (
            <ErrorPanel error={entries.error} retry={entries.reload} />
          ) : !entries.data ? (
            <Skeleton lines={1} height={220} />
          ) : chart ? (
            <Suspense fallback={<Skeleton lines={1} height={220} />}>
              <ChartView spec={chart} label={tr('dashboard.last7Chart')} height={240} />
            </Suspense>
          ) : (
            <EmptyState title={tr('dashboard.last7Empty')}>{tr('dashboard.last7EmptyBody')}</EmptyState>
          )}
        </section>
        <section className="card" aria-labelledby="recent-title">
          <div className="card-head">
            <h2 id="recent-title">{tr('dashboard.recent')}</h2>
            <button
              type="button"
              className="btn btn-small"
              disabled={!last || !!t.timer || t.busy || lastProject?.status === 'archived'}
              onClick={() => last && void t.start(draftFromEntry(last))}
              title={lastProject?.status === 'archived' ? tr('dashboard.projectArchived') : undefined}
            >
              {tr('dashboard.repeatLast')}
            </button>
          </div>
          {recent.error ? (
            <ErrorPanel error={recent.error} retry={recent.reload} />
          ) : !recent.data ? (
            <Skeleton lines={4} />
          ) : recent.data.length === 0 ? (
            <EmptyState title={tr('dashboard.nothingYet')}>
              {allProjects.length === 0 ? (
                isAdmin ? (
                  <Trans i18nKey="dashboard.nothingAdmin" components={{ link: <Link to="/projects">{null}</Link> }} />
                ) : (
                  tr('dashboard.nothingUser')
                )
              ) : (
                tr('dashboard.nothingPick')
              )}
            </EmptyState>
          ) : (
            <ul className="recent">
              {recent.data
                .filter((e) => e.end_time !== null)
                .slice(0, 5)
                .map((e) => {
                  const p = projects.get(e.project_id);
                  return (
                    <li key={e.id}>
                      <ColorDot color={projectColor(p)} />
                      <div className="recent-text">
                        <strong>{p?.name ?? tr('common.projectNumber', { id: String(e.project_id) })}</strong>
                        <span className="muted small">{e.notes || fmt.dayHeading(toEpoch(e.start_time))}</span>
                      </div>
                      <span className="mono">{formatDuration(e.duration_seconds ?? 0)}</span>
                      <button
                        type="button"
                        className="btn btn-ghost btn-small"
                        aria-label={
                          e.notes
                            ? tr('dashboard.startAgainNotes', { name: p?.name ?? '', notes: e.notes })
                            : tr('dashboard.startAgain', { name: p?.name ?? '' })
                        }
                        disabled={!!t.timer || t.busy || p?.status === 'archived'}
                        onClick={() => void t.start(draftFromEntry(e))}
                      >
                        ▶
                      </button>
                    </li>
                  );
                })}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}

/** Today, this week and the weekly goal, counting the running timer: re-renders every second while it runs. */
function Stats(props: { loaded: boolean; today: number; weekStart: number; doneToday: number; doneThisWeek: number }) {
  const { prefs } = useSession();
  const fmt = useFmt();
  const { t: tr } = useTranslation();
  const { timer } = useTimer();
  const elapsed = useElapsed();
  const runningStart = timer ? toEpoch(timer.start_time) : 0;
  const { today, weekStart } = props;
  const todaySeconds = props.doneToday + (timer && runningStart >= today ? elapsed : 0);
  const weekSeconds = props.doneThisWeek + (timer && runningStart >= weekStart ? elapsed : 0);
  const goal = prefs.weekly_goal_hours;
  const goalPct = goal ? Math.min(100, Math.round((weekSeconds / (goal * 3600)) * 100)) : 0;
  return (
    <div className="stats">
      <section className="card stat" aria-labelledby="stat-today">
        <h2 id="stat-today">{tr('dashboard.today')}</h2>
        {props.loaded ? (
          <p className="stat-value mono" data-testid="total-today">
            {formatDuration(todaySeconds)}
          </p>
        ) : (
          <Skeleton lines={1} height={36} />
        )}
        <p className="muted">{tr('dashboard.ofStandardDay', { hours: fmt.decimal(prefs.standard_hours_per_day) })}</p>
      </section>
      <section className="card stat" aria-labelledby="stat-week">
        <h2 id="stat-week">{tr('dashboard.thisWeek')}</h2>
        {props.loaded ? (
          <p className="stat-value mono" data-testid="total-week">
            {formatDuration(weekSeconds)}
          </p>
        ) : (
          <Skeleton lines={1} height={36} />
        )}
        <p className="muted">{tr('dashboard.since', { weekday: fmt.weekday(weekStart) })}</p>
      </section>
      <section className="card stat" aria-labelledby="stat-goal">
        <h2 id="stat-goal">{tr('dashboard.weeklyGoal')}</h2>
        {goal ? (
          <>
            <p className="stat-value">
              <span className="mono">{fmt.percent(goalPct)}</span>{' '}
              <span className="muted small">{tr('dashboard.ofGoal', { hours: fmt.decimal(goal) })}</span>
            </p>
            <div
              className="progress"
              role="progressbar"
              aria-label={tr('dashboard.goalProgress')}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={goalPct}
            >
              <div className="progress-bar" style={{ width: `${goalPct}%` }} />
            </div>
            <p className="muted small">
              {weekSeconds >= goal * 3600
                ? tr('dashboard.goalReached')
                : tr('dashboard.toGo', { duration: formatDuration(goal * 3600 - weekSeconds) })}
            </p>
          </>
        ) : (
          <p className="muted">
            <Trans i18nKey="dashboard.noGoal" components={{ link: <Link to="/settings#preferences">{null}</Link> }} />
          </p>
        )}
      </section>
    </div>
  );
}
