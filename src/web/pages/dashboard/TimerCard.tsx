// The timer card: while a timer runs, what it runs for with the ticking clock and pause/resume/stop, editable in
// place (TimerEditor) and discardable with undo; otherwise the form that starts one. State and optimistic changes come from the timer provider (state/timer.tsx).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Timer } from '../../api/types.js';
import { LazyProjectPicker as ProjectPicker } from '../../components/LazyProjectPicker.js';
import { Badge, ColorDot, Field, Skeleton } from '../../components/ui.js';
import { formatClock, formatDuration, toEpoch } from '../../lib/time.js';
import { projectColor, useClients, useProjects, useTasks } from '../../state/data.js';
import { useFmt } from '../../state/session.js';
import { useElapsed, useTimer } from '../../state/timer.js';
import { TagsField } from './TagsField.js';
import { TimerEditor } from './TimerEditor.js';

export function TimerCard() {
  const timer = useTimer();
  const { t } = useTranslation();
  if (!timer.loaded) {
    return (
      <section className="card timer-card" aria-label={t('dashboard.timer')}>
        <Skeleton lines={2} height={40} />
      </section>
    );
  }
  return timer.timer ? <RunningTimer timer={timer.timer} /> : <StartTimerForm />;
}

/** The ticking clock on its own, so the rest of the card does not re-render every second. */
function ElapsedClock() {
  return <>{formatClock(useElapsed())}</>;
}

function RunningTimer({ timer }: { timer: Timer }) {
  const { pause, resume, stop, discard, busy } = useTimer();
  const [phase, setPhase] = useState<'view' | 'editing' | 'saving'>('view');
  const { byId: projects } = useProjects();
  const { byId: tasks } = useTasks();
  const { byId: clients } = useClients();
  const fmt = useFmt();
  const { t } = useTranslation();
  const project = projects.get(timer.project_id);
  const task = timer.task_id ? tasks.get(timer.task_id) : undefined;
  const client = project?.client_id ? clients.get(project.client_id) : undefined;
  return (
    <section className={`card timer-card running ${phase === 'editing' ? 'editing' : ''}`} aria-label={t('dashboard.timer')}>
      {phase !== 'view' && (
        <TimerEditor
          timer={timer}
          idPrefix="timer-edit"
          hidden={phase === 'saving'}
          onSaving={() => setPhase('saving')}
          onRefused={() => setPhase('editing')}
          onClose={() => setPhase('view')}
        />
      )}
      <div className="timer-info" hidden={phase === 'editing'}>
        <div className="timer-project">
          <ColorDot color={projectColor(project)} />
          <strong>{project?.name ?? t('common.projectNumber', { id: String(timer.project_id) })}</strong>
          {task && <span className="muted">› {task.name}</span>}
          {client && <span className="muted">· {client.name}</span>}
        </div>
        {timer.notes && <p className="timer-notes">{timer.notes}</p>}
        <div className="timer-meta muted">
          {t('dashboard.started', { time: fmt.time(toEpoch(timer.start_time)) })}
          {timer.break_seconds > 0 && <> · {t('dashboard.breaks', { duration: formatDuration(timer.break_seconds) })}</>}
          {timer.billable && <Badge tone="good">{t('common.billableBadge')}</Badge>}
          {timer.tags.map((tag) => (
            <Badge key={tag}>{tag}</Badge>
          ))}
        </div>
      </div>
      <div
        className="timer-clock mono"
        role="timer"
        aria-live="off"
        aria-label={t('dashboard.elapsed')}
        data-testid="timer-elapsed"
      >
        <ElapsedClock />
        {timer.paused && <span className="paused-label">{t('dashboard.paused')}</span>}
      </div>
      <div className="timer-actions">
        {phase === 'view' && (
          <button
            type="button"
            className="btn btn-ghost"
            onClick={() => setPhase('editing')}
            disabled={timer.id < 0}
            data-testid="timer-edit"
          >
            {t('common.edit')}
          </button>
        )}
        <button
          type="button"
          className="btn btn-ghost btn-danger-text"
          onClick={() => void discard()}
          disabled={busy || timer.id < 0}
        >
          {t('timerEdit.discard')}
        </button>
        {timer.paused ? (
          <button type="button" className="btn" onClick={() => void resume()} disabled={busy}>
            {t('dashboard.resume')}
          </button>
        ) : (
          <button type="button" className="btn" onClick={() => void pause()} disabled={busy}>
            {t('dashboard.pause')}
          </button>
        )}
        <button type="button" className="btn btn-danger" onClick={() => void stop()} disabled={busy} aria-keyshortcuts="s">
          {t('dashboard.stop')} <kbd aria-hidden="true">s</kbd>
        </button>
      </div>
    </section>
  );
}

function StartTimerForm() {
  const { draft, setDraft, start, busy } = useTimer();
  const { byId: projects } = useProjects();
  const { t } = useTranslation();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void start(draft);
  };
  return (
    <section className="card timer-card" aria-label={t('dashboard.timer')}>
      <form className="timer-form" onSubmit={submit}>
        <div className="field timer-field-project">
          <label htmlFor="timer-project" id="timer-project-label">
            {t('dashboard.projectOrTask')}
          </label>
          <ProjectPicker
            id="timer-project"
            value={{ project_id: draft.project_id, task_id: draft.task_id }}
            onChange={(v) => {
              const project = v.project_id ? projects.get(v.project_id) : undefined;
              setDraft((d) => ({ ...d, ...v, billable: project ? project.billable : d.billable }));
            }}
          />
        </div>
        <Field label={t('dashboard.working')} className="timer-field-notes">
          {(p) => (
            <input
              {...p}
              value={draft.notes}
              onChange={(e) => setDraft((d) => ({ ...d, notes: e.target.value }))}
              placeholder={t('dashboard.notesPlaceholder')}
            />
          )}
        </Field>
        <TagsField tags={draft.tags} onChange={(tags) => setDraft((d) => ({ ...d, tags }))} />
        <div className="check timer-field-billable">
          <input
            id="timer-billable"
            type="checkbox"
            checked={draft.billable}
            onChange={(e) => setDraft((d) => ({ ...d, billable: e.target.checked }))}
          />
          <label htmlFor="timer-billable">{t('common.billable')}</label>
        </div>
        <button type="submit" className="btn btn-primary timer-start" disabled={busy} aria-keyshortcuts="s">
          {t('dashboard.start')} <kbd aria-hidden="true">s</kbd>
        </button>
      </form>
    </section>
  );
}
