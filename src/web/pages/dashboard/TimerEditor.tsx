// The running timer's editor, in place on the timer card and in the entries list's running row: start time (typed
// in the user's time format, or nudged by five minutes), project/task, notes, tags, billable. Saving sends only
// what changed (PATCH /timer); the timer shows the change at once, and a refusal brings the editor back with the
// server's error beside the field it concerns.
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.js';
import type { Timer } from '../../api/types.js';
import { LazyProjectPicker as ProjectPicker } from '../../components/LazyProjectPicker.js';
import { Field, FormError } from '../../components/ui.js';
import { nowEpoch, parseTimeOfDay } from '../../lib/time.js';
import { useProjects } from '../../state/data.js';
import { useFmt } from '../../state/session.js';
import {
  checkStart,
  editValuesOf,
  startAtTimeOfDay,
  startProblemOf,
  timerPatchOf,
  type StartProblem,
} from '../../state/timer-edit.js';
import { useTimer } from '../../state/timer.js';
import { TagsField } from './TagsField.js';

const NUDGE_SECONDS = 5 * 60;

interface Errors {
  start?: string;
  project?: string;
  form?: string;
}

export function TimerEditor({
  timer,
  idPrefix,
  hidden,
  onSaving,
  onRefused,
  onClose,
}: {
  timer: Timer;
  idPrefix: string;
  /** Hidden (not unmounted) while the change is saved, so a refusal brings back what was typed. */
  hidden?: boolean;
  onSaving: () => void;
  /** The server said no: the editor shows again, with its reason. */
  onRefused: () => void;
  onClose: () => void;
}) {
  const { edit } = useTimer();
  const { byId: projects } = useProjects();
  const fmt = useFmt();
  const { t } = useTranslation();
  const [values, setValues] = useState(() => editValuesOf(timer));
  const [startText, setStartText] = useState(() => fmt.time(values.start));
  const [errors, setErrors] = useState<Errors>({});

  /** The start the field stands for, or null when it cannot be read. */
  const typedStart = (text: string): number | null => {
    if (text === fmt.time(values.start)) return values.start;
    const tod = parseTimeOfDay(text);
    return tod ? startAtTimeOfDay(tod.hour, tod.minute, nowEpoch(), fmt.tz) : null;
  };
  const nudge = (seconds: number) => {
    const from = typedStart(startText) ?? values.start;
    const start = Math.min(nowEpoch(), from + seconds);
    setValues((v) => ({ ...v, start }));
    setStartText(fmt.time(start));
    setErrors((e) => ({ ...e, start: undefined }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const start = typedStart(startText);
    if (start === null) {
      setErrors({ start: t('timerEdit.startUnreadable') });
      return;
    }
    const problem = start === editValuesOf(timer).start ? null : checkStart(start, timer, nowEpoch());
    if (problem) {
      setErrors({ start: startSentence(problem, t) });
      return;
    }
    const patch = timerPatchOf(timer, { ...values, start });
    if (Object.keys(patch).length === 0) {
      onClose();
      return;
    }
    setErrors({});
    onSaving();
    try {
      await edit(patch);
      onClose();
    } catch (error) {
      setErrors(errorsOf(error, t));
      onRefused();
      throw error;
    }
  };

  const cancelOnEscape = (event: KeyboardEvent) => {
    // The project picker closes its list on Escape first (and says so by preventing the default).
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    event.preventDefault();
    onClose();
  };

  const startDay = fmt.dayKey(values.start) === fmt.dayKey(nowEpoch()) ? null : fmt.date(values.start);
  return (
    <form
      className="timer-editor"
      onSubmit={(e) => void submit(e).catch(() => undefined)}
      onKeyDown={cancelOnEscape}
      hidden={hidden}
      noValidate
      aria-label={t('timerEdit.title')}
    >
      <Field
        label={t('timerEdit.startTime')}
        error={errors.start}
        hint={startDay ? t('timerEdit.startedOn', { date: startDay }) : t('timerEdit.startHint')}
        className="timer-edit-start"
      >
        {(p) => (
          <div className="timer-edit-start-row">
            <input
              {...p}
              value={startText}
              onChange={(e) => {
                setStartText(e.target.value);
                setErrors((er) => ({ ...er, start: undefined }));
              }}
              inputMode="numeric"
              autoComplete="off"
              size={8}
            />
            <button type="button" className="btn btn-small" onClick={() => nudge(-NUDGE_SECONDS)}>
              {t('timerEdit.earlier')}
            </button>
            <button type="button" className="btn btn-small" onClick={() => nudge(NUDGE_SECONDS)}>
              {t('timerEdit.later')}
            </button>
          </div>
        )}
      </Field>
      <div className={`field timer-field-project ${errors.project ? 'field-invalid' : ''}`}>
        <label htmlFor={`${idPrefix}-project`} id={`${idPrefix}-project-label`}>
          {t('dashboard.projectOrTask')}
        </label>
        <ProjectPicker
          id={`${idPrefix}-project`}
          value={{ project_id: values.project_id, task_id: values.task_id }}
          onChange={(v) => {
            if (!v.project_id) return;
            const project = projects.get(v.project_id);
            const billable = project && v.project_id !== values.project_id ? project.billable : values.billable;
            setValues((d) => ({ ...d, project_id: v.project_id ?? d.project_id, task_id: v.task_id, billable }));
          }}
        />
        {errors.project && (
          <small className="field-error" role="alert">
            {errors.project}
          </small>
        )}
      </div>
      <Field label={t('dashboard.working')} className="timer-field-notes">
        {(p) => (
          <input
            {...p}
            value={values.notes}
            onChange={(e) => setValues((d) => ({ ...d, notes: e.target.value }))}
            placeholder={t('dashboard.notesPlaceholder')}
          />
        )}
      </Field>
      <TagsField tags={values.tags} onChange={(tags) => setValues((d) => ({ ...d, tags }))} />
      <div className="check timer-field-billable">
        <input
          id={`${idPrefix}-billable`}
          type="checkbox"
          checked={values.billable}
          onChange={(e) => setValues((d) => ({ ...d, billable: e.target.checked }))}
        />
        <label htmlFor={`${idPrefix}-billable`}>{t('common.billable')}</label>
      </div>
      <FormError message={errors.form} />
      <div className="form-actions timer-edit-actions">
        <button type="submit" className="btn btn-primary">
          {t('common.save')}
        </button>
        <button type="button" className="btn" onClick={onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** The server's refusal beside the field it concerns: the start (its rules, an overlap), the project, or the form. */
function errorsOf(error: unknown, t: TFunction): Errors {
  if (!(error instanceof ApiError)) return { form: error instanceof Error ? error.message : String(error) };
  const fields = (error.details.fields ?? {}) as Record<string, unknown>;
  if (typeof fields.start_time === 'string') return { start: startSentence(startProblemOf(fields.start_time), t) };
  if (error.code === 'overlap') return { start: error.message };
  if (fields.project_id !== undefined || fields.task_id !== undefined || error.code === 'project_archived') {
    return { project: error.fields.project_id ?? error.fields.task_id ?? error.message };
  }
  return { form: error.message };
}

function startSentence(problem: StartProblem, t: TFunction): string {
  switch (problem) {
    case 'startInFuture':
      return t('timerEdit.startInFuture');
    case 'startAfterPause':
      return t('timerEdit.startAfterPause');
    case 'startInsideBreaks':
      return t('timerEdit.startInsideBreaks');
    case 'startTooEarly':
      return t('timerEdit.startTooEarly');
    case 'startInvalid':
      return t('timerEdit.startInvalid');
  }
}
