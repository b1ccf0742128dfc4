// Recent work: the last few finished entries, each to start again, and "Repeat last entry".
import { useQuery } from '@tanstack/react-query';
import { Trans, useTranslation } from 'react-i18next';
import { queries } from '../../api/queries.js';
import type { TimeEntry } from '../../api/types.js';
import { ColorDot, EmptyState, ErrorPanel, Skeleton } from '../../components/ui.js';
import { Link } from '../../lib/router.js';
import { formatDuration, toEpoch } from '../../lib/time.js';
import { projectColor, useProjects } from '../../state/data.js';
import { useFmt, useSession } from '../../state/session.js';
import { draftFromEntry, useTimer } from '../../state/timer.js';

export function RecentEntries() {
  const { t } = useTranslation();
  const timer = useTimer();
  const { byId: projects } = useProjects();
  const recent = useQuery(queries.recentEntries());
  const last = recent.data?.find((e) => e.end_time !== null);
  const lastProject = last ? projects.get(last.project_id) : undefined;
  return (
    <section className="card" aria-labelledby="recent-title">
      <div className="card-head">
        <h2 id="recent-title">{t('dashboard.recent')}</h2>
        <button
          type="button"
          className="btn btn-small"
          disabled={!last || !!timer.timer || timer.busy || lastProject?.status === 'archived'}
          onClick={() => last && void timer.start(draftFromEntry(last))}
          title={lastProject?.status === 'archived' ? t('dashboard.projectArchived') : undefined}
        >
          {t('dashboard.repeatLast')}
        </button>
      </div>
      {recent.error ? (
        <ErrorPanel error={recent.error} retry={() => void recent.refetch()} />
      ) : !recent.data ? (
        <Skeleton lines={4} />
      ) : recent.data.length === 0 ? (
        <NothingYet />
      ) : (
        <ul className="recent">
          {recent.data
            .filter((e) => e.end_time !== null)
            .slice(0, 5)
            .map((e) => (
              <RecentEntry key={e.id} entry={e} />
            ))}
        </ul>
      )}
    </section>
  );
}

function NothingYet() {
  const { t } = useTranslation();
  const { isAdmin } = useSession();
  const { projects } = useProjects();
  return (
    <EmptyState title={t('dashboard.nothingYet')}>
      {projects.length === 0 ? (
        isAdmin ? (
          <Trans i18nKey="dashboard.nothingAdmin" components={{ a: <Link to="/projects" /> }} />
        ) : (
          t('dashboard.nothingUser')
        )
      ) : (
        t('dashboard.nothingPick')
      )}
    </EmptyState>
  );
}

function RecentEntry({ entry: e }: { entry: TimeEntry }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const timer = useTimer();
  const { byId: projects } = useProjects();
  const p = projects.get(e.project_id);
  return (
    <li>
      <ColorDot color={projectColor(p)} />
      <div className="recent-text">
        <strong>{p?.name ?? t('common.projectNumber', { id: String(e.project_id) })}</strong>
        <span className="muted small">{e.notes || fmt.dayHeading(toEpoch(e.start_time))}</span>
      </div>
      <span className="mono">{formatDuration(e.duration_seconds ?? 0)}</span>
      <button
        type="button"
        className="btn btn-ghost btn-small"
        aria-label={
          e.notes
            ? t('dashboard.startAgainNotes', { name: p?.name ?? '', notes: e.notes })
            : t('dashboard.startAgain', { name: p?.name ?? '' })
        }
        disabled={!!timer.timer || timer.busy || p?.status === 'archived'}
        onClick={() => void timer.start(draftFromEntry(e))}
      >
        ▶
      </button>
    </li>
  );
}
