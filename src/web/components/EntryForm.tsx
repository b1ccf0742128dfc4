// The time-entry form used for manual entries (start+end or duration) and for inline editing. Server errors
// land next to the fields they concern: 409 `overlap` on start/end, validation_failed field by field.
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/client.js';
import type { NewTimeEntry, TimeEntry } from '../api/types.js';
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
  if (!v.project_id) errors.project = 'Choose a project.';
  const start = fmt.fromInputs(v.date, v.start);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v.date)) errors.date = 'Enter a date.';
  else if (start === null) errors.start = 'Enter a time such as 9:30 or 2:15 pm.';
  let end: number | null = null;
  let duration: number | null = null;
  if (v.mode === 'range') {
    end = fmt.fromInputs(v.date, v.end);
    if (end === null) errors.end = 'Enter a time such as 17:00 or 5 pm.';
    else if (start !== null && end <= start) {
      // An end time before the start means the entry runs past midnight.
      const nextDay = fmt.dayKey(fmt.addDays(start, 1));
      end = fmt.fromInputs(nextDay, v.end);
      if (end === null || end <= start) errors.end = 'The end must be after the start.';
    }
  } else {
    duration = parseDuration(v.duration);
    if (duration === null || duration <= 0) errors.duration = 'Enter a duration such as 1:30 or 1.5h.';
  }
  const breakSeconds = v.breakText.trim() ? parseDuration(v.breakText) : 0;
  if (breakSeconds === null) errors.break = 'Enter a duration such as 0:15.';
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
    const found = await Promise.all(ids.slice(0, 3).map((id) => api.get<TimeEntry>(`/time-entries/${id}`).catch(() => null)));
    const described = found
      .filter((e): e is TimeEntry => e !== null)
      .map(
        (e) =>
          `${projectName(e.project_id)} ${fmt.date(toEpoch(e.start_time))} ${fmt.time(toEpoch(e.start_time))}–${e.end_time ? fmt.time(toEpoch(e.end_time)) : 'now'}`,
      );
    const message = `Overlaps ${described.length ? described.join(', ') : 'another entry'}. Change the start or end.`;
    return { fields: mode === 'range' ? { start: message, end: message } : { start: message, duration: message }, form: null };
  }
  if (error.code === 'project_archived') return { fields: { project: error.message }, form: null };
  const fields: FieldErrors = {};
  for (const [apiField, message] of Object.entries(error.fields)) {
    const name = API_FIELDS[apiField];
    if (name) fields[name] = message.charAt(0).toUpperCase() + message.slice(1);
  }
  if (Object.keys(fields).length > 0) return { fields, form: null };
  if (error.status === 400 && /end/i.test(error.message))
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
      const placed = await placeError(error, v.mode, fmt, (id) => projects.get(id)?.name ?? `project #${id}`);
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
        <label htmlFor={pickerId}>Project</label>
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
      <Field label="Date" error={errors.date} className="entry-date">
        {(p) => <input {...p} type="date" value={v.date} onChange={(e) => set('date', e.target.value)} required />}
      </Field>
      {!compact && (
        <fieldset className="segmented entry-mode">
          <legend className="sr-only">How to enter the time</legend>
          <label>
            <input type="radio" name={`${idPrefix}-mode`} checked={v.mode === 'range'} onChange={() => set('mode', 'range')} />
            Start &amp; end
          </label>
          <label>
            <input
              type="radio"
              name={`${idPrefix}-mode`}
              checked={v.mode === 'duration'}
              onChange={() => set('mode', 'duration')}
            />
            Duration
          </label>
        </fieldset>
      )}
      <Field label="Start" error={errors.start} className="entry-start">
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
        <Field label="End" error={errors.end} className="entry-end">
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
        <Field label="Duration" error={errors.duration} className="entry-duration" hint="e.g. 1:30 or 1.5h">
          {(p) => (
            <input {...p} value={v.duration} onChange={(e) => set('duration', e.target.value)} inputMode="decimal" required />
          )}
        </Field>
      )}
      {!compact && (
        <Field label="Break (optional)" error={errors.break} className="entry-break">
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
      <Field label="Notes" error={errors.notes} className="entry-notes">
        {(p) => <input {...p} value={v.notes} onChange={(e) => set('notes', e.target.value)} placeholder="What did you do?" />}
      </Field>
      <Field label="Tags" error={errors.tags} className="entry-tags">
        {(p) => (
          <input {...p} value={v.tagsText} onChange={(e) => set('tagsText', e.target.value)} placeholder="comma, separated" />
        )}
      </Field>
      <div className="check entry-billable">
        <input
          id={`${idPrefix}-billable`}
          type="checkbox"
          checked={v.billable}
          onChange={(e) => set('billable', e.target.checked)}
        />
        <label htmlFor={`${idPrefix}-billable`}>Billable</label>
      </div>
      <FormError message={formError} />
      <div className="form-actions entry-form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="btn btn-ghost" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
