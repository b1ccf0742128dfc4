// The running timer at the top of the entries list, when the list's filters include it and its range includes
// now: a row of its own with the ticking time, stop, edit (the timer card's editor, in place) and discard.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Timer } from '../../api/types.js';
import { Badge, ColorDot } from '../../components/ui.js';
import { formatClock, toEpoch } from '../../lib/time.js';
import { projectColor, useClients, useProjects, useTasks } from '../../state/data.js';
import { useFmt } from '../../state/session.js';
import { useElapsed, useTimer } from '../../state/timer.js';
import { TimerEditor } from '../dashboard/TimerEditor.js';

function Elapsed() {
  return <>{formatClock(useElapsed())}</>;
}

export function RunningEntry({ timer }: { timer: Timer }) {
  const { stop, discard, busy } = useTimer();
  const { byId: projects } = useProjects();
  const { byId: tasks } = useTasks();
  const { byId: clients } = useClients();
  const fmt = useFmt();
  const { t } = useTranslation();
  const [phase, setPhase] = useState<'view' | 'editing' | 'saving'>('view');
  const project = projects.get(timer.project_id);
  const task = timer.task_id ? tasks.get(timer.task_id) : undefined;
  const client = project?.client_id ? clients.get(project.client_id) : undefined;
  const start = toEpoch(timer.start_time);
  return (
    <section className="day card running-entries" aria-labelledby="running-entry-title">
      <header className="day-head">
        <h2 id="running-entry-title">{t('timerEdit.runningNow')}</h2>
      </header>
      <ul className="entries">
        {phase !== 'editing' && (
          <li className="entry running-entry" data-entry-id={timer.id} aria-busy={phase === 'saving' || undefined}>
            <span aria-hidden="true" />
            <div className="entry-main">
              <div className="entry-title">
                <ColorDot color={projectColor(project)} />{' '}
                <strong>{project?.name ?? t('common.projectNumber', { id: String(timer.project_id) })}</strong>
                {task && <span className="muted"> › {task.name}</span>}
                {client && <span className="muted small"> · {client.name}</span>}
              </div>
              <div className="entry-notes">{timer.notes || <span className="muted">{t('entries.noNotes')}</span>}</div>
              {(timer.tags.length > 0 || timer.billable) && (
                <div className="entry-badges">
                  {timer.billable && <Badge tone="good">{t('common.billableBadge')}</Badge>}
                  {timer.tags.map((tag) => (
                    <Badge key={tag}>{tag}</Badge>
                  ))}
                </div>
              )}
            </div>
            <div className="entry-time muted">
              <span className="entry-range">{t('timerEdit.since', { time: fmt.time(start) })}</span>
              {timer.paused && <span className="small">{t('dashboard.paused')}</span>}
            </div>
            <div className="entry-duration mono" role="timer" aria-label={t('dashboard.elapsed')}>
              <Elapsed />
            </div>
            <div className="entry-actions">
              <button type="button" className="btn btn-small" onClick={() => void stop()} disabled={busy || timer.id < 0}>
                {t('dashboard.stop')}
              </button>
              <button
                type="button"
                className="btn btn-ghost btn-small"
                onClick={() => setPhase('editing')}
                disabled={timer.id < 0}
              >
                {t('common.edit')}
              </button>
              <button
                type="button"
                className="btn btn-ghost btn-small btn-danger-text"
                onClick={() => void discard()}
                disabled={busy || timer.id < 0}
              >
                {t('timerEdit.discard')}
              </button>
            </div>
          </li>
        )}
        {phase !== 'view' && (
          <li className="entry editing" hidden={phase === 'saving'}>
            <TimerEditor
              timer={timer}
              idPrefix="running-edit"
              onSaving={() => setPhase('saving')}
              onRefused={() => setPhase('editing')}
              onClose={() => setPhase('view')}
            />
          </li>
        )}
      </ul>
    </section>
  );
}
