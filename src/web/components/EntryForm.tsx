// The time-entry form used for manual entries (start+end or duration) and for inline editing. Server errors
// land next to the fields they concern: 409 `overlap` on start/end, validation_failed field by field.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client.js';
import type { NewTimeEntry, TimeEntry } from '../api/types.js';
import { i18n } from '../i18n/index.js';
import { formatDuration, parseDuration, toEpoch, toIso, type TimeFormat } from '../lib/time.js';
import { useProjects } from '../state/data.js';
import { useFmt } from '../state/session.js';
import { parseTags, ProjectPicker } from './ProjectPicker.js';
import { Field, FormError } from './ui.js';

export interface EntryFormValues {
  project_id: number | null;
  task_id: number | null;
  date: string;
  start: string;
  end: string;
  duration: string;
  mode: 'range' | 'duration';
  breakText: string;
  notes: string;
  tagsText: string;
  billable: boolean;
}

type FieldName = 'project' | 'date' | 'start' | 'end' | 'duration' | 'break' | 'notes' | 'tags';
export type FieldErrors = Partial<Record<FieldName, string>>;

export function valuesFromEntry(e: TimeEntry, fmt: TimeFormat): EntryFormValues {
  const start = toEpoch(e.start_time);
  const end = e.end_time ? toEpoch(e.end_time) : start;
  return {
    project_id: e.project_id,
    task_id: e.task_id,
    date: fmt.dayKey(start),
    start: fmt.timeText(start),
    end: fmt.timeText(end),
    duration: formatDuration(e.duration_seconds ?? 0),
    mode: 'range',
    breakText: e.break_seconds ? formatDuration(e.break_seconds) : '',
    notes: e.notes ?? '',
    tagsText: e.tags.join(', '),
    billable: e.billable,
  };
}

export function emptyValues(fmt: TimeFormat, now: number): EntryFormValues {
  const hourAgo = now - 3600;
  return {
    project_id: null,
    task_id: null,
    date: fmt.dayKey(hourAgo),
    start: fmt.timeText(hourAgo),
    end: fmt.timeText(now),
    duration: '1:00',
    mode: 'range',
    breakText: '',
    notes: '',
    tagsText: '',
    billable: true,
  };
}

/** Values → request body, or the fields that are wrong. */
export function toBody(v: EntryFormValues, fmt: TimeFormat): { body?: NewTimeEntry; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const t = i18n.t;
  if (!v.project_id) errors.project = t('common.chooseProject');
  const start = fmt.fromInputs(v.date, v.start);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v.date)) errors.date = t('entryForm.enterDate');
  else if (start === null) errors.start = t('entryForm.enterStart');
  let end: number | null = null;
  let duration: number | null = null;
  if (v.mode === 'range') {
    end = fmt.fromInputs(v.date, v.end);
    if (end === null) errors.end = t('entryForm.enterEnd');
    else if (start !== null && end <= start) {
      // An end time before the start means the entry runs past midnight.
      const nextDay = fmt.dayKey(fmt.addDays(start, 1));
      end = fmt.fromInputs(nextDay, v.end);
      if (end === null || end <= start) errors.end = t('entryForm.endAfterStart');
    }
  } else {
    duration = parseDuration(v.duration);
    if (duration === null || duration <= 0) errors.duration = t('entryForm.enterDuration');
  }
  const breakSeconds = v.breakText.trim() ? parseDuration(v.breakText) : 0;
  if (breakSeconds === null) errors.break = t('entryForm.enterBreak');
  if (Object.keys(errors).length > 0 || start === null || !v.project_id) return { errors };
  const body: NewTimeEntry = {
    project_id: v.project_id,
    task_id: v.task_id,
    start_time: toIso(start),
    ...(v.mode === 'range' && end !== null ? { end_time: toIso(end) } : { duration_seconds: duration ?? 0 }),
    break_seconds: breakSeconds ?? 0,
    notes: v.notes.trim() || null,
    tags: parseTags(v.tagsText),
    billable: v.billable,
  };
  return { body, errors };
}

const API_FIELDS: Record<string, FieldName> = {
  project_id: 'project',
  task_id: 'project',
  start_time: 'start',
  end_time: 'end',
  duration_seconds: 'duration',
  break_seconds: 'break',
  notes: 'notes',
  tags: 'tags',
};

/** Where an API error belongs in the form. */
export async function placeError(
  error: unknown,
  mode: EntryFormValues['mode'],
  fmt: TimeFormat,
  projectName: (id: number) => string,
): Promise<{ fields: FieldErrors; form: string | null }> {
  if (!(error instanceof ApiError)) return { fields: {}, form: error instanceof Error ? error.message : String(error) };
  if (error.code === 'overlap') {
    const ids = Array.isArray(error.details.conflicting_ids) ? (error.details.conflicting_ids as number[]) : [];
    const found = await Promise.all(
      ids.slice(0, 3).map((id) => api.get('/time-entries/{id}', { params: { path: { id } } }).catch(() => null)),
    );
    const described = found
      .filter((e): e is TimeEntry => e !== null)
      .map((e) =>
        i18n.t('entryForm.overlapEntry', {
          project: projectName(e.project_id),
          date: fmt.date(toEpoch(e.start_time)),
          start: fmt.time(toEpoch(e.start_time)),
          end: e.end_time ? fmt.time(toEpoch(e.end_time)) : i18n.t('entryForm.now'),
        }),
      );
    const entries = described.length ? described.join(', ') : i18n.t('entryForm.anotherEntry');
    const message = i18n.t('entryForm.overlaps', { entries });
    return { fields: mode === 'range' ? { start: message, end: message } : { start: message, duration: message }, form: null };
  }
  if (error.code === 'project_archived') return { fields: { project: error.message }, form: null };
  const fields: FieldErrors = {};
  for (const [apiField, message] of Object.entries(error.fields)) {
    const name = API_FIELDS[apiField];
    if (name) fields[name] = message;
  }
  if (Object.keys(fields).length > 0) return { fields, form: null };
  // A bound the server checks on the end (or duration) without naming a field.
  if (error.status === 400 && /end/i.test(error.serverMessage))
    return { fields: { [mode === 'range' ? 'end' : 'duration']: error.message }, form: null };
  return { fields: {}, form: error.message };
}

export function EntryForm({
  initial,
  submitLabel,
  onSubmit,
  onCancel,
  compact,
  idPrefix,
}: {
  initial: EntryFormValues;
  submitLabel: string;
  onSubmit: (body: NewTimeEntry) => Promise<void>;
  onCancel?: () => void;
  compact?: boolean;
  idPrefix: string;
}) {
  const fmt = useFmt();
  const { byId: projects } = useProjects();
  const { t } = useTranslation();
  const [v, setV] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof EntryFormValues>(key: K, value: EntryFormValues[K]) => setV((old) => ({ ...old, [key]: value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const { body, errors: local } = toBody(v, fmt);
    setErrors(local);
    setFormError(null);
    if (!body) return;
    setBusy(true);
    try {
      await onSubmit(body);
    } catch (error) {
      const placed = await placeError(
        error,
        v.mode,
        fmt,
        (id) => projects.get(id)?.name ?? t('common.projectNumber', { id: String(id) }),
      );
      setErrors(placed.fields);
      setFormError(placed.form);
    } finally {
      setBusy(false);
    }
  };

  const pickerId = `${idPrefix}-project`;
  const timeHint = fmt.prefs.time_format === '12h' ? '9:30 AM' : '09:30';
  return (
    <form className={`entry-form ${compact ? 'entry-form-compact' : ''}`} onSubmit={submit} noValidate>
      <div className={`field entry-project ${errors.project ? 'field-invalid' : ''}`}>
        <label htmlFor={pickerId} id={`${pickerId}-label`}>{t('common.project')}</label>
        <ProjectPicker
          id={pickerId}
          value={{ project_id: v.project_id, task_id: v.task_id }}
          invalid={!!errors.project}
          describedBy={errors.project ? `${pickerId}-error` : undefined}
          onChange={(p) => {
            const project = p.project_id ? projects.get(p.project_id) : undefined;
            setV((old) => ({
              ...old,
              ...p,
              billable: project && old.project_id !== p.project_id ? project.billable : old.billable,
            }));
          }}
        />
        {errors.project && (
          <small className="field-error" id={`${pickerId}-error`} role="alert">
            {errors.project}
          </small>
        )}
      </div>
      <Field label={t('entryForm.date')} error={errors.date} className="entry-date">
        {(p) => <input {...p} type="date" value={v.date} onChange={(e) => set('date', e.target.value)} required />}
      </Field>
      {!compact && (
        <fieldset className="segmented entry-mode">
          <legend className="sr-only">{t('entryForm.mode')}</legend>
          <label>
            <input type="radio" name={`${idPrefix}-mode`} checked={v.mode === 'range'} onChange={() => set('mode', 'range')} />
            {t('entryForm.range')}
          </label>
          <label>
            <input
              type="radio"
              name={`${idPrefix}-mode`}
              checked={v.mode === 'duration'}
              onChange={() => set('mode', 'duration')}
            />
            {t('entryForm.duration')}
          </label>
        </fieldset>
      )}
      <Field label={t('entryForm.start')} error={errors.start} className="entry-start">
        {(p) => (
          <input
            {...p}
            value={v.start}
            onChange={(e) => set('start', e.target.value)}
            placeholder={timeHint}
            autoComplete="off"
            required
          />
        )}
      </Field>
      {v.mode === 'range' ? (
        <Field label={t('entryForm.end')} error={errors.end} className="entry-end">
          {(p) => (
            <input
              {...p}
              value={v.end}
              onChange={(e) => set('end', e.target.value)}
              placeholder={timeHint}
              autoComplete="off"
              required
            />
          )}
        </Field>
      ) : (
        <Field
          label={t('entryForm.duration')}
          error={errors.duration}
          className="entry-duration"
          hint={t('entryForm.durationHint')}
        >
          {(p) => (
            <input {...p} value={v.duration} onChange={(e) => set('duration', e.target.value)} inputMode="decimal" required />
          )}
        </Field>
      )}
      {!compact && (
        <Field label={t('entryForm.break')} error={errors.break} className="entry-break">
          {(p) => (
            <input
              {...p}
              value={v.breakText}
              onChange={(e) => set('breakText', e.target.value)}
              placeholder="0:15"
              autoComplete="off"
            />
          )}
        </Field>
      )}
      <Field label={t('common.notes')} error={errors.notes} className="entry-notes">
        {(p) => (
          <input
            {...p}
            value={v.notes}
            onChange={(e) => set('notes', e.target.value)}
            placeholder={t('entryForm.notesPlaceholder')}
          />
        )}
      </Field>
      <Field label={t('common.tags')} error={errors.tags} className="entry-tags">
        {(p) => (
          <input
            {...p}
            value={v.tagsText}
            onChange={(e) => set('tagsText', e.target.value)}
            placeholder={t('entryForm.tagsPlaceholder')}
          />
        )}
      </Field>
      <div className="check entry-billable">
        <input
          id={`${idPrefix}-billable`}
          type="checkbox"
          checked={v.billable}
          onChange={(e) => set('billable', e.target.checked)}
        />
        <label htmlFor={`${idPrefix}-billable`}>{t('common.billable')}</label>
      </div>
      <FormError message={formError} />
      <div className="form-actions entry-form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('common.saving') : submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="btn btn-ghost" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
